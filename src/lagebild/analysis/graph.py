"""The actor network of a period: nodes with their mentions, edges by relation type.

Built from the store's query results only (``relation_strengths`` and
``actor_stats``), so the web layer and exports share one definition of the graph.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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
    asserted: bool | None = None,
    actor_types: Sequence[str] | None = None,
) -> Graph:
    """Edges by independent sources (near-copies count once), then documents (negated and
    hypothetical relations left out); nodes are the actors on those edges, sized by the
    documents and mentions of the period.

    ``asserted`` keeps only asserted (True) or claimed (False) relations; ``actor_types``
    keeps edges between actors of these entity types (PER, ORG, GPE, ...)."""
    strengths = store.relation_strengths(
        since=since, until=until, limit=max_edges, asserted=asserted, actor_types=actor_types
    )
    edges = [
        Edge(s.source_id, s.target_id, s.type, s.documents, s.relations, s.symmetric, s.sources)
        for s in strengths
        if types is None or s.type in types
    ]
    used = {e.source for e in edges} | {e.target for e in edges}
    nodes = [
        Node(a.entity_id, a.name, a.type, a.documents, a.mentions)
        for a in store.actor_stats(sorted(used), since=since, until=until)
    ]
    return Graph(nodes, edges)
