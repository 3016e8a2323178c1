"""The LLM engine mends citations that point at the wrong sentence."""

from __future__ import annotations

import pytest

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
    mended, count, _ = reground(_draft([fact], []), ARTICLE)
    assert mended.key_facts[0].evidence == [BUDGET]
    assert count >= 1


def test_a_supported_fact_keeps_its_evidence_and_an_unsupported_one_is_left_alone() -> None:
    right = DraftFact(text="Berg said the plan funds 12 new schools.", evidence=[SCHOOLS])
    invented = DraftFact(text="The council rejected a 90 million euro budget.", evidence=[BUDGET])
    mended, _, _ = reground(_draft([right, invented], []), ARTICLE)
    assert mended.key_facts[0].evidence == [SCHOOLS]
    assert mended.key_facts[1].evidence == [BUDGET]  # no sentence supports it: not mended


def test_reactions_repeated_word_for_word_are_kept_once() -> None:
    voss = DraftReaction(
        actor="Karl Voss",
        stance="negative",
        text="Voss called the budget reckless.",
        evidence=[VOSS],
    )
    mended, _, _ = reground(_draft([], [voss, voss.model_copy()]), ARTICLE)
    assert len(mended.reactions) == 1


def test_words_of_one_party_are_not_pinned_on_another() -> None:
    # "Berg" is in one sentence and "reckless" in another: no one sentence says it.
    fact = DraftFact(text="Anna Berg called the budget reckless.", evidence=[SCHOOLS])
    mended, count, _ = reground(_draft([fact], []), ARTICLE)
    assert mended.key_facts[0].evidence == [SCHOOLS] and count == 0


def test_a_quote_not_in_the_article_is_replaced_by_the_sentence_that_says_it() -> None:
    fact = DraftFact(
        text="The council approved a budget of 45 million euros.",
        evidence=["The council has approved its budget, the article says."],
    )
    mended, count, _ = reground(_draft([fact], []), ARTICLE)
    assert mended.key_facts[0].evidence == [BUDGET] and count == 1


def test_the_models_preamble_is_cut_from_a_quote() -> None:
    fact = DraftFact(
        text="Anna Berg said the plan would fund 12 new schools.",
        evidence=[f"The article states that m{SCHOOLS[1:]}"],
    )
    mended, count, _ = reground(_draft([fact], []), ARTICLE)
    assert mended.key_facts[0].evidence == [SCHOOLS] and count == 1


def test_a_claim_of_two_sentences_cites_the_two_sentences_that_say_them() -> None:
    fact = DraftFact(
        text=f"{BUDGET} {VOSS}",
        evidence=["The article is about a budget."],
    )
    mended, count, _ = reground(_draft([fact], []), ARTICLE)
    assert mended.key_facts[0].evidence == [BUDGET, VOSS] and count == 1


def test_a_claim_of_two_sentences_is_not_mended_when_one_has_no_source() -> None:
    fact = DraftFact(
        text=f"{BUDGET} Voss resigned in protest.",
        evidence=["The article is about a budget."],
    )
    mended, count, _ = reground(_draft([fact], []), ARTICLE)
    assert mended.key_facts[0].evidence == ["The article is about a budget."] and count == 0


def test_items_a_model_repeats_are_kept_once() -> None:
    from briefer.engines.llm.chunking import merge_drafts

    fact = DraftFact(text="The council approved a 45 million euro budget.", evidence=[BUDGET])
    draft = _draft([fact, fact.model_copy(), fact.model_copy()], [])
    assert len(merge_drafts([draft]).key_facts) == 1


def test_a_sentence_repeated_inside_an_item_is_kept_once() -> None:
    looped = (
        "Voss was shot down over Hanoi in 1967. He was held there. "
        "He was held there. He was held th"
    )
    fact = DraftFact(text=looped, evidence=[VOSS])
    assert fact.text == "Voss was shot down over Hanoi in 1967. He was held there."


