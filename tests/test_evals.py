"""Eval cases, scorers, runner, baseline gate and reports."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from briefer import __version__, check_evidence, load_article
from briefer.cli import app
from briefer.engines import ENGINES, get_engine
from briefer.errors import ConfigError
from briefer.evals import find_cases, load_case, regressions, run_cases, score
from briefer.evals.baseline import load_baseline, to_baseline
from briefer.evals.terms import has, words
from briefer.models import Briefing, Fact, Meta, Quote, Reaction
from tests.conftest import ROOT
from tests.degraded import DegradedEngine
from tests.evals_support import REFERENCES, reference

CASES = sorted((ROOT / "evals" / "cases").glob("*.yaml"))
BASELINE = ROOT / "evals" / "baselines" / "offline.json"
# Real-news cases have no reference briefing: it would copy the article into the repo.
REFERENCED = [p for p in CASES if (REFERENCES / p.name).is_file()]


def test_every_article_has_a_case() -> None:
    articles = {p.resolve() for p in (ROOT / "seeds").glob("*.txt")}
    articles |= {p.resolve() for p in (ROOT / "evals" / "articles").glob("*.txt")}
    covered = {c.article_path() for c in find_cases([str(ROOT / "evals" / "cases")])}
    assert articles <= covered


@pytest.mark.parametrize(
    ("term", "text", "hit"),
    [
        ("reject*", "Russia rejected the plan", True),
        ("reject", "Russia rejected the plan", False),
        ("Rejected", "russia REJECTED it", True),
        ("approv*", "an approval", True),
        ("un", "the United Nations", False),
        ("AT&T", "at times", False),
        ("Russia", "Russian troops", False),
        ("Trump's", "Trump’s proposal", True),
        ("2.5%", "a 25% rise", False),
        ("US", "the U.S. will push", True),
        ("UK", "the U.K. economy", True),
        ("2400", "about 2\u00a0400 jobs", True),
        ("Trump’s", "Trump's plan", True),
        ("territorial concession*", "territorial concessions", True),
        ("concession*", "territorial", False),
        ("48.20", "to $48.20 a share", True),
        ("48.2", "to $48.20 a share", False),
        ("US", "the US will push", True),
        ("US", "it was used", False),
        ("2400", "about 2,400 jobs", True),
        ("3.5%", "rose 3.5% in May", True),
        ("military aid", "limit military aid to Ukraine", True),
        ("military aid", "military and aid", False),
        ("ceasefire", "cease fire", False),
    ],
)
def test_term_matching(term: str, text: str, hit: bool) -> None:
    assert has(term, words(text)) is hit


@pytest.mark.parametrize("case_path", REFERENCED, ids=lambda p: p.stem)
def test_reference_scores_near_the_top(case_path: Path) -> None:
    s = score(load_case(case_path), reference(case_path))
    assert s.grounding == 1.0
    assert s.forbidden_hits == 0
    assert s.overall >= 0.95, [m.explanation for m in s.matches if not m.met]
    assert s.passed


@pytest.mark.parametrize("case_path", REFERENCED, ids=lambda p: p.stem)
def test_removing_the_facts_scores_low(case_path: Path) -> None:
    case = load_case(case_path)
    ref = reference(case_path)
    if not case.facts:
        pytest.skip("no fact expectations")
    stripped = ref.model_copy(update={"key_facts": [], "bottom_line": "Something happened."})
    s = score(case, stripped)
    assert s.fact_recall == 0.0
    assert s.overall < score(case, ref).overall - 0.3
    assert not s.passed


def _claim(case_path: Path, negate: bool) -> tuple[Briefing, object]:
    """The reference with a forbidden claim added as a fact (optionally negated)."""
    case = load_case(case_path)
    ref = reference(case_path)
    forbidden = case.forbidden[0]
    words = " ".join(forbidden.any[0])
    text = f"It has not been confirmed that {words}." if negate else f"Officially, {words}."
    quote = ref.key_facts[0].evidence
    fact = Fact(text=text, evidence=quote, verified=True)
    return ref.model_copy(update={"key_facts": [*ref.key_facts, fact]}), case


@pytest.mark.parametrize("case_path", REFERENCED, ids=lambda p: p.stem)
def test_forbidden_claim_is_caught(case_path: Path) -> None:
    briefing, case = _claim(case_path, negate=False)
    s = score(case, briefing)
    assert s.forbidden_hits >= 1
    assert not s.passed


@pytest.mark.parametrize("case_path", REFERENCED, ids=lambda p: p.stem)
def test_negated_claim_is_not_a_claim(case_path: Path) -> None:
    briefing, case = _claim(case_path, negate=True)
    assert score(case, briefing).forbidden_hits == 0


@pytest.mark.parametrize("case_path", REFERENCED, ids=lambda p: p.stem)
def test_swapped_actors_lose_the_reaction_score(case_path: Path) -> None:
    case = load_case(case_path)
    ref = reference(case_path)
    if len(ref.reactions) < 2:
        pytest.skip("needs two reactions to swap")
    actors = [r.actor for r in ref.reactions]
    rotated = actors[1:] + actors[:1]
    swapped = ref.model_copy(
        update={
            "reactions": [
                r.model_copy(update={"actor": a})
                for r, a in zip(ref.reactions, rotated, strict=True)
            ]
        }
    )
    assert score(case, swapped).reaction_score < score(case, ref).reaction_score


def test_grounded_but_thin_briefing_scores_low() -> None:
    case = load_case(CASES[0])
    article = load_article(case.article_path())
    first = article.text.split("\n")[0]
    thin = Briefing(
        title="t",
        source="s",
        bottom_line="A story.",
        key_facts=[Fact(text=first, evidence=[Quote(text=first)])],
        reactions=[
            Reaction(actor="Russia", stance="neutral", text="x", evidence=[Quote(text=first)])
        ],
        meta=Meta(briefer_version=__version__, engine="test"),
    )
    s = score(case, check_evidence(thin, article.text))
    assert s.grounding == 1.0
    assert s.overall < 0.4 and not s.passed


def test_offline_baseline_gate_passes() -> None:
    from briefer.engines.offline import OfflineEngine

    result = run_cases(find_cases([str(ROOT / "evals" / "cases")]), OfflineEngine())
    floor = load_baseline(BASELINE)
    assert regressions(result, floor) == []
    # every case has a floor (a skipped one keeps its own), and no floor is stale
    assert to_baseline(result, floor).cases.keys() == floor.cases.keys()


def test_degraded_engine_is_caught_by_the_gate() -> None:
    result = run_cases(find_cases([str(ROOT / "evals" / "cases")]), DegradedEngine())
    regressed = regressions(result, load_baseline(BASELINE))
    assert {r.case for r in regressed} == {c.case for c in result.scored}
    assert any(r.flipped for r in regressed)


def test_cli_eval_reports_and_exit_codes(tmp_path: Path, monkeypatch) -> None:
    runner = CliRunner()
    reports = [tmp_path / "r.json", tmp_path / "r.xml", tmp_path / "r.html"]
    args = ["eval", str(ROOT / "evals" / "cases"), "-e", "offline", "--baseline", str(BASELINE)]
    for path in reports:
        args += ["--report", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "cases passed" in result.stdout
    data = json.loads(reports[0].read_text())
    assert len(data["cases"]) == len(CASES)
    suite = ET.parse(reports[1]).getroot()
    assert suite.tag == "testsuite" and int(suite.get("tests")) == len(CASES)
    page = reports[2].read_text()
    assert "<blockquote>" in page and "<script" not in page

    monkeypatch.setitem(ENGINES, "degraded", "tests.degraded:DegradedEngine")
    degraded = runner.invoke(
        app, ["eval", str(ROOT / "evals" / "cases"), "-e", "degraded", "--baseline", str(BASELINE)]
    )
    assert degraded.exit_code == 1
    assert "regression: 000_1c55c3d659d27ca8: passed, now fails" in degraded.stderr


def test_bad_case_files_give_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("article: nope.txt\nfacts: [{id: x}]\n")
    with pytest.raises(ConfigError, match="invalid case"):
        load_case(bad)
    bad.write_text("facts: [\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_case(bad)
    result = CliRunner().invoke(app, ["eval", str(bad)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def test_repeat_bypasses_the_cache_and_reports_spread(fake_llm, tmp_path: Path) -> None:
    case = str(ROOT / "evals" / "cases" / "sports_final.yaml")
    out = tmp_path / "r.json"
    args = ["eval", case, "-e", "openai", "--base-url", fake_llm.url, "--repeat", "2"]
    result = CliRunner().invoke(app, [*args, "--report", str(out)])
    assert result.exit_code == 0, result.output
    [case_result] = json.loads(out.read_text())["cases"]
    assert len(case_result["runs"]) == 2 and case_result["stdev"] == 0.0
    assert len(fake_llm.requests) == 2  # no cache: both samples asked the model
    assert "±" in result.stdout


def test_unknown_report_format(tmp_path: Path) -> None:
    case = str(ROOT / "evals" / "cases" / "sports_final.yaml")
    result = CliRunner().invoke(app, ["eval", case, "-e", "offline", "-r", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2
    assert "unknown report format" in result.stderr


@pytest.mark.parametrize("flag", ["--report", "--save-baseline"])
def test_an_output_in_a_missing_folder_is_refused_before_the_run(
    fake_llm, tmp_path: Path, flag: str
) -> None:
    case = str(ROOT / "evals" / "cases" / "sports_final.yaml")
    out = tmp_path / "no-such-folder" / "out.json"
    args = ["eval", case, "-e", "openai", "--base-url", fake_llm.url, flag, str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "no such folder" in result.stderr
    assert fake_llm.requests == []  # nothing was briefed for an output that cannot be written


def test_llm_judge_reviews_only_what_keywords_missed(fake_llm, tmp_path: Path) -> None:
    from tests.fake_openai import Step

    case = str(ROOT / "evals" / "cases" / "sports_final.yaml")
    plain = run_cases(find_cases([case]), get_engine("offline"))
    missed = [
        m for m in plain.cases[0].runs[0].matches if not m.met and m.kind in ("fact", "question")
    ]
    assert missed
    yes = '{"verdict": "yes", "item": 2, "reason": "stated in other words"}'
    fake_llm.script(*[Step(content=yes) for _ in missed])
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        app, ["eval", case, "-e", "offline", "--judge", "--base-url", fake_llm.url, "-r", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(fake_llm.requests) == len(missed)
    assert all(r["body"]["response_format"]["type"] == "json_object" for r in fake_llm.requests)
    [run] = json.loads(out.read_text())["cases"][0]["runs"]
    judged = [m for m in run["matches"] if m["judged"]]
    assert {m["id"] for m in judged} == {m.id for m in missed}
    assert run["fact_recall"] == 1.0 and run["question_recall"] == 1.0


def test_an_unreachable_judge_fails_once_and_keyword_scores_stand(tmp_path: Path) -> None:
    from tests.smtp_server import free_port

    cases = [str(ROOT / "evals" / "cases" / n) for n in ("sports_final.yaml", "health_trial.yaml")]
    dead = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        app, ["eval", *cases, "-e", "offline", "--judge", "--base-url", dead, "-r", str(out)]
    )
    assert "judge failed" in result.stderr and "cannot connect" in result.stderr
    report = json.loads(out.read_text())["cases"]
    assert all(c["runs"] and not c["errors"] for c in report)  # keyword scores, no errors
    plain = run_cases(find_cases(cases), get_engine("offline"))
    assert [c["mean"] for c in report] == [c.mean for c in plain.cases]


SEED_CASE = ROOT / "evals" / "cases" / "000_1c55c3d659d27ca8.yaml"


def test_saved_briefings_score_like_the_engine(tmp_path: Path) -> None:
    """`brief --format json` output scored with --briefings gives the engine run's numbers."""
    runner = CliRunner()
    case = load_case(SEED_CASE)
    saved = tmp_path / f"{case.name}.json"
    made = runner.invoke(
        app, ["brief", str(case.article_path()), "-e", "offline", "-o", str(saved)]
    )
    assert made.exit_code == 0, made.output
    live, offline = tmp_path / "live.json", tmp_path / "saved.json"
    args = ["eval", str(SEED_CASE), "--baseline", str(BASELINE)]
    assert runner.invoke(app, [*args, "-e", "offline", "-r", str(live)]).exit_code == 0
    result = runner.invoke(app, [*args, "--briefings", str(tmp_path), "-r", str(offline)])
    assert result.exit_code == 0, result.output
    assert "saved briefings in" in result.stdout
    [a], [b] = (json.loads(p.read_text())["cases"] for p in (live, offline))
    assert a["mean"] == b["mean"] and a["stance_accuracy"] == b["stance_accuracy"]


