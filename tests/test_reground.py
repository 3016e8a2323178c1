"""The LLM engine mends citations that point at the wrong sentence."""

from __future__ import annotations

from briefer.engines.llm.drafts import DraftBriefing, DraftFact, DraftQuestion, DraftReaction
from briefer.engines.llm.reground import reground

ARTICLE = (
    "The city council approved a budget of 45 million euros on Monday. "
    "Mayor Anna Berg said the plan would fund 12 new schools. "
    "The opposition leader, Karl Voss, called the budget reckless. "
    "It is not yet known when construction will begin."
)
BUDGET = "The city council approved a budget of 45 million euros on Monday."
SCHOOLS = "Mayor Anna Berg said the plan would fund 12 new schools."
VOSS = "The opposition leader, Karl Voss, called the budget reckless."


def _draft(facts: list[DraftFact], reactions: list[DraftReaction]) -> DraftBriefing:
    return DraftBriefing(
        bottom_line="The council passed its budget.",
        key_facts=facts,
        open_questions=[DraftQuestion(question="When will building start?", evidence=[VOSS])],
        reactions=reactions,
    )


def test_a_fact_citing_the_wrong_sentence_gets_the_right_one() -> None:
    fact = DraftFact(text="The council approved a 45 million euro budget.", evidence=[SCHOOLS])
    mended, count = reground(_draft([fact], []), ARTICLE)
    assert mended.key_facts[0].evidence == [BUDGET]
    assert count >= 1


def test_a_supported_fact_keeps_its_evidence_and_an_unsupported_one_is_left_alone() -> None:
    right = DraftFact(text="Berg said the plan funds 12 new schools.", evidence=[SCHOOLS])
    invented = DraftFact(text="The council rejected a 90 million euro budget.", evidence=[BUDGET])
    mended, _ = reground(_draft([right, invented], []), ARTICLE)
    assert mended.key_facts[0].evidence == [SCHOOLS]
    assert mended.key_facts[1].evidence == [BUDGET]  # no sentence supports it: not mended


def test_reactions_repeated_word_for_word_are_kept_once() -> None:
    voss = DraftReaction(
        actor="Karl Voss",
        stance="negative",
        text="Voss called the budget reckless.",
        evidence=[VOSS],
    )
    mended, _ = reground(_draft([], [voss, voss.model_copy()]), ARTICLE)
    assert len(mended.reactions) == 1


def test_words_of_one_party_are_not_pinned_on_another() -> None:
    # "Berg" is in one sentence and "reckless" in another: no one sentence says it.
    fact = DraftFact(text="Anna Berg called the budget reckless.", evidence=[SCHOOLS])
    mended, count = reground(_draft([fact], []), ARTICLE)
    assert mended.key_facts[0].evidence == [SCHOOLS] and count == 0


def test_a_quote_not_in_the_article_is_replaced_by_the_sentence_that_says_it() -> None:
    fact = DraftFact(
        text="The council approved a budget of 45 million euros.",
        evidence=["The article states that the council approved a budget of 45 million euros."],
    )
    mended, count = reground(_draft([fact], []), ARTICLE)
    assert mended.key_facts[0].evidence == [BUDGET] and count == 1
