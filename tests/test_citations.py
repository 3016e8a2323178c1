"""Evidence by sentence number: numbering, validation of cited numbers, and the conversion
to a briefing whose evidence is the article's own text."""

from __future__ import annotations

import json

import pytest

from briefer import __version__, brief
from briefer.article import Article
from briefer.engines.llm import OpenAIEngine
from briefer.engines.llm.citations import number_sentences, parse_cited, salvage_cited
from briefer.engines.llm.drafts import to_briefing
from briefer.engines.llm.prompting import response_schema
from briefer.errors import EngineOutputError
from briefer.evidence import check_evidence
from briefer.models import Meta
from briefer.prompts import load_prompts
from tests.fake_openai import FakeOpenAI, Step

TEXT = (
    "The council said on Monday that the bridge would close for six weeks. "
    "Repairs will cost 2.4 million euros.\n"
    "What happens next\n"
    "“We had no choice,”  the mayor said.\n"
    "Residents have complained about the noise and the long detours. Ok."
)
ARTICLE = Article(title="Bridge to close", text=TEXT, source="test")


def _answer(**overrides: object) -> str:
    draft: dict[str, object] = {
        "bottom_line": "The bridge closes for six weeks.",
        "key_facts": [{"text": "Repairs will cost 2.4 million euros.", "sentences": [2]}],
        "open_questions": [],
        "reactions": [
            {"actor": "the mayor", "stance": "mixed", "text": "No choice.", "sentences": [3, 3]}
        ],
    }
    draft.update(overrides)
    return json.dumps(draft)


def test_citable_sentences_are_numbered_headings_and_fragments_are_not() -> None:
    numbering = number_sentences(TEXT)
    assert sorted(numbering.sentences) == [1, 2, 3, 4]
    lines = numbering.text.split("\n")
    assert lines[0].startswith("[1] The council said") and "[2] Repairs will cost" in lines[0]
    assert lines[1] == "What happens next"  # a heading: shown, not citable
    assert lines[3].endswith("long detours. Ok.")  # "Ok." is too short to be evidence
    for sentence in numbering.sentences.values():
        assert TEXT[sentence.start : sentence.end] == sentence.text


def test_numbers_of_a_part_continue_the_whole_articles_numbering() -> None:
    part = TEXT[TEXT.index("“We had") :]
    numbering = number_sentences(TEXT, part)
    assert sorted(numbering.sentences) == [3, 4]
    assert numbering.text.startswith("[3] “We had no choice,”")


def test_cited_sentences_become_verbatim_verified_evidence() -> None:
    draft = parse_cited(_answer(), number_sentences(TEXT))
    assert len(draft.reactions[0].evidence) == 1  # a repeated number counts once
    meta = Meta(briefer_version=__version__, engine="test")
    checked = check_evidence(to_briefing(draft, ARTICLE, meta), TEXT)
    assert checked.meta.evidence.verified == checked.meta.evidence.items == 2
    assert checked.key_facts[0].evidence[0].text == "Repairs will cost 2.4 million euros."
    assert checked.reactions[0].evidence[0].text == "“We had no choice,”  the mayor said."


