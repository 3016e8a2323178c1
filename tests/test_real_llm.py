"""The LLM engine against a REAL model server (opt-in: marker ``real_llm``).

Skipped unless ``BRIEFER_TEST_LLM_URL`` names a running OpenAI-compatible server, e.g.
    PORT=$(LLM_THREADS=1 ../shared/tools/llama_server.sh | awk '{print $2}')
    BRIEFER_TEST_LLM_URL=http://127.0.0.1:$PORT/v1 .venv/bin/pytest -m real_llm
``BRIEFER_TEST_LLM_MODEL`` sets the model name sent (default ``qwen``; llama.cpp serves its one
model whatever the name). On a small CPU model each test takes up to a minute or two.
"""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from briefer import brief
from briefer.article import Article
from briefer.cli import app
from briefer.engines import get_engine

URL = os.environ.get("BRIEFER_TEST_LLM_URL", "")
MODEL = os.environ.get("BRIEFER_TEST_LLM_MODEL", "qwen")

pytestmark = [
    pytest.mark.real_llm,
    pytest.mark.skipif(
        not URL, reason="set BRIEFER_TEST_LLM_URL to a real model server's /v1 URL to run this"
    ),
    pytest.mark.timeout(600),
]

# A short made-up report (our own words), so the test needs nothing outside the repo.
TEXT = "\n".join(
    [
        "The town council of Elmbridge voted on Tuesday to close the old river bridge for "
        "eight weeks of repairs starting in March.",
        "The repairs will cost 1.2 million pounds, paid from the regional transport fund.",
        "Mayor Ana Price said the council had no choice because inspectors found cracks in "
        "two of the bridge's supports.",
        "Shop owners on Mill Street criticised the decision, saying the detour would keep "
        "customers away during the closure.",
        "It is not yet clear whether a temporary footbridge will be built.",
    ]
)
ARTICLE = Article(title="Elmbridge to close river bridge for repairs", text=TEXT, source="test")


def test_a_real_model_gives_a_grounded_briefing() -> None:
    engine = get_engine("openai", base_url=URL, model=MODEL)
    briefing = brief(ARTICLE, engine=engine)
    stats = briefing.meta.evidence
    assert stats.items >= 1, briefing.model_dump_json(indent=1)
    assert stats.quotes_found == stats.quotes_checked, stats.failures
    assert (briefing.meta.output_tokens or 0) > 0 and briefing.meta.calls >= 1
    for item in [*briefing.key_facts, *briefing.open_questions, *briefing.reactions]:
        for quote in item.evidence:
            assert quote.start is not None and quote.end is not None
            assert TEXT[quote.start : quote.end] == quote.text


def test_cli_briefs_with_default_settings(tmp_path: object) -> None:
    path = f"{tmp_path}/bridge.txt"
    with open(path, "w", encoding="utf-8") as file:
        file.write(f"{ARTICLE.title}\n{TEXT}\n")
    args = ["brief", path, "--engine", "openai", "--base-url", URL, "--model", MODEL]
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    briefing = json.loads(result.stdout)
    assert briefing["meta"]["engine"] == "openai" and briefing["meta"]["calls"] >= 1
