"""The actor network of a period: nodes with their mentions, edges by relation type.

Built from the store's query results only (``relation_strengths`` and
``top_actors``), so the web layer and exports share one definition of the graph.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lagebild.store import Store


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    name: str
    type: str
    documents: int
    mentions: int


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    type: str
    documents: int  # articles reporting the relation
    relations: int
    symmetric: bool
    sources: int = 0  # independent sources: near-duplicate articles count once (the weight)


@dataclass(frozen=True, slots=True)
class Graph:
    nodes: list[Node]
    edges: list[Edge]


def actor_graph(
    store: Store,
    since: dt.date | None = None,
    until: dt.date | None = None,
    types: frozenset[str] | None = None,
    max_edges: int = 5000,
) -> Graph:
    """Edges by independent sources (near-copies count once), then documents (negated and
    hypothetical relations left out); nodes are the actors on those edges, sized by the
    documents and mentions of the period."""
    strengths = store.relation_strengths(since=since, until=until, limit=max_edges)
    edges = [
        Edge(s.source_id, s.target_id, s.type, s.documents, s.relations, s.symmetric, s.sources)
        for s in strengths
        if types is None or s.type in types
    ]
    names = {s.source_id: s.source_name for s in strengths} | {
        s.target_id: s.target_name for s in strengths
    }
    used = {e.source for e in edges} | {e.target for e in edges}
    actors = {
        a.entity_id: a
        for a in store.top_actors(limit=max(len(used), 1) * 4, since=since, until=until)
    }
    nodes = [
        Node(
            entity_id,
            actors[entity_id].name if entity_id in actors else names[entity_id],
            actors[entity_id].type if entity_id in actors else "",
            actors[entity_id].documents if entity_id in actors else 0,
            actors[entity_id].mentions if entity_id in actors else 0,
        )
        for entity_id in sorted(used)
    ]
    return Graph(nodes, edges)
