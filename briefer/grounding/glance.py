"""What the article index needs of a sentence, read without building its passage.

Few article sentences become evidence; of the rest the index needs only their words (lower
case and stemmed), numbers, and the words they write in lower case. A sentence without
numbers gives these straight from its words; one with numbers is read into its ``Passage``,
which the index then keeps.
"""

from __future__ import annotations

from functools import cached_property

from briefer.grounding.passage import Passage
from briefer.grounding.words import plain_words, stem, unify


class Glance:
    """The words of a sentence the index looks up, equal to those of its ``Passage`` (taken
    from that passage if already ``read``). Each set is made when first asked for: looking a
    word up in the lower-case ones needs no stems."""

    def __init__(self, sentence: str, read: Passage | None = None) -> None:
        plain = None if read is not None else plain_words(unify(sentence))
        if read is None and plain is None:
            read = Passage(sentence)
        self._words, self._lowers = plain or ([], [])
        self.passage = read
        """The sentence's passage, when it had to be read (or was given)."""

    @cached_property
    def _distinct(self) -> frozenset[str]:
        return frozenset(self._lowers)

    @cached_property
    def lowers(self) -> frozenset[str]:
        if self.passage is not None:
            return self.passage.lowers
        parts = (part for lower in self._distinct if "-" in lower for part in lower.split("-"))
        return self._distinct | frozenset(parts)

    @cached_property
    def stems(self) -> frozenset[str]:
        if self.passage is not None:
            return self.passage.stems
        return frozenset(map(stem, self._distinct))

    @property
    def numbers(self) -> frozenset[float]:
        return frozenset() if self.passage is None else self.passage.numbers

    @cached_property
    def lower_case(self) -> frozenset[str]:
        """The lower forms of the words written in lower case."""
        if self.passage is not None:
            return frozenset(t.lower for t in self.passage.tokens if t.text[:1].islower())
        pairs = zip(self._words, self._lowers, strict=True)
        return frozenset(lower for word, lower in pairs if word[:1].islower())
