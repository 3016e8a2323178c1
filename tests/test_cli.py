from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from briefer.cli import app
from briefer.models import briefing_json_schema
from tests.conftest import OWN_ARTICLES

runner = CliRunner()


def test_brief_seed_markdown(seed: Path) -> None:
    result = runner.invoke(app, ["brief", str(seed), "--engine", "offline"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Trump")


def test_json_is_one_valid_object(seed: Path) -> None:
    result = runner.invoke(app, ["brief", str(seed), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    jsonschema.validate(data, briefing_json_schema())


def test_several_inputs_give_an_array(seed: Path) -> None:
    paths = [str(seed), *map(str, OWN_ARTICLES[:2])]
    result = runner.invoke(app, ["brief", *paths, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 3


def test_output_file(seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.html"
    result = runner.invoke(app, ["brief", str(seed), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert result.stdout == ""


def test_stdin(seed: Path) -> None:
    result = runner.invoke(app, ["brief", "-", "-f", "json"], input=seed.read_bytes())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"] == "RBC-Ukraine"


def test_single_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    for target in (str(tmp_path / "missing.txt"), str(tmp_path), str(empty)):
        result = runner.invoke(app, ["brief", target])
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith("briefer: error: ")
        assert "Traceback" not in result.output


def test_some_failures_exit_1_and_keep_the_good_ones(seed: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["brief", str(seed), str(tmp_path / "nope.txt"), "-f", "json"])
    assert result.exit_code == 1, result.output
    assert len(json.loads(result.stdout)) == 1
    assert "nope.txt: no such file" in result.stderr
    assert "1 of 2 inputs failed" in result.stderr


def test_all_failures_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["brief", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert result.exit_code == 2
    assert result.stdout == ""


def test_usage_errors_exit_2(seed: Path) -> None:
    assert runner.invoke(app, ["brief"]).exit_code == 2
    assert runner.invoke(app, ["brief", str(seed), "--format", "pdf"]).exit_code == 2
    result = runner.invoke(app, ["brief", str(seed), "--engine", "nonsense"])
    assert result.exit_code == 2
    assert "unknown engine" in result.stderr


def test_schema_command() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "Briefing"


def test_console_script_runs_end_to_end(seed: Path) -> None:
    exe = Path(sys.executable).parent / "briefer"
    out = subprocess.run(
        [str(exe), "brief", str(seed), "-f", "text"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert "KEY FACTS" in out.stdout


def test_stdin_twice_is_a_usage_error(seed: Path) -> None:
    result = runner.invoke(app, ["brief", "-", "-"], input=seed.read_bytes())
    assert result.exit_code == 2
    assert "only once" in result.stderr


def test_output_extension_picks_the_format(seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    assert runner.invoke(app, ["brief", str(seed), "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["source"] == "RBC-Ukraine"


def test_llm_options_need_an_llm_engine(seed: Path) -> None:
    result = runner.invoke(app, ["brief", str(seed), "-e", "offline", "--model", "x"])
    assert result.exit_code == 2 and "--model need an LLM engine" in result.stderr
    result = runner.invoke(app, ["brief", str(seed), "-e", "openai", "--base-url", "nope"])
    assert result.exit_code == 2 and "--base-url must look like" in result.stderr


def test_exported_llm_settings_do_not_break_the_offline_engine(seed: Path) -> None:
    env = {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "BRIEFER_MODEL": "some-model"}
    result = runner.invoke(app, ["brief", str(seed), "-e", "offline", "-f", "json"], env=env)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["meta"]["engine"] == "offline"
    # a model set only in the environment does not pick the LLM engine under auto
    env = {"BRIEFER_MODEL": "some-model", "OPENAI_BASE_URL": "", "OPENAI_API_KEY": ""}
    result = runner.invoke(app, ["brief", str(seed), "-f", "json"], env=env)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["meta"]["engine"] == "offline"
    # the same flag given on the command line is still refused
    result = runner.invoke(app, ["brief", str(seed), "-e", "offline", "-m", "other"], env=env)
    assert result.exit_code == 2 and "--model need an LLM engine" in result.stderr


def test_a_feed_is_not_an_article(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>a</title></item></channel></rss>" + " words" * 40
    )
    result = runner.invoke(app, ["brief", str(feed)])
    assert result.exit_code == 2 and "use briefer digest" in result.stderr
