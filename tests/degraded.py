"""An engine made worse on purpose, to prove that the eval gate catches regressions."""

from __future__ import annotations

from briefer.article import Article
from briefer.engines.offline import OfflineEngine
from briefer.models import Briefing


class DegradedEngine(OfflineEngine):
    """The offline engine, keeping only its first key fact and no reactions."""

    name = "degraded"

    def brief(self, article: Article) -> Briefing:
        b = super().brief(article)
        return b.model_copy(update={"key_facts": b.key_facts[:1], "reactions": []})
