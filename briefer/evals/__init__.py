"""Evals: score engines against hand-labelled cases (see evals/README.md)."""

from briefer.evals.baseline import load_baseline, regressions, save_baseline
from briefer.evals.cases import Case, find_cases, load_case
from briefer.evals.run import EvalResult, run_cases
from briefer.evals.scorers import Score, score

__all__ = [
    "Case",
    "EvalResult",
    "Score",
    "find_cases",
    "load_baseline",
    "load_case",
    "regressions",
    "run_cases",
    "save_baseline",
    "score",
]
