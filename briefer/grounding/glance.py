"""What the article index needs of a sentence, read without building its passage.

Few article sentences become evidence; of the rest the index needs only their words (lower
case and stemmed), numbers, and the words they write in lower case. A sentence without
numbers gives these straight from its words; one with numbers is read into its ``Passage``,
which the index then keeps.
"""

from __future__ import annotations

from typing import NamedTuple

from briefer.grounding.passage import Passage
from briefer.grounding.words import plain_words, stem, unify


class Glance(NamedTuple):
    """A sentence's words, as its ``Passage`` would have them."""

    lowers: frozenset[str]
    stems: frozenset[str]
    numbers: frozenset[float]
    lower_case: frozenset[str]
    """The lower forms of the words written in lower case."""
    passage: Passage | None
    """The sentence's passage, when it had to be read."""


def glance(sentence: str, read: Passage | None = None) -> Glance:
    """The words of ``sentence`` the index looks up, equal to those of ``Passage(sentence)``
    (taken from that passage if already ``read``)."""
    plain = None if read is not None else plain_words(unify(sentence))
    if plain is None:
        passage = read or Passage(sentence)
        written = frozenset(t.lower for t in passage.tokens if t.text[:1].islower())
        return Glance(passage.lowers, passage.stems, passage.numbers, written, passage)
    words, lowers = plain
    distinct = frozenset(lowers)
    parts = frozenset(part for lower in distinct if "-" in lower for part in lower.split("-"))
    written = frozenset(
        lower for word, lower in zip(words, lowers, strict=True) if word[:1].islower()
    )
    return Glance(distinct | parts, frozenset(map(stem, distinct)), frozenset(), written, None)
