"""Run cases through an engine, repeatedly if asked, and aggregate the scores."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel

from briefer import __version__
from briefer.core import brief
from briefer.engines import Engine
from briefer.errors import EngineError, InputError
from briefer.evals.cases import Case
from briefer.evals.scorers import Score, score

if TYPE_CHECKING:
    from briefer.evals.judge import Judge

RESULT_VERSION = 1


class CaseResult(BaseModel):
    """All runs of one case."""

    case: str
    article: str
    runs: list[Score]
    errors: list[str] = []
    """Runs that produced no briefing (the engine failed); they count as failed runs."""
    mean: float
    stdev: float
    pass_rate: float
    passed: bool


class EvalResult(BaseModel):
    """A whole eval run: what was run and how every case fared."""

    schema_version: int = RESULT_VERSION
    briefer_version: str = __version__
    created: str
    engine: str
    model: str | None
    prompt_version: str | None
    repeat: int
    required_pass_rate: float
    cases: list[CaseResult]

    @property
    def mean(self) -> float:
        return round(statistics.fmean(c.mean for c in self.cases), 4) if self.cases else 0.0

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.cases)


def run_cases(
    cases: list[Case],
    engine: Engine,
    *,
    repeat: int = 1,
    pass_rate: float = 0.8,
    concurrency: int = 1,
    on_done: Callable[[CaseResult], None] | None = None,
    judge: Judge | None = None,
) -> EvalResult:
    """Brief every case's article ``repeat`` times with ``engine`` and score each briefing.

    With a ``judge``, expectations the keyword scorers leave unmet are put to the model.
    """

    def one(case: Case) -> CaseResult:
        runs: list[Score] = []
        errors: list[str] = []
        for _ in range(repeat):
            try:
                briefing = brief(case.article_path(), engine=engine)
                result = score(case, briefing)
                if judge is not None:
                    result = judge.review(case, briefing, result)
                runs.append(result)
            except (InputError, EngineError) as exc:
                errors.append(exc.message)
        overall = [r.overall for r in runs] + [0.0] * len(errors)
        rate = sum(r.passed for r in runs) / repeat
        outcome = CaseResult(
            case=case.name,
            article=case.article,
            runs=runs,
            errors=errors,
            mean=round(statistics.fmean(overall), 4),
            stdev=round(statistics.pstdev(overall), 4) if len(overall) > 1 else 0.0,
            pass_rate=round(rate, 4),
            passed=rate >= pass_rate and rate > 0,
        )
        if on_done is not None:
            on_done(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        results = list(pool.map(one, cases))
    described = engine.describe()
    return EvalResult(
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        engine=described.engine,
        model=described.model,
        prompt_version=described.prompt_version,
        repeat=repeat,
        required_pass_rate=pass_rate,
        cases=results,
    )
