"""Briefings built to game the scorer must fail the seed case; the reference must pass.

Every cheat is built from the seed article itself, so none depends on hand-picked text that
happens to miss the case's terms.
"""

from __future__ import annotations

import pytest

from briefer import load_article
from briefer.evals import Score, load_case, score
from briefer.evals.scorers import stance_credit
from briefer.models import Briefing, Fact, OpenQuestion, Quote, Stance
from briefer.text.sentences import split_sentences
from tests.conftest import ROOT
from tests.evals_support import checked, reference

SEED_CASE = ROOT / "evals" / "cases" / "000_1c55c3d659d27ca8.yaml"
CASE = load_case(SEED_CASE)
TEXT = load_article(CASE.article_path()).text
SENTENCES = [s.text for s in split_sentences(TEXT) if not s.heading]
REJECTED = next(s for s in SENTENCES if s.startswith("Russia has rejected"))
EVERYONE = "Zelenskyy, European leaders, China, U.S. lawmakers, Russia, Ukrainian officials"


@pytest.fixture(scope="module")
def ref() -> Briefing:
    return reference(SEED_CASE)


def _fails(s: Score) -> None:
    assert not s.passed, f"gamed briefing passed at {s.overall}"


def test_the_reference_passes(ref: Briefing) -> None:
    s = score(CASE, ref)
    assert s.passed and s.overall >= 0.95
    assert s.forbidden_hits == 0 and s.stance_accuracy == 1.0 and not s.ignored


def test_a_dump_of_every_sentence_fails() -> None:
    """Every sentence as a fact and as a question, and four catch-all reactions."""
    stances = ["mixed", "negative", "positive", "mixed"]
    dump = checked(
        TEXT,
        bottom_line=SENTENCES[0],
        facts=[(s, [s]) for s in SENTENCES],
        questions=[(s, [s]) for s in SENTENCES],
        reactions=[(EVERYONE, st, s, [s]) for st, s in zip(stances, SENTENCES[-4:], strict=True)],
    )
    s = score(CASE, dump)
    _fails(s)
    assert f"{len(SENTENCES) - 12} facts beyond the first 12" in s.ignored
    assert s.overall < 0.5


def test_the_whole_article_as_one_item_fails() -> None:
    whole = " ".join(SENTENCES)
    one = checked(
        TEXT,
        bottom_line=whole,
        facts=[(whole, SENTENCES)],
        questions=[(whole, SENTENCES)],
        reactions=[(EVERYONE, "mixed", whole, SENTENCES)],
    )
    s = score(CASE, one)
    _fails(s)
    assert s.fact_recall == 0 and s.question_recall == 0 and s.reaction_score == 0
    assert "key_facts[0]: over 60 words" in s.ignored


def test_facts_run_together_count_for_nothing() -> None:
    """Two 'sentences' that are every fact of the article joined by semicolons."""
    half = len(SENTENCES) // 2
    packed = [
        "; ".join(s.rstrip(".") for s in SENTENCES[:half]) + ".",
        "; ".join(s.rstrip(".") for s in SENTENCES[half:]) + ".",
    ]
    s = score(CASE, checked(TEXT, bottom_line="A call.", facts=[(p, SENTENCES) for p in packed]))
    assert s.fact_recall == 0
    assert "key_facts[0]: over 60 words" in s.ignored


def test_content_free_questions_fail(ref: Briefing) -> None:
    evidence = ref.open_questions[0].evidence
    vague = [OpenQuestion(question="What happens next?", evidence=evidence, verified=True)] * 35
    s = score(CASE, ref.model_copy(update={"open_questions": vague}))
    _fails(s)
    assert s.question_recall == 0
    assert any(w.startswith("questions 0%") for w in s.weak_sections)


def test_questions_are_matched_on_their_text_not_their_evidence(ref: Briefing) -> None:
    """A vague question over evidence that says it all earns nothing."""
    rich = [q.model_copy(update={"question": "What else is unclear?"}) for q in ref.open_questions]
    assert score(CASE, ref.model_copy(update={"open_questions": rich})).question_recall == 0


def test_all_stances_neutral_fail(ref: Briefing) -> None:
    neutral = [r.model_copy(update={"stance": Stance.neutral}) for r in ref.reactions]
    s = score(CASE, ref.model_copy(update={"reactions": neutral}))
    _fails(s)
    assert s.stance_accuracy is not None and s.stance_accuracy <= 0.25
    assert s.reaction_score is not None and s.reaction_score < 0.25


def test_inverted_claim_with_a_verbatim_quote_fails(ref: Briefing) -> None:
    inverted = Fact(
        text="Russia accepted US President Donald Trump's proposal for a complete ceasefire.",
        evidence=[Quote(text=REJECTED)],
    )
    s = score(CASE, ref.model_copy(update={"key_facts": [inverted, *ref.key_facts[1:]]}))
    _fails(s)
    assert [m.id for m in s.matches if m.kind == "forbidden" and m.met] == [
        "russia-accepted-ceasefire"
    ]


