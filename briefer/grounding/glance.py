"""What the article index needs of a sentence, read without building its passage.

Few article sentences become evidence; of the rest the index needs only their words (lower
case and stemmed), numbers, and the words they write in lower case. A sentence without
numbers gives all of these straight from its words, and most others give their lower-case
words so; the rest is taken from the sentence's ``Passage``, read when first asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from briefer.grounding.passage import Passage
from briefer.grounding.words import listed_words, plain_words, stem, unify


class Glance:
    """The words of a sentence the index looks up, equal to those of its ``Passage`` (got
    from ``read`` only when they cannot be had from the words). Each set is made when first
    asked for: looking a word up in the lower-case ones needs no stems."""

    def __init__(self, sentence: str, read: Callable[[], Passage]) -> None:
        self._read = read
        text = unify(sentence)
        self._plain = plain_words(text)
        """The words, for a sentence without numbers."""
        self._listed = self._plain or listed_words(text)
        """Its words that are not numerals, for one whose every word is a token."""

    @cached_property
    def passage(self) -> Passage:
        """The sentence's passage."""
        return self._read()

    @cached_property
    def _distinct(self) -> frozenset[str]:
        return frozenset(self._plain[1]) if self._plain else frozenset()

    @cached_property
    def lowers(self) -> frozenset[str]:
        if not self._plain:
            return self.passage.lowers
        parts = (part for lower in self._distinct if "-" in lower for part in lower.split("-"))
        return self._distinct | frozenset(parts)

    @cached_property
    def stems(self) -> frozenset[str]:
        if not self._plain:
            return self.passage.stems
        return frozenset(map(stem, self._distinct))

    @property
    def numbers(self) -> frozenset[float]:
        return self.passage.numbers if not self._plain else frozenset()

    @cached_property
    def lower_case(self) -> frozenset[str]:
        """The lower forms of the words written in lower case."""
        if not self._listed:
            return frozenset(t.lower for t in self.passage.tokens if t.text[:1].islower())
        pairs = zip(*self._listed, strict=True)
        return frozenset(lower for word, lower in pairs if word[:1].islower())
