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

from collections.abc import Iterable
from typing import NamedTuple

from briefer.engines.llm.drafts import DraftBriefing, DraftFact, DraftQuestion, DraftReaction
from briefer.evidence import finder_for
from briefer.grounding import ground
from briefer.grounding.passage import content_stems

_SHARE = 0.8
"""Share of the claim's content words a sentence must have to take the place of its evidence."""


class Regrounded(NamedTuple):
    """A draft with mended citations, and how many items were mended."""

    draft: DraftBriefing
    mended: int


def reground(draft: DraftBriefing, article_text: str) -> Regrounded:
    """Give each unsupported item of ``draft`` an article sentence that supports it.

    Reactions repeated word for word under the same actor are kept once.
    """
    finder = finder_for(article_text)
    article = finder.grounding
    mended = 0

    def fix(
        claim: str, evidence: list[str], actor: str | None = None, question: bool = False
    ) -> list[str]:
        nonlocal mended
        verbatim = all(finder.find(quote) is not None for quote in evidence)
        if verbatim and ground(article, claim, evidence, actor=actor, question=question).supported:
            return evidence
        # One sentence must carry the whole claim: pieces of several could pin one party's
        # words on another ("Putin" from one sentence, "reacted cautiously" from the next).
        wanted = set(content_stems(article.passage(claim)))
        for sentence in ground(article, claim, None, actor=actor, question=question).evidence:
            has = set(content_stems(article.passage(sentence)))
            if len(wanted & has) < _SHARE * len(wanted):
                continue  # a stricter bar than the check's own: the model's citation failed
            if ground(article, claim, [sentence], actor=actor, question=question).supported:
                mended += 1
                return [sentence]
        return evidence

    facts = [DraftFact(text=f.text, evidence=fix(f.text, f.evidence)) for f in draft.key_facts]
    questions = [
        DraftQuestion(question=q.question, evidence=fix(q.question, q.evidence, question=True))
        for q in draft.open_questions
    ]
    reactions = _once(
        DraftReaction(
            actor=r.actor,
            stance=r.stance,
            text=r.text,
            evidence=fix(r.text, r.evidence, actor=r.actor),
        )
        for r in draft.reactions
    )
    mended_draft = draft.model_copy(
        update={"key_facts": facts, "open_questions": questions, "reactions": reactions}
    )
    return Regrounded(mended_draft, mended)


def _once(reactions: Iterable[DraftReaction]) -> list[DraftReaction]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for r in reactions:
        key = (" ".join(r.actor.lower().split()), " ".join(r.text.lower().split()))
        if key not in seen:
            seen.add(key)
            kept.append(r)
    return kept
