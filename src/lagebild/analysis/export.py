"""Exports for spreadsheets, scripts and Gephi: CSV tables, JSON, GraphML and GEXF.

Everything is read through the store's query functions. The graph exports carry
one node per actor and one edge per actor pair and relation type, weighted by the
number of documents reporting it; GEXF edges also carry their time span (first and
last date the relation was reported), so Gephi's timeline can play the network.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, fields
from functools import partial
from pathlib import Path
from typing import Any, Literal

from lagebild.analysis.graph import Graph, actor_graph
from lagebild.model import SYMMETRIC_TYPES
from lagebild.store import Store

Format = Literal["csv", "json", "graphml", "gexf"]
PAGE = 5000
TABLES = ("documents", "entities", "quotes", "relations", "amounts")


def export(store: Store, fmt: Format, output: Path, since: dt.date | None = None,
           until: dt.date | None = None) -> list[Path]:  # fmt: skip
    """Write the export and return the files written (atomically: a failed run leaves none)."""
    if fmt == "csv":
        return _export_csv(store, output, since, until)
    if fmt == "json":
        return [_atomic(output, lambda f: _write_json(store, f, since, until))]
    if fmt == "graphml":
        return [_atomic(output, lambda f: _write_graphml(actor_graph(store, since, until), f))]
    return [_atomic(output, lambda f: _write_gexf(store, f, since, until))]


def _rows(store: Store, table: str, since: dt.date | None, until: dt.date | None) -> Iterator[Any]:
    offset = 0
    while True:
        if table == "entities":
            page: Sequence[Any] = store.entities(limit=PAGE, offset=offset)
        else:
            page = getattr(store, table)(since=since, until=until, limit=PAGE, offset=offset)
        yield from page
        if len(page) < PAGE:
            return
        offset += PAGE


def _atomic(path: Path, write: Callable[[Any], None]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            write(out)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def _export_csv(store: Store, directory: Path, since: dt.date | None,
                until: dt.date | None) -> list[Path]:  # fmt: skip
    graph = actor_graph(store, since, until)
    written = []
    for table in TABLES:
        rows = list(_rows(store, table, since, until))
        written.append(_atomic(directory / f"{table}.csv", partial(_write_csv, rows=rows)))
    written.append(_atomic(directory / "nodes.csv", partial(_write_csv, rows=graph.nodes)))
    written.append(_atomic(directory / "edges.csv", partial(_write_csv, rows=graph.edges)))
    return written


def _write_csv(out: Any, rows: Sequence[Any]) -> None:
    writer = csv.writer(out)
    if not rows:
        return
    columns = [f.name for f in fields(rows[0])]
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if (v := getattr(row, c)) is None else v for c in columns])


def _write_json(store: Store, out: Any, since: dt.date | None, until: dt.date | None) -> None:
    graph = actor_graph(store, since, until)
    data: dict[str, Any] = {t: [asdict(r) for r in _rows(store, t, since, until)] for t in TABLES}
    data["graph"] = {"nodes": [asdict(n) for n in graph.nodes],
                     "edges": [asdict(e) for e in graph.edges]}  # fmt: skip
    json.dump(data, out, ensure_ascii=False, indent=1, default=str)


def _write_graphml(graph: Graph, out: Any) -> None:
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    keys = [("name", "node", "string"), ("type", "node", "string"), ("documents", "node", "int"),
            ("mentions", "node", "int"), ("relation", "edge", "string"),
            ("weight", "edge", "int"), ("relations", "edge", "int"),
            ("symmetric", "edge", "boolean")]  # fmt: skip
    for name, scope, kind in keys:
        ET.SubElement(root, "key", {"id": name, "for": scope, "attr.name": name,
                                    "attr.type": kind})  # fmt: skip
    body = ET.SubElement(root, "graph", id="lagebild", edgedefault="directed")
    for node in graph.nodes:
        element = ET.SubElement(body, "node", id=node.id)
        for name, value in (
            ("name", node.name),
            ("type", node.type),
            ("documents", node.documents),
            ("mentions", node.mentions),
        ):
            ET.SubElement(element, "data", key=name).text = str(value)
    for index, edge in enumerate(graph.edges):
        # symmetric types (COOPERATE, CONSULT, AGREE) are marked, not undirected: one
        # GraphML graph cannot mix both kinds for every reader
        element = ET.SubElement(body, "edge", id=f"e{index}", source=edge.source,
                                target=edge.target)  # fmt: skip
        for name, value in (("relation", edge.type), ("weight", edge.sources),
                            ("relations", edge.relations),
                            ("symmetric", str(edge.symmetric).lower())):  # fmt: skip
            ET.SubElement(element, "data", key=name).text = str(value)
    _write_xml(root, out)


@dataclass
class _Span:
    source: str
    target: str
    type: str
    documents: set[str]  # copy clusters: near-copies of one article count once
    first: dt.date | None
    last: dt.date | None


def _write_gexf(store: Store, out: Any, since: dt.date | None, until: dt.date | None) -> None:
    graph = actor_graph(store, since, until)
    spans: dict[tuple[str, str, str], _Span] = {}
    clusters = {m.doc_id: m.cluster_id for m in store.fingerprints.memberships()}
    for rel in _rows(store, "relations", since, until):
        if rel.negated or rel.hypothetical:
            continue  # as in the graph: they say the relation did not or might happen
        source, target = rel.source_id, rel.target_id
        if rel.type in SYMMETRIC_TYPES and target < source:
            source, target = target, source
        when = rel.date or rel.doc_published
        span = spans.setdefault((source, rel.type, target),
                                _Span(source, target, rel.type, set(), when, when))  # fmt: skip
        span.documents.add(clusters.get(rel.doc_id, rel.doc_id))
        if when is not None:
            span.first = min(d for d in (span.first, when) if d is not None)
            span.last = max(d for d in (span.last, when) if d is not None)
    root = ET.Element("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3"})
    body = ET.SubElement(root, "graph", mode="dynamic", defaultedgetype="directed",
                         timeformat="date")  # fmt: skip
    attributes = ET.SubElement(body, "attributes", {"class": "edge"})
    ET.SubElement(attributes, "attribute", id="relation", title="relation", type="string")
    node_attributes = ET.SubElement(body, "attributes", {"class": "node"})
    ET.SubElement(node_attributes, "attribute", id="type", title="type", type="string")
    ET.SubElement(node_attributes, "attribute", id="mentions", title="mentions", type="integer")
    nodes = ET.SubElement(body, "nodes")
    for node in graph.nodes:
        element = ET.SubElement(nodes, "node", id=node.id, label=node.name)
        values = ET.SubElement(element, "attvalues")
        ET.SubElement(values, "attvalue", {"for": "type", "value": node.type})
        ET.SubElement(values, "attvalue", {"for": "mentions", "value": str(node.mentions)})
    edges = ET.SubElement(body, "edges")
    known = {node.id for node in graph.nodes}
    ordered = sorted(spans.values(), key=lambda s: (s.type, s.source, s.target))
    for index, span in enumerate(ordered):
        if span.source not in known or span.target not in known:
            continue
        attributes_ = {"id": f"e{index}", "source": span.source, "target": span.target,
                       "weight": str(len(span.documents)), "label": span.type}  # fmt: skip
        if span.first is not None and span.last is not None:
            attributes_["start"] = span.first.isoformat()
            attributes_["end"] = span.last.isoformat()
        element = ET.SubElement(edges, "edge", attributes_)
        values = ET.SubElement(element, "attvalues")
        ET.SubElement(values, "attvalue", {"for": "relation", "value": span.type})
    _write_xml(root, out)


def _write_xml(root: ET.Element, out: Any) -> None:
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
