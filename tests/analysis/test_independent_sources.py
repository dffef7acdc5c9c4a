"""The actor network counts independent sources: an agency copy in a second outlet adds an
article but not a source (real pipeline, real SQLite file)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from lagebild.analysis.export import export
from lagebild.analysis.graph import actor_graph
from lagebild.runner import ingest
from lagebild.store import Store

BODY = (
    "Nordkorea liefert Russland nach Angaben westlicher Geheimdienste weitere "
    "Artilleriegranaten. Die Lieferungen laufen demnach seit dem Herbst über einen Hafen im "
    "Osten des Landes, die Zahl der Container habe sich zuletzt verdoppelt."
)


def test_a_copy_adds_an_article_but_not_a_source(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(f"Munition für Moskau\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(
        f"Granaten für Russland\n\nSeoul (Agentur) – {BODY}\n\nMehr zum Thema im Newsletter.\n",
        encoding="utf-8",
    )
    with Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        summary = ingest([str(tmp_path / "in")], store, progress=False)
        assert summary.stored == 2
        [edge] = [e for e in actor_graph(store).edges if e.type == "AID"]
        assert (edge.documents, edge.sources) == (2, 1)
        for fmt in ("graphml", "gexf"):
            [written] = export(store, fmt, tmp_path / f"net.{fmt}")  # type: ignore[arg-type]
            root = ET.parse(written).getroot()
            if fmt == "gexf":
                weights = [e.get("weight") for e in root.iter("{http://gexf.net/1.3}edge")]
            else:
                ns = "{http://graphml.graphdrawing.org/xmlns}"
                weights = [d.text for d in root.iter(f"{ns}data") if d.get("key") == "weight"]
            assert weights == ["1"]
