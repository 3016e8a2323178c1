"""The offline engine on the seed and on our own articles of other shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefer import brief, load_article
from briefer.engines.offline import OfflineEngine
from briefer.engines.offline.questions import to_question
from briefer.engines.offline.reactions import find_reaction
from briefer.models import Briefing
from briefer.text.sentences import Sentence, split_sentences
from briefer.text.stance import lexicon_stance
from tests.conftest import OWN_ARTICLES, ROOT

ARTICLES = ROOT / "evals" / "articles"


def _all_grounded(b: Briefing, text: str) -> None:
    items = [*b.key_facts, *b.open_questions, *b.reactions]
    assert items
    for item in items:
        assert item.verified
        for quote in item.evidence:
            assert quote.start is not None and quote.end is not None
            assert text[quote.start : quote.end] == quote.text
    assert b.meta.evidence.dropped == b.meta.evidence.unverified == 0
    assert b.meta.evidence.verified == len(items)


def _stance(b: Briefing, actor_part: str) -> str:
    matches = [r for r in b.reactions if actor_part.lower() in r.actor.lower()]
    assert matches, f"no reaction by {actor_part!r} in {[r.actor for r in b.reactions]}"
    return matches[0].stance.value


def test_seed_meets_the_bar(seed: Path) -> None:
    article = load_article(seed)
    b = brief(article, engine="offline")
    assert len(b.key_facts) >= 6
    assert len(b.open_questions) >= 3
    assert len({r.actor for r in b.reactions}) >= 4
    _all_grounded(b, article.text)
    assert 0.3 < b.meta.coverage <= 1.0


def test_seed_content(seed: Path) -> None:
    b = brief(seed, engine="offline")
    facts = " ".join(f.text for f in b.key_facts)
    assert "Russia has rejected" in b.bottom_line
    assert "30-day ceasefire" in facts
    assert "demanded" in facts  # Putin's demand on Western military aid
    assert _stance(b, "China") == "positive"
    assert _stance(b, "European leaders") == "negative"
    assert _stance(b, "lawmakers") == "mixed"
    assert _stance(b, "Zelenskyy") == "mixed"
    questions = [q.question for q in b.open_questions]
    assert "Will the US push Ukraine to accept these conditions?" in questions
    assert any("Odesa" in q for q in questions)
    assert all(q.endswith("?") for q in questions)


def test_deterministic(seed: Path) -> None:
    first = brief(seed, engine="offline").model_dump(exclude={"meta"})
    assert brief(seed, engine="offline").model_dump(exclude={"meta"}) == first


@pytest.mark.parametrize("path", OWN_ARTICLES, ids=lambda p: p.stem)
def test_own_articles_are_fully_grounded(path: Path) -> None:
    article = load_article(path)
    b = brief(article, engine="offline")
    _all_grounded(b, article.text)
    assert len(b.key_facts) >= 4
    assert b.bottom_line
    fact_texts = [f.text for f in b.key_facts]
    assert len(set(fact_texts)) == len(fact_texts)


def test_own_articles_cover_the_required_shapes() -> None:
    words = {p.stem: load_article(p).words for p in OWN_ARTICLES}
    assert len(words) >= 6
    assert max(words.values()) >= 5000  # the long feature


def test_business_story_keeps_the_numbers() -> None:
    b = brief(ARTICLES / "business_earnings.txt", engine="offline")
    facts = " ".join(f.text for f in b.key_facts)
    assert "2,400 jobs" in b.bottom_line
    assert "$4.2 billion" in facts
    assert _stance(b, "union") == "negative"
    assert len(b.reactions) >= 5


def test_health_story() -> None:
    b = brief(ARTICLES / "health_trial.txt", engine="offline")
    assert _stance(b, "Pressure Point") in ("positive", "mixed")
    assert any("children" in q.question for q in b.open_questions)
    assert len(b.reactions) >= 4


def test_sports_report() -> None:
    b = brief(ARTICLES / "sports_final.txt", engine="offline")
    assert "2-1" in b.bottom_line
    actors = " ".join(r.actor for r in b.reactions)
    assert "Halvorsen" in actors and "Pyke" in actors


def test_story_without_reactions_gets_none() -> None:
    b = brief(ARTICLES / "council_roadworks.txt", engine="offline")
    assert b.reactions == []
    assert len(b.key_facts) >= 5
    assert any("Christmas market" in q.question for q in b.open_questions)


def test_mostly_quotes_story_finds_the_speakers() -> None:
    b = brief(ARTICLES / "mostly_quotes.txt", engine="offline")
    actors = {r.actor for r in b.reactions}
    assert len(actors) >= 5
    assert _stance(b, "Ramanathan") == "positive"
    assert _stance(b, "Tilney") == "negative"


def test_long_feature_is_briefed() -> None:
    article = load_article(ARTICLES / "long_feature.txt")
    b = OfflineEngine().brief(article)
    assert len(b.key_facts) >= 8
    assert len(b.reactions) >= 6
    assert len(b.open_questions) >= 3


def _sentence(text: str) -> Sentence:
    return Sentence(text, 0, len(text), 0, 0, False)


@pytest.mark.parametrize(
    ("text", "actor", "stance"),
    [
        ("The union welcomed the decision, calling it overdue.", "Union", "positive"),
        (
            "Opposition leader Maria Lopez condemned the plan on Monday.",
            "Opposition leader Maria Lopez",
            "negative",
        ),
        (
            "“We are delighted with the result,” said Anna Berg, the club's chair.",
            "Anna Berg",
            "positive",
        ),
        ("Analysts expressed doubts about the forecast.", "Analysts", "negative"),
        ("The remarks alarmed investors in Frankfurt.", "Investors in Frankfurt", "negative"),
        ("Senators remain divided over the bill.", "Senators", "mixed"),
        (
            "The mayor's office welcomed the funds but warned that costs were rising.",
            "Mayor's office",
            "mixed",
        ),
        ("“It is a start,” the minister told reporters.", "Minister", "neutral"),
        (
            "The ferry operator, Westline, welcomed the move but warned of costs.",
            "Westline",
            "mixed",
        ),
        (
            "Mayor Anna Lindqvist called the library a lifeline and thanked staff.",
            "Mayor Anna Lindqvist",
            "positive",
        ),
    ],
)
def test_reaction_patterns(text: str, actor: str, stance: str) -> None:
    found = find_reaction(_sentence(text), None)
    assert found is not None
    assert found.actor == actor
    from briefer.text.stance import combine_stances

    assert combine_stances(found.stances) == stance


@pytest.mark.parametrize(
    "text",
    [
        "The bridge will close for six weeks from April.",
        "According to some reports, the company is for sale.",
        "It said the figures were final.",
    ],
)
def test_non_reactions(text: str) -> None:
    assert find_reaction(_sentence(text), None) is None


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "The ministry has not confirmed whether the plant will close next year.",
            "Will the plant close next year?",
        ),
        (
            "The regulator has not disclosed its reasons.",
            "Has the regulator disclosed its reasons?",
        ),
        ("The board has yet to approve the merger.", "Will the board approve the merger?"),
        (
            "Next month, the council is expected to vote on the budget.",
            "Will the council vote on the budget next month?",
        ),
        (
            "According to some reports, the striker is leaving the club.",
            "Is it confirmed that the striker is leaving the club?",
        ),
        ("It remains unclear when the bridge will reopen.", "When will the bridge reopen?"),
        (
            "Mr. Pyke declined to say whether he would remain at the club.",
            "Would Mr. Pyke remain at the club?",
        ),
        (
            "The council said that heavy rain or frost could delay the reopening.",
            "Could heavy rain or frost delay the reopening?",
        ),
        (
            "The long-term safety of the drug is not known.",
            "What is the long-term safety of the drug?",
        ),
        (
            "The chief executive said the company would not discuss pricing before approval.",
            "Will the company discuss pricing before approval?",
        ),
    ],
)
def test_questions_from_hedges(text: str, question: str) -> None:
    assert to_question(text) == question


@pytest.mark.parametrize(
    "text",
    [
        "Skippers were asked whether they intended to fish the site once it was built.",
        "It said it has not decided.",
        '"The question is whether the minister followed the law. We say the review was flawed."',
    ],
)
def test_no_garbled_questions(text: str) -> None:
    assert to_question(text) is None


def test_lexicon_stance_handles_negation() -> None:
    assert lexicon_stance("This is a good result.") == "positive"
    assert lexicon_stance("This is not a good result.") == "negative"
    assert lexicon_stance("Nothing much happened.") == "neutral"


def test_lexicon_stance_reads_non_answers_and_phrases() -> None:
    assert lexicon_stance("A spokesperson declined to comment further.") == "neutral"
    assert lexicon_stance("Sales declined for a third quarter.") == "negative"
    assert lexicon_stance("Sales were below our expectations.") == "negative"
    assert lexicon_stance("Prices will fall shortly.") == "neutral"  # whole words only
    assert lexicon_stance("Growth was broad, yet sales were below our expectations.") == "mixed"
    # words inside a name carry no stance; the same word opening a sentence does
    assert lexicon_stance("It talks to the Pension Benefit Guarantee Corp.") == "neutral"
    assert lexicon_stance("Good news came on Monday.") == "positive"
    # backing an argument is not praise
    assert lexicon_stance("They cited a blog to support their claim that she lied.") == "neutral"
    assert lexicon_stance("The union supports the plan.") == "positive"
    # praise with a reservation
    assert lexicon_stance("The number is solid, but I would not assume it holds.") == "mixed"
    assert lexicon_stance("The number is solid, and nothing can change that.") == "positive"


def test_unpunctuated_text_is_cut_into_bounded_pieces() -> None:
    words = ("officials said whether the plan has not confirmed remains unclear " * 800).split()
    text = "Headline\n" + " ".join(words)
    pieces = split_sentences(text)
    assert max(len(p.text.split()) for p in pieces) <= 80
    assert all(text[p.start : p.end] == p.text for p in pieces)


def test_a_long_sentence_is_not_cut_short_of_its_end() -> None:
    # 85 words with no comma in its second half: cut at 80, its last words became a
    # "sentence" of their own and the one before it a fact cut mid-phrase.
    sentence = " ".join(["word"] * 84) + " Day."
    text = f"Headline\nFirst sentence here. {sentence} Next one."
    assert [p.text for p in split_sentences(text)][2] == sentence


def test_offline_never_cites_a_quote_too_short_to_check(tmp_path: Path) -> None:
    path = tmp_path / "short_quote.txt"
    path.write_text(
        "Council approves budget\n"
        "The city council voted on Tuesday to approve a new budget of $12 million for road "
        "repairs across the district. Mayor Bo Wu welcomed the decision, calling it a great "
        "victory for residents. Wu warned. Residents in the northern suburbs had waited years "
        "for the repairs to begin, officials said.",
        encoding="utf-8",
    )
    article = load_article(path)
    _all_grounded(brief(article, engine="offline"), article.text)


def test_sentences_keep_title_abbreviations_together() -> None:
    text = "Speaking on Monday, Ms. Sorrell said the plan was dead. Dr. Lee agreed."
    assert [s.text for s in split_sentences(text)] == [
        "Speaking on Monday, Ms. Sorrell said the plan was dead.",
        "Dr. Lee agreed.",
    ]


def test_a_sentence_inside_someones_running_quote_is_no_fact() -> None:
    from briefer.engines.offline import _running_on

    # A quote running on over paragraphs opens each again and closes only at its end.
    text = (
        "Norvik unveiled the new Sentra on Monday.\n"
        '"Norvik has a vibrant range of sedans. With 6 million Sentra cars sold, we believe '
        "the new one will reach new heights.\n"
        '"Buyers will love it," said Ann Lee.\n'
        "Dealers take orders from March."
    )
    sentences = split_sentences(text)
    inside = [sentences[i].text for i in sorted(_running_on(sentences, text))]
    assert inside == [
        "With 6 million Sentra cars sold, we believe the new one will reach new heights."
    ]
