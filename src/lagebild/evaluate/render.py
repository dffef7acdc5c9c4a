"""Plain-text rendering of an evaluation report for the terminal."""

from __future__ import annotations

from lagebild.evaluate.scorer import TASKS, EvaluationReport, TaskScore

_HEADER = f"{'task':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"


def render_report(report: EvaluationReport, details: bool = False) -> str:
    """Micro-averaged scores; with ``details`` also each document and its errors."""
    lines: list[str] = []
    if details:
        for document in report.documents:
            lines.append(f"== {document.gold_id} ({document.source})")
            lines.extend(_table(document.scores))
            lines.extend(_errors(document.scores))
            lines.append("")
    lines.append(f"== all {len(report.documents)} documents (micro average)")
    lines.extend(_table(report.totals()))
    return "\n".join(lines)


def _table(scores: dict[str, TaskScore]) -> list[str]:
    return [_HEADER, *(_row(task, scores[task]) for task in TASKS)]


def _row(task: str, score: TaskScore) -> str:
    return (
        f"{task:<16}{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}"
        f"{score.tp:>6}{score.fp:>6}{score.fn:>6}"
    )


def _errors(scores: dict[str, TaskScore]) -> list[str]:
    lines: list[str] = []
    for task in TASKS:
        score = scores[task]
        lines.extend(f"  {task} FN  {item}" for item in score.false_negatives)
        lines.extend(f"  {task} FP  {item}" for item in score.false_positives)
    return lines
