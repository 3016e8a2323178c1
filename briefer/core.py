"""The library's main entry point: article in, checked briefing out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from time import perf_counter
from typing import NamedTuple

from briefer.article import Article, load_article
from briefer.engines import Engine, get_engine
from briefer.errors import BrieferError, EngineError, InputError, one_line
from briefer.evidence import check_evidence
from briefer.models import Briefing


def brief(article: Article | str | Path, *, engine: str | Engine = "auto") -> Briefing:
    """Brief one article.

    Args:
        article: an ``Article``, or a path / URL / ``-`` to load one from.
        engine: an engine name (``auto``, ``offline``) or an engine instance.

    Returns:
        The briefing, after the shared evidence check: unsupported items are dropped or
        marked unverified, and ``meta`` records the counts, coverage and timings.
    """
    started = perf_counter()
    if not isinstance(article, Article):
        article = load_article(article)
    loaded = perf_counter()
    chosen = get_engine(engine) if isinstance(engine, str) else engine
    draft = chosen.brief(article)
    drafted = perf_counter()
    checked = check_evidence(draft, article.text)
    done = perf_counter()
    timings = {
        **draft.meta.timings_ms,
        "load": round((loaded - started) * 1000, 2),
        "engine": round((drafted - loaded) * 1000, 2),
        "evidence_check": round((done - drafted) * 1000, 2),
        "total": round((done - started) * 1000, 2),
    }
    return checked.model_copy(
        update={"meta": checked.meta.model_copy(update={"timings_ms": timings})}
    )


class Outcome(NamedTuple):
    """The result of briefing one input: a briefing, or the error that stopped it."""

    location: str
    briefing: Briefing | None
    error: InputError | EngineError | None


def outcome_of(location: str, engine: Engine, article: Article | None = None) -> Outcome:
    """Brief one input (``article`` when already loaded) into its ``Outcome``.

    Raises:
        BrieferError: a configuration error, which concerns every input.
    """
    try:
        return Outcome(
            location, brief(article if article is not None else location, engine=engine), None
        )
    except (InputError, EngineError) as exc:
        return Outcome(location, None, exc)
    except BrieferError:
        raise
    except Exception as exc:  # a bug or an unforeseen failure: lose only this input
        return Outcome(location, None, EngineError(f"{type(exc).__name__}: {one_line(exc)}"))


def brief_many(
    locations: Sequence[str],
    *,
    engine: str | Engine = "auto",
    concurrency: int = 4,
    processes: int = 1,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Brief several inputs, ``concurrency`` at a time; results come back in input order.

    A bad input or a failed briefing is recorded in its ``Outcome`` and never stops the
    others; configuration errors (a bad key, an unknown model) stop everything. With
    ``processes`` above 1 the work is spread over that many worker processes, each with a
    copy of the engine (``briefer.pool``); ``on_done`` is still called in this thread.
    """
    chosen = get_engine(engine) if isinstance(engine, str) else engine
    processes = min(processes, len(locations))  # no idle workers to start
    if processes > 1:
        from briefer.pool import BriefingPool

        with BriefingPool(chosen, processes=processes, concurrency=concurrency) as pool:
            return pool.brief_many(locations, on_done)

    outcomes: list[Outcome | None] = [None] * len(locations)
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        futures = {pool.submit(outcome_of, loc, chosen): i for i, loc in enumerate(locations)}
        try:
            for future in as_completed(futures):
                outcome = future.result()
                outcomes[futures[future]] = outcome
                if on_done is not None:
                    on_done(outcome)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return [o for o in outcomes if o is not None]
