"""Briefing in worker processes (``briefer.pool``): the same briefings as threads give, in
input order, with every failure kept to its own input."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefer.article import Article
from briefer.cli import app
from briefer.core import Outcome, brief_many
from briefer.engines import Description
from briefer.engines.offline import OfflineEngine
from briefer.errors import ConfigError, EngineError, InputError
from briefer.models import Briefing
from briefer.pool import BriefingPool
from tests.conftest import OWN_ARTICLES, SEEDS
from tests.fake_openai import FakeOpenAI, Step, engine

ARTICLES = [str(p) for p in [*SEEDS, *OWN_ARTICLES] if "long" not in p.name]


def _content(outcome: Outcome) -> dict[str, object]:
    assert outcome.briefing is not None, outcome.error
    return outcome.briefing.model_dump(exclude={"meta"})


def test_processes_give_the_threads_briefings_in_input_order(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.txt")
    inputs = ARTICLES[:4] + [missing] + [ARTICLES[0]]
    in_threads = brief_many(inputs, engine="offline", concurrency=2)
    seen: list[tuple[str, str]] = []
    in_processes = brief_many(
        inputs,
        engine="offline",
        concurrency=4,
        processes=2,
        on_done=lambda o: seen.append((o.location, threading.current_thread().name)),
    )
    assert [o.location for o in in_processes] == inputs
    for threaded, spread in zip(in_threads, in_processes, strict=True):
        if threaded.error is None:
            assert _content(spread) == _content(threaded)
    failed = in_processes[4]
    assert isinstance(failed.error, InputError) and failed.error.source == missing
    assert sorted(seen) == sorted((i, "MainThread") for i in inputs)


def test_a_pool_serves_several_batches() -> None:
    with BriefingPool("offline", processes=2, concurrency=2) as pool:
        first = pool.brief_many([ARTICLES[0]])
        second = pool.brief_many(ARTICLES[:3])
        processes = [w.process for w in pool._workers]
    assert _content(first[0]) == _content(second[0])
    assert all(o.briefing for o in second)
    assert [p.exitcode for p in processes] == [0, 0]  # they finished; none was terminated
    with pytest.raises(ConfigError, match="closed"):
        pool.brief_many([ARTICLES[0]])


def test_the_llm_engine_is_rebuilt_in_each_process(fake_llm: FakeOpenAI) -> None:
    fake_llm.script(Step(status=400, error="bad request"))  # the first request to arrive
    inputs = ARTICLES[:3]
    outcomes = brief_many(inputs, engine=engine(fake_llm), concurrency=2, processes=2)
    assert len(fake_llm.requests) == 3
    failed = [o for o in outcomes if o.error is not None]
    assert len(failed) == 1 and isinstance(failed[0].error, EngineError)
    assert "bad request" in failed[0].error.message
    assert all(o.briefing and o.briefing.meta.engine == "openai" for o in outcomes if not o.error)


class _Fragile(OfflineEngine):
    """Kills its process on an article whose text says so, or raises what it is told."""

    def brief(self, article: Article) -> Briefing:
        if "DIE" in article.text:
            os._exit(3)
        if "MISCONFIGURED" in article.text:
            raise ConfigError("a setting is wrong")
        return super().brief(article)

    def describe(self) -> Description:
        return Description("fragile")


def _writes(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(SEEDS[0].read_text(encoding="utf-8") + f"\n\n{text}\n", encoding="utf-8")
    return str(path)


def test_a_dying_process_loses_only_its_input(tmp_path: Path) -> None:
    doomed = _writes(tmp_path, "doomed.txt", "DIE")
    inputs = [ARTICLES[1], doomed, ARTICLES[2], ARTICLES[3]]
    outcomes = brief_many(inputs, engine=_Fragile(), concurrency=2, processes=2)
    assert [o.location for o in outcomes] == inputs
    assert outcomes[1].error is not None
    assert outcomes[1].error.message == "the process briefing it died (exit code 3)"
    assert all(o.briefing for i, o in enumerate(outcomes) if i != 1), outcomes


def test_a_pool_goes_on_after_a_worker_dies(tmp_path: Path) -> None:
    """With several threads a worker, a death loses at most the inputs that worker held;
    the pool replaces it, briefs the next batch, and closes promptly."""
    doomed = _writes(tmp_path, "doomed.txt", "DIE")
    with BriefingPool(_Fragile(), processes=2, concurrency=6) as pool:
        outcomes = pool.brief_many([*ARTICLES[:4], doomed, *ARTICLES[:4]])
        again = pool.brief_many(ARTICLES[:5])
        started = time.monotonic()
    assert time.monotonic() - started < 5
    died = [o for o in outcomes if o.error is not None]
    assert outcomes[4] in died and len(died) <= 3  # the doomed input and what its worker held
    assert all("died (exit code 3)" in o.error.message for o in died if o.error)
    assert all(o.briefing for o in again)


def test_a_worker_killed_between_batches_is_replaced() -> None:
    with BriefingPool("offline", processes=2, concurrency=2) as pool:
        pool.brief_many(ARTICLES[:2])
        idle = pool._workers[0].process
        os.kill(idle.pid or 0, signal.SIGKILL)
        idle.join(5)
        outcomes = pool.brief_many(ARTICLES[:4])
    assert all(o.briefing for o in outcomes), outcomes


def test_a_configuration_error_in_a_worker_stops_everything(tmp_path: Path) -> None:
    wrong = _writes(tmp_path, "wrong.txt", "MISCONFIGURED")
    with pytest.raises(ConfigError, match="a setting is wrong"):
        brief_many([ARTICLES[0], wrong], engine=_Fragile(), processes=2)


class _Unpicklable(OfflineEngine):
    def __init__(self) -> None:
        self.lock = threading.Lock()


def test_an_engine_that_cannot_be_copied_is_refused() -> None:
    with pytest.raises(ConfigError, match="cannot be copied to other processes"):
        BriefingPool(_Unpicklable(), processes=2)


def _refuse_to_start() -> OfflineEngine:
    raise ConfigError("no key in this process")


def _exit_at_start() -> OfflineEngine:
    os._exit(5)


class _Rebuilt(OfflineEngine):
    def __init__(self, rebuild: object) -> None:
        self.rebuild = rebuild

    def __reduce__(self) -> tuple[object, ...]:
        return (self.rebuild, ())


def test_an_engine_that_cannot_be_rebuilt_stops_everything() -> None:
    with pytest.raises(ConfigError, match="no key in this process"):
        brief_many(ARTICLES[:2], engine=_Rebuilt(_refuse_to_start), processes=2)
    with pytest.raises(EngineError, match=r"failed to start \(exit code 5\)"):
        brief_many(ARTICLES[:2], engine=_Rebuilt(_exit_at_start), processes=2)


def test_the_cli_reads_stdin_in_its_own_process() -> None:
    text = SEEDS[0].read_text(encoding="utf-8")
    runner = CliRunner()
    spread = runner.invoke(
        app, ["brief", "-", ARTICLES[1], "--processes", "2", "-f", "json"], input=text
    )
    alone = runner.invoke(app, ["brief", "-", "-f", "json"], input=text)
    assert spread.exit_code == 0 and alone.exit_code == 0, spread.output
    first = json.loads(spread.stdout)[0]
    expected = json.loads(alone.stdout)
    assert first["key_facts"] == expected["key_facts"] and first["key_facts"]


@pytest.mark.parametrize("slots_told", [True, False])
def test_the_workers_share_a_servers_slots(slots_told: bool) -> None:
    """A server that says it has one slot (llama.cpp's /props) gets one request at a time
    from all the workers together; one that says nothing gets them all at once."""
    server = FakeOpenAI(latency=0.3, context_window=8192 if slots_told else None)
    try:
        e = engine(server, model="qwen")
        outcomes = brief_many(ARTICLES[:4], engine=e, concurrency=4, processes=2)
    finally:
        server.close()
    assert all(o.briefing for o in outcomes)
    assert (server.most_at_once == 1) is slots_told, server.most_at_once


def test_no_more_processes_than_inputs() -> None:
    """One input is briefed here: an engine that cannot be copied is not even tried."""
    outcomes = brief_many(ARTICLES[:1], engine=_Unpicklable(), processes=4)
    assert outcomes[0].briefing is not None


def test_a_failing_callback_stops_the_pool_and_its_workers() -> None:
    def fail(outcome: Outcome) -> None:
        raise RuntimeError("the progress bar broke")

    pool = BriefingPool("offline", processes=2, concurrency=2)
    processes = [w.process for w in pool._workers]
    with pytest.raises(RuntimeError, match="progress bar"):
        pool.brief_many(ARTICLES[:3], on_done=fail)
    assert all(p.exitcode is not None for p in processes)
    with pytest.raises(ConfigError, match="closed"):
        pool.brief_many(ARTICLES[:1])
