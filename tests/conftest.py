from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
OWN_ARTICLES = sorted((ROOT / "evals" / "articles").glob("*.txt"))
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def seed() -> Path:
    return SEEDS[0]


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("BRIEFER_ENGINE", "BRIEFER_FORMAT", "BRIEFER_DEBUG", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BRIEFER_HOME", str(tmp_path / "home"))
