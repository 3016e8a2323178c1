"""briefer: turn news articles into structured, evidence-checked briefings.

    >>> from briefer import brief
    >>> briefing = brief("seeds/000_1c55c3d659d27ca8.txt")  # doctest: +SKIP

Names are imported on first use so that ``import briefer`` (and ``briefer --help``) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Article",
    "BrieferError",
    "Briefing",
    "ClaimCheck",
    "ConfigError",
    "EngineError",
    "Fact",
    "InputError",
    "OpenQuestion",
    "Quote",
    "Reaction",
    "Stance",
    "brief",
    "check_claim",
    "check_evidence",
    "get_engine",
    "load_article",
    "render",
]

_WHERE = {
    "Article": "briefer.article",
    "load_article": "briefer.article",
    "Briefing": "briefer.models",
    "Fact": "briefer.models",
    "OpenQuestion": "briefer.models",
    "Quote": "briefer.models",
    "Reaction": "briefer.models",
    "Stance": "briefer.models",
    "BrieferError": "briefer.errors",
    "ConfigError": "briefer.errors",
    "EngineError": "briefer.errors",
    "InputError": "briefer.errors",
    "brief": "briefer.core",
    "check_claim": "briefer.grounding",
    "ClaimCheck": "briefer.grounding",
    "check_evidence": "briefer.evidence",
    "get_engine": "briefer.engines",
    "render": "briefer.render",
}

if TYPE_CHECKING:
    from briefer.article import Article, load_article
    from briefer.core import brief
    from briefer.engines import get_engine
    from briefer.errors import BrieferError, ConfigError, EngineError, InputError
    from briefer.evidence import check_evidence
    from briefer.grounding import ClaimCheck, check_claim
    from briefer.models import Briefing, Fact, OpenQuestion, Quote, Reaction, Stance
    from briefer.render import render


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'briefer' has no attribute {name!r}")
