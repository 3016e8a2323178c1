from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from briefer import __version__, check_claim
from briefer.evidence import check_evidence
from briefer.models import Briefing, Fact, Meta, OpenQuestion, Quote, Reaction

ARTICLE = (
    "Russia has rejected Trump's proposal for a full ceasefire, the Kremlin said on Tuesday.\n"
    "Israel said 10,000 troops would stay near the border for 28 days.\n"
    "Prices rose 2.5% in March, while wages rose 4 percent over five years.\n"
    "The U.K. has not confirmed the deal.\n"
    "Officials allegedly met in Riyadh, and the talks could resume next week.\n"
    "Zelensky said the energy talks were useful.\n"
    "Smithson, the trade minister, approved the budget."
)


def problems(claim: str, evidence: list[str] | None = None, **kw: str) -> list[str]:
    return check_claim(claim, ARTICLE, evidence, **kw).problems


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("Israel said 10 000 troops would stay near the border for 28 days.", True),
        ("Israel said 1,000 troops would stay near the border for 28 days.", False),
        ("Israel said 10,000 troops would stay near the border for 280 days.", False),
        ("Prices rose 2.5% in March.", True),
        ("Prices rose 25% in March.", False),
    ],
)
def test_numbers_on_word_boundaries(claim: str, supported: bool) -> None:
    result = check_claim(claim, ARTICLE)
    assert result.supported is supported, result.problems


def test_number_problem_in_plain_words() -> None:
    assert "number 29 not in the evidence" in problems("Israel kept troops there for 29 days.")


def test_name_at_sentence_start_is_checked() -> None:
    quote = ["Russia has rejected Trump's proposal for a full ceasefire"]
    assert "'Ukraine' is not in the evidence" in problems(
        "Ukraine has rejected Trump's proposal for a full ceasefire.", quote
    )


def test_names_match_whole_words_only() -> None:
    quote = ["Smithson, the trade minister, approved the budget."]
    assert "'Smith' is not in the evidence" in problems("Smith approved the budget.", quote)
    assert problems("Smithson approved the budget.", quote) == []


def test_place_found_as_the_adjective_for_its_people() -> None:
    for claim, quote in [
        ("Sweden's prosecutors reopened the case.", "Swedish prosecutors reopened the case."),
        ("Ukrainian officials met on Monday.", "Officials of Ukraine met on Monday."),
        ("Italy's team won the final.", "The Italian team won the final."),
    ]:
        assert problems(claim, [quote]) == [], claim
    quote = ["Swedish prosecutors reopened the case."]
    assert "'Norway' is not in the evidence" in problems("Norway reopened the case.", quote)
    assert "'Julie' is not in the evidence" in problems("Julie spoke.", ["Julian spoke."])


def test_acronyms_and_dotted_abbreviations() -> None:
    quote = ["The U.K. has not confirmed the deal."]
    assert problems("The UK has not confirmed the deal.", quote) == []
    assert "'US' is not in the evidence" in problems("The US has not confirmed the deal.", quote)
    assert problems("The United Kingdom has not confirmed the deal.", quote) == []


def test_acronym_found_as_initials_of_spelled_out_name() -> None:
    article = "The Food and Drug Administration approved the drug on Monday."
    assert check_claim("The FDA approved the drug on Monday.", article).supported


def test_antonym_flip_is_caught() -> None:
    quote = ["Russia has rejected Trump's proposal for a full ceasefire"]
    result = check_claim("Russia accepted Trump's proposal for a full ceasefire.", ARTICLE, quote)
    assert not result.supported
    assert "the evidence says 'rejected', the claim 'accepted'" in result.problems


def test_antonym_in_another_context_is_not_a_flip() -> None:
    article = "Prices rose in March. Shares fell in April."
    assert check_claim("Prices rose in March and shares fell in April.", article).supported


def test_rise_and_fall() -> None:
    assert "the evidence says 'rose', the claim 'fell'" in problems("Prices fell 2.5% in March.")


def test_negation_dropped_with_curly_apostrophe() -> None:
    quote = ["The U.K. has not confirmed the deal."]
    assert not check_claim("The U.K. confirmed the deal.", ARTICLE, quote).supported
    assert check_claim("The U.K. hasn’t confirmed the deal.", ARTICLE, quote).supported


def test_negation_added() -> None:
    quote = ["Zelensky said the energy talks were useful."]
    result = check_claim("Zelensky said the energy talks were not useful.", ARTICLE, quote)
    assert "the evidence says 'useful', the claim 'not useful'" in result.problems
    article = "The minister no longer supports the plan."
    assert not check_claim("The minister supports the plan.", article).supported


def test_double_negation_is_not_a_flip() -> None:
    article = "Moscow refused to accept the terms."
    assert check_claim("Moscow did not accept the terms.", article).supported
    assert not check_claim("Moscow accepted the terms.", article).supported


def test_hedged_stated_as_certain() -> None:
    quote = ["Officials allegedly met in Riyadh, and the talks could resume next week."]
    result = check_claim("Officials met in Riyadh.", ARTICLE, quote)
    assert any("unconfirmed ('allegedly')" in p for p in result.problems)
    assert check_claim("Officials reportedly met in Riyadh.", ARTICLE, quote).supported
    assert not check_claim("Talks will resume next week.", ARTICLE, quote[:1]).supported


def test_content_words_mostly_absent() -> None:
    quote = ["Zelensky said the energy talks were useful."]
    result = check_claim("Zelensky praised generous funding for hospitals abroad.", ARTICLE, quote)
    assert any(p.startswith("most of the claim's words") for p in result.problems)


def test_actor_must_be_in_the_evidence() -> None:
    quote = ["Zelensky said the energy talks were useful."]
    assert problems("Said the energy talks were useful.", quote, actor="Zelensky") == []
    assert "who: 'Putin' is not in the evidence" in problems(
        "Said the energy talks were useful.", quote, actor="Putin"
    )
    claimed = problems("Putin said the energy talks were useful.")
    assert any(p.startswith("who:") or "'Putin'" in p for p in claimed)


