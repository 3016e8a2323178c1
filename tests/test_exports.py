from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import briefer


def test_all_is_sorted_and_importable() -> None:
    assert briefer.__all__ == sorted(briefer.__all__)
    for name in briefer.__all__:
        assert getattr(briefer, name) is not None


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from briefer.cli import app\n"
        "result = CliRunner().invoke(app, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "heavy = [m for m in ('openai', 'tiktoken', 'trafilatura', 'jinja2', 'pydantic', 'httpx',"
        " 'rich')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_every_package_is_shipped() -> None:
    """pyproject.toml lists packages by hand: a package missing there is missing from the
    wheel (as briefer.engines.llm and briefer.grounding once were), though an editable
    install still finds it."""
    import tomllib

    root = Path(__file__).resolve().parent.parent
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(project["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(root).parts)
        for init in (root / "briefer").rglob("__init__.py")
    }
    assert found <= listed, f"not in pyproject.toml's packages: {sorted(found - listed)}"
