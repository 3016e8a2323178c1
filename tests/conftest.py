from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.smtp_server import SmtpServer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
OWN_ARTICLES = sorted((ROOT / "evals" / "articles").glob("*.txt"))
DATA = Path(__file__).resolve().parent / "data"
_TIKTOKEN_CACHE = Path(tempfile.gettempdir()) / "briefer-tests-tiktoken"


@pytest.fixture
def seed() -> Path:
    return SEEDS[0]


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "BRIEFER_ENGINE",
        "BRIEFER_FORMAT",
        "BRIEFER_DEBUG",
        "BRIEFER_MODEL",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BRIEFER_HOME", str(tmp_path / "home"))
    # tiktoken's ranks are seeded once per session, not once per test
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(_TIKTOKEN_CACHE))


@pytest.fixture
def fake_llm():
    from tests.fake_openai import FakeOpenAI

    server = FakeOpenAI()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _close_engines() -> Iterator[None]:
    """Engines made with ``tests.fake_openai.engine`` are closed after each test."""
    yield
    import sys

    fake = sys.modules.get("tests.fake_openai")
    if fake is not None:
        fake.close_engines()


@pytest.fixture(autouse=True)
def _fresh_model_table():
    from briefer import budget

    budget._user_models.cache_clear()
    yield
    budget._user_models.cache_clear()


@pytest.fixture
def web():
    """A local web server: (base URL, routes); tests fill routes with path -> (type, body)."""
    from tests.web_server import serve

    routes: dict[str, tuple[str, str]] = {}
    with serve(routes) as base:
        yield base, routes


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""
    from tests.smtp_server import SmtpServer

    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A digest source folder holding the seed and one article of our own."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder / "seed.txt")
    shutil.copy(ROOT / "evals" / "articles" / "sports_final.txt", folder / "sports.txt")
    return folder
