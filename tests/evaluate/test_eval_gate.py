"""Eval gate: the default pipeline on the shared dev gold must stay above pinned floors.

The floors live in ``eval_floors.json`` beside this file (task -> metric -> minimum);
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
DEV_GOLD = REPO_ROOT.parent / "shared" / "eval" / "dev"
FLOORS = Path(__file__).with_name("eval_floors.json")


def test_dev_scores_stay_above_floors() -> None:
    if not DEV_GOLD.is_dir():
        pytest.skip(f"no dev gold at {DEV_GOLD} (the shared folder sits beside the repository)")
    floors: dict[str, dict[str, float]] = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert set(floors) <= set(TASKS), f"unknown tasks in {FLOORS.name}: {set(floors) - set(TASKS)}"
    report = evaluate_dir(DEV_GOLD, Pipeline.build())
    assert not report.failed, f"the pipeline raised on {', '.join(report.failed)}"
    totals = report.totals()
    below = [
        f"{task}.{metric} {getattr(totals[task], metric):.3f} < {floor:.3f}"
        for task, metrics in floors.items()
        for metric, floor in metrics.items()
        if getattr(totals[task], metric) < floor
    ]
    all_scores = "; ".join(
        f"{task} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}" for task, s in totals.items()
    )
    assert not below, f"below floor: {', '.join(below)}. All scores: {all_scores}"
