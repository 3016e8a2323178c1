"""Baselines: a stored quality floor per case, and the regression gate against it."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from briefer.errors import ConfigError, field_errors
from briefer.evals.run import EvalResult

BASELINE_VERSION = 1


class CaseFloor(BaseModel):
    """What one case scored when the baseline was saved."""

    model_config = ConfigDict(extra="forbid")

    score: float
    passed: bool


class Baseline(BaseModel):
    """Scores per case; not tied to the engine that made them."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = BASELINE_VERSION
    made_with: str
    """Engine and model that produced it, for the record."""
    created: str
    cases: dict[str, CaseFloor]


class Regression(BaseModel):
    """A case that got worse than its baseline."""

    case: str
    baseline: float
    now: float
    flipped: bool
    """True when the case passed in the baseline and fails now."""


def to_baseline(result: EvalResult, previous: Baseline | None = None) -> Baseline:
    """The baseline that ``result`` would make.

    Skipped cases keep their floor from ``previous``: saving a baseline where some articles
    are absent must not erase the floors of the cases that could not run.
    """
    made_with = result.engine + (f" ({result.model})" if result.model else "")
    cases = {c.case: CaseFloor(score=c.mean, passed=c.passed) for c in result.scored}
    if previous is not None:
        for case in result.cases:
            if case.skipped is not None and case.case in previous.cases:
                cases[case.case] = previous.cases[case.case]
    return Baseline(made_with=made_with, created=result.created, cases=dict(sorted(cases.items())))


def save_baseline(result: EvalResult, path: str | Path) -> None:
    """Write ``result`` as a baseline file, keeping the floors of skipped cases."""
    path = Path(path)
    previous = load_baseline(path) if path.is_file() and _skips(result) else None
    text = to_baseline(result, previous).model_dump_json(indent=2) + "\n"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write baseline ({exc.strerror or exc})") from None


def _skips(result: EvalResult) -> bool:
    return any(c.skipped is not None for c in result.cases)


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file."""
    try:
        return Baseline.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline ({exc.strerror or exc})") from None
    except ValidationError as exc:
        raise ConfigError(f"{path}: not a baseline file ({field_errors(exc)[0]})") from None
    except ValueError:
        raise ConfigError(f"{path}: not a baseline file (invalid JSON)") from None


def regressions(
    result: EvalResult, baseline: Baseline, tolerance: float = 0.05
) -> list[Regression]:
    """Cases that flipped from pass to fail, or lost more than ``tolerance`` of score.

    A skipped case is no regression: it was not measured.
    """
    found = []
    for case in result.scored:
        floor = baseline.cases.get(case.case)
        if floor is None:
            continue  # a new case has no floor yet
        flipped = floor.passed and not case.passed
        if flipped or case.mean < floor.score - tolerance:
            found.append(
                Regression(case=case.case, baseline=floor.score, now=case.mean, flipped=flipped)
            )
    return found
