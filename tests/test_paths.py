from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefer.cli import app
from briefer.errors import ConfigError
from briefer.paths import data_home, home


def test_home_is_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFER_HOME", str(tmp_path / "a" / "b"))
    assert home() == data_home() == tmp_path / "a" / "b"
    assert (tmp_path / "a" / "b").is_dir()


def test_a_file_as_home_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "home.txt"
    file.write_text("not a folder")
    monkeypatch.setenv("BRIEFER_HOME", str(file))
    with pytest.raises(ConfigError, match="not a folder"):
        home()
    with pytest.raises(ConfigError, match="not a folder"):
        data_home()


def test_cli_says_so_without_a_traceback(
    fake_llm, seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "home.txt"
    file.write_text("not a folder")
    monkeypatch.setenv("BRIEFER_HOME", str(file))
    args = ["brief", str(seed), "-e", "openai", "--base-url", fake_llm.url]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    why = "cannot keep briefer's files there (not a folder)"
    assert result.stderr == f"briefer: error: {file}: {why}\n"