def test_evidence_is_found_when_not_given() -> None:
    result = check_claim("Russia rejected Trump's ceasefire proposal.", ARTICLE)
    assert result.supported
    assert result.evidence[0].startswith("Russia has rejected")


def _briefing(**sections: list) -> Briefing:
    meta = Meta(briefer_version=__version__, engine="test")
    return Briefing(title="t", source="s", bottom_line="b", meta=meta, **sections)


def test_inverted_claim_with_verbatim_quote_is_not_verified() -> None:
    quote = Quote(text="Russia has rejected Trump's proposal for a full ceasefire")
    briefing = _briefing(
        key_facts=[
            Fact(text="Russia accepted Trump's proposal for a full ceasefire.", evidence=[quote]),
            Fact(text="Russia rejected Trump's proposal for a full ceasefire.", evidence=[quote]),
        ]
    )
    checked = check_evidence(briefing, ARTICLE)
    assert [f.verified for f in checked.key_facts] == [False, True]
    assert checked.meta.evidence.unsupported_details == 1
    assert "the evidence says 'rejected', the claim 'accepted'" in checked.meta.evidence.failures[0]


def test_reaction_actor_and_question_names_are_checked() -> None:
    quote = Quote(text="Zelensky said the energy talks were useful.")
    briefing = _briefing(
        reactions=[
            Reaction(
                actor="Putin", stance="positive", text="Called talks useful.", evidence=[quote]
            )
        ],
        open_questions=[
            OpenQuestion(question="Will Zelensky's energy talks go on?", evidence=[quote]),
            OpenQuestion(question="Will Macron join the energy talks?", evidence=[quote]),
        ],
    )
    checked = check_evidence(briefing, ARTICLE)
    assert [r.verified for r in checked.reactions] == [False]
    assert [q.verified for q in checked.open_questions] == [True, False]


