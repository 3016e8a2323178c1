"""Opposite words, from the curated tables: a word's opposites as stems."""

from __future__ import annotations

from functools import lru_cache

from briefer.grounding.lexicon import (
    ANTONYM_PAIRS,
    COMPOUND_OPPOSITES,
    EXCLUSIVE_SETS,
    OPPOSITE_SIDES,
    PREFIX_OPPOSITES,
)
from briefer.grounding.words import stem


def _table(pairs: tuple[tuple[str, ...], ...], stemmed: bool) -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    for a, b in pairs:
        for x, y in ((a, b), (b, a)):
            # The table writes words ("easy") or their stems ("increas", which stem() would
            # cut again to "increa"): each is read both ways.
            keys, values = ({x, stem(x)}, {y, stem(y)}) if stemmed else ({x}, {y})
            for key in keys:
                table.setdefault(key, set()).update(values)
    return table


_EXCLUSIVE = tuple((a, b) for group in EXCLUSIVE_SETS for a in group for b in group if a < b)
_SIDES = tuple((a, b) for one, other in OPPOSITE_SIDES for a in one for b in other if a != b)
_OPPOSITES = _table(ANTONYM_PAIRS + _EXCLUSIVE + _SIDES, stemmed=True)
_PARTS = _table(COMPOUND_OPPOSITES, stemmed=False)


@lru_cache(maxsize=16384)
def opposites(word: str) -> frozenset[str]:
    """Stems of the opposites of ``word`` (lower case): from the table of opposite pairs
    and the other members of its closed set ("sunny" -> "rainy"), the word with its prefix
    turned ("unimodal" -> "multimodal"), and for a compound, the compound with one part
    turned into its opposite ("on-policy" -> "off-policy")."""
    found = set(_OPPOSITES.get(stem(word), ()))
    for a, b in PREFIX_OPPOSITES:  # "unimodal" -> "multimodal", "overpaid" -> "underpaid"
        for this, that in ((a, b), (b, a)):
            rest = word[len(this) :]
            if word.startswith(this) and len(rest) >= 4 and rest.isalpha():
                found.add(stem(that + rest))
    if "-" in word:
        parts = word.split("-")
        for i, part in enumerate(parts):
            for other in _PARTS.get(part, set()) | _OPPOSITES.get(stem(part), set()):
                if other.isalpha():
                    found.add(stem("-".join([*parts[:i], other, *parts[i + 1 :]])))
    return frozenset(found)


_SIDE: dict[str, set[str]] = {}
for _one, _other in OPPOSITE_SIDES:
    for _words in (_one, _other):
        _stems = set(_words) | {stem(w) for w in _words}
        for _w in _stems:
            _SIDE.setdefault(_w, set()).update(_stems)


def same_side(stems: set[str]) -> set[str]:
    """The stems on the same side of a scale as any of ``stems`` ("cut" -> "lower",
    "reduc", ...)."""
    return {s for word in stems for s in _SIDE.get(word, ())}
