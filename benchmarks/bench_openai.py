"""LLM engine overhead and throughput against a local OpenAI-compatible server (no network).

Reports:
  1. the engine's own time per briefing beyond the server's, against a zero-latency server
     streaming the answer (target < 20 ms),
  2. briefings per second with 16 concurrent requests against a server answering in 500 ms
     (target >= 90% of the ideal 32/s), in one process and in pools of 2, 4 and 8 (the
     fewer briefings each process holds, the less they wait for its interpreter lock),
  3. prompt overhead in tokens: everything sent but the article (target < 700).
Run: .venv/bin/python benchmarks/bench_openai.py
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BRIEFER_HOME", tempfile.mkdtemp(prefix="briefer-bench-"))

from briefer import Article, brief, load_article  # noqa: E402
from briefer.budget import count_tokens  # noqa: E402
from briefer.core import brief_many  # noqa: E402
from briefer.engines.llm import OpenAIEngine, response_schema  # noqa: E402
from briefer.pool import BriefingPool  # noqa: E402
from briefer.runtime import settle_gc  # noqa: E402
from tests.fake_openai import offline_draft  # noqa: E402

SEED = ROOT / "seeds" / "000_1c55c3d659d27ca8.txt"


def canned_answer(article_text: str, title: str) -> dict:
    return offline_draft(f"<article>\nTitle: {title}\n\n{article_text}\n</article>")


@contextmanager
def serve(latency: float, chunk_chars: int = 24) -> Iterator[str]:
    """The test server in its own process, as a real one would be, so that it takes no
    client CPU (nor the client's GIL); yields its URL."""
    base = load_article(SEED)
    tmp = Path(tempfile.mkdtemp(prefix="briefer-bench-articles-"))
    canned = tmp / "canned.json"
    canned.write_text(json.dumps(canned_answer(base.text, base.title)))
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.fake_openai", str(latency), str(canned), str(chunk_chars)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    try:
        yield server.stdout.readline().strip()
    finally:
        server.terminate()
        server.wait()


def handling_seconds(url: str) -> list[float]:
    with urllib.request.urlopen(url.removesuffix("/v1") + "/stats") as reply:
        return list(json.load(reply)["handling_seconds"])


def variants(article: Article, n: int) -> list[Article]:
    """``n`` copies of the article, each with a text of its own, so that nothing the engine
    or the evidence check keeps per article text is reused from one run to the next."""
    return [
        article.model_copy(update={"text": f"{article.text}\n\nThis is copy {i}."})
        for i in range(n)
    ]


def overhead(chunk_chars: int) -> None:
    """The answer streams in events of ``chunk_chars`` characters (llama.cpp sends one
    token, about 4 characters, per event)."""
    article = load_article(SEED)
    with serve(0.0, chunk_chars) as url:
        engine = OpenAIEngine(base_url=url, cache=False)
        brief(article, engine=engine)  # warm-up: imports, tokenizer, connection
        before = len(handling_seconds(url))
        runs, samples = 50, []
        cpu = time.process_time()
        for copy in variants(article, runs):
            started = time.perf_counter()
            brief(copy, engine=engine)
            samples.append(time.perf_counter() - started)
        cpu = (time.process_time() - cpu) / runs
        server_time = statistics.mean(handling_seconds(url)[before:])
        total = statistics.mean(samples)
        engine.close()
    print(
        f"overhead ({chunk_chars} characters an event): {1000 * (total - server_time):.1f} ms "
        f"per briefing beyond the server's {1000 * server_time:.1f} ms "
        f"(total {1000 * total:.1f} ms; target < 20 ms); client CPU {1000 * cpu:.1f} ms"
    )


def throughput(processes: int) -> None:
    """160 briefings, 16 in flight, after a first batch that warms every worker up."""
    base = load_article(SEED)
    tmp = Path(tempfile.mkdtemp(prefix="briefer-bench-articles-"))
    paths = []
    for i in range(176):  # a warm-up round, then ten rounds of 16
        path = tmp / f"a{i}.json"
        text = f"{base.text}\n\nThis is copy {i}."
        path.write_text(json.dumps({"title": f"{base.title} {i}", "text": text}))
        paths.append(str(path))
    warm_up, timed = paths[:16], paths[16:]
    with serve(0.5) as url:
        engine = OpenAIEngine(base_url=url, cache=False)
        with contextlib.ExitStack() as stack:
            if processes > 1:
                pool = BriefingPool(engine, processes=processes, concurrency=16)
                run = stack.enter_context(pool).brief_many
            else:
                run = partial(brief_many, engine=engine, concurrency=16)
            run(warm_up)
            before = len(handling_seconds(url))
            started, cpu = time.perf_counter(), time.process_time()
            outcomes = run(timed)
            elapsed = time.perf_counter() - started
            cpu = (time.process_time() - cpu) / len(timed)
        server_time = statistics.mean(handling_seconds(url)[before:])
        engine.close()
    assert all(o.briefing for o in outcomes)
    rate = len(timed) / elapsed
    where = f"{processes} processes" if processes > 1 else "one process"
    mine = "client CPU" if processes == 1 else "this process's CPU (not the workers')"
    print(
        f"throughput ({where}): {rate:.1f} briefings/s with 16 concurrent requests at 500 ms "
        f"latency ({100 * rate / 32:.0f}% of the ideal 32/s; target >= 90%); the server took "
        f"{1000 * server_time:.0f} ms a request ({100 * rate * server_time / 16:.0f}% of the "
        f"{16 / server_time:.1f}/s it allows); {mine} {1000 * cpu:.1f} ms a briefing"
    )


def prompt_overhead() -> None:
    article = load_article(SEED)
    engine = OpenAIEngine(base_url="http://127.0.0.1:9/v1", cache=False)
    with_article = engine.prompt_tokens(engine._messages(article, article.text, 1, 1))
    article_tokens = count_tokens(article.text, engine.model)
    schema_tokens = count_tokens(json.dumps(response_schema()), engine.model)
    messages = with_article - article_tokens
    print(
        f"prompt overhead: {messages + schema_tokens} tokens ({messages} in the messages around "
        f"a {article_tokens}-token article + {schema_tokens} of response schema; target < 700)"
    )


if __name__ == "__main__":
    settle_gc()  # as the `briefer` command does
    overhead(24)
    overhead(4)
    for processes in (1, 2, 4, 8):
        throughput(processes)
    prompt_overhead()
