"""One colour per PLOVER relation type and per actor kind, for the network, charts and legends.

Served as CSS classes (``/assets/palette.css``; inline styles are forbidden by the CSP)
and to the scripts through a ``data-colors`` attribute, so there is one source.
"""

from __future__ import annotations

#: cooperative types in blues and greens, conflictual ones in oranges and reds
RELATION_COLORS: dict[str, str] = {
    "AGREE": "#2b8a3e",
    "CONSULT": "#1c7ed6",
    "SUPPORT": "#37b24d",
    "CONCEDE": "#66a80f",
    "COOPERATE": "#1098ad",
    "AID": "#0b7285",
    "RETREAT": "#868e96",
    "REQUEST": "#7048e8",
    "ACCUSE": "#e8590c",
    "REJECT": "#f08c00",
    "THREATEN": "#d9480f",
    "PROTEST": "#c2255c",
    "SANCTION": "#ae3ec9",
    "MOBILIZE": "#a61e4d",
    "COERCE": "#c92a2a",
    "ASSAULT": "#862e2e",
}

KIND_COLORS: dict[str, str] = {
    "GPE": "#364fc7",
    "ORG": "#087f5b",
    "PER": "#e67700",
    "LOC": "#5f3dc4",
    "OTH": "#495057",
}


def palette_css() -> str:
    rules = [f".rel-{name}{{--swatch:{color}}}" for name, color in RELATION_COLORS.items()]
    rules += [f".kind-{name}{{--swatch:{color}}}" for name, color in KIND_COLORS.items()]
    return "\n".join(rules) + "\n"