@pytest.mark.parametrize(
    ("facts", "problem"),
    [
        ([{"text": "x", "sentences": [5]}], "key_facts.0.sentences: sentence 5 does not exist"),
        ([{"text": "x", "sentences": []}], "key_facts.0.sentences: cite at least one"),
        ([{"text": " ", "sentences": [1]}], "key_facts.0.text: must not be empty"),
        ([{"text": "x", "quote": "y", "sentences": [1]}], "key_facts.0.quote: unknown"),
    ],
)
def test_problems_are_named_for_the_repair_request(facts: object, problem: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_cited(_answer(key_facts=facts), number_sentences(TEXT))
    assert problem in str(raised.value)
    if "does not exist" in problem:
        assert "1-4" in str(raised.value)  # tells the model which numbers exist


def test_copied_markers_and_repeated_items_are_cleaned_up() -> None:
    repeated = {"text": "Repairs cost 2.4 million euros. [2]", "sentences": [2]}
    draft = parse_cited(_answer(key_facts=[repeated, repeated]), number_sentences(TEXT))
    assert [f.text for f in draft.key_facts] == ["Repairs cost 2.4 million euros."]


def test_a_cut_off_answer_keeps_its_complete_items() -> None:
    numbering = number_sentences(TEXT)
    answer = _answer(
        key_facts=[
            {"text": "The bridge closes.", "sentences": [1]},
            {"text": "It costs money.", "sentences": [9]},  # no such sentence: dropped
            {"text": "Repairs will cost 2.4 million euros.", "sentences": [2]},
        ]
    )
    cut = answer[: answer.index('"reactions"') + 30]  # inside the reaction
    draft = salvage_cited(cut, numbering)
    assert draft is not None and not draft.reactions
    assert [f.evidence for f in draft.key_facts] == [
        [numbering.sentences[1].text],
        ["Repairs will cost 2.4 million euros."],
    ]
    nothing = salvage_cited('{"bottom_line": "x", "key_facts": [{"text": "a", "sen', numbering)
    assert nothing is None


def test_not_json_is_reported() -> None:
    with pytest.raises(ValueError, match="not valid JSON"):
        parse_cited('{"bottom_line": ', number_sentences(TEXT))


def test_schema_bounds_every_list_and_string() -> None:
    schema = response_schema(bounded=True, evidence="sentences")
    assert schema["properties"]["key_facts"]["maxItems"] == 10
    assert schema["properties"]["bottom_line"]["maxLength"] == 400
    for item in schema["$defs"].values():
        cited = item["properties"]["sentences"]
        assert cited["maxItems"] == 3 and cited["items"]["minimum"] == 1
        strings = [p for p in item["properties"].values() if p.get("type") == "string"]
        assert all("maxLength" in p or "enum" in p for p in strings)
    assert list(schema["$defs"]["CitedFact"]["properties"]) == ["sentences", "text"]
    assert "maxItems" not in json.dumps(response_schema(evidence="sentences"))  # for OpenAI


def test_prompt_sets_declare_their_evidence_design(tmp_path: object) -> None:
    assert load_prompts().evidence == "quotes"
    assert load_prompts("sentences").evidence == "sentences"
    assert load_prompts("sentences").version != load_prompts().version


def test_the_engine_numbers_sentences_and_fills_in_cited_text() -> None:
    server = FakeOpenAI(canned=json.loads(_answer()))
    engine = OpenAIEngine(base_url=server.url, prompts="sentences", cache=False)
    try:
        briefing = brief(ARTICLE, engine=engine)
    finally:
        engine.close()
        server.close()
    request = server.requests[0]["body"]
    assert "[2] Repairs will cost 2.4 million euros." in request["messages"][1]["content"]
    schema = request["response_format"]["json_schema"]["schema"]
    assert "sentences" in schema["$defs"]["CitedFact"]["properties"]
    assert briefing.meta.evidence.verified == briefing.meta.evidence.items == 2
    assert briefing.key_facts[0].evidence[0].text == "Repairs will cost 2.4 million euros."


def test_an_unknown_sentence_number_is_named_in_the_repair_request() -> None:
    wrong = json.loads(_answer(key_facts=[{"text": "x", "sentences": [9]}]))
    server = FakeOpenAI()
    server.script(Step(draft=wrong), Step(draft=json.loads(_answer())))
    engine = OpenAIEngine(base_url=server.url, prompts="sentences", cache=False)
    try:
        briefing = brief(ARTICLE, engine=engine)
        assert briefing.meta.calls == 2 and briefing.meta.evidence.verified == 2
        repair = server.requests[1]["body"]["messages"][-1]["content"]
        assert "key_facts.0.sentences: sentence 9 does not exist" in repair
        # Wrong twice: the valid items are kept, the bad one dropped; the briefing is not lost.
        server.script(Step(draft=wrong), Step(draft=wrong))
        kept = brief(ARTICLE, engine=engine)
        assert not kept.key_facts and [r.actor for r in kept.reactions] == ["the mayor"]
        nothing = json.loads(_answer(key_facts=[{"text": "x", "sentences": [9]}], reactions=[]))
        server.script(Step(draft=nothing), Step(draft=nothing))
        with pytest.raises(EngineOutputError, match="sentence 9 does not exist"):
            brief(ARTICLE, engine=engine)
    finally:
        engine.close()
        server.close()
