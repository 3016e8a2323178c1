"""Is a claim supported by an article? A fast word-level check, no model.

    >>> from briefer import check_claim
    >>> article = "Russia has rejected Trump's proposal for a full ceasefire."
    >>> check_claim("Russia accepted Trump's proposal for a ceasefire.", article).problems
    ["the evidence says 'rejected', the claim 'accepted'"]

What it looks at: numbers (by value), names and acronyms (as words), negations and
opposites, hedges ("allegedly") dropped, an "only" the evidence does not state, who is said
to speak (in a dialogue, against each speaker's own lines), comparisons turned round, and how
many of the claim's content words the evidence has. What it cannot see:
paraphrase it has no word for, a fact moved between people or times that all appear in the
evidence, or anything needing inference. See the README for measured accuracy.
"""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, ConfigDict

from briefer.grounding import checks
from briefer.grounding.index import ArticleIndex, index
from briefer.grounding.passage import Passage, content_stems
from briefer.grounding.speech import speaker_of, unattributed
from briefer.grounding.words import unify
from briefer.text.quotations import quoted_spans

__all__ = ["ArticleIndex", "ClaimCheck", "check_claim", "ground", "index", "speaker_of"]


class ClaimCheck(BaseModel):
    """The verdict on one claim."""

    model_config = ConfigDict(extra="forbid")

    supported: bool
    """True when no check found a problem."""
    evidence: list[str]
    """The article sentences (or the quotes given) the claim was checked against."""
    problems: list[str]
    """What does not hold up, in plain words; empty when supported."""


class _HasText(Protocol):
    @property
    def text(self) -> str: ...


def check_claim(
    claim: str,
    article: str | _HasText,
    evidence: list[str] | None = None,
    *,
    actor: str | None = None,
) -> ClaimCheck:
    """Check ``claim`` against ``article``, on the ``evidence`` quotes if given.

    Without evidence, the article sentences sharing most of the claim's words are used.
    ``actor`` (for reactions) names who the claim is about; it must be in the evidence.
    """
    text = article if isinstance(article, str) else article.text
    return ground(index(text), claim, evidence, actor=actor)


def ground(
    article: ArticleIndex,
    claim: str,
    evidence: list[str] | None = None,
    *,
    actor: str | None = None,
    question: bool = False,
    quotes_as_fact: bool = False,
) -> ClaimCheck:
    """``check_claim`` on an article read once into an ``ArticleIndex``.

    A ``question`` presupposes its names and numbers but asserts nothing: only those are
    checked, since its polarity, hedging and wording are not claims. ``quotes_as_fact``
    lets someone's quoted words pass as fact, to find where a claim comes from.
    """
    key = (claim, tuple(evidence or ()), actor, question, quotes_as_fact)
    known = article.verdicts.get(key)
    if isinstance(known, ClaimCheck):
        return _copy(known)
    if evidence and not question and _plain(claim) in map(_plain, evidence):
        # A claim that is one of its quotes word for word says nothing they do not (measured:
        # every sentence of 60 corpus articles checked against itself is supported); only
        # who is said to say it is left to check.
        verdict = _recited(article, claim, evidence, actor, quotes_as_fact)
    else:
        verdict = _ground(article, claim, evidence, actor, question, quotes_as_fact)
    article.verdicts[key] = _copy(verdict)
    return verdict


def _copy(verdict: ClaimCheck) -> ClaimCheck:
    """A copy the caller may change (pydantic's deep copy takes ten times as long)."""
    return ClaimCheck.model_construct(
        supported=verdict.supported,
        evidence=list(verdict.evidence),
        problems=list(verdict.problems),
    )


def _recited(
    article: ArticleIndex,
    claim: str,
    evidence: list[str],
    actor: str | None,
    quotes_as_fact: bool,
) -> ClaimCheck:
    """The verdict on a claim that is one of its quotes word for word: only who is said to
    say it, and whose words it repeats as fact when it drops their quotation marks."""
    problems = []
    if actor and not checks.written_in(unify(actor), " \n".join(map(unify, evidence))):
        backing = Passage.joined([article.passage(quote) for quote in evidence])
        problems = checks.party(actor, backing, article.known)
    elif not actor and not quotes_as_fact and not quoted_spans(claim):
        problems = unattributed(article, article.claim(claim), evidence)
    return ClaimCheck(supported=not problems, evidence=list(evidence), problems=problems)


def _ground(
    article: ArticleIndex,
    claim: str,
    evidence: list[str] | None,
    actor: str | None,
    question: bool,
    quotes_as_fact: bool,
) -> ClaimCheck:
    said = article.claim(claim)
    given = bool(evidence)
    if not evidence:
        evidence = article.evidence_for(said)
    quotes = [article.passage(quote) for quote in evidence]
    backing = Passage.joined(quotes)
    problems = checks.numbers(said, backing) + checks.names(
        said, backing, article.common, article.known
    )
    if actor:
        problems += checks.actor(said, backing, article.known, actor)
    if not question:
        aligned = _aligned(said, quotes or [backing])
        problems += checks.polarity(said, quotes or [backing], backing)
        for passage in aligned:
            problems += checks.certainty(said, passage)
        if not actor:
            problems += checks.actor(said, backing, article.known, None)
            if not quotes_as_fact:
                problems += unattributed(article, said, evidence)
        problems += checks.exclusive(said, backing)
        problems += checks.speakers(said, article.turns)
        problems += checks.comparisons(said, quotes or [backing])
        problems += checks.absent(said, backing if given else article.whole)
    problems = list(dict.fromkeys(problems))
    return ClaimCheck(supported=not problems, evidence=evidence, problems=problems)


def _plain(text: str) -> str:
    """Text compared for identity: quote marks unified, spacing and a final period dropped."""
    return " ".join(unify(text).split()).rstrip(".")


_ALIGNED = 0.3
"""Share of the claim's content words an evidence sentence must share to be read as
saying the same thing (for negations, opposites and hedges)."""


def _aligned(claim: Passage, sentences: list[Passage]) -> list[Passage]:
    """The evidence sentences that speak to the claim: sharing enough of its words."""
    wanted = set(content_stems(claim))
    if not wanted:
        return sentences[:1]
    shares = [len(wanted & s.stems) / len(wanted) for s in sentences]
    best = max(range(len(sentences)), key=shares.__getitem__)
    return [s for s, share in zip(sentences, shares, strict=True) if share >= _ALIGNED] or [
        sentences[best]
    ]
