"""Eval reports: a terminal table, JSON, JUnit XML (for CI) and a self-contained HTML page."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from briefer.errors import ConfigError
from briefer.evals.baseline import Regression
from briefer.evals.run import EvalResult
from briefer.evals.scorers import Match, Score

REPORT_FORMATS = (".json", ".xml", ".html")


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{100 * value:3.0f}%"


def table(result: EvalResult, regressed: list[Regression] | None = None) -> str:
    """A plain-text table, one line per case, then a summary."""
    flagged = {r.case: r for r in regressed or []}
    width = min(40, max([28, *(len(c.case) for c in result.cases)]))
    head = (
        f"{'case':<{width}} {'facts':>5} {'quest':>5} {'react':>5} {'stance':>6} "
        f"{'ground':>6} {'forbid':>6} {'score':>6}  result"
    )
    lines = [head, "-" * len(head)]
    for case in result.cases:
        name = case.case if len(case.case) <= width else case.case[: width - 1] + "…"
        run = case.runs[0] if case.runs else None
        if case.skipped is not None:
            lines.append(f"{name:<{width}} skipped: {case.skipped}")
            continue
        if run is None:
            lines.append(f"{name:<{width}} error: {case.errors[0]}")  # whole: it says why
            continue
        spread = f"±{case.stdev:.2f}" if result.repeat > 1 else ""
        verdict = "pass" if case.passed else "FAIL"
        if case.case in flagged:
            verdict += " (regressed)"
        lines.append(
            f"{name:<{width}} {_pct(run.fact_recall):>5} {_pct(run.question_recall):>5} "
            f"{_pct(run.reaction_score):>5} {_pct(case.stance_accuracy):>6} "
            f"{_pct(run.grounding):>6} {run.forbidden_hits:>6} {case.mean:>6.2f}{spread}  {verdict}"
        )
    lines.append("-" * len(head))
    skipped = len(result.cases) - len(result.scored)
    notes = f", {len(flagged)} regressed" if flagged else ""
    notes += f", {skipped} skipped" if skipped else ""
    stance = result.stance_accuracy
    stances = f", stance accuracy {stance:.0%}" if stance is not None else ""
    made_with = result.engine + (f" {result.model}" if result.model else "")
    lines.append(
        f"{result.passed}/{len(result.scored)} cases passed{notes}, mean score "
        f"{result.mean:.2f}{stances} ({made_with}, repeat {result.repeat})"
    )
    return "\n".join(lines)


def explain(result: EvalResult) -> str:
    """Every unmet expectation (and every forbidden claim made), case by case."""
    lines = []
    for case in result.cases:
        if case.skipped is not None:
            lines.append(f"{case.case}: skipped: {case.skipped}")
            continue
        run = case.runs[0] if case.runs else None
        misses = _misses(run) if run else []
        lines.append(f"{case.case}: {len(misses)} unmet" + (":" if misses else ""))
        lines.extend(f"  {m.kind} {m.id}: {m.explanation}" for m in misses)
        if run is not None:
            lines.extend(f"  weak: {w}" for w in run.weak_sections)
            lines.extend(f"  not counted: {i}" for i in run.ignored)
        lines.extend(f"  error: {e}" for e in case.errors)
    return "\n".join(lines)


def _misses(run: Score) -> list[Match]:
    """Expectations not fully met, and forbidden claims made."""
    return [m for m in run.matches if m.met if m.kind == "forbidden"] + [
        m for m in run.matches if m.kind != "forbidden" and m.credit < 1
    ]


def check_report_path(path: str | Path) -> None:
    """Refuse a report path whose extension names no format we write."""
    if Path(path).suffix.lower() not in (*REPORT_FORMATS, ".htm"):
        raise ConfigError(f"{path}: unknown report format (use {', '.join(REPORT_FORMATS)})")
    check_folder(path, "report")


def check_folder(path: str | Path, what: str) -> None:
    """Refuse, before a run, an output file whose folder does not exist."""
    if not Path(path).resolve().parent.is_dir():
        raise ConfigError(f"{path}: no such folder for the {what}")


def write_report(result: EvalResult, path: str | Path, regressed: list[Regression]) -> None:
    """Write a report; the format follows the file extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        text = result.model_dump_json(indent=2)
    elif suffix == ".xml":
        text = junit(result, regressed)
    elif suffix in (".html", ".htm"):
        text = html(result, regressed)
    else:
        raise ConfigError(f"{path}: unknown report format (use {', '.join(REPORT_FORMATS)})")
    try:
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write report ({exc.strerror or exc})") from None


def junit(result: EvalResult, regressed: list[Regression]) -> str:
    """JUnit XML (xunit2): one testcase per eval case."""
    flagged = {r.case: r for r in regressed}
    suite = ET.Element(
        "testsuite",
        name=f"briefer eval ({result.engine})",
        tests=str(len(result.cases)),
        failures=str(sum(not c.passed or c.case in flagged for c in result.scored)),
        skipped=str(len(result.cases) - len(result.scored)),
        timestamp=result.created,
    )
    for case in result.cases:
        test = ET.SubElement(suite, "testcase", classname="briefer.eval", name=case.case)
        if case.skipped is not None:
            ET.SubElement(test, "skipped", message=case.skipped)
            continue
        problems = [f"{m.kind} {m.id}: {m.explanation}" for r in case.runs for m in _misses(r)]
        problems += [f"weak: {w}" for r in case.runs for w in r.weak_sections]
        problems += [f"error: {e}" for e in case.errors]
        if case.case in flagged:
            r = flagged[case.case]
            problems.insert(0, f"regressed from {r.baseline:.2f} to {r.now:.2f}")
        if not case.passed or case.case in flagged:
            failure = ET.SubElement(
                test, "failure", message=f"score {case.mean:.2f}, pass rate {case.pass_rate:.0%}"
            )
            failure.text = "\n".join(dict.fromkeys(problems))
        out = ET.SubElement(test, "system-out")
        out.text = f"score {case.mean:.4f} stdev {case.stdev:.4f} pass rate {case.pass_rate:.2f}"
        if case.stance_accuracy is not None:
            out.text += f" stance accuracy {case.stance_accuracy:.2f}"
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True)


def html(result: EvalResult, regressed: list[Regression]) -> str:
    """A self-contained page: per case, per expectation, the matched item and its evidence."""
    from briefer.render import environment

    template = environment(True).get_template("eval.html.j2")
    return template.render(
        result=result, regressed={r.case: r for r in regressed}, pct=_pct
    ).strip()
