"""Briefing in several processes at once.

Threads keep many briefings in flight, but their Python work (parsing the answer, grounding
it, the evidence check) takes turns on one interpreter lock. A ``BriefingPool`` starts worker
processes, each rebuilding the caller's engine from its pickle and keeping its share of the
briefings in flight on threads of its own; the inputs wait in one queue, so a process that
finishes early takes the next.

Each process has its own connections and cache handle; a server's slots are counted by all
of them together (``briefer.engines.llm.slots``). The workers are spawned, not forked, so a
script that makes a pool needs Python's usual ``if __name__ == "__main__":`` guard around it.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Any, cast

from briefer.article import load_article
from briefer.core import Outcome, outcome_of
from briefer.engines import Engine, get_engine
from briefer.errors import BrieferError, ConfigError, EngineError, InputError
from briefer.runtime import settle_gc

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

_POLL = 0.2
"""Seconds between checks that the workers are alive while waiting for results."""


class BriefingPool:
    """Worker processes that brief inputs with copies of one engine; reuse it for several
    batches to pay the processes' start-up once.

    >>> with BriefingPool("offline", processes=2, concurrency=8) as pool:  # doctest: +SKIP
    ...     outcomes = pool.brief_many(paths)
    """

    def __init__(
        self,
        engine: str | Engine = "auto",
        *,
        processes: int | None = None,
        concurrency: int = 4,
    ) -> None:
        """``processes`` defaults to the number of CPUs; ``concurrency`` briefings are in
        flight at once, shared among them."""
        chosen = get_engine(engine) if isinstance(engine, str) else engine
        try:
            self._recipe = pickle.dumps(chosen)
        except Exception as exc:
            raise ConfigError(
                f"the {chosen.name} engine cannot be copied to other processes "
                f"({type(exc).__name__}); brief with one process"
            ) from None
        finally:
            if isinstance(engine, str):
                chosen.close()
        self._count = max(1, processes or os.cpu_count() or 1)
        self._threads = max(1, math.ceil(max(1, concurrency) / self._count))
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded process
        self._tasks: Any = self._context.Queue()
        # One pipe back from each worker, written at once (a queue's feeder thread would die
        # with its process, and the messages it held with it).
        self._workers: list[tuple[BaseProcess, Connection]] = [
            self._start() for _ in range(self._count)
        ]
        self._busy = threading.Lock()
        self._closed = False

    def __enter__(self) -> BriefingPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def brief_many(
        self, locations: Sequence[str], on_done: Callable[[Outcome], None] | None = None
    ) -> list[Outcome]:
        """Brief ``locations``; as ``briefer.core.brief_many``. ``-`` (stdin) is read here,
        as the workers have no stdin."""
        if self._closed:
            raise ConfigError("the briefing pool is closed")
        with self._busy:
            try:
                return self._run(locations, on_done)
            except BaseException:
                self._stop()  # tasks may be left in the queue: the pool cannot be reused
                raise

    def close(self) -> None:
        """Let the workers finish and exit (idempotent)."""
        if self._closed:
            return
        self._closed = True
        for _ in range(self._count * self._threads):
            self._tasks.put(None)
        for worker, _ in self._workers:
            worker.join(timeout=10)
        self._stop()

    def _run(
        self, locations: Sequence[str], on_done: Callable[[Outcome], None] | None
    ) -> list[Outcome]:
        outcomes: list[Outcome | None] = [None] * len(locations)
        taken: dict[int, set[int]] = {}  # a worker's pid -> the inputs it is briefing

        def record(index: int, outcome: Outcome) -> None:
            if outcomes[index] is None:  # a dead worker's last words may come after its death
                outcomes[index] = outcome
                if on_done is not None:
                    on_done(outcome)

        for index, location in enumerate(locations):
            article = None
            if location == "-":
                try:
                    article = load_article("-")
                except InputError as exc:
                    record(index, Outcome(location, None, exc))
                    continue
            self._tasks.put((index, location, article))
        while any(o is None for o in outcomes):
            for ready in wait([reader for _, reader in self._workers], timeout=_POLL):
                message = _received(cast("Connection", ready))
                if message is not None:  # None: a dead worker, dealt with below
                    self._take(message, locations, taken, record)
            for slot, (worker, reader) in enumerate(self._workers):
                if worker.exitcode is None:
                    continue
                # its last words are in the pipe: read them first
                while reader.poll() and (message := _received(reader)) is not None:
                    self._take(message, locations, taken, record)
                theirs = taken.pop(worker.pid or -1, set())
                if not theirs:  # died before taking anything: a new one would too
                    code = worker.exitcode
                    raise EngineError(f"a briefing process failed to start (exit code {code})")
                for index in theirs:
                    error = EngineError(
                        f"the process briefing it died (exit code {worker.exitcode})"
                    )
                    record(index, Outcome(locations[index], None, error))
                reader.close()
                self._workers[slot] = self._start()
        return [o for o in outcomes if o is not None]

    @staticmethod
    def _take(
        message: tuple[str, int, Any],
        locations: Sequence[str],
        taken: dict[int, set[int]],
        record: Callable[[int, Outcome], None],
    ) -> None:
        """Act on a worker's message: it took an input, or it is done with one."""
        kind, index, payload = message
        if kind == "took":
            taken.setdefault(payload, set()).add(index)
            return
        for mine in taken.values():
            mine.discard(index)
        result = _unpickled(payload)
        if kind == "fatal" and isinstance(result, BrieferError):
            raise result  # a configuration error stops everything
        if isinstance(result, EngineError):  # the outcome was lost on the way
            result = Outcome(locations[index], None, result)
        record(index, result)

    def _start(self) -> tuple[BaseProcess, Connection]:
        reader, writer = self._context.Pipe(duplex=False)
        worker = self._context.Process(
            target=_serve,
            args=(self._recipe, self._threads, self._tasks, writer),
            name="briefer-worker",
            daemon=True,
        )
        worker.start()
        writer.close()  # the worker's copy is the only one: its death ends the pipe
        return worker, reader

    def _stop(self) -> None:
        self._closed = True
        for worker, reader in self._workers:
            if worker.exitcode is None:
                worker.terminate()
            worker.join(timeout=10)
            reader.close()
        self._tasks.cancel_join_thread()
        self._tasks.close()