@pytest.mark.parametrize(
    "claim",
    [
        "Russia accepted the 30-day ceasefire, but it did not stop its strikes on Sloviansk.",
        "Russia accepted the ceasefire, though Putin didn’t say when it would start.",
        "Russia accepted the ceasefire and no date was set.",
        "The Kremlin accepted the ceasefire; Trump has not commented.",
        "Not only did Russia accept the ceasefire, it offered talks.",
        "There is no doubt that Russia accepted the ceasefire.",
        "Russia, not Ukraine, accepted the ceasefire.",
        "Not surprisingly, Russia accepted the ceasefire.",
    ],
)
def test_a_false_claim_with_a_harmless_negated_clause_fails(ref: Briefing, claim: str) -> None:
    fact = Fact(text=claim, evidence=[Quote(text=REJECTED)])
    s = score(CASE, ref.model_copy(update={"key_facts": [*ref.key_facts, fact]}))
    _fails(s)
    assert s.forbidden_hits == 1


@pytest.mark.parametrize(
    ("where", "claim"),
    [
        ("bottom_line", "Russia accepted Trump's ceasefire after the call."),
        ("question", "Why did Russia accept the ceasefire after the call?"),
        ("question", "What comes next now that Russia has accepted the ceasefire?"),
        ("reaction", "Russia accepted the ceasefire."),
        ("beyond the cap", "Russia accepted the ceasefire."),
        ("long item", "Trump called. Putin answered. Russia accepted the ceasefire."),
    ],
)
def test_forbidden_claims_are_found_in_every_section(ref: Briefing, where: str, claim: str) -> None:
    evidence = [Quote(text=REJECTED)]
    if where == "bottom_line":
        gamed = ref.model_copy(update={"bottom_line": claim})
    elif where == "question":
        extra = OpenQuestion(question=claim, evidence=evidence)
        gamed = ref.model_copy(update={"open_questions": [*ref.open_questions, extra]})
    elif where == "reaction":
        extra_r = ref.reactions[0].model_copy(update={"actor": "Kremlin", "text": claim})
        gamed = ref.model_copy(update={"reactions": [*ref.reactions, extra_r]})
    else:
        padding = [ref.key_facts[0]] * (20 if where == "beyond the cap" else 0)
        fact = Fact(text=claim, evidence=evidence)
        gamed = ref.model_copy(update={"key_facts": [*ref.key_facts, *padding, fact]})
    s = score(CASE, gamed)
    assert s.forbidden_hits == 1, where
    _fails(s)


@pytest.mark.parametrize(
    "text",
    [
        "Russia didn’t accept the ceasefire.",
        "Russia did not accept Trump's full ceasefire.",
        "It has not been confirmed that Russia accepted the ceasefire.",
        "Russia refused to accept a complete ceasefire.",
        "Although Trump has not confirmed that Odesa was discussed, Kyiv is worried.",
    ],
)
def test_negated_or_open_claims_are_not_claims(ref: Briefing, text: str) -> None:
    fact = Fact(text=text, evidence=[Quote(text=REJECTED)])
    s = score(CASE, ref.model_copy(update={"key_facts": [*ref.key_facts, fact]}))
    assert s.forbidden_hits == 0, [m.explanation for m in s.matches if m.met]


def test_a_yes_no_question_makes_no_claim(ref: Briefing) -> None:
    asked = OpenQuestion(
        question="Will Russia accept the ceasefire?", evidence=[Quote(text=REJECTED)]
    )
    s = score(CASE, ref.model_copy(update={"open_questions": [asked, *ref.open_questions]}))
    assert s.forbidden_hits == 0


def test_an_item_over_two_sentences_counts_for_nothing(ref: Briefing) -> None:
    first = ref.key_facts[0]
    padded = first.model_copy(update={"text": f"{first.text} It was late. Kyiv knew."})
    s = score(CASE, ref.model_copy(update={"key_facts": [padded, *ref.key_facts[1:]]}))
    missed = {m.id for m in s.matches if m.kind == "fact" and not m.met}
    assert "source-office-of-president" in missed
    assert "key_facts[0]: over 2 sentences" in s.ignored
    assert s.grounding < score(CASE, ref).grounding


def test_a_catch_all_actor_earns_one_reaction_only(ref: Briefing) -> None:
    catch_all = [r.model_copy(update={"actor": EVERYONE}) for r in ref.reactions[:1]]
    s = score(CASE, ref.model_copy(update={"reactions": catch_all}))
    assert sum(m.credit > 0 for m in s.matches if m.kind == "reaction") == 1


def test_a_reaction_needs_its_content(ref: Briefing) -> None:
    blank = [r.model_copy(update={"text": "They spoke."}) for r in ref.reactions]
    s = score(CASE, ref.model_copy(update={"reactions": blank}))
    assert s.reaction_score == 0
    assert any("the text lacks" in m.explanation for m in s.matches)


@pytest.mark.parametrize(
    ("got", "accepted", "credit"),
    [
        ("mixed", ["mixed"], 1.0),
        ("mixed", ["negative"], 0.5),
        ("negative", ["mixed"], 0.5),
        ("positive", ["negative"], 0.0),
        ("neutral", ["negative"], 0.0),
        ("negative", ["neutral"], 0.0),
        ("positive", ["negative", "mixed"], 0.5),
    ],
)
def test_stance_credit(got: str, accepted: list[str], credit: float) -> None:
    assert stance_credit(got, accepted) == credit


def test_a_cue_that_is_one_of_the_terms_does_not_negate_them() -> None:
    from briefer.evals.terms import claims

    assert claims(["Kremlin", "den*", "report*"], ["The Kremlin denied the reports."])
    assert not claims(
        ["Kremlin", "confirm*", "report*"], ["The Kremlin denied confirming reports."]
    )