def test_saved_reference_passes_and_bad_files_are_per_case_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    cases = [str(SEED_CASE), str(ROOT / "evals" / "cases" / "sports_final.yaml")]
    (tmp_path / "000_1c55c3d659d27ca8.json").write_text(
        reference(SEED_CASE).model_dump_json(), encoding="utf-8"
    )
    result = runner.invoke(app, ["eval", *cases, "--briefings", str(tmp_path)])
    assert result.exit_code == 1  # sports_final has no saved briefing
    assert "1/2 cases passed" in result.stdout
    assert "sports_final.json: no saved briefing for this case" in result.stderr
    (tmp_path / "sports_final.json").write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["eval", *cases, "--briefings", str(tmp_path)])
    assert "sports_final.json: not valid JSON" in result.stderr and result.exit_code == 1
    (tmp_path / "sports_final.json").write_text('{"title": "x"}', encoding="utf-8")
    result = runner.invoke(app, ["eval", *cases, "--briefings", str(tmp_path)])
    assert "sports_final.json: not a briefing (" in result.stderr and result.exit_code == 1
    result = runner.invoke(app, ["eval", *cases, "--briefings", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "not a directory" in result.stderr


def test_saved_briefings_are_checked_again(tmp_path: Path) -> None:
    """A file cannot claim `verified` for evidence that is not in the article."""
    ref = reference(SEED_CASE)
    forged = ref.model_copy(
        update={
            "key_facts": [
                f.model_copy(update={"evidence": [Quote(text="Words the article never had.")]})
                for f in ref.key_facts
            ]
        }
    )
    (tmp_path / "000_1c55c3d659d27ca8.json").write_text(forged.model_dump_json(), "utf-8")
    out = tmp_path / "r.json"
    CliRunner().invoke(app, ["eval", str(SEED_CASE), "--briefings", str(tmp_path), "-r", str(out)])
    [run] = json.loads(out.read_text())["cases"][0]["runs"]
    assert run["grounding"] < 0.6 and run["fact_recall"] < 0.5


def _case_without_article(tmp_path: Path) -> Path:
    text = SEED_CASE.read_text(encoding="utf-8").replace(
        "article: ../../seeds/", "article: ../absent/"
    )
    path = tmp_path / "cases" / "gone.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def test_a_case_without_its_article_is_skipped_with_the_reason(tmp_path: Path) -> None:
    gone = _case_without_article(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["eval", str(gone), str(SEED_CASE), "-e", "offline"])
    assert result.exit_code == 0, result.output
    assert "gone" in result.stdout and "skipped: article ../absent/" in result.stdout
    assert "1/1 cases passed, 1 skipped" in result.stdout
    assert "briefer: skipped gone: article ../absent/000_1c55c3d659d27ca8.txt not found" in (
        result.stderr
    )

    baseline = tmp_path / "baseline.json"
    floor = {"score": 0.9, "passed": True}
    baseline.write_text(
        json.dumps({"made_with": "x", "created": "now", "cases": {"gone": floor}}, indent=2),
        encoding="utf-8",
    )
    gated = runner.invoke(app, ["eval", str(gone), "-e", "offline", "--baseline", str(baseline)])
    assert gated.exit_code == 0, gated.output  # not measured is not a regression
    saved = runner.invoke(
        app, ["eval", str(gone), str(SEED_CASE), "-e", "offline", "--save-baseline", str(baseline)]
    )
    assert saved.exit_code == 0, saved.output
    cases = load_baseline(baseline).cases
    assert cases["gone"].score == 0.9  # the skipped case keeps its floor
    assert "000_1c55c3d659d27ca8" in cases
    report = tmp_path / "r.xml"
    runner.invoke(app, ["eval", str(gone), "-e", "offline", "-r", str(report)])
    suite = ET.parse(report).getroot()
    assert suite.get("skipped") == "1" and suite.find("testcase/skipped") is not None


@pytest.mark.parametrize("case_path", CASES, ids=lambda p: p.stem)
def test_no_sentence_of_the_article_makes_a_forbidden_claim(case_path: Path) -> None:
    """The article does not support its traps, so quoting it must never trip one."""
    from briefer.evals.terms import claims
    from briefer.text.sentences import split_sentences

    case = load_case(case_path)
    if case.skip_reason():
        pytest.skip(case.skip_reason())
    sentences = [s.text for s in split_sentences(load_article(case.article_path()).text)]
    tripped = [
        (exp.id, said)
        for exp in case.forbidden
        for terms in exp.any
        if (said := claims(terms, sentences))
    ]
    assert not tripped


def test_more_reaction_expectations_than_shown_is_refused(tmp_path: Path) -> None:
    case = tmp_path / "many.yaml"
    text = SEED_CASE.read_text(encoding="utf-8").replace("../../seeds/", str(ROOT / "seeds") + "/")
    case.write_text(text.replace("pass_score: 0.6", "pass_score: 0.6\nshown: {reactions: 3}"))
    with pytest.raises(ConfigError, match="8 reaction expectations but only 3 reactions shown"):
        load_case(case)


class _CrashingEngine(DegradedEngine):
    """An engine with a bug: it raises something no engine should."""

    def brief(self, article):  # type: ignore[no-untyped-def]
        raise ValueError("boom")


def test_an_engine_bug_fails_its_case_not_the_run(monkeypatch) -> None:
    seed_case = [str(ROOT / "evals" / "cases" / "000_1c55c3d659d27ca8.yaml")]
    result = run_cases(find_cases(seed_case), _CrashingEngine())
    assert result.cases[0].errors == ["ValueError: boom"] and not result.cases[0].passed

    monkeypatch.setitem(ENGINES, "crashing", "tests.test_evals:_CrashingEngine")
    outcome = CliRunner().invoke(app, ["eval", *seed_case, "-e", "crashing"])
    assert outcome.exit_code == 1, outcome.output
    assert "Traceback" not in outcome.output
    assert "000_1c55c3d659d27ca8: ValueError: boom" in outcome.stderr
