"""Mend a model's citations: an item whose quotes do not support it gets the article
sentence that does, when the article has one.

Small models often state a fact correctly (many copy an article sentence) yet cite the
wrong sentence number, or a "quote" that is not in the article ("The article states
that ..."). Dropping such items loses good content; keeping them unverified shows a reader
evidence that does not say what the item says. Here the claim itself is looked up in the
article with ``check_claim``'s own evidence search, and the item takes the first sentence
found that supports it on its own. The shared evidence check still runs afterwards, as for
every engine.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from briefer.engines.llm.drafts import DraftBriefing, DraftFact, DraftQuestion, DraftReaction
from briefer.evidence import QuoteFinder, finder_for
from briefer.grounding import ground, speaker_of
from briefer.grounding.passage import content_stems
from briefer.grounding.words import unify
from briefer.text import lexicon as lx
from briefer.text.sentences import split_sentences
from briefer.text.stance import lexicon_stance

_SHARE = 0.8
"""Share of the claim's content words a sentence must have to take the place of its evidence."""


class Regrounded(NamedTuple):
    """A draft with mended citations, how many items were mended, and how many reactions
    were dropped as given to several parties (see ``reground``)."""

    draft: DraftBriefing
    mended: int
    unattributed: int = 0


def reground(draft: DraftBriefing, article_text: str) -> Regrounded:
    """Give each unsupported item of ``draft`` an article sentence that supports it.

    Reactions repeated word for word under the same actor are kept once. Words a small
    model gives to several parties ("The headline figures are large by any measure." under
    three names) were said by one at most: only the parties the article ties them to keep
    them, and when it ties them to none, none does.
    """
    finder = finder_for(article_text)
    article = finder.grounding
    mended = 0

    def supports(
        claim: str, evidence: list[str], actor: str | None, question: bool, whose: bool = True
    ) -> bool:
        """Whether the evidence supports the claim; without ``whose``, someone's quoted
        words pass as fact (to find where a claim comes from; who said it comes after)."""
        verdict = ground(
            article, claim, evidence, actor=actor, question=question, quotes_as_fact=not whose
        )
        return verdict.supported

    def source(claim: str, actor: str | None, question: bool) -> str | None:
        """The article sentence that carries ``claim`` on its own, if there is one."""
        wanted = set(content_stems(article.passage(claim)))
        for sentence in ground(article, claim, None, actor=actor, question=question).evidence:
            has = set(content_stems(article.passage(sentence)))
            if len(wanted & has) < _SHARE * len(wanted):
                continue  # a stricter bar than the check's own: the model's citation failed
            if supports(claim, [sentence], actor, question, whose=False):
                return sentence
        return None

    def fix(
        claim: str, evidence: list[str], actor: str | None = None, question: bool = False
    ) -> list[str]:
        nonlocal mended
        verbatim = [unprefixed(quote, finder) for quote in evidence]
        cleaned = [v or quote for v, quote in zip(verbatim, evidence, strict=True)]
        if None not in verbatim and supports(claim, cleaned, actor, question, whose=False):
            mended += list(map(unify, cleaned)) != list(map(unify, evidence))
            return cleaned
        # Each sentence of the claim must be carried by one article sentence: pieces of
        # several could pin one party's words on another ("Putin" from one sentence,
        # "reacted cautiously" from the next).
        parts = [s.text for s in split_sentences(claim) if s.text.strip()] or [claim]
        carried = [source(part, actor, question) for part in parts]
        if None in carried and actor and len(parts) > 1:
            # A party's words running on ("Zelensky ... reacted cautiously. His
            # administration welcomed ..."): the party named once, in a run of sentences.
            carried = [source(part, None, question) for part in parts]
            found = [c for c in carried if c is not None]
            if not _consecutive(carried, article.sentences) or not _opens_with(
                actor, min(found, key=article.sentences.index)
            ):
                return cleaned
        sources = [s for s in dict.fromkeys(carried) if s is not None]
        if len(sources) == len(set(carried)) and supports(
            claim, sources, actor, question, whose=False
        ):
            mended += 1
            return sorted(sources, key=article.sentences.index)
        return cleaned

    def spoken(fact: DraftFact) -> DraftFact | DraftReaction | None:
        """A fact that is someone's quoted words, said to be theirs: a view ("The
        authorities must end this brutal crackdown", quoting Amnesty's director) becomes
        their reaction, a report ("Three people were killed", quoting the police) a fact
        that says who reports it ("Ali Khan said that three people were killed")."""
        who = speaker_of(article, fact.text, fact.evidence)
        if who is None or not supports(fact.text, who.evidence, who.name, False):
            return None
        if not _view(fact.text):
            told = DraftFact(text=reported(who.name, fact.text), evidence=who.evidence)
            return told if supports(told.text, told.evidence, None, False) else None
        return DraftReaction.model_validate(
            {
                "actor": who.name,
                "stance": lexicon_stance(fact.text),
                "text": fact.text,
                "evidence": who.evidence,
            }
        )

    def reported(who: str, text: str) -> str:
        """``text`` in reported speech: "Ali Khan said that three people were killed"."""
        first = text.split(" ", 1)[0].strip("“\"'‘")
        if first.lower() not in article.known and not first.isupper():
            text = text[:1].lower() + text[1:]  # not a name: "The minister" -> "the minister"
        return f"{who} said that {text}"

    facts: list[DraftFact] = []
    said: list[DraftReaction] = []
    for f in draft.key_facts:
        fact = DraftFact(text=f.text, evidence=fix(f.text, f.evidence))
        if supports(fact.text, fact.evidence, None, False) or (told := spoken(fact)) is None:
            facts.append(fact)
        elif isinstance(told, DraftFact):
            facts.append(told)
        else:
            said.append(told)
    questions = [
        DraftQuestion(question=q.question, evidence=fix(q.question, q.evidence, question=True))
        for q in draft.open_questions
    ]
    fixed = _once(
        DraftReaction(
            actor=r.actor,
            stance=r.stance,
            text=r.text,
            evidence=fix(r.text, r.evidence, actor=r.actor),
        )
        for r in [*draft.reactions, *said]
    )
    parties = Counter(_plain(r.text) for r in fixed)
    reactions = [
        r
        for r in fixed
        if parties[_plain(r.text)] == 1 or supports(r.text, r.evidence, r.actor, False)
    ]
    mended_draft = draft.model_copy(
        update={"key_facts": facts, "open_questions": questions, "reactions": reactions}
    )
    return Regrounded(mended_draft, mended, len(fixed) - len(reactions))