def _received(reader: Connection) -> tuple[str, int, Any] | None:
    """A worker's next message, or None when its end of the pipe is closed."""
    try:
        message: tuple[str, int, Any] = reader.recv()
    except (EOFError, OSError):
        return None
    return message


def _unpickled(payload: bytes) -> Any:
    try:
        result = pickle.loads(payload)
    except Exception as exc:
        return EngineError(f"its result could not be read back ({type(exc).__name__})")
    return result


def _pickled(result: object) -> bytes:
    """``result`` as bytes, pickled here where a failure can still be reported (the queue
    would pickle it in a thread of its own, print the error and drop the result)."""
    try:
        return pickle.dumps(result)
    except Exception as exc:
        lost = EngineError(f"its result could not be sent back ({type(exc).__name__})")
        return pickle.dumps(lost)


def _serve(recipe: bytes, threads: int, tasks: Any, results: Connection) -> None:
    """A worker process: brief what comes from ``tasks`` on ``threads`` threads, until each
    thread takes a ``None``, and tell ``results`` of each input taken and done."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the caller decides what an interrupt stops
    pid = os.getpid()
    sending = threading.Lock()

    def send(message: tuple[str, int, Any]) -> None:
        with sending:
            results.send(message)

    try:
        engine: Engine = pickle.loads(recipe)
    except BrieferError as exc:
        send(("fatal", -1, _pickled(exc)))
        return
    settle_gc()

    def work() -> None:
        while (task := tasks.get()) is not None:
            index, location, article = task
            send(("took", index, pid))
            try:
                message = ("done", index, _pickled(outcome_of(location, engine, article)))
            except BrieferError as exc:
                message = ("fatal", index, _pickled(exc))
            send(message)

    crew = [threading.Thread(target=work, name=f"briefer-{n}") for n in range(threads)]
    for thread in crew:
        thread.start()
    for thread in crew:
        thread.join()
    with contextlib.suppress(Exception):
        engine.close()
