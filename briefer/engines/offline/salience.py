"""Rank sentences by how central they are, and pick a non-redundant set (MMR)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from briefer.text.lexicon import EVENT_VERBS
from briefer.text.names import STOPWORDS
from briefer.text.sentences import Sentence
from briefer.text.similarity import jaccard

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]+|\d[\d,.]*%?")
_NUMBER = re.compile(r"\d")
_CAPITAL = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")
_PRONOUN_START = re.compile(r"^(?:It|This|That|These|Those|They|He|She|We|I|His|Her|Its|Their)\b")
_DEMAND = re.compile(
    r"\b(?:demand\w*|condition\w*|insist\w*|requir\w*|call(?:ed|s)? for|ultimatum|unless)\b", re.I
)
_COPULA = re.compile(r"^[^,]{0,120}?\b(?:was|is|were|are)\s+(?:an?\s+|the\s+)?(?:\w+ly\s+)?\w+\b")
_META = re.compile(r"\b(?:this was reported by|reports?\b.*\bciting|told [A-Z]\w+ news)\b", re.I)


@lru_cache(maxsize=4096)
def terms(text: str) -> tuple[str, ...]:
    """Content words of ``text``, lower-cased, stop words removed (cached: ranking and
    selection read the same sentences)."""
    out = []
    for token in _TOKEN.findall(text):
        word = token.lower().strip(".,’'")
        if len(word) > 2 and word not in STOPWORDS:
            out.append(word[:-1] if word.endswith("s") and len(word) > 4 else word)
    return tuple(out)


def score_sentences(sentences: list[Sentence], title: str) -> dict[int, float]:
    """Salience of each prose sentence, keyed by its index in ``sentences``."""
    bags = [terms(s.text) for s in sentences]
    frequency = Counter(t for bag in bags for t in set(bag))
    # Names recur in every sentence of a story; they say who, not what, so count them less.
    names = {t for s in sentences for t in terms(" ".join(_CAPITAL.findall(s.text)))}
    title_terms = set(terms(title))
    prose = [i for i, s in enumerate(sentences) if not s.heading]
    if not prose:
        return {}
    first_paragraph = sentences[prose[0]].paragraph
    scores: dict[int, float] = {}
    for rank, i in enumerate(prose):
        sentence, bag = sentences[i], set(bags[i])
        words = len(sentence.text.split())
        lowercase_words = sum(1 for w in sentence.text.split() if w.isalpha() and w.islower())
        if words < 6 or lowercase_words < 4 or sentence.text.rstrip().endswith(":"):
            continue
        centrality = sum(
            math.log1p(frequency[t] - 1) * (0.5 if t in names else 1.0) for t in bag
        ) / math.sqrt(len(bag) + 4)
        overlap = len(bag & title_terms) / math.sqrt(len(title_terms) + 1)
        newsy = bool(_NUMBER.search(sentence.text)) or any(
            w.lower().strip(",.;") in EVENT_VERBS for w in sentence.text.split()
        )
        if rank == 0:
            lead = 1.5 if newsy else 0.5  # a feature may open on scenery, not news
        else:
            lead = 0.8 / (1 + 0.5 * (sentence.paragraph - first_paragraph))
        specifics = bool(_NUMBER.search(sentence.text)) + min(
            3, len(_CAPITAL.findall(sentence.text))
        )
        score = centrality + 0.8 * overlap + lead + 0.12 * specifics
        if newsy and rank:
            score += 0.4
        if _DEMAND.search(sentence.text):
            score += 0.3  # conditions and demands are what a negotiation story turns on
        if not newsy and _COPULA.search(sentence.text):
            score -= 0.4  # "X was an important moment": framing rather than news
        if _PRONOUN_START.match(sentence.text):
            score -= 0.4
        if sentence.text.startswith(("“", '"', "‘")):
            score -= 0.5  # direct quotes illustrate; reported facts inform
        if words > 55:
            score -= 0.3
        if _META.search(sentence.text):
            score -= 1.0
        scores[i] = score
    return scores


def select(
    scores: dict[int, float],
    sentences: list[Sentence],
    k: int,
    exclude: Iterable[int] = (),
    redundancy: float = 0.7,
) -> list[int]:
    """Pick up to ``k`` high-scoring sentences that do not repeat each other (MMR).

    Only the best ``8k`` candidates are considered, and each candidate's similarity to the
    chosen set is updated incrementally, so the cost stays linear in the article's length.
    """
    excluded = set(exclude)
    ranked = sorted((i for i in scores if i not in excluded), key=lambda i: -scores[i])
    pool = ranked[: max(50, 8 * k)]
    if not pool:
        return []
    top = max(scores[i] for i in pool) or 1.0
    bags = {i: set(terms(sentences[i].text)) for i in pool}
    similarity = dict.fromkeys(pool, 0.0)
    chosen: list[int] = []
    while similarity and len(chosen) < k:
        best = max(
            similarity,
            key=lambda i: redundancy * scores[i] / top - (1 - redundancy) * similarity[i] * 2,
        )
        del similarity[best]
        if chosen and max(jaccard(bags[best], bags[j]) for j in chosen) > 0.6:
            continue  # near-duplicate of something already chosen
        chosen.append(best)
        for i in similarity:
            similarity[i] = max(similarity[i], jaccard(bags[i], bags[best]))
    return chosen
