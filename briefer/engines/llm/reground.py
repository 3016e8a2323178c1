"""Mend a model's citations: an item whose quotes do not support it gets the article
sentences that do, when the article has them.

Small models often state a fact correctly (many copy an article sentence) yet cite the wrong
sentence number or a garbled quote. Dropping such items loses good content; keeping them
unverified shows a reader evidence that does not say what the item says. Here the claim
itself is looked up in the article with ``check_claim``'s own evidence search, and the item
keeps the sentences found only when the check then finds it supported. The shared evidence
check still runs afterwards, as for every engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from briefer.engines.llm.drafts import DraftBriefing, DraftFact, DraftQuestion, DraftReaction
from briefer.grounding import ground, index


class Regrounded(NamedTuple):
    """A draft with mended citations, and how many items were mended."""

    draft: DraftBriefing
    mended: int


def reground(draft: DraftBriefing, article_text: str) -> Regrounded:
    """Give each unsupported item of ``draft`` the article sentences that support it.

    Reactions repeated word for word under the same actor are kept once.
    """
    article = index(article_text)
    mended = 0

    def fix(
        claim: str, evidence: list[str], actor: str | None = None, question: bool = False
    ) -> list[str]:
        nonlocal mended
        if ground(article, claim, evidence, actor=actor, question=question).supported:
            return evidence
        found = ground(article, claim, None, actor=actor, question=question)
        if not found.supported or not found.evidence:
            return evidence
        mended += 1
        return found.evidence

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
