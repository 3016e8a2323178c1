"""Run cases through an engine, repeatedly if asked, and aggregate the scores."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ValidationError, computed_field

from briefer import __version__
from briefer.core import brief
from briefer.engines import Engine
from briefer.errors import (
    BrieferError,
    ConfigError,
    EngineError,
    InputError,
    field_errors,
    one_line,
)
from briefer.evals.cases import Case
from briefer.evals.scorers import Score, score
from briefer.models import Briefing

if TYPE_CHECKING:
    from briefer.evals.judge import Judge

RESULT_VERSION = 2
"""2: skipped cases, stance accuracy, section floors and uncounted items (issue 10)."""


class CaseResult(BaseModel):
    """All runs of one case."""

    case: str
    article: str
    runs: list[Score]
    errors: list[str] = []
    """Runs that produced no briefing (the engine failed); they count as failed runs."""
    skipped: str | None = None
    """Why the case was not run (its article is absent); a skipped case neither passes nor
    fails."""
    mean: float
    stdev: float
    pass_rate: float
    passed: bool
    stance_accuracy: float | None = None
    """Mean stance accuracy of the runs that had one."""


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
    def scored(self) -> list[CaseResult]:
        """The cases that ran (not skipped)."""
        return [c for c in self.cases if c.skipped is None]

    @property
    def mean(self) -> float:
        scored = self.scored
        return round(statistics.fmean(c.mean for c in scored), 4) if scored else 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def stance_accuracy(self) -> float | None:
        """Mean stance accuracy over the cases that have one."""
        values = [c.stance_accuracy for c in self.cases if c.stance_accuracy is not None]
        return round(statistics.fmean(values), 4) if values else None

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.cases)

    @property
    def failed(self) -> int:
        return len(self.scored) - self.passed


def load_saved(case: Case, directory: str | Path) -> Briefing:
    """The briefing saved for ``case`` as ``directory/<case name>.json``, evidence re-checked.

    The evidence check runs again against the case's article, so ``verified`` means the same
    as for a briefing made here, whatever wrote the file.
    """
    from briefer.article import load_article
    from briefer.evidence import check_evidence

    path = Path(directory) / f"{case.name}.json"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no saved briefing for this case", str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or exc
        raise InputError(f"cannot read ({why})", str(path)) from None
    try:
        briefing = Briefing.model_validate_json(text)
    except ValidationError as exc:
        errors = exc.errors()
        if errors and errors[0]["type"] == "json_invalid":
            raise InputError("not valid JSON", str(path)) from None
        problems = "; ".join(field_errors(exc)[:3])
        raise InputError(f"not a briefing ({problems})", str(path)) from None
    return check_evidence(briefing, load_article(case.article_path()).text)


def run_cases(
    cases: list[Case],
    engine: Engine | None,
    *,
    repeat: int = 1,
    pass_rate: float = 0.8,
    concurrency: int = 1,
    on_done: Callable[[CaseResult], None] | None = None,
    judge: Judge | None = None,
    briefings: str | Path | None = None,
) -> EvalResult:
    """Brief every case's article ``repeat`` times with ``engine`` and score each briefing.

    With ``briefings`` (a directory), score the saved ``<case name>.json`` there instead of
    running an engine. A case whose article is absent is skipped, with the reason recorded.
    With a ``judge``, expectations the keyword scorers leave unmet are put to the model.
    """
    if engine is None and briefings is None:
        raise ConfigError("run_cases needs an engine or a briefings directory")
    if briefings is not None:
        repeat = 1  # a saved briefing is one sample

    def one(case: Case) -> CaseResult:
        reason = case.skip_reason()
        if reason is not None:
            skipped = CaseResult(
                case=case.name,
                article=case.article,
                runs=[],
                skipped=reason,
                mean=0.0,
                stdev=0.0,
                pass_rate=0.0,
                passed=False,
            )
            if on_done is not None:
                on_done(skipped)
            return skipped
        runs: list[Score] = []
        errors: list[str] = []
        for _ in range(repeat):
            try:
                if briefings is not None:
                    briefing = load_saved(case, briefings)
                else:
                    assert engine is not None
                    briefing = brief(case.article_path(), engine=engine)
                result = score(case, briefing)
                if judge is not None:
                    result = judge.review(case, briefing, result)
                runs.append(result)
            except (InputError, EngineError) as exc:
                errors.append(exc.message)
            except BrieferError:
                raise  # configuration: stops the whole run
            except Exception as exc:  # a bug or an unforeseen failure: lose only this case
                errors.append(f"{type(exc).__name__}: {one_line(exc)}")
        overall = [r.overall for r in runs] + [0.0] * len(errors)
        rate = sum(r.passed for r in runs) / repeat
        stances = [r.stance_accuracy for r in runs if r.stance_accuracy is not None]
        outcome = CaseResult(
            case=case.name,
            article=case.article,
            runs=runs,
            errors=errors,
            mean=round(statistics.fmean(overall), 4),
            stdev=round(statistics.pstdev(overall), 4) if len(overall) > 1 else 0.0,
            pass_rate=round(rate, 4),
            passed=rate >= pass_rate and rate > 0,
            stance_accuracy=round(statistics.fmean(stances), 4) if stances else None,
        )
        if on_done is not None:
            on_done(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        results = list(pool.map(one, cases))
    if briefings is not None or engine is None:
        name, model, prompt_version = f"saved briefings in {briefings}", None, None
    else:
        described = engine.describe()
        name, model, prompt_version = (
            described.engine,
            described.model,
            described.prompt_version,
        )
    return EvalResult(
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        engine=name,
        model=model,
        prompt_version=prompt_version,
        repeat=repeat,
        required_pass_rate=pass_rate,
        cases=results,
    )
