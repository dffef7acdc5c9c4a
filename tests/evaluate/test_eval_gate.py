"""Eval gate: the default pipeline must stay above pinned floors on both gold sets.

``dev`` is the shared gold of the seed articles (skipped when the shared folder is
not beside the repository); ``sample`` is our own gold of the bundled corpus, which
always exists. Floors live in ``eval_floors.json`` (gold set -> task -> F1 minimum);
raise them when an extractor improves so that a later change cannot quietly lower
quality.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lagebild.evaluate import TASKS, evaluate_dir
from lagebild.pipeline import Pipeline

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLD_SETS = {
    "dev": REPO_ROOT.parent / "shared" / "eval" / "dev",
    "sample": REPO_ROOT / "tests" / "data" / "gold",
}
FLOORS = Path(__file__).with_name("eval_floors.json")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build()


@pytest.mark.parametrize("gold_set", sorted(GOLD_SETS))
def test_scores_stay_above_floors(gold_set: str, pipeline: Pipeline) -> None:
    gold_dir = GOLD_SETS[gold_set]
    if not gold_dir.is_dir():
        pytest.skip(f"no gold at {gold_dir} (the shared folder sits beside the repository)")
    floors: dict[str, float] = json.loads(FLOORS.read_text(encoding="utf-8"))[gold_set]
    assert set(floors) <= set(TASKS), f"unknown tasks in {FLOORS.name}: {set(floors) - set(TASKS)}"
    report = evaluate_dir(gold_dir, pipeline)
    assert not report.failed, f"the pipeline raised on {', '.join(report.failed)}"
    totals = report.totals()
    below = [
        f"{task} F1 {totals[task].f1:.3f} < {floor:.3f}"
        for task, floor in floors.items()
        if totals[task].f1 < floor
    ]
    all_scores = "; ".join(
        f"{task} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}" for task, s in totals.items()
    )
    assert not below, f"{gold_set}: below floor: {', '.join(below)}. All scores: {all_scores}"
