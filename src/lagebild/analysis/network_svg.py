"""A small picture of an actor network as a standalone SVG (no scripts, no external files).

Nodes are placed by a force layout with a fixed seed (the same data gives the same
picture), sized by their independent sources; edges are coloured by stance: cooperative
types green, hostile ones red, requests grey (:data:`lagebild.analysis.trends.STANCE`).
Every name is XML-escaped, so article-derived text cannot add markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from lagebild.analysis.trends import STANCE, PairStrength

WIDTH, HEIGHT, MARGIN = 720, 460, 70
STANCE_COLOURS = {1: "#2e7d32", -1: "#c62828", 0: "#757575"}
LAYOUT_SEED = 3


def network_svg(strengths: Sequence[PairStrength], title: str) -> str:
    """The network of these pairs; an SVG saying so when there is none."""
    graph = nx.Graph()
    names: dict[str, str] = {}
    for s in strengths:
        names[s.source_id], names[s.target_id] = s.source_name, s.target_name
        if s.source_id == s.target_id:
            continue
        previous = graph.get_edge_data(s.source_id, s.target_id, {"weight": 0})["weight"]
        graph.add_edge(s.source_id, s.target_id, weight=previous + s.sources)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label={quoteattr(title)}>'
        f"<title>{escape(title)}</title>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
    )
    if graph.number_of_nodes() == 0:
        return (
            head + f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" '
            'font-family="sans-serif" font-size="14">Keine Beziehungen im Zeitraum</text></svg>'
        )
    position = nx.spring_layout(graph, seed=LAYOUT_SEED, weight="weight", k=1.2)
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]

    def place(node: str) -> tuple[float, float]:
        x, y = position[node]
        span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        return (
            MARGIN + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN),
            MARGIN + (y - min(ys)) / span_y * (HEIGHT - 2 * MARGIN),
        )

    parts = [head]
    for s in sorted(strengths, key=lambda s: s.sources):
        if s.source_id == s.target_id:
            continue
        (x1, y1), (x2, y2) = place(s.source_id), place(s.target_id)
        colour = STANCE_COLOURS[STANCE.get(s.type, 0)]
        width = 1 + 1.5 * math.log2(1 + s.sources)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{width:.1f}" stroke-opacity="0.7"><title>'
            f"{escape(f'{s.source_name} {s.type} {s.target_name}: {s.sources}')}</title></line>"
        )
    degree = dict(graph.degree(weight="weight"))
    for node in sorted(graph.nodes, key=lambda n: (degree[n], names[n])):
        x, y = place(node)
        radius = 5 + 3 * math.sqrt(degree[node])
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="#1565c0" '
            f'fill-opacity="0.85" stroke="#ffffff"/>'
            f'<text x="{x:.1f}" y="{y - radius - 4:.1f}" text-anchor="middle" '
            f'font-family="sans-serif" font-size="12" fill="#212121">{escape(names[node])}</text>'
        )
    legend = (
        ("#2e7d32", "Kooperation/Hilfe"),
        ("#c62828", "Konflikt/Druck"),
        ("#757575", "Forderung"),
    )
    for i, (colour, label) in enumerate(legend):
        y = HEIGHT - 14 - 16 * (len(legend) - 1 - i)
        parts.append(
            f'<line x1="10" y1="{y - 4}" x2="34" y2="{y - 4}" stroke="{colour}" stroke-width="3"/>'
            f'<text x="40" y="{y}" font-family="sans-serif" font-size="11">{label}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