def test_a_text_cut_by_the_schemas_length_bound_keeps_its_whole_sentences() -> None:
    from briefer.engines.llm.drafts import FIELD_CHARS

    whole = "".join(
        f"The authorities must end crackdown number {n} now and respect life, Luther said. "
        for n in range(4)
    )
    text = (whole + "It is a matter of state policy, and the rest")[: FIELD_CHARS["text"]]
    reaction = DraftReaction(actor="Luther", stance="negative", text=text, evidence=[VOSS])
    assert reaction.text.endswith("Luther said.")
    short = "Voss was held there for five years without trial"
    assert DraftFact(text=short, evidence=[VOSS]).text == short  # not cut: kept as written
    start = ("Putin said Russia would be open to a ceasefire under conditions " * 5)[
        : FIELD_CHARS["text"] - 4
    ]
    start = start[: start.rfind(" ") + 1]
    one = (start + "Ukrainian")[: FIELD_CHARS["text"]]  # "... Ukraini": a word cut in two
    assert not one.endswith("Ukrainian")
    assert DraftFact(text=one, evidence=[VOSS]).text == start.rstrip() + " …"
    marked = one[:-1] + "…"  # the model marked the cut itself: "Ukrain…"
    assert DraftFact(text=marked, evidence=[VOSS]).text == start.rstrip() + " …"
    longer = start + "and more words than the bound allows, (Reuters)"  # not cut by it
    assert DraftFact(text=longer, evidence=[VOSS]).text == longer
    end = " 'plausible'"  # a whole word in single quotes, at the bound's length
    quoted = start[: FIELD_CHARS["text"] - len(end)].rstrip() + end
    assert len(quoted) >= FIELD_CHARS["text"] - 1
    assert DraftFact(text=quoted, evidence=[VOSS]).text == quoted


def test_words_given_to_several_parties_stay_only_with_the_one_the_article_names() -> None:
    def said_by(actor: str) -> DraftReaction:
        return DraftReaction(actor=actor, stance="negative", text=VOSS, evidence=[VOSS])

    mended, _, dropped = reground(_draft([], [said_by("Anna Berg"), said_by("Karl Voss")]), ARTICLE)
    assert [r.actor for r in mended.reactions] == ["Karl Voss"] and dropped == 1


def test_words_given_to_several_parties_the_article_ties_to_none_are_dropped() -> None:
    def said_by(actor: str) -> DraftReaction:
        return DraftReaction(actor=actor, stance="neutral", text=BUDGET, evidence=[BUDGET])

    one, _, kept_alone = reground(_draft([], [said_by("Anna Berg")]), ARTICLE)
    assert len(one.reactions) == 1 and kept_alone == 0  # one party: left to the evidence check
    both, _, dropped = reground(_draft([], [said_by("Anna Berg"), said_by("Karl Voss")]), ARTICLE)
    assert both.reactions == [] and dropped == 2


QUOTED = (
    "Amnesty said at least 106 protesters had been killed in 21 cities.\n"
    "“The authorities must end this brutal crackdown at once and respect human life,” said "
    "Philip Luther, a director at Amnesty.\n"
    "“The lethal force used against peaceful protesters raises fears that killing has become "
    "state policy.”\n"
    "Police said the protests were organised from abroad."
)


def test_a_fact_that_is_someones_quoted_words_becomes_their_reaction() -> None:
    demand = DraftFact(
        text="The authorities must end this brutal crackdown at once.",
        evidence=["Philip Luther, a director at Amnesty"],
    )
    count = DraftFact(
        text="At least 106 protesters were killed in 21 cities.", evidence=[QUOTED.split("\n")[0]]
    )
    draft = _draft([demand, count], []).model_copy(update={"open_questions": []})
    mended, _, _ = reground(draft, QUOTED)
    assert [f.text for f in mended.key_facts] == [count.text]
    (reaction,) = mended.reactions
    assert reaction.actor == "Philip Luther"
    assert reaction.text == demand.text
    assert reaction.stance == "negative"
    assert reaction.evidence == [QUOTED.split("\n")[1]]


def test_a_quote_running_on_into_the_next_paragraph_keeps_its_speaker() -> None:
    # The second paragraph is all quote: who said it is in the paragraph before, which
    # joins the evidence so that the reaction shows it.
    fears = DraftFact(
        text="The lethal force used against peaceful protesters raises fears of state policy.",
        evidence=["state policy"],
    )
    mended, _, _ = reground(_draft([fears], []), QUOTED)
    assert not mended.key_facts
    (reaction,) = mended.reactions
    assert reaction.actor == "Philip Luther"
    assert reaction.evidence == QUOTED.split("\n")[1:3]


def test_a_fact_that_says_who_spoke_stays_a_fact() -> None:
    said = DraftFact(
        text="Philip Luther said the authorities must end the brutal crackdown at once.",
        evidence=[QUOTED.split("\n")[1]],
    )
    mended, _, _ = reground(_draft([said], []), QUOTED)
    assert [f.text for f in mended.key_facts] == [said.text] and not mended.reactions


RUN_ON = (
    "The talks ended on Tuesday.\n"
    "Ukrainian President Volodymyr Zelenskyy reacted cautiously to the offer. "
    "His administration welcomed the prospect of a ceasefire but doubted Moscow's sincerity.\n"
    "In a letter to Kevin Barr, the doctors said they would give 100 doses. "
    "They asked for an answer within a week."
)


