"""Evaluation: score the pipeline against gold files and public benchmarks."""

from lagebild.evaluate.gold import GoldDocument, GoldFileError, gold_from_dict, load_gold_dir
from lagebild.evaluate.scorer import (
    TASKS,
    DocumentScores,
    EvaluationReport,
    EvaluationSetup,
    Resolver,
    TaskScore,
    evaluate_dir,
    evaluate_gold,
    kb_resolver,
    make_document,
    score_document,
)

__all__ = [
    "TASKS",
    "DocumentScores",
    "EvaluationReport",
    "EvaluationSetup",
    "GoldDocument",
    "GoldFileError",
    "Resolver",
    "TaskScore",
    "evaluate_dir",
    "evaluate_gold",
    "gold_from_dict",
    "kb_resolver",
    "load_gold_dir",
    "make_document",
    "score_document",
]
