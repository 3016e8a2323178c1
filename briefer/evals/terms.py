"""Term matching for eval cases: whole words, ``*`` stems, and negation scoped to a clause.

A term is one or more words matched case-insensitively on word boundaries; a word ending in
``*`` is a stem (``reject*`` matches "rejects", "rejected", "rejection"). Numbers match with
or without thousands separators, "U.S." is "US", and straight and curly apostrophes are the
same. See evals/README.md for the rules as a case writer reads them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from briefer.text.names import plain_quotes

_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u202f\u2009](?=\d{3}(?!\d))")
_ACRONYM = re.compile(r"\b(?:[a-z]\.){2,}")
_NOT = re.compile(r"n't\b")
# Words (letters and digits; decimals kept whole) and the punctuation that ends a clause.
_PIECE = re.compile(r"\d+(?:\.\d+)*|[^\W_]+|[,;:()\[\]\"—–]|(?<=\s)-(?=\s)")
_WORD = re.compile(r"\d+(?:\.\d+)*|[^\W_]+")
_STEM_TERM = re.compile(r"[^\W_]+\*(?=\W|$)|\d+(?:\.\d+)*|[^\W_]+")

# Negation and open-ended cues: each governs the words after it, up to the end of its clause.
_CUES = frozenset(
    "not never no nor neither cannot without whether if unconfirmed nobody none nothing "
    "deny denies denied denying".split()
)
# Verbs that negate only with "to" after them: "refused to accept", "has yet to confirm".
_CUES_WITH_TO = ("refus", "declin", "fail", "yet")
# "not only", "no doubt", "without question": cues that assert rather than deny what follows.
_AFFIRMING = frozenset("only just doubt question wonder surprise".split())
# Words that open a new clause, ending any negation before them.
_CLAUSE_WORDS = frozenset("but while whereas although though however because".split())
_YES_NO = frozenset(
    "is are was were will would can could should shall do does did has have had may might must "
    "isn't aren't wasn't weren't won't wouldn't can't couldn't shouldn't don't doesn't didn't "
    "hasn't haven't hadn't".split()
)


def normalize(text: str) -> str:
    """Lower-case ``text`` with one apostrophe, no thousands separators and no acronym dots."""
    text = plain_quotes(text).lower()
    text = _THOUSANDS.sub("", text)
    text = _ACRONYM.sub(lambda m: m.group().replace(".", ""), text)
    return _NOT.sub(" not", text)


def words(text: str) -> str:
    """The words of ``text``, normalised and joined by single spaces."""
    return " ".join(_WORD.findall(normalize(text)))


@lru_cache(maxsize=4096)
def pattern(term: str) -> re.Pattern[str] | None:
    """The regex that finds ``term`` in ``words()`` output; None for a term with no words."""
    parts = []
    for match in _STEM_TERM.finditer(normalize(term)):
        word = match.group()
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"[^ ]*")
        else:
            parts.append(re.escape(word))
    if not parts:
        return None
    return re.compile(r"(?<![^ ])" + " ".join(parts) + r"(?![^ ])")


def check_term(term: str) -> str | None:
    """Why ``term`` is not a valid term, or None when it is."""
    if pattern(term) is None:
        return f"term {term!r} has no words"
    if re.search(r"\*(?!\s|$)|(?:^|\s)\*", term):
        return f"term {term!r}: '*' goes at the end of a word (reject*)"
    return None


def has(term: str, joined: str) -> bool:
    """Whether ``term`` occurs in ``joined`` (the output of ``words()``)."""
    found = pattern(term)
    return found is not None and found.search(joined) is not None


class _Clause(NamedTuple):
    joined: str
    """The sentence's words, joined by spaces."""
    negated: list[bool]
    """Per character of ``joined``: whether the word there is under a negation."""


@lru_cache(maxsize=4096)
def _word_patterns(term: str) -> tuple[re.Pattern[str], ...]:
    """One full-word pattern per word of ``term``."""
    return tuple(
        re.compile(re.escape(w[:-1]) + r"\S*" if w.endswith("*") else re.escape(w))
        for w in _STEM_TERM.findall(normalize(term))
    )


def _scoped(sentence: str, terms: tuple[str, ...] = ()) -> _Clause:
    """The words of one sentence, each marked as negated or not.

    A cue that is itself one of ``terms``' words ("refus*", "not") is what the terms say,
    not a negation of them.
    """
    own = [p for t in terms for p in _word_patterns(t)]
    text = normalize(sentence)
    matches = list(_PIECE.finditer(text))
    found: list[str] = []
    flags: list[bool] = []
    in_scope = False
    for i, match in enumerate(matches):
        piece = match.group()
        if not _WORD.fullmatch(piece):
            in_scope = False
            continue
        after = matches[i + 1].group() if i + 1 < len(matches) else ""
        hyphenated = text[match.end() : match.end() + 1] == "-"  # "no-confidence" is a name
        if piece in _CLAUSE_WORDS:
            in_scope = False
        elif any(p.fullmatch(piece) for p in own):
            pass
        elif (piece in _CUES and not hyphenated and after not in _AFFIRMING) or (
            after == "to" and piece.startswith(_CUES_WITH_TO)
        ):
            in_scope = True
        found.append(piece)
        flags.append(in_scope)
    negated: list[bool] = []
    for word, flag in zip(found, flags, strict=True):
        negated.extend([flag] * (len(word) + 1))
    return _Clause(" ".join(found), negated)


def is_yes_no(sentence: str) -> bool:
    """Whether ``sentence`` is a yes/no question ("Will Russia accept...?")."""
    stripped = sentence.strip().strip("\"'“”‘’ ")
    if not stripped.endswith("?"):
        return False
    first = plain_quotes(stripped).lower().split(maxsplit=1)
    return bool(first) and first[0].strip(",") in _YES_NO


def claims(terms: list[str], sentences: list[str]) -> str | None:
    """The first sentence that asserts every term outside any negation, else None.

    A term counts when one of its occurrences is not governed by a negation cue ("not",
    "never", "whether", "refused to"...) earlier in the same clause; yes/no questions assert
    nothing.
    """
    for sentence in sentences:
        if is_yes_no(sentence):
            continue
        clause = _scoped(sentence, tuple(terms))
        if all(_asserted(term, clause) for term in terms):
            return sentence
    return None


def _asserted(term: str, clause: _Clause) -> bool:
    found = pattern(term)
    if found is None:
        return False
    return any(not clause.negated[m.start()] for m in found.finditer(clause.joined))
