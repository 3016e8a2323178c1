"""One stance from many signals: polarity words with negation and contrast, and the way
several stances of one party combine."""

from __future__ import annotations

import re

from briefer.text import lexicon as lx
from briefer.text.names import plain_quotes, starts_sentence

_NEGATION_SPAN = 4
"""Words before a polarity word in which a negator flips it ("didn't make me feel good")."""
_WORD = re.compile(r"[A-Za-z][\w'.\-]*")


def combine_stances(stances: set[str]) -> str:
    """Collapse a set of stances into one: opposite or mixed signals make 'mixed'."""
    if "mixed" in stances or {"positive", "negative"} <= stances:
        return "mixed"
    if "positive" in stances:
        return "positive"
    if "negative" in stances:
        return "negative"
    return "neutral"


# "While certainly a disappointing result, we note that ...": a point conceded, then another.
_CONCESSION = re.compile(
    r"^\W*(?:while|although|though|even though|despite)\s+(?P<clause>[^,]+),", re.IGNORECASE
)


def lexicon_stance(text: str) -> str:
    """Stance of free text from the polarity word lists, with negation and contrast; a
    stance only conceded ("While certainly disappointing, ...") and not carried on is mixed."""
    conceded = _CONCESSION.match(text)
    if conceded:
        rest = _stance(text[conceded.end() :])
        return rest if rest != "neutral" or _stance(conceded["clause"]) == "neutral" else "mixed"
    return _stance(text)


def _stance(text: str) -> str:
    text = plain_quotes(text).replace("n't", " not")
    found = list(_WORD.finditer(text))
    words = [m.group().lower().strip(".'") for m in found]
    pos = neg = 0
    intensified: set[int] = set()  # "not" of "not only ... but also": no negation
    manner: set[int] = set()  # the words of "say with confidence": how it is said

    def negated(i: int) -> bool:
        reach = _NEGATION_SPAN * 2 if _WHOLE.intersection(words[max(0, i - 8) : i]) else 0
        span = range(max(0, i - max(reach, _NEGATION_SPAN)), i)
        return any(words[j] in lx.NEGATORS and j not in intensified for j in span)

    for i, word in enumerate(words):
        for phrase, kind in _PHRASE_STARTS.get(word, ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                if kind in ("positive", "negative") and negated(i):  # "didn't do well"
                    kind = "negative" if kind == "positive" else "positive"
                pos += kind == "positive"
                neg += kind == "negative"
                if kind == "intensifier":
                    intensified.add(i)
                elif kind == "manner":
                    manner.update(range(i, i + len(phrase)))
        polarity = (word in lx.POSITIVE_WORDS) - (word in lx.NEGATIVE_WORDS)
        if not polarity or i in manner:
            continue  # "say with confidence that": how it is said
        if word in lx.NON_ANSWERS and words[i + 1 : i + 2] == ["to"]:
            continue  # "declined to comment" says nothing either way
        if word in ("support", "supports") and _EVIDENTIAL.intersection(words[i + 1 : i + 4]):
            continue  # "to support their claim that ...": backing an argument, not praise
        if i and found[i].group()[0].isupper() and not starts_sentence(text, found[i].start()):
            continue  # part of a name: "the Pension Benefit Guarantee Corp."
        if negated(i):
            polarity = -polarity
        if polarity > 0:
            pos += 1
        else:
            neg += 1
    if pos and neg:
        return (
            "mixed"
            if any(w in lx.CONTRAST for w in words)
            else ("positive" if pos > neg else "negative" if neg > pos else "mixed")
        )
    if pos and _reservation(words):
        return "mixed"  # "The number is solid, but I would not assume it applies to all"
    return "positive" if pos else "negative" if neg else "neutral"


def _phrase_starts() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Each stance phrase under its first word, so that a text is scanned once, word by word."""
    starts: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for kind, phrases in (
        ("positive", lx.POSITIVE_PHRASES),
        ("negative", lx.NEGATIVE_PHRASES),
        ("intensifier", lx.INTENSIFIERS),
        ("manner", lx.MANNER_PHRASES),
    ):
        for phrase in phrases:
            words = tuple(phrase.split())
            starts.setdefault(words[0], []).append((words, kind))
    return starts


_PHRASE_STARTS = _phrase_starts()


_WHOLE = frozenset(("single", "any"))
"""'not ... a single year of revenue gain': a negation that reaches over a whole noun phrase."""
_EVIDENTIAL = frozenset("claim claims argument arguments case theory view contention".split())


def _reservation(words: list[str]) -> bool:
    """Whether a contrast word ("but") is followed, in the same sentence, by a negation."""
    for i, word in enumerate(words):
        if word in ("but", "however", "yet"):
            return any(w in lx.NEGATORS for w in words[i + 1 : i + 1 + _NEGATION_SPAN * 2])
    return False
