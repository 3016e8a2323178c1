"""The offline engine on real news: no lost briefings, English only, shared text helpers.

Tests that read ../shared/corpus skip, saying so, when it is absent (a fresh clone).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from briefer import brief, load_article
from briefer.article import Article
from briefer.cli import app
from briefer.engines import offline
from briefer.engines.offline import OfflineEngine, clean
from briefer.errors import InputError
from briefer.text.language import detect_language
from tests.conftest import ROOT, SEEDS

CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"real-news corpus not found at {CORPUS}"
)

# Pages that once lost their whole briefing to one invalid item (an empty fact text).
KNOWN_BAD = [
    "8634d121-column-the-gannett-gatehouse-merger-sends-a-dism.txt",
    "8634d121-column-the-gannett-gatehouse-merger-sends-a-dism.html",
    "3f65af7b-south-dakota-doubles-down-on-meth-we-re-on-it-th.html",
]
NOT_ENGLISH = {
    "0ec95c72-http-entermedia-co-kr-news-news-view-html-idx-85.txt": "Hangul script",
    "c82b3d1d-53.html": "Cyrillic script",
    "11ea381a-classifica-o-nascar.txt": "Portuguese",
    "20b2b649-black-friday-per-nostalgici-le-occasioni-da-non.html": "Italian",
    "7837c9d6-kabar-tentang-dunia-islam.txt": "Indonesian",
}


@needs_corpus
@pytest.mark.parametrize("name", KNOWN_BAD)
def test_known_bad_pages_are_briefed(name: str) -> None:
    briefing = brief(CORPUS / name, engine="offline")
    assert briefing.key_facts
    assert all(f.text for f in briefing.key_facts)


def test_an_invalid_item_is_dropped_and_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every fact text comes out empty: the briefing survives, the drops are counted.
    monkeypatch.setattr(offline, "clean", lambda text: "" if "ceasefire" in text else text)
    briefing = OfflineEngine().brief(load_article(SEEDS[0]))
    assert briefing.meta.invalid_items > 0
    assert all("ceasefire" not in f.text for f in briefing.key_facts)


def test_a_sentence_in_parentheses_is_kept_without_them() -> None:
    assert (
        clean("(Alden bought a 25.2% stake on Tuesday.)")
        == "Alden bought a 25.2% stake on Tuesday."
    )


def test_asides_with_news_stay_and_empty_asides_go() -> None:
    kept = "Putin agreed (though Russian forces had struck Sloviansk at 21:55) to talk."
    assert clean(kept) == kept
    assert clean("He agreed (as he often does in such cases) to talk.") == "He agreed to talk."


@needs_corpus
@pytest.mark.parametrize("name", sorted(NOT_ENGLISH))
def test_other_languages_are_refused_in_one_line(name: str) -> None:
    result = CliRunner().invoke(app, ["brief", str(CORPUS / name), "--engine", "offline"])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "reads English only" in lines[0] and NOT_ENGLISH[name] in lines[0]
    assert "--engine openai" in lines[0]


@needs_corpus
def test_corpus_languages_match_the_index() -> None:
    index = json.loads((CORPUS.parent / "index.json").read_text(encoding="utf-8"))
    wrong = []
    for entry in index:
        english = detect_language(load_article(CORPUS / f"{entry['file']}.txt").text).english
        if english != (entry["language"] == "en"):
            wrong.append(entry["file"])
    # The index labels this page "en", but it is German ("Die elektronische Patientenakte").
    assert wrong == ["57b4dafd-die-elektronische-patientenakte-epa-der-lange-ma"]


def test_language_from_function_words_and_script() -> None:
    english = "The council said it would not approve the plan until the budget was agreed."
    italian = "Il governo ha detto che non è pronto per la riforma e che la legge sarà rinviata."
    assert detect_language(english).english
    assert detect_language(italian) == (False, "Italian")
    assert detect_language("Правительство заявило, что не готово к реформе.") == (
        False,
        "Cyrillic script",
    )
    # A results table has few function words of any language: no evidence against English.
    assert detect_language("Palm Bay 70, Rockledge 44. Tolivert 25 points.").english


def test_the_engine_refuses_a_foreign_article() -> None:
    article = Article(
        title="Riforma",
        text="Il governo ha detto che non è pronto per la riforma e che la legge sarà rinviata.",
        source="test",
    )
    with pytest.raises(InputError, match="reads English only.*Italian"):
        OfflineEngine().brief(article)


def test_plain_quotes_matches_translate() -> None:
    from briefer.text.names import QUOTE_MARKS, plain_quotes

    text = "“Quoted,” he said — ‘single’ «angle» „low‟ it’s ″inch″ `tick´ 〃ditto〃"
    assert plain_quotes(text) == text.translate(QUOTE_MARKS)


@needs_corpus
def test_no_fact_is_taken_from_inside_a_quote_running_on() -> None:
    # "With more than 6 million Sentra vehicles sold, we believe ..." continues a Nissan
    # executive's quote begun a sentence earlier: as a fact it would state his words as the
    # article's.
    page = CORPUS / "3cb5e2f4-all-new-2020-sentra-is-what-we-really-want-from.txt"
    briefing = brief(load_article(page), engine="offline")
    assert not any("we believe the all-new Sentra" in f.text for f in briefing.key_facts)
    assert all(f.verified for f in briefing.key_facts)
