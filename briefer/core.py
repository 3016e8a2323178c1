"""The library's main entry point: article in, checked briefing out."""

from __future__ import annotations

from pathlib import Path
from time import perf_counter

from briefer.article import Article, load_article
from briefer.engines import Engine, get_engine
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
