"""The LLM engine's streaming, limits and failure modes, against the loopback test server:
silence, a dropped connection, cut-off and runaway answers, small context windows."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefer import brief, load_article
from briefer.cli import app
from briefer.engines.llm.context import overflow
from briefer.engines.llm.runaway import repeats
from briefer.errors import EngineError, EngineTimeout, EngineUnavailable
from tests.conftest import ROOT
from tests.fake_openai import FABRICATED, FakeOpenAI, Step, draft_of, engine, prompt_tokens

LONG = ROOT / "evals" / "articles" / "long_feature.txt"


def cli(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_answers_are_streamed_with_usage(fake_llm, seed: Path) -> None:
    seen: list[tuple[str, int, bool]] = []

    def progress(label: str):
        return lambda chunks, seconds, done: seen.append((label, chunks, done))

    b = brief(seed, engine=engine(fake_llm, progress=progress))
    [request] = fake_llm.requests
    assert request["body"]["stream"] is True
    assert request["body"]["stream_options"] == {"include_usage": True}
    assert b.meta.input_tokens == prompt_tokens(
        request["body"]
    )  # the server's count, from the stream's last event
    assert seen[-1][2] and seen[-1][1] > 10 and not any(done for _, _, done in seen[:-1])
    assert seen[0][0] == b.title[:48]


def test_a_stalled_answer_is_retried_once(fake_llm, seed: Path) -> None:
    fake_llm.script(Step(stall_after=3, stall=60))
    started = time.monotonic()
    b = brief(seed, engine=engine(fake_llm, timeout=0.5))
    assert b.key_facts and len(fake_llm.requests) == 2
    assert time.monotonic() - started < 30  # the stall was not waited out


def test_a_server_silent_twice_times_out_naming_the_option(fake_llm, seed: Path) -> None:
    fake_llm.script(Step(stall_after=0, stall=10), Step(stall_after=5, stall=10))
    with pytest.raises(EngineTimeout, match="silent for 0.5 s.*--timeout") as info:
        brief(seed, engine=engine(fake_llm, timeout=0.5))
    assert len(fake_llm.requests) == 2
    assert "twice" in info.value.message


def test_timeout_from_the_environment(fake_llm, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFER_TIMEOUT", "7.5")
    assert engine(fake_llm).timeout == 7.5
    monkeypatch.setenv("BRIEFER_TIMEOUT", "soon")
    with pytest.raises(EngineError.__mro__[1], match="BRIEFER_TIMEOUT"):
        engine(fake_llm)


def test_slow_but_steady_streams_are_not_cut_off(seed: Path) -> None:
    server = FakeOpenAI(chunk_chars=400)
    try:
        server.script(Step(stall_after=1, stall=0.3), Step())
        b = brief(seed, engine=engine(server, timeout=0.6))
    finally:
        server.close()
    assert b.key_facts and len(server.requests) == 1


def test_server_dying_mid_answer_fails_that_input_only(fake_llm, seed: Path, tmp_path) -> None:
    fake_llm.script(Step(drop_after=5))
    with pytest.raises(EngineUnavailable, match="closed the connection in the middle"):
        brief(seed, engine=engine(fake_llm))
    fake_llm.script(Step(drop_after=5))
    result = cli("brief", seed, "-e", "openai", "--base-url", fake_llm.url)
    assert result.exit_code == 1, result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"briefer: error: {seed}: ") and "middle of the answer" in line
    # nothing was cached: the next run asks again
    before = len(fake_llm.requests)
    assert cli("brief", seed, "-e", "openai", "--base-url", fake_llm.url).exit_code == 0
    assert len(fake_llm.requests) == before + 1


def test_cut_off_answer_keeps_its_complete_items(fake_llm, seed: Path) -> None:
    full = brief(seed, engine=engine(fake_llm))
    content = json.dumps(draft_of(full))
    cut = content.index('"open_questions"') + 60  # facts complete, questions cut short
    fake_llm.script(Step(cut_at=cut))
    b = brief(seed, engine=engine(fake_llm))
    assert [f.text for f in b.key_facts] == [f.text for f in full.key_facts]
    assert not b.reactions and len(b.open_questions) < len(full.open_questions)
    assert b.meta.truncated and "context window" in b.meta.truncated
    assert b.meta.calls == 1  # a cut answer is not re-asked


def test_output_limit_is_named_as_such(fake_llm, seed: Path) -> None:
    b = brief(seed, engine=engine(fake_llm, max_output_tokens=400))
    assert fake_llm.requests[0]["body"]["max_tokens"] == 400
    assert b.meta.truncated == "the output limit of 400 tokens was reached"
    assert b.key_facts and all(f.verified for f in b.key_facts)


def test_runaway_repetition_is_stopped_and_salvaged(fake_llm, seed: Path) -> None:
    fake_llm.script(Step(runaway="The talks will continue next week as planned. "))
    b = brief(seed, engine=engine(fake_llm))
    assert b.key_facts and b.meta.truncated and "repeating itself" in b.meta.truncated
    assert b.meta.output_tokens is not None and b.meta.output_tokens < 2000
    assert all("talks will continue" not in r.text for r in b.reactions)


def test_repetition_detector() -> None:
    assert repeats("x" * 300, 240)
    assert repeats('{"text": "' + "It went on and on. " * 14, 240)
    assert not repeats("It went on and on. " * 3, 240)  # too short to tell
    varied = json.dumps([f"The {i}th quote, from the article." for i in range(60)])
    assert not repeats(varied, 240)


def test_nothing_salvageable_is_an_error_naming_the_cause(fake_llm, seed: Path) -> None:
    fake_llm.script(Step(cut_at=30))
    with pytest.raises(EngineError, match="cut off .*context window"):
        brief(seed, engine=engine(fake_llm))


def test_salvaged_answer_is_cached_as_truncated(fake_llm, seed: Path) -> None:
    first = brief(seed, engine=engine(fake_llm, cache=True, max_output_tokens=400))
    again = brief(seed, engine=engine(fake_llm, cache=True, max_output_tokens=400))
    assert len(fake_llm.requests) == 1 and again.meta.cached
    assert again.meta.truncated == first.meta.truncated is not None


def test_500_rejecting_json_schema_falls_back_without_retries(seed: Path) -> None:
    server = FakeOpenAI(reject_json_schema=True, reject_status=500)
    try:
        b = brief(seed, engine=engine(server))
    finally:
        server.close()
    assert b.key_facts
    formats = [r["body"]["response_format"]["type"] for r in server.requests]
    assert formats == ["json_schema", "json_object"]


def test_context_window_is_learnt_and_long_articles_split(seed: Path) -> None:
    server = FakeOpenAI(context_window=4096)
    try:
        e = engine(server, model="qwen")
        b = brief(LONG, engine=e)
    finally:
        server.close()
    assert e.context_window == 4096
    assert b.meta.chunks >= 3 and b.meta.calls == b.meta.chunks
    for request in server.requests:
        body = request["body"]
        assert prompt_tokens(body) + body["max_tokens"] <= 4096
    assert b.key_facts
    # the fake model writes long answers for long parts: cut at the output limit, salvaged
    assert not b.meta.truncated or "context" not in b.meta.truncated


def test_context_overflow_is_read_from_the_400_and_replanned(seed: Path) -> None:
    server = FakeOpenAI(context_window=4096)
    try:
        e = engine(server, model="qwen", context_window=32768)  # wrong on purpose
        b = brief(LONG, engine=e)
    finally:
        server.close()
    assert e.context_window == 4096
    assert len(server.requests) == b.meta.chunks + 1 and b.meta.chunks >= 3


def test_context_window_option_wins_over_the_server(seed: Path) -> None:
    server = FakeOpenAI(context_window=8192)
    try:
        e = engine(server, model="qwen", context_window=4096)
        brief(LONG, engine=e)
    finally:
        server.close()
    assert e.context_window == 4096


def test_overflow_messages() -> None:
    llama = "request (7404 tokens) exceeds the available context size (4096 tokens), try increasing"
    assert overflow(llama) == (4096, 7404)
    vllm = (
        "This model's maximum context length is 4096 tokens. However, you requested "
        "7404 tokens (6404 in the messages, 1000 in the completion)."
    )
    assert overflow(vllm) == (4096, 7404)
    assert overflow("bad request: unknown field") is None


def test_evidence_not_in_the_article_is_named_in_the_reask(fake_llm, seed: Path) -> None:
    made_up = {
        "bottom_line": "Talks.",
        "key_facts": [
            {"text": "The minister resigned.", "evidence": [FABRICATED]},
            {"text": "Prices rose.", "evidence": ["Prices rose by a record amount last year."]},
        ],
        "open_questions": [],
        "reactions": [],
    }
    fake_llm.script(Step(draft=made_up))
    b = brief(seed, engine=engine(fake_llm))
    assert b.meta.calls == 2
    reask = fake_llm.requests[1]["body"]["messages"][-1]["content"]
    assert FABRICATED in reask and "not in the article" in reask
    assert len(b.key_facts) > 2 and b.meta.evidence.dropped == 0


def test_the_reask_offers_the_nearest_sentence_of_the_article(fake_llm, seed: Path) -> None:
    said = (
        "The article states that Russia has rejected US President Donald Trump's proposal "
        "for a complete ceasefire in Ukraine."
    )
    made_up = {
        "bottom_line": "Russia said no.",
        "key_facts": [{"text": "Russia rejected the ceasefire.", "evidence": [said]}],
        "open_questions": [],
        "reactions": [],
    }
    fake_llm.script(Step(draft=made_up))
    brief(seed, engine=engine(fake_llm))
    reask = fake_llm.requests[1]["body"]["messages"][-1]["content"]
    sentence = (
        "Russia has rejected US President Donald Trump’s proposal for a complete ceasefire in "
        "Ukraine, and the Office of the President (OP) is already aware of this."
    )
    assert f'- "{said}"\n  nearest sentence in the article: "{sentence}"' in reask
    assert load_article(seed).text.count(sentence) == 1


def test_a_worse_reask_does_not_replace_a_better_answer(fake_llm, seed: Path) -> None:
    article = load_article(seed)
    good = article.text.split(". ")[0] + "."
    half = {
        "bottom_line": "Talks.",
        "key_facts": [
            {"text": "Something.", "evidence": [good]},
            {"text": "The minister resigned.", "evidence": [FABRICATED]},
        ],
        "open_questions": [],
        "reactions": [],
    }
    worse = {**half, "key_facts": [half["key_facts"][1]]}
    fake_llm.script(Step(draft=half), Step(draft=worse))
    b = brief(seed, engine=engine(fake_llm))
    assert b.meta.calls == 2 and [f.text for f in b.key_facts] == ["Something."]


def test_each_failed_input_is_named_and_engine_failures_exit_1(fake_llm, seed: Path) -> None:
    other = ROOT / "evals" / "articles" / "sports_final.txt"
    fake_llm.script(*[Step(status=500, error="model crashed")] * 6)
    result = cli(
        "brief", seed, other, "-e", "openai", "--base-url", fake_llm.url, "--no-cache", "-j", "1"
    )
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"briefer: error: {seed}: HTTP 500")
    assert lines[1].startswith(f"briefer: error: {other}: HTTP 500")
    assert "model crashed" in lines[0]


def test_cli_timeout_option(fake_llm, seed: Path) -> None:
    fake_llm.script(Step(stall_after=2, stall=10), Step(stall_after=2, stall=10))
    result = cli("brief", seed, "-e", "openai", "--base-url", fake_llm.url, "--timeout", "0.4")
    assert result.exit_code == 1, result.output
    assert f"{seed}: " in result.stderr and "silent for 0.4 s" in result.stderr


def test_cli_warns_of_a_truncated_briefing(seed: Path) -> None:
    server = FakeOpenAI()
    try:
        full = json.dumps(draft_of(brief(seed, engine=engine(server))))
        server.script(Step(cut_at=full.index('"reactions"') + 80))
        result = cli("brief", seed, "-e", "openai", "--base-url", server.url, "-f", "json")
    finally:
        server.close()
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["meta"]["truncated"]
    assert f"briefer: warning: {seed}: answer cut short" in result.stderr


def test_merged_bottom_line_is_the_parts_most_central() -> None:
    from briefer.engines.llm.chunking import central_line

    lines = [
        "Fog lay over the harbour as the first ships came in.",
        "The wind farm and the new port divide the town of Merrin.",
        "Opponents of the wind farm say the port will not bring jobs to the town.",
    ]
    assert central_line(lines, "A wind farm and a new port divide a town") == lines[1]
    assert central_line(["Same.", "Same."], "") == "Same."


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        ("/props", {"default_generation_settings": {"n_ctx": 4096}, "total_slots": 2}, (4096, 2)),
        (
            "/v1/models",
            {"data": [{"id": "other"}, {"id": "m", "max_model_len": 8192}]},
            (8192, None),
        ),
        ("/api/show", {"model_info": {}, "parameters": "num_ctx 16384\nstop x"}, (16384, None)),
        ("/api/show", {"model_info": {"llama.context_length": 131072}}, (4096, None)),
        ("/nothing", {}, (None, None)),
    ],
    ids=["llama.cpp", "vllm", "ollama", "ollama-default", "unknown"],
)
def test_servers_are_asked_their_context_window(web, path: str, body: dict, expected) -> None:
    from briefer.engines.llm.context import ask_server
    from briefer.engines.llm.transport import Link, Server

    base, routes = web
    routes[path] = ("application/json", json.dumps(body))
    link = Link(Server(f"{base}/v1", "m", "k", 0, 5.0))
    try:
        assert tuple(link.run(ask_server(link.client, f"{base}/v1", "m"))) == expected
    finally:
        link.close()


def test_terminal_progress_shows_streams_and_forgets_them(capsys) -> None:
    from briefer.progress import TerminalProgress

    with TerminalProgress(2, enabled=True) as progress:
        watch = progress.stream("An article")
        watch(12, 2.0, False)
        bar = progress._bar
        assert [t.description for t in bar.tasks] == ["Briefing", "An article"]
        assert bar.tasks[1].fields["info"] == "12 tokens, 6.0 tok/s"
        watch(20, 3.0, True)
        progress.advance()
        assert [t.description for t in bar.tasks] == ["Briefing"] and bar.tasks[0].completed == 1
    quiet = TerminalProgress(2, enabled=False)
    with quiet:
        quiet.stream("x")(1, 1.0, False)
        quiet.advance()
    assert capsys.readouterr().out == ""


def test_subheadings_and_questions_are_not_kept_as_facts(fake_llm, seed: Path) -> None:
    heading = "Humanitarian issues and prisoner exchange"
    asked = "Military and security issues: will NATO’s role change?"
    fact = (
        "One of the main goals of the call was to agree on an unconditional, immediate 30-day "
        "ceasefire in Ukraine."
    )
    draft = {
        "bottom_line": "Russia rejected a full ceasefire.",
        "key_facts": [
            {"text": heading, "evidence": [heading]},
            {"text": asked, "evidence": [asked]},
            {"text": fact, "evidence": [fact]},
        ],
        "open_questions": [],
        "reactions": [],
    }
    assert heading in load_article(seed).text and asked in load_article(seed).text
    fake_llm.script(Step(draft=draft))
    b = brief(seed, engine=engine(fake_llm))
    assert [f.text for f in b.key_facts] == [fact]


def test_a_loop_that_leaves_almost_nothing_is_asked_once_more(fake_llm, seed: Path) -> None:
    """Stopped in a loop after one item, the model is asked again with the loop pointed out
    (an answer that loops after enough items is kept as it is: see the runaway test)."""
    sentence = load_article(seed).text.split(".")[0].strip() + "."
    item = json.dumps({"question": "What is the status?", "evidence": [sentence]}, indent=2)
    loop = ",\n".join([item] * 40)
    looping = '{"bottom_line": "Talks.", "key_facts": [], "open_questions": [' + loop
    fake_llm.script(Step(content=looping), Step())
    b = brief(seed, engine=engine(fake_llm))
    assert b.meta.calls == 2
    reask = fake_llm.requests[1]["body"]["messages"][-1]["content"]
    assert "repeated the same items" in reask
    assert len(b.key_facts) >= 3 and not b.meta.truncated


def test_an_event_with_a_lone_surrogate_escape_is_read() -> None:
    from briefer.engines.llm.runaway import Runaway
    from briefer.engines.llm.transport import Server, _Answer

    answer = _Answer(Runaway(), None, time.monotonic())
    answer.take(b'{"choices":[{"delta":{"content":"ok \\ud83d"}}]}', Server(None, "m", "k", 0, 5))
    assert answer.pieces == ["ok \ud83d"]


def test_several_briefings_share_a_one_slot_server(tmp_path: Path, seed: Path) -> None:
    """Workers waiting for the server's only slot do not hold the turn the others need to
    finish (a deadlock if they did)."""
    from briefer.core import brief_many

    server = FakeOpenAI(context_window=8192, latency=0.05)
    try:
        e = engine(server, model="qwen")
        text = seed.read_text(encoding="utf-8")
        paths = []
        for i in range(4):
            path = tmp_path / f"a{i}.txt"
            path.write_text(f"{text}\n\nThis is copy {i}.", encoding="utf-8")
            paths.append(str(path))
        found: list = []
        worker = threading.Thread(
            target=lambda: found.extend(brief_many(paths, engine=e, concurrency=4)), daemon=True
        )
        worker.start()
        worker.join(60)
        assert not worker.is_alive(), "the workers are deadlocked"
        e.close()
    finally:
        server.close()
    outcomes = found
    assert [o.error for o in outcomes] == [None] * 4
    assert all(o.briefing and o.briefing.key_facts for o in outcomes)


def test_two_engines_share_a_one_slot_server(seed: Path) -> None:
    """Two engines (two briefer runs on one machine) count the server's slots together."""
    server = FakeOpenAI(context_window=8192, latency=0.3)
    try:
        engines = [engine(server, model="qwen") for _ in range(2)]
        crew = [
            threading.Thread(target=brief, args=(str(seed),), kwargs={"engine": e}) for e in engines
        ]
        for thread in crew:
            thread.start()
        for thread in crew:
            thread.join(60)
    finally:
        server.close()
    assert len(server.requests) == 2 and server.most_at_once == 1