def test_a_partys_words_running_over_sentences_take_the_run() -> None:
    words = (
        "Zelenskyy reacted cautiously to the offer. His administration welcomed the prospect "
        "of a ceasefire but doubted Moscow's sincerity."
    )
    said = DraftReaction(actor="Ukraine", stance="mixed", text=words, evidence=["The talks"])
    mended, _, _ = reground(_draft([], [said]), RUN_ON)
    assert mended.reactions[0].evidence == [
        "Ukrainian President Volodymyr Zelenskyy reacted cautiously to the offer.",
        "His administration welcomed the prospect of a ceasefire but doubted Moscow's sincerity.",
    ]
    # Someone the first sentence does not open with is not who speaks in the run.
    letter = DraftReaction(
        actor="Kevin Barr",
        stance="neutral",
        text="The doctors said they would give 100 doses. They asked for an answer within a week.",
        evidence=["The talks"],
    )
    mended, _, _ = reground(_draft([], [letter]), RUN_ON)
    assert mended.reactions[0].evidence == ["The talks"]


def test_another_speaker_does_not_carry_a_quote_on() -> None:
    article = (
        "Thousands marched on Sunday.\n"
        "“We will keep marching until we are heard by everyone,” said Philip Luther of "
        "Amnesty.\n"
        "“The government must resign now and hold new elections,” another said."
    )
    fact = DraftFact(
        text="The government must resign now and hold new elections.",
        evidence=["The government must resign now and hold new elections"],
    )
    mended, _, _ = reground(_draft([fact], []), article)
    assert [f.text for f in mended.key_facts] == [fact.text] and not mended.reactions


def test_a_run_is_not_pinned_on_a_party_the_sentence_only_mentions() -> None:
    article = (
        "The doctors, in a letter to the Kremlin, said they would give 100 doses. "
        "They asked for an answer within a week."
    )
    words = "They would give 100 doses. They asked for an answer within a week."
    said = DraftReaction(actor="The Kremlin", stance="neutral", text=words, evidence=["x y z"])
    mended, _, _ = reground(_draft([], [said]), article)
    assert mended.reactions[0].evidence == ["x y z"]


def test_a_report_in_someones_words_stays_a_fact_that_says_whose() -> None:
    article = (
        "A bomb went off in the market on Friday.\n"
        "“Three people were killed and twelve were injured in the market,” police "
        "spokesman Ali Khan said."
    )
    fact = DraftFact(
        text="Three people were killed and twelve were injured in the market.",
        evidence=["Three people were killed and twelve were injured in the market"],
    )
    mended, _, _ = reground(_draft([fact], []), article)
    assert [f.text for f in mended.key_facts] == [
        "Ali Khan said that three people were killed and twelve were injured in the market."
    ]
    assert mended.key_facts[0].evidence == [article.split("\n")[1]]
    assert not mended.reactions


def test_a_speaker_named_only_by_role_is_who_said_it() -> None:
    article = (
        "The department approved the wind farm in August.\n"
        '"The minister considered all the evidence on birds and fish before deciding," the '
        "spokesperson said."
    )
    fact = DraftFact(
        text="The minister considered all the evidence on birds and fish before deciding.",
        evidence=["The minister considered all the evidence on birds and fish before deciding"],
    )
    mended, _, _ = reground(_draft([fact], []), article)
    assert [f.text for f in mended.key_facts] == [
        "The spokesperson said that the minister considered all the evidence on birds and fish "
        "before deciding."
    ]


@pytest.mark.parametrize(
    ("words", "view"),
    [
        ("The authorities must end this brutal crackdown at once.", True),
        ("We will keep marching until we are heard.", True),
        ("The quarter was disappointing, and I'm not going to dress it up.", True),
        ("The United States firmly opposes intimidation by any claimant.", True),
        ("Three people were killed and twelve were injured in the market.", False),
        ("US forces killed 12 militants in an air strike near Raqqa.", False),
        ("The bridge over the river collapsed after heavy rain on Tuesday night.", False),
        ("The museum reopened after World War I with a new wing.", False),
    ],
)
def test_a_view_is_told_from_a_report(words: str, view: bool) -> None:
    from importlib import import_module

    assert import_module("briefer.engines.llm.reground")._view(words) is view


def test_a_document_is_no_speaker() -> None:
    article = (
        "The army confirmed the raid on Monday.\n"
        '"The new rules will apply to all 400 schools from September," a statement said.'
    )
    fact = DraftFact(
        text="The new rules will apply to all 400 schools from September.",
        evidence=["The new rules will apply to all 400 schools from September"],
    )
    mended, _, _ = reground(_draft([fact], []), article)
    assert [f.text for f in mended.key_facts] == [fact.text] and not mended.reactions