def test_fast_on_a_thousand_word_article() -> None:
    paragraph = ARTICLE.replace("\n", " ") + " "
    article = "\n".join(paragraph for _ in range(1000 // len(paragraph.split()) + 1))
    claims = [line for line in ARTICLE.split("\n")] * 5
    check_claim(claims[0], article)  # the article is read once, then reused
    started = time.perf_counter()
    for claim in claims:
        check_claim(claim, article)
    per_claim = (time.perf_counter() - started) / len(claims)
    assert per_claim < 0.005 * 4, per_claim  # 5 ms budget, slack for a loaded test machine


SUMMEDITS = [Path(p) for p in os.environ.get("BRIEFER_SUMMEDITS", "").split(os.pathsep) if p]
HELD_OUT = ("summedits_news",)
"""Kept aside to measure the check, never to gate (nor tune) it."""


@pytest.mark.skipif(
    not SUMMEDITS,
    reason="set BRIEFER_SUMMEDITS to SummEdits .json files, or their folder, to score on them",
)
def test_every_development_domain_reaches_the_goal() -> None:
    """Balanced accuracy of at least 0.70 on each SummEdits development domain given."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from bench_grounding import after, balanced_accuracy, load

    missing = [str(p) for p in SUMMEDITS if not p.exists()]
    assert not missing, f"BRIEFER_SUMMEDITS names paths that do not exist: {missing}"
    files = [f for p in SUMMEDITS for f in (sorted(p.glob("*.json")) if p.is_dir() else [p])]
    # QAGS (.jsonl) and SummEdits news are held out
    files = [f for f in files if f.suffix == ".json" and f.stem not in HELD_OUT]
    assert files, f"no SummEdits development file in {SUMMEDITS}"
    scores = {}
    for path in files:
        samples = load(path)
        predicted = [after(s.claim, s.article) for s in samples]
        scores[path.stem] = balanced_accuracy([s.consistent for s in samples], predicted)
    assert min(scores.values()) >= 0.70, scores


def test_a_claim_quoting_its_evidence_is_supported() -> None:
    sentence = (
        "If the charity fails to identify better options than last year, or if it only "
        "identifies similar ones, the grant will end."
    )
    assert check_claim(sentence, sentence, [sentence]).supported


def test_speaker_swapped_between_people_in_the_evidence() -> None:
    article = "On Monday, Zelensky said the talks were useful. Later, Putin stayed silent."
    result = check_claim("Putin said the talks were useful.", article)
    assert "who: the evidence has 'zelensky' saying it, not 'putin'" in result.problems
    assert check_claim("Zelensky said the talks were useful.", article).supported


def test_a_day_before_the_speech_verb_is_not_who_speaks() -> None:
    article = (
        "HANOI (AP) — Defense Secretary Mark Esper on Wednesday accused China of using "
        "coercion against smaller nations. Esper spoke on Wednesday in Hanoi."
    )
    claim = "Esper accused China of using coercion against smaller nations."
    assert check_claim(claim, article).supported
    swapped = check_claim("Hanoi accused China of using coercion against smaller nations.", article)
    assert "who: the evidence has 'secretary mark esper' saying it, not 'hanoi'" in swapped.problems


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ("Zelensky told Reuters the talks had failed.", ["zelensky"]),
        ("Esper on Wednesday accused China of coercion.", ["esper"]),
        ("Zelensky on March 3 warned of a long war.", ["zelensky"]),
        ('"This is a catastrophe," warned Guterres in New York.', ["guterres"]),
        ("Peskov said Putin had no plans to call.", ["peskov"]),
        ("The plan is sound, said Peskov.", ["peskov"]),
        ("Johnson said so. Trump then left.", ["johnson"]),
        ("Esper, speaking in Hanoi on Wednesday, accused China of coercion.", []),
        ("On Monday said the talks had failed.", []),
        ("Sorrell spoke at the City Chambers on Tuesday morning, saying it failed.", []),
        ("Putin in Moscow on Monday said the talks had failed.", []),
    ],
)
def test_who_speaks(text: str, speakers: list[str]) -> None:
    from briefer.grounding.checks import _speakers
    from briefer.grounding.passage import Passage

    known = {"zelensky", "reuters", "esper", "china", "guterres", "new", "york", "peskov"}
    known |= {"putin", "johnson", "trump", "hanoi", "wednesday", "march", "monday", "sorrell"}
    known |= {"city", "chambers", "tuesday", "moscow"}
    assert _speakers(Passage(text), known) == speakers


def test_negation_added_to_a_word_the_evidence_affirms_despite_another_negation() -> None:
    # The evidence's own "not" is about liking a product: it does not license negating
    # "offers free shipping", as only a bare ellipsis ("if she can't") would.
    article = (
        "The firm offers free shipping on all orders, and customers who do not like a "
        "product can return it within 30 days."
    )
    result = check_claim("The firm does not offer free shipping on all orders.", article)
    assert result.problems == ["the evidence says 'offers', the claim 'not offer'"]
    assert check_claim("Customers who do not like a product can return it.", article).supported


def test_a_negated_claim_word_pulls_in_the_sentence_that_uses_it() -> None:
    # The first sentence covers most of the claim's words; "approve" alone would not pull
    # in another, but a negated word is a detail looked for as names and numbers are.
    article = (
        "The plan for the new stadium near the river was unveiled on Tuesday by the board. "
        "Residents near the river protested against the stadium plan. "
        "Last month the board approved it."
    )
    claim = "The board did not approve the plan for the new stadium near the river."
    result = check_claim(claim, article)
    assert "Last month the board approved it." in result.evidence
    assert "the evidence says 'approved', the claim 'not approve'" in result.problems


def test_a_claim_word_the_article_negates_pulls_in_the_sentence_that_negates_it() -> None:
    # The other sentences cover the claim's words; only the one that negates "happy" tells
    # that the claim says the reverse.
    article = (
        "Sam overheard his roommate Rick on the phone. "
        "Rick has shared a flat with Sam for a year. "
        "Rick told a friend that he was not very happy living there."
    )
    claim = "Sam overheard his roommate Rick saying that he was happy living with him."
    result = check_claim(claim, article)
    assert "Rick told a friend that he was not very happy living there." in result.evidence
    assert result.problems == ["the evidence says 'not happy', the claim 'happy'"]
    assert check_claim("Rick said he was not happy living with Sam.", article).supported


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("Revenue rose 12% YoY in the quarter.", True),  # year-over-year
        ("Adjusted EPS rose 12% in the quarter.", True),  # earnings per share
        ("Revenue rose 12% QoQ in the quarter.", False),
    ],
)
def test_acronym_found_as_initials_of_lower_case_words(claim: str, supported: bool) -> None:
    article = (
        "Revenue rose 12% year-over-year in the quarter, and adjusted earnings per share rose 12%."
    )
    result = check_claim(claim, article)
    assert result.supported is supported, result.problems


@pytest.mark.parametrize(
    ("claim", "problem"),
    [
        ("The company expects to deliver 2,400 homes in 4Q 2020.", None),
        ("The company expects to deliver 2,400 homes in Q4 2020.", None),
        ("The company expects to deliver 2,400 homes in Q3 2020.", "period Q3 not in the evidence"),
        ("The company expects to deliver 2,400 homes in 3Q 2020.", "period 3Q not in the evidence"),
    ],
)
def test_quarters_read_in_every_spelling(claim: str, problem: str | None) -> None:
    article = "We expect to deliver 2,400 homes in the fourth quarter of 2020, the company said."
    result = check_claim(claim, article)
    assert result.problems == ([problem] if problem else []), result.problems


def test_the_second_half_of_a_show_is_not_a_period_of_the_year() -> None:
    article = "The show opens with a tour of the studio. Later the hosts read letters from fans."
    assert check_claim("In the second half, the hosts read letters from fans.", article).supported


@pytest.mark.parametrize(
    ("claim", "problem"),
    [
        ("Sales decreased 4% in March.", "the evidence says 'increased', the claim 'decreased'"),
        ("The mayor criticised the budget.", "the evidence says 'praised', the claim 'criticised'"),
        ("Police released the suspect.", "the evidence says 'arrested', the claim 'released'"),
    ],
)
def test_opposites_written_as_stems_in_the_table(claim: str, problem: str) -> None:
    # "increas", "prais", "releas" are stems in the table: stemming them again ("increa")
    # made them match nothing.
    article = (
        "Sales increased 4% in March. The mayor praised the budget. Police arrested the suspect."
    )
    assert problem in check_claim(claim, article).problems


@pytest.mark.parametrize(
    ("claim", "problem"),
    [
        (
            "The agent learns on-policy from replayed data.",
            "the evidence says 'off-policy', the claim 'on-policy'",
        ),
        (
            "Troops returned to post-war positions.",
            "the evidence says 'pre-war', the claim 'post-war'",
        ),
    ],
)
def test_a_compound_with_one_part_turned_into_its_opposite(claim: str, problem: str) -> None:
    article = (
        "The agent learns off-policy from replayed data. Troops returned to pre-war positions."
    )
    assert problem in check_claim(claim, article).problems


def test_the_opposite_of_a_word_the_article_never_uses_is_looked_for() -> None:
    # "weakened" is nowhere in the article; its opposite "strengthened" is, in a sentence
    # sharing few of the claim's other words, which the claim's words alone would not find.
    article = (
        "The central bank kept its main rate at 4.5% on Thursday, as expected by markets. "
        "The central bank's governor said inflation in the services sector was stubborn. "
        "Markets expected the bank to keep the rate for months. "
        "Over the year the pound strengthened against the dollar."
    )
    claim = "The central bank kept its rate as markets expected, and the pound weakened."
    result = check_claim(claim, article)
    assert "Over the year the pound strengthened against the dollar." in result.evidence
    assert "the evidence says 'strengthened', the claim 'weakened'" in result.problems


def test_whether_or_not_negates_nothing() -> None:
    article = "Client: I am concerned about whether or not the deductibles are affordable."
    assert check_claim("The client asks whether the deductibles are affordable.", article).supported
    assert not check_claim("The client says the deductibles are not affordable.", article).supported


def test_a_negation_needs_a_negation_where_its_words_are_used() -> None:
    # The evidence negates something ("did not agree"), but not the costs it discusses.
    article = (
        "The team looked at the costs of the new design at length. "
        "They did not agree on the colour."
    )
    claim = "The team did not discuss the costs of the new design."
    problems = check_claim(claim, article).problems
    assert "the claim says 'not costs', the evidence does not negate it" in problems
    assert check_claim("The team did not agree on the colour.", article).supported


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("It was rainy in Leeds on Monday.", False),
        ("It was sunny in Leeds on Monday.", True),
        ("The getaway car was red.", False),
        ("The minister travelled to Leeds by plane.", False),
        ("The minister travelled to Leeds by train.", True),
        ("Her brother met the minister at the airport.", False),
        ("Her brother met the minister at the station.", True),
        ("Her son met the minister at the station.", False),
    ],
)
def test_one_member_of_a_closed_set_for_another(claim: str, supported: bool) -> None:
    article = (
        "It was sunny in Leeds on Monday. The getaway car was blue, police said. "
        "The minister travelled to Leeds by train, and her brother met her at the station."
    )
    result = check_claim(claim, article)
    assert result.supported is supported, result.problems


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("Dairies raised the price of butter by 10 cents.", True),
        ("Dairies raised the price of margarine by 10 cents.", False),
        ("Dairies raised the price of cheese by 10 cents.", False),
        ("The vaccine doses were kept in a freezer at the clinic.", True),
        ("The vaccine doses were kept in a fridge at the clinic.", False),
    ],
)
def test_closed_sets_of_foods_and_places_to_keep_them(claim: str, supported: bool) -> None:
    article = (
        "Dairies raised the price of butter by 10 cents, the farmers' union said. "
        "The vaccine doses were kept in a freezer at the clinic until Monday."
    )
    result = check_claim(claim, article)
    assert result.supported is supported, result.problems


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("Inflation was 2.5 percent in May.", True),
        ("Inflation was 25 percent in May.", False),
        ("The part must cost under 12.50 euros.", True),
    ],
)
def test_decimals_said_in_words(claim: str, supported: bool) -> None:
    article = (
        "Inflation was two point five percent in May, she said. "
        "The part must cost under twelve dot fifty euros."
    )
    result = check_claim(claim, article)
    assert result.supported is supported, result.problems


def test_a_bound_is_not_a_negation() -> None:
    article = "The product will cost no more than 12 euros, the manager said."
    assert check_claim("The product will cost at most 12 euros.", article).supported
    flipped = check_claim(
        "The product will cost no more than 12 euros.", "The product costs 12 euros."
    )
    assert flipped.supported  # "no more than 12" is not "not 12"


def test_an_opposite_close_by_counts_even_where_the_evidence_uses_the_word_elsewhere() -> None:
    article = (
        "Exports to China rose 8% in March, while imports fell. "
        "Officials expect exports to Europe to fall."
    )
    result = check_claim("Exports to China fell 8% in March.", article)
    assert "the evidence says 'rose', the claim 'fell'" in result.problems
    assert check_claim("Officials expect exports to Europe to fall.", article).supported


@pytest.mark.parametrize(
    ("claim", "problem"),
    [
        (
            "The coach ignored the warnings.",
            "the evidence says 'acknowledged', the claim 'ignored'",
        ),
        ("The team played defense all night.", "the evidence says 'offense', the claim 'defense'"),
    ],
)
def test_more_curated_opposites(claim: str, problem: str) -> None:
    article = "The coach acknowledged the warnings. The team played offense all night."
    assert problem in check_claim(claim, article).problems


def test_context_words_match_in_longer_and_shorter_forms() -> None:
    # "interpretability" next to the claim's "provides", "interpretations" next to the
    # evidence's "provide": the same neighbour, so the inserted negation is seen.
    article = "These tools provide interpretations, not proofs."
    result = check_claim("They do not provide interpretability.", article)
    assert "the evidence says 'provide', the claim 'not provide'" in result.problems


@pytest.mark.parametrize(
    ("claim", "problem"),
    [
        ("Turnout was below the 2019 level.", "the evidence says 'above', the claim 'below'"),
        (
            "Restart the computer after installing the update.",
            "the evidence says 'before', the claim 'after'",
        ),
    ],
)
def test_small_words_with_opposites(claim: str, problem: str) -> None:
    article = "Turnout was above the 2019 level. Restart the computer before installing the update."
    assert problem in check_claim(claim, article).problems
    assert check_claim("Turnout was above the 2019 level.", article).supported


def test_a_small_count_checked_where_the_evidence_counts_the_same_thing() -> None:
    article = "Anna: the teacher explains three prepositions of movement. Ben: and gives examples."
    claim = "The teacher explains four prepositions of movement."
    assert check_claim(claim, article).problems == ["the evidence says 'three', the claim 'four'"]
    # A summary may count what the text lists: no count there, nothing to contradict.
    assert check_claim("Two friends discuss prepositions of movement.", article).supported


@pytest.mark.parametrize(
    ("claim", "problem"),
    [
        ("The chef shared three new recipes.", "the evidence says 'four', the claim 'three'"),
        ("Lyon and Nice were the top three.", "the evidence says 'two', the claim 'three'"),
    ],
)
def test_a_count_is_of_any_word_after_it_or_of_a_rank_before_it(claim: str, problem: str) -> None:
    # "three new recipes" counts recipes as "the last four recipes" does; "the top three"
    # ranks as "the top two" does.
    article = "The chef shared the last four recipes of the series. Lyon and Nice were the top two."
    assert problem in check_claim(claim, article).problems
    assert check_claim("The chef shared four new recipes.", article).supported


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("The remote must cost at most 12.50 euros.", True),
        ("The remote must cost at most 12 euros.", False),
        ("The basic model costs 12.40 euros.", True),
    ],
)
def test_amounts_in_units_and_hundredths(claim: str, supported: bool) -> None:
    article = (
        "PM: the remote must cost no more than twelve euros and fifty cents. "
        "ID: the basic model costs twelve euro forty cents."
    )
    result = check_claim(claim, article)
    assert result.supported is supported, result.problems


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("The agent offers only auto insurance.", False),
        ("The agent offers auto insurance.", True),
        ("The agent offers not only auto but also home insurance.", True),
        ("The firm is the only insurer in the town.", True),  # "the sole insurer"
        ("The discount applies only if the client switches.", True),  # a condition
        ("Only 6% of clients switched.", True),  # a number, which the number check reads
    ],
)
def test_only_needs_a_restriction_in_the_evidence(claim: str, supported: bool) -> None:
    article = (
        "The agent offers auto and home insurance. The firm is the sole insurer in the town. "
        "The discount applies if the client switches. "
        "Last year 6% of clients switched."
    )
    result = check_claim(claim, article)
    assert result.supported is supported, result.problems


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("The basic remote lacks digit buttons.", True),
        ("The basic remote has no digit buttons.", True),
        ("The premium remote lacks digit buttons.", False),
    ],
)
def test_lacking_is_a_negation(claim: str, supported: bool) -> None:
    article = "The basic remote has no digit buttons. The premium remote has digit buttons."
    result = check_claim(claim, article)
    assert result.supported is supported, result.problems


@pytest.mark.parametrize(
    ("claim", "problems"),
    [
        ("8) The group considers the Go-there node.", []),
        ("3. The group considers the Go-there node.", []),
        ("8 members consider the Go-there node.", ["number 8 not in the evidence"]),
    ],
)
def test_a_list_number_is_not_a_quantity(claim: str, problems: list[str]) -> None:
    article = "The group considers the Go-there node."
    assert check_claim(claim, article).problems == problems


@pytest.mark.parametrize(
    ("claim", "article"),
    [
        (
            "The minister came under fire over rising costs.",
            "The minister came under fire as costs rose.",
        ),
        (
            "Talks went on over the weekend under heavy security.",
            "Talks went on over the weekend under heavy security.",
        ),
        ("He resigned only days after the election.", "Days after the election, he resigned."),
        ("A lack of funding delayed the project.", "Funding shortfalls delayed the project."),
        (
            "The firm reported yearly revenue of 5 million euros.",
            "The firm reported annual revenue of 5 million euros.",
        ),
        ("The bus was gray.", "The bus was grey."),
        ("FY revenue rose 5%.", "Full-year revenue rose 5%."),
        ("Revenue reached two point five million euros.", "Revenue reached 2.5 million euros."),
        (
            "The city has one point two billion dollars in debt.",
            "The city has $1.2 billion in debt.",
        ),
    ],
)
def test_faithful_paraphrases_are_supported(claim: str, article: str) -> None:
    result = check_claim(claim, article)
    assert result.supported, result.problems


@pytest.mark.parametrize(
    ("claim", "article"),
    [
        ("Revenue reached two point five million euros.", "Revenue reached 2.5 billion euros."),
        ("The company sells only auto insurance.", "The company sells auto and home insurance."),
        ("It was sunny in Rome.", "It was rainy in Rome."),
        ("Exports to China fell 8%.", "Exports to China rose 8%."),
    ],
)
def test_the_same_rules_still_refuse_what_the_article_contradicts(claim: str, article: str) -> None:
    assert not check_claim(claim, article).supported


@pytest.mark.parametrize(
    ("claim", "article", "problem"),
    [
        (
            "Ticket sales slumped in May.",
            "Ticket sales climbed in May.",
            "the evidence says 'climbed', the claim 'slumped'",
        ),
        (
            "The new rules hamper small lenders.",
            "The new rules help small lenders.",
            "the evidence says 'help', the claim 'hamper'",
        ),
        (
            "The fog caused slow traffic on the bridge.",
            "The fog lifted and traffic on the bridge was quick again.",
            "the evidence says 'quick', the claim 'slow'",
        ),
        (
            "Water is abundant in the region this summer.",
            "Water is scarce in the region this summer.",
            "the evidence says 'scarce', the claim 'abundant'",
        ),
        (
            "The concert will be held outdoors at the stadium.",
            "The concert will be held indoors at the stadium.",
            "the evidence says 'indoors', the claim 'outdoors'",
        ),
        (
            "The striker was injured during the final.",
            "The striker was injured before the final.",
            "the evidence says 'before', the claim 'during'",
        ),
    ],
)
def test_words_on_the_other_side_of_one_scale_are_opposites(
    claim: str, article: str, problem: str
) -> None:
    # Each side of a scale lists words that say the same thing: any word of one side is the
    # opposite of any word of the other, without a pair for each.
    assert problem in check_claim(claim, article).problems


@pytest.mark.parametrize(
    ("claim", "article"),
    [
        ("Ticket sales jumped in May.", "Ticket sales climbed in May."),
        ("The new rules benefit small lenders.", "The new rules help small lenders."),
        ("The firm expanded hiring and cut costs.", "The firm cut costs and expanded hiring."),
    ],
)
def test_words_on_the_same_side_of_a_scale_agree(claim: str, article: str) -> None:
    result = check_claim(claim, article)
    assert result.supported, result.problems


CHAT = (
    "Abby: It is a bit rainy here. . Gail: Still cloudy here as well. . "
    "Abby: Cloudy is nicer than rainy. . Gail: Yeah, probably. . Abby: It was sunny in Lisbon."
)


@pytest.mark.parametrize(
    ("claim", "problem"),
    [
        ("Abby said it was rainy and Gail said it was still sunny.", "Gail says 'cloudy'"),
        ("Gail said it was rainy.", "Gail says 'cloudy'"),
    ],
)
def test_in_a_dialogue_a_speaker_is_read_against_their_own_lines(claim: str, problem: str) -> None:
    # "sunny" is in the chat, but Abby says it: Gail's own line says "cloudy".
    assert any(p.startswith(problem) for p in check_claim(claim, CHAT).problems)


@pytest.mark.parametrize(
    "claim",
    [
        "Abby said it was rainy and Gail said it was still cloudy.",
        "Abby mentioned that it was sunny in Lisbon.",
        "Abby and Gail talked about the weather, and Gail agreed that cloudy beats rainy.",
        # A name after "that" is reported, not speaking; an inferred negation is left to the
        # check of the whole evidence.
        "Abby said that Gail found it cloudy.",
    ],
)
def test_in_a_dialogue_what_a_speaker_says_is_supported(claim: str) -> None:
    result = check_claim(claim, CHAT)
    assert result.supported, result.problems


def test_prose_with_a_colon_is_no_dialogue() -> None:
    article = "Update: the bridge is open. Officials said traffic was slow. Police: no injuries."
    assert check_claim("Officials said traffic was quick.", article).problems == [
        "the evidence says 'slow', the claim 'quick'"
    ]


def test_a_hyphenated_word_is_near_what_its_parts_are_near() -> None:
    # "open-minded" in the claim shares its context with "open mind" in the article.
    article = "All we ask is that you listen with an open mind."
    claim = "Viewers are told to ignore it with an open-minded view."
    assert "the evidence says 'listen', the claim 'ignore'" in check_claim(claim, article).problems


@pytest.mark.parametrize(
    ("claim", "problem"),
    [
        (
            "The union condemned the pay deal.",
            "the evidence says 'welcomed', the claim 'condemned'",
        ),
        (
            "The minister denounced the report.",
            "the evidence says 'praised', the claim 'denounced'",
        ),
    ],
)
def test_a_stance_turned_round(claim: str, problem: str) -> None:
    article = "The union welcomed the pay deal. The minister praised the report."
    assert problem in check_claim(claim, article).problems
    assert check_claim("The union endorsed the pay deal.", article).supported


def test_a_negation_is_read_against_the_sentences_using_the_word_it_negates() -> None:
    # "not" covers "combine" and, past it, "detecting" and "faults": the sentence on combining
    # negates nothing, and a negation in another sentence, on faults, does not excuse it.
    article = "The tool finds faults that are not easy to see. All the readings are combined."
    claim = "It does not combine them when detecting faults."
    assert check_claim(claim, article).problems == [
        "the claim says 'not combine', the evidence does not negate it"
    ]
    article = "The plan is not for elderly users. Users liked the plan."
    assert check_claim("The plan is hard to learn, but not for elderly users.", article).supported


@pytest.mark.parametrize(
    ("claim", "article", "problem"),
    [
        (
            "Residents were told to walk near the river at night.",
            "Residents were told to avoid walking near the river at night.",
            "the evidence says 'avoid walking', the claim 'walk'",
        ),
        (
            "The council wants to avoid raising parking fees.",
            "The council wants to keep raising parking fees.",
            "the claim says 'avoid raising', the evidence does not negate it",
        ),
        (
            "The club paid the fine on time.",
            "The club forgot to pay the fine on time.",
            "the evidence says 'forgot to pay', the claim 'paid'",
        ),
    ],
)
def test_verbs_that_negate_the_verb_they_govern(claim: str, article: str, problem: str) -> None:
    assert problem in check_claim(claim, article).problems


def test_quite_is_not_quit() -> None:
    # "quite" and "quit" share a stem: only "avoid" and "stop" negate a gerund after them.
    article = "We think it is quite a good price for the product."
    assert (
        "the evidence says 'good', the claim 'bad'"
        in check_claim("They think it is a bad price for the product.", article).problems
    )


@pytest.mark.parametrize(
    ("claim", "article", "problem"),
    [
        (
            "The ministers agreed on unilateral sanctions.",
            "The ministers agreed on multilateral sanctions.",
            "the evidence says 'multilateral', the claim 'unilateral'",
        ),
        (
            "The agency overestimated the harvest this year.",
            "The agency underestimated the harvest this year.",
            "the evidence says 'underestimated', the claim 'overestimated'",
        ),
        (
            "Moody's downgraded the bank on Friday.",
            "Moody's upgraded the bank on Friday.",
            "the evidence says 'upgraded', the claim 'downgraded'",
        ),
        (
            "The deal will worsen the housing shortage.",
            "The deal will solve the housing shortage.",
            "the evidence says 'solve', the claim 'worsen'",
        ),
        (
            "The panel found the sample uniform.",
            "The panel found the sample diverse.",
            "the evidence says 'diverse', the claim 'uniform'",
        ),
    ],
)
def test_turned_prefixes_and_more_scales(claim: str, article: str, problem: str) -> None:
    assert problem in check_claim(claim, article).problems


def test_a_turned_prefix_is_read_as_any_opposite_is() -> None:
    # "outcome" is "income" turned, but the article says "income" where the claim does.
    result = check_claim("Farm income fell.", "Farm income fell, an outcome few expected.")
    assert result.supported, result.problems


@pytest.mark.parametrize(
    ("claim", "article", "problem"),
    [
        (
            "Voters backed a multi-party commission.",
            "Voters backed a single-party commission.",
            "the evidence says 'single-party', the claim 'multi-party'",
        ),
        (
            "Inspectors rated the repairs substandard.",
            "Inspectors rated the repairs standard.",
            "the evidence says 'standard', the claim 'substandard'",
        ),
    ],
)
def test_single_and_multi_parts_and_the_sub_prefix(claim: str, article: str, problem: str) -> None:
    assert problem in check_claim(claim, article).problems


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("Imports grew faster than exports last year.", False),
        ("Exports grew faster than imports last year.", True),
        ("Imports grew more slowly than exports last year.", True),
        ("Mia likes the red bike more than the blue one.", False),
        ("Mia likes the blue bike better than the red one.", True),
    ],
)
def test_a_comparison_turned_round(claim: str, supported: bool) -> None:
    # A comparison is read between the same comparative, or two that rank as "more" does;
    # "more slowly" ranks the other way and is not compared.
    article = (
        "Exports grew faster than imports last year, the agency said. "
        "Mia: the blue bike is nicer than the red bike."
    )
    result = check_claim(claim, article)
    assert result.supported is supported, result.problems


def test_an_opposite_next_to_its_own_kind_in_the_claim_is_not_read() -> None:
    # "lowered" is on the side of the claim's "cut", next to "boost": it says what "cut" says.
    article = "The central bank lowered interest rates to support growth."
    result = check_claim("The central bank cut rates to boost growth.", article)
    assert result.supported, result.problems
    assert not check_claim("The central bank raised rates to boost growth.", article).supported


@pytest.mark.parametrize(
    "sentence",
    [
        "The U.S. Army's chief said it wasn't over-the-top, O'Neill's aides said.",
        "Twenty-five people and twenty five cars: two point five million euros.",
        "Sales rose 2.5% to 1.2bn, or twelve euros and fifty cents a share in Q4.",
        "one-off rock-'n'-roll self-made MPs' Smiths' Żółć naïve café",
        "In 4Q the 5G iPhone cost $1,200, e.g. for COVID-19 patients in the U.S.",
        "It cost 12 euros and 50 cents, or 3 dollars fifty.",
        "",
    ],
)
def test_index_reads_sentences_as_passages_do(sentence: str) -> None:
    from briefer.grounding.glance import Glance
    from briefer.grounding.passage import Passage

    passage = Passage(sentence)
    seen = Glance(sentence, lambda: passage)
    written = frozenset(t.lower for t in passage.tokens if t.text[:1].islower())
    assert (seen.lowers, seen.stems, seen.numbers, seen.lower_case) == (
        passage.lowers,
        passage.stems,
        passage.numbers,
        written,
    )


def test_index_names_are_words_capitalised_inside_sentences() -> None:
    from briefer.grounding import index

    article = index(ARTICLE + "\nShares fell. Officials met the kremlin team.")
    assert "trump" in article.known and "riyadh" in article.known
    assert "zelensky" not in article.known  # only ever opens a sentence
    assert "kremlin" not in article.known  # also written in lower case
    assert "shares" not in article.known
    assert "proposal" in article.common and "kremlin" in article.common
    assert "shares" not in article.common and "trump" not in article.common


def test_a_claim_that_something_is_not_had_is_a_denial() -> None:
    # In evidence, "don't yet have a clear picture" says nothing against wanting one; a claim
    # that the clinic does not have scanners denies what the article says it has.
    article = (
        "The clinic has two scanners. "
        "We don't yet have a clear picture of the costs, the director said."
    )
    result = check_claim("The clinic does not have scanners.", article)
    assert "the evidence says 'scanners', the claim 'not scanners'" in result.problems
    assert check_claim("The director wants a clear picture of the costs.", article).supported
    claim = "The director said they do not have a clear picture of the costs."
    assert check_claim(claim, article).supported


def test_oh_no_is_dismay_not_a_denial() -> None:
    article = "Emily: Is it going well? James: Oh, no, it is stressful. We may lose 5 million."
    result = check_claim("James says there is no risk of losing money.", article)
    assert not result.supported
    assert check_claim("James says they may lose 5 million.", article).supported


def test_a_negated_word_is_found_as_its_synonym_negated() -> None:
    # "pleased" is nowhere in the article; its side of the scale, "happy", is, negated, in a
    # sentence sharing few of the claim's words.
    article = (
        "Sam overheard his roommate Rick on the phone. Rick has been living with Sam for a "
        "year. He told a friend that he was not very happy there."
    )
    claim = "Sam overheard his roommate Rick saying that he was not pleased living with Sam."
    assert check_claim(claim, article).supported
    result = check_claim(claim, article.replace("not very happy", "very happy"))
    assert result.problems == ["the claim says 'not pleased', the evidence does not negate it"]


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("The band will sign records after the show.", True),
        ("The band will talk to fans in Leeds before the show.", False),  # pulls in "after"
        ("The singer had to stay in Leeds.", True),
        ("The singer had to leave Leeds.", False),
        ("The band's new song was released on Friday.", True),
        ("The band's new film was released on Friday.", False),
        ("Fans watched the show on a phone.", False),
        ("Fans watched the show on a computer.", True),
        ("The crew will neglect the fans.", False),
        ("The band will announce new dates by the end of the week.", True),
        ("The band will announce new dates by the middle of the week.", False),
    ],
)
def test_opposites_of_small_words_verbs_and_kinds_of_work(claim: str, supported: bool) -> None:
    article = (
        "The band released its new song on Friday. The tour was cut short by the storm. "
        "The singer had to stay in Leeds. The band will talk to fans in Leeds on Sunday. "
        "It will sign records for them after the show. Fans watched the show on a computer. "
        "The crew will take care of the fans. The band will announce new dates by the end of "
        "the week."
    )
    assert check_claim(claim, article).supported is supported


def test_rather_than_and_instead_of_deny_what_follows() -> None:
    article = "The congress in Warsaw starts tomorrow. The board will meet in Leeds, not in York."
    result = check_claim("The congress in Warsaw starts next week rather than tomorrow.", article)
    assert result.problems == [
        "the claim says 'rather than tomorrow', the evidence does not negate it"
    ]
    assert check_claim("The board will meet in Leeds rather than York.", article).supported
    assert check_claim("The board will meet in Leeds instead of York.", article).supported
    assert not check_claim("The board will meet in York instead of Leeds.", article).supported


def test_would_rather_one_thing_than_another_denies_the_other() -> None:
    article = (
        '"I would rather admit that we got the timing wrong," the mayor said, "than press '
        'ahead with a plan I no longer believe in."'
    )
    claim = "The mayor admitted the timing was wrong rather than pressing ahead with the plan."
    assert check_claim(claim, article).supported


def test_someones_quoted_words_are_not_supported_as_fact() -> None:
    article = (
        "The ministry approved the wind farm on Monday.\n"
        '"Merrin Bank is exactly the kind of project this country needs," Rachel Okafor-Venn, '
        "the energy minister, said during a visit in August.\n"
        "The turbines stand in a 12-kilometre “exclusion zone” off the coast."
    )
    stated = check_claim("Merrin Bank is exactly the project this country needs.", article)
    assert stated.problems == [
        "the evidence gives this as Rachel Okafor-Venn's words, the claim as fact (who said it?)"
    ]
    said = "The energy minister said Merrin Bank is exactly the project this country needs."
    assert check_claim(said, article).supported
    # A phrase in scare quotes is not anyone's words.
    zone = "The turbines stand in a 12-kilometre exclusion zone off the coast."
    assert check_claim(zone, article).supported


def test_quoted_words_name_their_speaker_and_run_on_over_paragraphs() -> None:
    article = (
        "“The authorities must end this crackdown at once,” said Philip Luther of Amnesty.\n"
        "“The force used against peaceful protesters raises fears of a state policy.”\n"
        "Police said the protests were organised from abroad."
    )
    result = check_claim("The authorities must end this crackdown at once.", article)
    assert result.problems == [
        "the evidence gives this as Philip Luther's words, the claim as fact (who said it?)"
    ]
    # A sentence that is all quote, in a paragraph of its own, is someone's words too.
    fears = check_claim("The force used against protesters raises fears of state policy.", article)
    assert not fears.supported
    assert check_claim("Police said the protests were organised from abroad.", article).supported


def test_a_speaker_written_with_first_and_last_name_is_one_speaker() -> None:
    article = "“We will not stop,” said Philip Luther, a director at Amnesty."
    assert check_claim("Philip Luther said they will not stop.", article).supported
    assert check_claim("Luther said they will not stop.", article).supported
    assert not check_claim("Amnesty said they will not stop.", article).supported


def test_quoted_spans_read_from_the_paragraph_start() -> None:
    from briefer.text.quotations import quoted_spans

    text = 'He said. “A b c,” he said. “D e f.\nG h,” she said. "I j" k.'
    assert [text[a:b] for a, b in quoted_spans(text)] == [
        "“A b c,”",
        "“D e f.",
        "G h,”",
        '"I j"',
    ]
    start = text.index("D")
    assert [text[a:b] for a, b in quoted_spans(text, start, start + 5)] == ["D e f"]


def test_first_person_words_say_nothing_of_who_speaks() -> None:
    article = (
        "Lt. Col. Alexander Vindman testified on Tuesday. "
        "“Frankly I couldn't believe what I was hearing on that call,” Vindman said."
    )
    result = check_claim("Frankly I couldn't believe what I was hearing on that call.", article)
    assert result.problems == [
        "the evidence gives this as Vindman's words, the claim as fact (who said it?)"
    ]
    assert check_claim("Vindman said he couldn't believe what he was hearing.", article).supported


def test_she_said_leaves_the_speaker_to_the_quotes_before() -> None:
    article = (
        "Corvane will cut 2,400 jobs.\n"
        '"The quarter was disappointing," Chief Executive Margaret Lindqvist told analysts. '
        '"Our customers are delaying projects."\n'
        '"These are difficult decisions," she said, "and they affect people who have given '
        'this company years of loyal service."'
    )
    claim = "The cuts affect people who have given this company years of loyal service."
    (problem,) = check_claim(claim, article).problems
    assert "Margaret Lindqvist's words, the claim as fact" in problem


def test_a_claim_that_quotes_its_speaker_says_who_speaks() -> None:
    article = (
        "The actor shared the news on Monday. “My wife Kimberly and I went through every "
        "expecting parent's worst nightmare,” Van Der Beek said. Smith agreed: “It's a "
        "different job altogether when you write for someone else.”"
    )
    said = (
        "“My wife Kimberly and I went through every expecting parent's worst nightmare,” "
        "Van Der Beek said on Monday."
    )
    assert check_claim(said, article).supported
    agreed = "Smith agreed: “It's a different job altogether when you write for someone else.”"
    assert check_claim(agreed, article).supported
    bare = "It's a different job altogether when you write for someone else."
    assert not check_claim(bare, article).supported


@pytest.mark.parametrize(
    ("article", "claim"),
    [
        # An inch mark opens no quote.
        (
            'The 65" model costs $549. It ships free and can be returned to any store by January.',
            "The model ships free and can be returned to any store by January.",
        ),
        # German quotes close with the mark that opens English ones.
        (
            "Der Film „Vivy“ läuft seit Montag. The series was made by a small studio in "
            "Tokyo over three years.",
            "The series was made by a small studio in Tokyo over three years.",
        ),
        # A verb that is an action here is nobody speaking.
        (
            "Shares of Apple rose on Tuesday. Chief executive Tim Cook said the company posted "
            "record revenue of $64 billion.",
            "In the quarter Apple posted record revenue of $64 billion.",
        ),
        # A claim that says who spoke by a verb of demanding.
        (
            "“The authorities must end this brutal crackdown at once,” said Philip Luther "
            "of Amnesty.",
            "Luther demanded that the authorities end this brutal crackdown at once.",
        ),
    ],
)
def test_narration_and_attributed_claims_are_not_taken_for_quotes(article: str, claim: str) -> None:
    assert check_claim(claim, article).supported


def test_quotes_given_with_other_marks_are_read_where_the_article_has_them() -> None:
    article = (
        "“The march was organised from abroad,” the police chief said, adding that 40 "
        "officers were hurt in the clashes."
    )
    fragment = 'organised from abroad," the police chief said, adding that 40 officers were hurt'
    assert check_claim("40 officers were hurt in the clashes.", article, [fragment]).supported


def test_a_title_two_speakers_share_does_not_make_them_one() -> None:
    article = (
        "Secretary of State Mike Pompeo met allies on Monday. "
        "Defense Secretary Mark Esper said the drills would go ahead next month."
    )
    result = check_claim("Secretary Pompeo said the drills would go ahead.", article)
    assert "who: the evidence has 'secretary mark esper' saying it, not 'secretary pompeo'" in (
        result.problems
    )


def test_who_spoke_is_never_a_place_or_a_day_opening_the_sentence() -> None:
    article = (
        "The envoys met for hours. In Washington, officials said “the sanctions will "
        "remain in place for the coming months.” Amnesty International's Philip Luther "
        "welcomed it. “This is a step that protects people from further abuse,” said "
        "Amnesty International's Philip Luther."
    )
    sanctions = check_claim("The sanctions will remain in place for the coming months.", article)
    assert sanctions.problems == [
        "the evidence gives this as someone's words, the claim as fact (who said it?)"
    ]
    step = check_claim("This is a step that protects people from further abuse.", article)
    assert "Philip Luther's words" in step.problems[0]


def test_a_speaker_named_with_a_courtesy_title_is_the_same_person() -> None:
    article = (
        "The council met on Monday, and Mr Smith spoke first. "
        "On Monday, council leader John Smith said the road would close in May."
    )
    claim = "On Monday, Mr Smith said the road would close in May."
    assert check_claim(claim, article).supported


def test_the_us_is_no_first_person() -> None:
    article = "“The talks with the rebels have failed and will not resume,” US officials said."
    claim = "US officials said the talks with the rebels have failed and will not resume."
    assert check_claim(claim, article).supported