_PREAMBLE_WORDS = 6


def unprefixed(quote: str, finder: QuoteFinder) -> str | None:
    """A quote as the article writes it (its spacing and quote marks): itself, or with the
    model's own preamble cut off ("The article states that Russia has rejected ..." ->
    "Russia has rejected ..."); None when neither is verbatim."""
    words = quote.split()
    for skip in range(max(0, min(_PREAMBLE_WORDS, len(words) - 3)) + 1):
        rest = " ".join(words[skip:]) if skip else quote
        for candidate in (rest, rest[:1].upper() + rest[1:]):  # "... that we are" -> "We are"
            if (span := finder.find(candidate)) is not None:
                return finder.article_text[span[0] : span[1]]
    return None


def _consecutive(found: list[str | None], sentences: list[str]) -> bool:
    """Whether every piece was found, in a run of consecutive sentences."""
    if None in found:
        return False
    at = sorted({sentences.index(s) for s in found if s is not None})
    return at == list(range(at[0], at[0] + len(at)))


_VIEW = re.compile(
    r"(?:^|[^\w\s]\s*|\b[a-z]+\s)I\b(?=[ ’'][a-z])|\b(?:[Ww]e|[Oo]ur|us|[Mm]y|me|[Mm]ust|"
    r"[Ss]hould|ought|needs? to|have to|has to)\b"
)
"""Words of a speaker's own doings or of obligation: "we will", "must end" ("US", "World War
I" are none)."""
_ATTITUDE = (
    lx.POSITIVE_VERBS | lx.NEGATIVE_VERBS | lx.POSITIVE_NOUNS | lx.NEGATIVE_NOUNS | lx.OPINION_VERBS
) - frozenset("attacked attacks blasted blasts backed backs cheered cheers celebrated".split())
"""Words of a stance taken ("firmly opposes", "raise serious fears"), not of events."""


def _view(text: str) -> bool:
    """Whether someone's words give their view (a demand, a judgement, their own doings)
    rather than report what happened ("The bridge collapsed", "Three people were killed"):
    words in the first person, of obligation or of a stance taken."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    return bool(_VIEW.search(text) or words & _ATTITUDE)


_OPENING_WORDS = 4
"""Words at a sentence's start that may name its subject ("Ukrainian President Volodymyr
Zelenskyy ...")."""


def _opens_with(actor: str, sentence: str) -> bool:
    """Whether the sentence opens with the party, its subject (not "In a letter to X, ..."):
    the party's last word among its first words, or its people ("Ukrainian President ..."
    for Ukraine; not "State media" for the United States)."""
    words = re.findall(r"[\w’'-]+", actor.lower())
    if not words:
        return False
    last = words[-1]
    opening = re.findall(r"[\w’'-]+", sentence.lower())[:_OPENING_WORDS]
    return any(o == last or len(o) > len(last) > 3 and o.startswith(last[:-1]) for o in opening)


def _plain(text: str) -> str:
    return " ".join(text.lower().split())


def _once(reactions: Iterable[DraftReaction]) -> list[DraftReaction]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for r in reactions:
        key = (_plain(r.actor), _plain(r.text))
        if key not in seen:
            seen.add(key)
            kept.append(r)
    return kept
