"""The evidence check that every engine's briefing goes through.

A quote counts as evidence only if it appears verbatim in the article text, after
normalising whitespace and quote marks and nothing else. Double and single quote marks count
as one: a model writing a JSON string often turns the article's double quotes into single
ones rather than escape them. Items whose quotes are all found
are checked by ``briefer.check_claim`` against those quotes and marked verified only if it
finds them supported; items with some quotes found keep only those and stay unverified;
items with none are dropped. The counts go into ``meta.evidence``.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property, lru_cache
from typing import TypeVar

from briefer.grounding import ArticleIndex, ground, index
from briefer.models import Briefing, EvidenceStats, OpenQuestion, Quote, _Evidenced
from briefer.text.names import plain_quotes

_OUTER = "\"' .…"
_MIN_CHARS = 12
_MIN_WORDS = 3

T = TypeVar("T", bound=_Evidenced)


_SPACES = re.compile(r"^\s+|\s+$|\s{2,}|[^\S ]")
"""The whitespace runs normalising changes: at either end, longer than one character, or
other than a space (a lone space between words stays as it is)."""


class Normalized:
    """Text normalised for matching, and the way back to offsets in the original.

    Only whitespace runs change length, so the map is kept as a short list of the
    normalised positions where the shift to the original grows, searched by bisection.
    """

    def __init__(self, original: str) -> None:
        text = _marks_unified(original)
        parts: list[str] = []
        self._marks: list[int] = []
        self._shifts: list[int] = []
        last = length = shift = 0
        for match in _SPACES.finditer(text):
            start, end = match.span()
            parts.append(text[last:start])
            length += start - last
            width = 0 if start == 0 or end == len(text) else 1  # ends are trimmed
            if width:
                parts.append(" ")
                length += 1
            if end - start != width:
                shift += end - start - width
                self._marks.append(length)
                self._shifts.append(shift)
            last = end
        parts.append(text[last:])
        self.text = "".join(parts)

    def original(self, position: int) -> int:
        """Offset in the original text of the character at ``position`` here."""
        i = bisect.bisect_right(self._marks, position) - 1
        return position + (self._shifts[i] if i >= 0 else 0)


def _marks_unified(text: str) -> str:
    """Every quote mark and apostrophe as ``'``, one character for one."""
    return plain_quotes(text).replace('"', "'")


def normalize(text: str) -> Normalized:
    """Collapse whitespace runs to one space and unify quote marks, keeping an offset map."""
    return Normalized(text)


def normalize_quote(quote: str) -> str:
    """Normalise a quote the way the article is normalised (outer quote marks are kept:
    ``QuoteFinder.find`` also tries the quote without them)."""
    return " ".join(_marks_unified(quote).split())


def is_quotable(text: str) -> bool:
    """Whether a quote is long enough to count as evidence at all ("the" is not)."""
    quote = normalize_quote(text).strip(_OUTER)
    return len(quote) >= _MIN_CHARS or len(quote.split()) >= _MIN_WORDS


class QuoteFinder:
    """Locates quotes in one article; build it once and reuse it for every quote.

    The article is read on first use, or by ``read`` (which an engine calls while it waits
    for its model).
    """

    def __init__(self, article_text: str) -> None:
        self.article_text = article_text

    @cached_property
    def _norm(self) -> Normalized:
        return normalize(self.article_text)

    @cached_property
    def grounding(self) -> ArticleIndex:
        """The article as the grounding check reads it."""
        return index(self.article_text)

    def read(self) -> None:
        """Read the article now, so that later quotes and checks find it read."""
        _ = self._norm, self.grounding

    def find(self, quote: str) -> tuple[int, int] | None:
        """Return the (start, end) span of ``quote`` in the article, or None."""
        needle = normalize_quote(quote)
        if not is_quotable(needle):
            return None
        for candidate in (needle, needle.strip(_OUTER)):
            at = self._norm.text.find(candidate)
            if at >= 0:
                last = at + len(candidate) - 1
                return self._norm.original(at), self._norm.original(last) + 1
        return None


@lru_cache(maxsize=32)
def finder_for(article_text: str) -> QuoteFinder:
    """The ``QuoteFinder`` of an article, built once for all who check quotes in it."""
    return QuoteFinder(article_text)


class _Tally:
    def __init__(self) -> None:
        self.stats = EvidenceStats()
        self.spans: list[tuple[int, int]] = []

    def check(self, items: list[T], finder: QuoteFinder) -> list[T]:
        kept: list[T] = []
        stats = self.stats
        for item in items:
            stats.items += 1
            found: list[Quote] = []
            for quote in item.evidence:
                stats.quotes_checked += 1
                span = finder.find(quote.text)
                if span is None:
                    stats.failures.append(quote.text[:200])
                    continue
                stats.quotes_found += 1
                start, end = span
                found.append(Quote(text=finder.article_text[start:end], start=start, end=end))
            if not found:
                stats.dropped += 1
                continue
            verified = len(found) == len(item.evidence)
            if verified:
                verdict = ground(
                    finder.grounding,
                    str(getattr(item, "text", None) or getattr(item, "question", "")),
                    [q.text for q in found],
                    actor=getattr(item, "actor", None),
                    question=isinstance(item, OpenQuestion),
                )
                if not verdict.supported:
                    verified = False
                    stats.unsupported_details += 1
                    stats.failures.append("; ".join(verdict.problems)[:200])
            if verified:
                stats.verified += 1
                self.spans.extend(
                    (q.start, q.end) for q in found if q.start is not None and q.end is not None
                )
            else:
                stats.unverified += 1
            kept.append(item.model_copy(update={"evidence": found, "verified": verified}))
        return kept


def check_evidence(briefing: Briefing, article_text: str) -> Briefing:
    """Check every item's evidence against the article; return the checked briefing."""
    finder = finder_for(article_text)
    tally = _Tally()
    facts = tally.check(briefing.key_facts, finder)
    questions = tally.check(briefing.open_questions, finder)
    reactions = tally.check(briefing.reactions, finder)
    meta = briefing.meta.model_copy(
        update={"evidence": tally.stats, "coverage": coverage(tally.spans, article_text)}
    )
    return briefing.model_copy(
        update={
            "key_facts": facts,
            "open_questions": questions,
            "reactions": reactions,
            "meta": meta,
        }
    )


def coverage(spans: list[tuple[int, int]], text: str) -> float:
    """Share of the text's non-space characters that fall inside the given spans."""
    total = _non_space(text)
    if not total:
        return 0.0
    covered = 0
    last_end = 0
    for start, end in sorted(spans):
        start = max(start, last_end)
        if end > start:
            covered += _non_space(text[start:end])
            last_end = end
    return round(covered / total, 4)


def _non_space(text: str) -> int:
    return sum(map(len, text.split()))
