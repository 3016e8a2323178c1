"""Names and ordinary words: stopwords, titles, and which capitalised words an article uses
as names."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from briefer.text.lexicon import DAYS, MONTHS

_PLAIN = {c: '"' for c in "“”„‟″〃«»"} | {c: "'" for c in "‘’‚‛′`´ʼ"}
QUOTE_MARKS = str.maketrans(_PLAIN)
"""Curly, low and angle quote marks (and the modifier-letter apostrophe) mapped to their
plain forms: the one table the evidence check, the grounding check and the eval terms use."""


def plain_quotes(text: str) -> str:
    """``text`` with plain quote marks only; same as ``text.translate(QUOTE_MARKS)``, but a
    few C-level replaces cost far less than translating every character through a dict."""
    for mark, plain in _PLAIN.items():
        if mark in text:
            text = text.replace(mark, plain)
    return text


STOPWORDS = frozenset(
    """a about above after again against all also although am an and any are as at be because
    been before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours said
    says say told tell according would may might must shall one two new last first year years
    time times mr mrs ms dr per cent percent like well even still yet back since made make much
    many way around another whether""".split()
)

PRONOUNS = frozenset("he she they we i his her their its our".split())
TITLES = frozenset(
    """president prime minister mr mrs ms dr sir lord lady king queen prince chancellor
    secretary senator governor mayor general gen col lt sgt judge justice professor prof
    chief deputy vice ceo cfo chairman chairwoman chair director head spokesperson
    spokesman spokeswoman coach captain officer executive financial operating managing
    senior analyst""".split()
)
# Words that mark a capitalised run as a place or organisation, not a person.
PLACE_ORG_WORDS = (
    frozenset(
        """street road avenue lane park square bridge sands bank point harbour harbor bay river
        city town county district council university college school hospital chambers hall
        house office ministry department union association federation league club group
        securities capital markets partners holdings inc ltd llc plc corp company bank fund
        trust institute agency commission committee court parliament senate congress airport
        station port centre center stadium news times post journal division conference cup
        series championship festival award awards prize tournament games olympics may""".split()
    )
    | DAYS
    | MONTHS
)


_CAPITALISED = re.compile(r"\b[A-Z][\w’']*")
_OPENERS = frozenset(".!?:;—–(\"“‘'\n")


def starts_sentence(text: str, position: int) -> bool:
    """Whether the word at ``position`` opens a sentence, a quote or the text."""
    i = position
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i == 0 or text[i - 1] in _OPENERS


_LOWER_WORD = re.compile(r"\b[a-z][\w’']*")


class Vocabulary(NamedTuple):
    """What the article tells us about its words."""

    common: frozenset[str]
    """Words it uses in lower case: capitalised, they are ordinary words, not names."""
    names: frozenset[str]
    """Capitalised words it uses inside sentences and never in lower case: its names."""


def common_words(article_text: str) -> frozenset[str]:
    """The words an article writes in lower case (a cheap part of ``vocabulary``)."""
    return frozenset(_LOWER_WORD.findall(plain_quotes(article_text)))


@lru_cache(maxsize=4)
def vocabulary(article_text: str) -> Vocabulary:
    """Read the article's common words and names (cached: the engine and the evidence check
    both read the same article)."""
    text = plain_quotes(article_text)
    common = frozenset(_LOWER_WORD.findall(text))
    return Vocabulary(common, frozenset(names_in(text, common)))


def bare(word: str) -> str:
    """A word without its possessive ending: "Smith’s" -> "Smith"."""
    return word.removesuffix("’s").removesuffix("'s").removesuffix("’").removesuffix("'")


def names_in(text: str, common: frozenset[str], known: frozenset[str] = frozenset()) -> list[str]:
    """Capitalised words of ``text`` that are names: never used in lower case in the article.

    A sentence's first word counts only if it is one of the article's ``known`` names:
    capitalised there, an ordinary word ("How", "Shares") cannot otherwise be told from one.
    """
    found = []
    text = plain_quotes(text)
    for match in _CAPITALISED.finditer(text):
        initial = starts_sentence(text, match.start())
        for part in bare(match.group()).split("-"):  # "Russia-Ukraine" is two names
            if len(part) < 2 or not part[0].isupper() or part.lower() in common:
                continue
            if not initial or part in known:
                found.append(part)
    return found
