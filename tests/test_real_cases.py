"""Eval cases on real news (../shared/corpus): they load, follow the labelling rules, never
copy the article, and are skipped, saying why, where the corpus is absent."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefer import __version__
from briefer.cli import app
from briefer.evals import load_case, score
from briefer.evals.cases import Case
from briefer.evals.terms import has, words
from briefer.models import Briefing, Fact, Meta, OpenQuestion, Quote
from tests.conftest import ROOT

CASES_DIR = ROOT / "evals" / "cases"
CORPUS_PREFIX = "../../../shared/corpus/articles/"
REAL = sorted(p for p in CASES_DIR.glob("*.yaml") if CORPUS_PREFIX in p.read_text(encoding="utf-8"))
KINDS = {"politics", "business", "science", "sport", "fact-check", "opinion"}
"""Kinds of news the real cases must cover between them; each case has one of these or more."""
OTHER_KINDS = {"tech", "health"}


def _article_text(case: Case) -> str:
    reason = case.skip_reason()
    if reason:
        pytest.skip(f"{case.name}: {reason}")
    return case.article_path().read_text(encoding="utf-8")


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_real_case_loads_and_follows_the_rules(path: Path) -> None:
    case = load_case(path)
    assert case.article.startswith(CORPUS_PREFIX)
    assert Path(case.article).stem == case.name, "a real-news case is named for its article"
    assert "real-news" in case.tags and (KINDS | OTHER_KINDS) & set(case.tags)
    assert 6 <= len(case.facts) <= 12
    assert case.open_questions and case.forbidden
    assert any(f.weight > 1 for f in case.facts), "the main facts carry weight"


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_real_case_terms_are_grounded_in_its_article(path: Path) -> None:
    """Each fact, question and reaction can be told in the article's own words: at least one
    of its term sets occurs in the article, and each reacting party is named there."""
    case = load_case(path)
    text = words(_article_text(case))
    for item in [*case.facts, *case.open_questions]:
        assert any(all(has(t, text) for t in terms) for terms in item.any), item.id
    for reaction in case.reactions:
        assert any(has(alias, text) for alias in reaction.actor), reaction.id
        if reaction.any:
            assert any(all(has(t, text) for t in terms) for terms in reaction.any), reaction.id


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_real_case_copies_no_article_text(path: Path) -> None:
    """Labels are our own words: no run of ten article words appears in the case file (its
    `article:` line, the corpus file name, aside)."""
    case = load_case(path)
    article = words(_article_text(case)).split()
    runs = {" ".join(article[i : i + 10]) for i in range(len(article) - 9)}
    lines = path.read_text(encoding="utf-8").splitlines()
    label = words("\n".join(x for x in lines if not x.startswith("article:"))).split()
    copied = [" ".join(label[i : i + 10]) for i in range(len(label) - 9)]
    assert not [run for run in copied if run in runs]


def _briefing(facts: list[str], questions: list[str] | None = None) -> Briefing:
    quote = [Quote(text="evidence")]
    return Briefing(
        title="t",
        source="s",
        bottom_line="A story.",
        key_facts=[Fact(text=t, evidence=quote) for t in facts],
        open_questions=[OpenQuestion(question=q, evidence=quote) for q in questions or []],
        meta=Meta(briefer_version=__version__, engine="test"),
    )


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_labels_own_wording_meets_every_fact_and_question(path: Path) -> None:
    """The labeller's description of each fact and question is one fair wording of it: it
    meets the expectation, and a briefing made of them springs no trap."""
    case = load_case(path)
    briefing = _briefing(
        [f.description for f in case.facts], [q.description for q in case.open_questions]
    )
    s = score(case, briefing)
    unmet = [m.id for m in s.matches if m.kind in ("fact", "question") and not m.met]
    assert not unmet
    assert s.forbidden_hits == 0, [m.id for m in s.matches if m.kind == "forbidden" and m.met]


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_traps_catch_the_claim_and_spare_its_negation(path: Path) -> None:
    case = load_case(path)
    for trap in case.forbidden:
        claim = " ".join(trap.any[0])
        made = score(case, _briefing([f"Officially, {claim}."]))
        assert made.forbidden_hits >= 1, trap.id
        denied = score(case, _briefing([f"It has not been confirmed that {claim}."]))
        assert denied.forbidden_hits == 0, trap.id


def test_real_cases_cover_the_kinds_of_news() -> None:
    cases = [load_case(p) for p in REAL]
    assert len(cases) >= 20
    tags = {t for c in cases for t in c.tags}
    assert KINDS <= tags
    assert sum(len(c.reactions) <= 1 for c in cases) >= 3, "few or no reactions"
    assert sum(len(c.reactions) >= 5 for c in cases) >= 3, "many parties reacting"


def _copy_without_corpus(tmp_path: Path) -> Path:
    """A real-news case in a checkout without ../shared: its article path is broken."""
    cases = tmp_path / "repo" / "evals" / "cases"
    cases.mkdir(parents=True)
    return Path(shutil.copy(REAL[0], cases / REAL[0].name))


def test_real_case_without_its_article_is_skipped_with_a_reason(tmp_path: Path) -> None:
    case = load_case(_copy_without_corpus(tmp_path))
    reason = case.skip_reason()
    assert reason and "not found" in reason and case.article in reason


def test_eval_skips_a_real_case_without_its_article(tmp_path: Path) -> None:
    copied = _copy_without_corpus(tmp_path)
    result = CliRunner().invoke(app, ["eval", str(copied), "--engine", "offline"])
    assert result.exit_code == 0, result.output
    assert re.search(
        rf"{re.escape(copied.stem)}.*skipped|skipped.*{re.escape(copied.stem)}",
        result.output,
        re.S | re.I,
    ), result.output
    assert "not found" in result.output
