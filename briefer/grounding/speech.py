"""Whose words a claim states as fact: the words it takes from inside quotation marks, and
who the article says spoke them."""

from __future__ import annotations

import re
from typing import NamedTuple

from briefer.grounding import checks
from briefer.grounding.index import ArticleIndex
from briefer.grounding.passage import Passage
from briefer.text.lexicon import NON_ACTORS
from briefer.text.names import STOPWORDS
from briefer.text.quotations import unquoted

_LEADING_NAME = re.compile(r"^[\s,;:—–-]*((?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w’'-]*),")
"""A name opening the words after a quote, set off by a comma ("…,” Rachel Okafor-Venn, the
energy minister, said"; "Cmdr. Sean Robertson, a spokesperson …, told VOA that “…”")."""


def speech(article: ArticleIndex, evidence: list[str]) -> list[tuple[Passage, Passage]]:
    """Each quote's words inside quotation marks, and the rest (see ``ArticleIndex.speech``);
    none when no quote holds anyone's words."""
    parts = [article.speech(quote) for quote in evidence]
    if not any(said for said, _ in parts):
        return []
    return [(Passage(said), Passage(rest)) for said, rest in parts]


class Speaker(NamedTuple):
    """Who said the words a claim repeats, and the quotes that show it."""

    name: str
    """As the article writes it."""
    evidence: list[str]


def speaker_of(article: ArticleIndex, claim: str, evidence: list[str]) -> Speaker | None:
    """Who said the words ``claim`` states as fact (see ``unattributed``); None when they are
    not someone's words or nobody is named."""
    said = _repeated(article, article.claim(claim), evidence)
    return None if said is None else _speaker(article, said, evidence)


def unattributed(article: ArticleIndex, claim: Passage, evidence: list[str]) -> list[str]:
    """Someone's quoted words stated as fact: most of the claim's content words are in the
    evidence only inside quotation marks, and the claim does not say who said them."""
    said = _repeated(article, claim, evidence)
    if said is None:
        return []
    who = _speaker(article, said, evidence)
    whose = f"{who.name}'s" if who else "someone's"
    return [f"the evidence gives this as {whose} words, the claim as fact (who said it?)"]


def _repeated(
    article: ArticleIndex, claim: Passage, evidence: list[str]
) -> list[tuple[Passage, Passage]] | None:
    """The evidence's quoted words and the rest when the claim states them as fact without
    saying who said them; else None."""
    if checks.attributes(claim):
        return None
    said = speech(article, evidence)
    return said if checks.quotes_as_fact(claim, said) else None


def _speaker(
    article: ArticleIndex, said: list[tuple[Passage, Passage]], evidence: list[str]
) -> Speaker | None:
    """Who spoke the quotes: the one the evidence has speaking, or the sentence it is a piece
    of; else, for one sentence that is all quote or says only "she said", the speaker of the
    quotes before it (a quote running on over sentences and paragraphs), whose sentence
    then joins the evidence."""
    if (who := _named(article, said)) is not None:
        return Speaker(who, evidence)
    whole = [_sentence_of(article, quote) for quote in evidence]
    around = speech(article, whole) if whole != evidence else said
    if whole != evidence and (who := _named(article, around)) is not None:
        return Speaker(who, whole)
    if len(whole) != 1 or whole[0] not in article.sentences:
        return None
    at = article.sentences.index(whole[0])
    for before in reversed(article.sentences[max(0, at - _RUN_ON) : at]):
        if not all(_continues(rest) for _, rest in around):
            break
        around = speech(article, [before])
        if (who := _named(article, around)) is not None:
            return Speaker(who, [before, *whole])
    return None


_RUN_ON = 3
"""Sentences looked back over for the speaker of a quote that runs on."""
_GOING_ON = frozenset("he she they we i also then later".split())
"""Words that, with a speech verb, carry a quote on from the one before (", she added,")."""


def _continues(rest: Passage) -> bool:
    """Whether the words around a quote leave its speaker to the sentence before: none, or
    only a pronoun and a speech verb (", she said, "; not "another said")."""
    words = re.findall(r"[\w’']+", unquoted(rest.text).lower())  # short quotes stay in it
    return all(w in _GOING_ON or checks.telling(w) for w in words)


def _sentence_of(article: ArticleIndex, quote: str) -> str:
    """The article sentence a quote is a piece of, else the quote."""
    return next((s for s in article.sentences if quote in s), quote)


def _named(article: ArticleIndex, said: list[tuple[Passage, Passage]]) -> str | None:
    """The speaker of quotes, as written, from the words around them."""
    for _, rest in said:
        if speakers := checks.speakers_of(rest, article.known):
            words = speakers[0].split()
            pattern = r"\b" + r"(?:['’]s)?[\s.’']+".join(map(re.escape, words)) + r"\b"
            if found := re.search(pattern, rest.text, re.IGNORECASE):
                return found.group()
        opening = _LEADING_NAME.match(rest.text)
        if opening and checks.tells(rest) and _named_so(opening[1].split(), article):
            return opening[1]
    for _, rest in said:
        role = _ROLE.match(rest.text)
        if role and role[2] in _ROLES:
            return role[1][:1].upper() + role[1][1:]
    return None


def _named_so(words: list[str], article: ArticleIndex) -> bool:
    """Whether capitalised words are someone's name: the last one a name of the article, and
    none a function word or a day ("In Washington,", "On Tuesday,")."""
    lowers = [w.lower().strip(".").replace("’", "'").removesuffix("'s") for w in words]
    return lowers[-1] in article.known and not any(
        w in STOPWORDS or w in NON_ACTORS for w in lowers
    )


_ROLE = re.compile(
    r"^[\s,;:—–-]*((?:the|a|an) (?:[a-z][\w-]* ){0,2}([a-z][\w-]*)) (?:said|says|told|added)\b"
)
"""Someone named only by role in the words after a quote ("…,” the spokesperson said")."""
_ROLES = frozenset(
    """spokesperson spokesman spokeswoman source sources official officials officer minister
    secretary president director chief executive analyst expert lawyer attorney prosecutor
    witness resident doctor scientist researcher professor economist leader chairman
    chairwoman governor mayor senator ambassador commander general coach player manager
    founder owner agency ministry department government company firm group union police
    military army embassy""".split()
)
"""Who a role names: people and bodies, not a statement, a report or "the latter"."""
