"""What the grounding check reads from an article once: its sentences and vocabulary."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from briefer.grounding.passage import Passage, content_stems
from briefer.grounding.words import unify
from briefer.sentences import split_sentences

MAX_EVIDENCE = 3
"""Sentences picked as evidence for each sentence of a claim."""


_MIN_GAIN = 1.0
"""A further sentence must add more uncovered claim words than one rare word weighs (a word
seen nowhere weighs 1), so one stray shared word does not pull in a sentence."""


class ArticleIndex:
    """An article split into sentences, each read into a ``Passage``, with word weights."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences = [s.text for s in split_sentences(text) if s.text.strip()] or [text]
        self.passages = [Passage(s) for s in self.sentences]
        unified = unify(text)
        self.common = frozenset(
            t.lower for p in self.passages for t in p.tokens if t.text[:1].islower()
        ) | frozenset(w for w in unified.split() if w.islower())
        self.known = frozenset(
            t.lower
            for p in self.passages
            for t in p.tokens
            if t.text[:1].isupper() and not t.initial and t.lower not in self.common
        )
        """Names: capitalised inside sentences and never in lower case."""
        counts: Counter[str] = Counter()
        for passage in self.passages:
            counts.update(passage.stems)
        n = len(self.passages)
        self._idf = {s: math.log((n + 1) / (c + 0.5)) for s, c in counts.items()}
        self._unseen = math.log((n + 1) / 0.5)

    def weight(self, word_stem: str) -> float:
        """How much a shared word says about a sentence being the source: rare words more."""
        return self._idf.get(word_stem, self._unseen)

    def evidence_for(self, claim: Passage) -> list[str]:
        """The article sentences that best cover the claim's words, in article order.

        Each sentence (or clause) of the claim gets a greedy cover: each next article
        sentence is the one adding the most weight of its words not yet covered. Then every
        number and capitalised word of the claim still uncovered pulls in the best sentence
        that has it, so such details are looked for in the whole article.
        """
        chosen: list[int] = []
        for part in _CLAUSES.split(claim.text):
            said = Passage(part)
            wanted = {s: self.weight(s) for s in content_stems(said)}
            wanted |= {f"#{n}": 2 * self._unseen for n in said.numbers}
            self._cover(wanted, chosen, MAX_EVIDENCE)
        seen = set().union(*(self.passages[i].lowers for i in chosen)) if chosen else set()
        numbers = set().union(*(self.passages[i].numbers for i in chosen)) if chosen else set()
        details = {f"#{n}": 1.0 for n in claim.numbers if n not in numbers}
        details |= {
            t.lower: 1.0 for t in claim.tokens if t.text[:1].isupper() and t.lower not in seen
        }
        for detail in details:
            self._cover({detail: 1.0}, chosen, 1, others=claim)
        return [self.sentences[i] for i in sorted(chosen)]

    def _cover(
        self,
        wanted: dict[str, float],
        chosen: list[int],
        limit: int,
        others: Passage | None = None,
    ) -> None:
        """Add up to ``limit`` sentences to ``chosen``, greedily covering ``wanted``; with
        ``others``, ties go to the sentence sharing most of its stems."""
        wanted = {
            k: w for k, w in wanted.items() if not any(_has(self.passages[i], k) for i in chosen)
        }
        added = 0
        while wanted and added < limit:
            best, gain = -1, 0.0
            for i, passage in enumerate(self.passages):
                if i in chosen:
                    continue
                score = sum(w for k, w in wanted.items() if _has(passage, k))
                if score and others is not None:
                    score += 0.01 * len(others.stems & passage.stems)
                if score > gain:
                    best, gain = i, score
            if best < 0 or (added and gain < _MIN_GAIN * self._unseen):
                break
            chosen.append(best)
            added += 1
            wanted = {k: w for k, w in wanted.items() if not _has(self.passages[best], k)}


def _has(passage: Passage, key: str) -> bool:
    """Whether a passage has a wanted stem, lower-case word, or ("#" + value) number."""
    if key[0] == "#":
        return float(key[1:]) in passage.numbers
    return key in passage.stems or key in passage.lowers


_CLAUSES = re.compile(r"(?<=[.!?;])\s+")


@lru_cache(maxsize=16)
def index(text: str) -> ArticleIndex:
    """The index of an article text, built once and reused for every claim about it."""
    return ArticleIndex(text)
