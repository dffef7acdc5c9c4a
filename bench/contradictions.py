"""Contradiction detection on the hand-written statement pairs of
``tests/analysis/contradiction_examples.py``: each pair goes through the real pipeline into
a temporary SQLite file, then the later month's contradictions are compared with the labels.

    .venv/bin/python bench/contradictions.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "analysis"))

from contradiction_examples import LATER, PAIRS, write_examples

from lagebild.analysis.trends import period_changes, period_of
from lagebild.runner import ingest
from lagebild.store import Store


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'pairs.db'}")
        ingest([str(write_examples(Path(folder) / "pairs.jsonl"))], store, progress=False)
        found = {
            c.speaker_name: c
            for c in period_changes(store, period_of(LATER, "month")).contradictions
        }
        store.close()
    hits = 0
    for pair in PAIRS:
        verdict = found.get(pair.speaker)
        flagged = verdict is not None
        hits += flagged and pair.contradicts
        outcome = "ok  " if flagged == pair.contradicts else "MISS" if pair.contradicts else "FP  "
        reason = f"{verdict.reason}: {verdict.detail}" if verdict else "-"
        print(f"{outcome} {pair.name:<22} label={pair.contradicts!s:<5} found={reason}")
    truth = sum(p.contradicts for p in PAIRS)
    print(
        f"pairs {len(PAIRS)}, contradictions {truth}, flagged {len(found)}, correct {hits}: "
        f"precision {hits / max(len(found), 1):.2f}, recall {hits / truth:.2f}"
    )


if __name__ == "__main__":
    main()
