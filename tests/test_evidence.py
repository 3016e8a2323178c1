from __future__ import annotations

from briefer import __version__
from briefer.evidence import QuoteFinder, check_evidence, coverage, normalize
from briefer.models import Briefing, Fact, Meta, OpenQuestion, Quote, Reaction

ARTICLE = (
    "The council said on Monday that the bridge would close for six weeks.\n"
    "“We had no choice,”  the mayor said, adding that   repairs were overdue.\n"
    "Residents have complained about the noise and the long detours."
)


def _briefing(**sections: list) -> Briefing:
    return Briefing(
        title="t",
        source="s",
        bottom_line="b",
        meta=Meta(briefer_version=__version__, engine="test"),
        **sections,
    )


def _fact(*quotes: str) -> Fact:
    return Fact(text=quotes[0], evidence=[Quote(text=q) for q in quotes])


def test_normalize_collapses_whitespace_and_quote_marks() -> None:
    original = "  a  “b”\n\t‘c’ d\ne  "
    norm = normalize(original)
    assert norm.text == "a 'b' 'c' d e"
    for i, ch in enumerate(norm.text):
        if ch != " ":
            assert original[norm.original(i)].translate(str.maketrans('“”‘’"', "'" * 5)) == ch


def test_single_quotes_for_the_article_s_double_quotes_are_found() -> None:
    """A model writing JSON often swaps the article's double quotes for single ones; the
    evidence shown is still the article's own text."""
    article = 'The economist said the estimate was "plausible for construction" at best.'
    finder = QuoteFinder(article)
    span = finder.find("the estimate was 'plausible for construction' at best.")
    assert span is not None
    assert article[span[0] : span[1]] == 'the estimate was "plausible for construction" at best.'
    assert finder.find("the estimate was 'plausible for shipbuilding' at best.") is None


def test_quote_found_despite_quote_marks_and_whitespace() -> None:
    finder = QuoteFinder(ARTICLE)
    span = finder.find('"We had no choice," the mayor said, adding that repairs were overdue.')
    assert span is not None
    start, end = span
    assert ARTICLE[start:end].startswith("“We had no choice,”")
    assert ARTICLE[start:end].endswith("overdue.")


def test_fabricated_quote_is_caught_and_item_dropped() -> None:
    fabricated = "The council said the bridge would never reopen."
    checked = check_evidence(_briefing(key_facts=[_fact(fabricated)]), ARTICLE)
    assert checked.key_facts == []
    assert checked.meta.evidence.dropped == 1
    assert checked.meta.evidence.verified == 0
    assert checked.meta.evidence.failures == [fabricated]


def test_partly_supported_item_is_kept_unverified_with_only_genuine_quotes() -> None:
    genuine = "Residents have complained about the noise"
    checked = check_evidence(
        _briefing(key_facts=[_fact(genuine, "Residents want the mayor to resign.")]), ARTICLE
    )
    [fact] = checked.key_facts
    assert fact.verified is False
    assert [q.text for q in fact.evidence] == [genuine]
    assert checked.meta.evidence.unverified == 1


def test_verified_items_get_spans_into_the_article() -> None:
    quote = "the bridge would close for six weeks"
    checked = check_evidence(_briefing(key_facts=[_fact(quote)]), ARTICLE)
    [fact] = checked.key_facts
    assert fact.verified
    q = fact.evidence[0]
    assert ARTICLE[q.start : q.end] == quote


def test_every_section_goes_through_the_check() -> None:
    bad = [Quote(text="Nothing like this appears in the article at all.")]
    briefing = _briefing(
        key_facts=[Fact(text="x", evidence=bad)],
        open_questions=[OpenQuestion(question="x?", evidence=bad)],
        reactions=[Reaction(actor="A", stance="neutral", text="x", evidence=bad)],
    )
    checked = check_evidence(briefing, ARTICLE)
    assert (checked.key_facts, checked.open_questions, checked.reactions) == ([], [], [])
    assert checked.meta.evidence.dropped == 3


def test_trivially_short_quotes_do_not_count() -> None:
    checked = check_evidence(_briefing(key_facts=[_fact("the")]), ARTICLE)
    assert checked.key_facts == []


def test_case_and_wording_must_match() -> None:
    checked = check_evidence(_briefing(key_facts=[_fact("THE COUNCIL SAID ON MONDAY")]), ARTICLE)
    assert checked.key_facts == []


def test_coverage_counts_overlapping_spans_once() -> None:
    text = "aaaa bbbb cccc dddd"
    assert coverage([(0, 4), (0, 9)], text) == 0.5
    assert coverage([], text) == 0.0
