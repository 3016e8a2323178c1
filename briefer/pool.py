"""Briefing in several processes at once.

Threads keep many briefings in flight, but their Python work (parsing the answer, grounding
it, the evidence check) takes turns on one interpreter lock. A ``BriefingPool`` starts worker
processes (``briefer.pool_worker``), each rebuilding the caller's engine from its pickle and
briefing its share of the inputs on threads of its own. The pool hands each worker a new
input whenever one of its threads is free, over a pipe of the worker's own: the pool always
knows what each worker holds, a worker that dies loses only the inputs it held, and a worker
whose pool dies sees its pipe close and exits.

Each process has its own connections and cache handle; a server's slots are counted by all
of them together (``briefer.engines.llm.slots``). The workers are spawned, not forked, so a
script that makes a pool needs Python's usual ``if __name__ == "__main__":`` guard around it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Any

from briefer.article import load_article
from briefer.core import Outcome
from briefer.engines import Engine, get_engine
from briefer.errors import ConfigError, EngineError, InputError
from briefer.pool_worker import Message, Task, serve

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

_POLL = 0.2
"""Seconds between checks that the workers are alive while waiting for their messages."""
_CLOSING = 10.0
"""Seconds the workers get to finish and exit when the pool closes."""
_MOST = 61 if sys.platform == "win32" else 1024
"""Workers a pool can wait on (Windows waits on at most 63 handles at once)."""


@dataclass
class _Worker:
    process: BaseProcess
    pipe: Connection
    threads: int
    ready: bool = False
    held: set[int] = field(default_factory=set)
    """The inputs sent to it and not yet done."""


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
        """``processes`` defaults to the number of CPUs (never more than ``concurrency``);
        ``concurrency`` briefings are in flight at once, shared among them."""
        chosen = get_engine(engine) if isinstance(engine, str) else engine
        try:
            # The LLM engine's pickle holds its API key: it goes down the workers' pipes only.
            self._recipe = pickle.dumps(chosen)
        except Exception as exc:
            raise ConfigError(
                f"the {chosen.name} engine cannot be copied to other processes "
                f"({type(exc).__name__}); brief with one process"
            ) from None
        finally:
            if isinstance(engine, str):
                chosen.close()
        concurrency = max(1, concurrency)
        count = max(1, min(processes or _cpus(), concurrency, _MOST))
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded process
        self._busy = threading.Lock()
        self._closed = False
        self._workers: list[_Worker] = []
        try:
            for n in range(count):  # concurrency 5 on 2 processes: 3 + 2 threads
                self._workers.append(self._start(concurrency // count + (n < concurrency % count)))
        except BaseException:
            self._stop()
            raise

    def __enter__(self) -> BriefingPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def brief_many(
        self, locations: Sequence[str], on_done: Callable[[Outcome], None] | None = None
    ) -> list[Outcome]:
        """Brief ``locations``; as ``briefer.core.brief_many``. ``-`` (stdin) is read here,
        as the workers have no stdin."""
        with self._busy:
            if self._closed:
                raise ConfigError("the briefing pool is closed")
            try:
                return self._run(locations, on_done)
            except BaseException:
                self._stop()  # inputs may be left with the workers: the pool cannot be reused
                raise

    def close(self) -> None:
        """Let the workers finish and exit (idempotent)."""
        with self._busy:
            if self._closed:
                return
            for worker in self._workers:
                with contextlib.suppress(OSError):
                    worker.pipe.send(None)
            deadline = time.monotonic() + _CLOSING
            for worker in self._workers:
                worker.process.join(max(0.0, deadline - time.monotonic()))
            self._stop()

    def _run(
        self, locations: Sequence[str], on_done: Callable[[Outcome], None] | None
    ) -> list[Outcome]:
        outcomes: list[Outcome | None] = [None] * len(locations)
        waiting: deque[Task] = deque()

        def record(index: int, outcome: Outcome) -> None:
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
            waiting.append(Task(index, location, article))
        started = False

        def deal() -> None:
            """Hand waiting inputs to the least busy workers, once all have started: a death
            loses fewer, and the cores share the work."""
            nonlocal started
            started = started or all(w.ready for w in self._workers)
            while waiting and started:
                free = [w for w in self._workers if w.ready and len(w.held) < w.threads]
                if not free:
                    return
                worker = min(free, key=lambda w: len(w.held) / w.threads)
                task = waiting.popleft()
                worker.held.add(task.place)
                with contextlib.suppress(OSError):  # it died: seen on the next round
                    worker.pipe.send(task)

        while any(o is None for o in outcomes):
            for slot, worker in enumerate(self._workers):
                if worker.process.exitcode is not None:  # before it is given anything
                    self._workers[slot] = self._replace(worker, locations, record)
            deal()
            for ready in wait([w.pipe for w in self._workers], timeout=_POLL):
                worker = next(w for w in self._workers if w.pipe is ready)
                message = _received(worker.pipe)
                if message is None:  # its pipe closed: it died (seen above)
                    continue
                if message.kind == "done":
                    worker.held.discard(message.place)
                    deal()  # its next input goes out before this outcome is read
                self._take(worker, message, locations, record)
        return [o for o in outcomes if o is not None]

    def _take(
        self,
        worker: _Worker,
        message: Message,
        locations: Sequence[str],
        record: Callable[[int, Outcome], None],
    ) -> None:
        """Act on a worker's message."""
        if message.kind == "ready":
            worker.ready = True
            return
        result = _unpickled(message.payload)
        if message.kind == "fatal" and isinstance(result, BaseException):
            raise result  # a configuration error stops everything
        worker.held.discard(message.place)
        if isinstance(result, EngineError):  # the outcome was lost on the way
            result = Outcome(locations[message.place], None, result)
        record(message.place, result)

    def _replace(
        self, dead: _Worker, locations: Sequence[str], record: Callable[[int, Outcome], None]
    ) -> _Worker:
        """A new worker for one that died; the inputs it held are lost."""
        while dead.pipe.poll() and (message := _received(dead.pipe)) is not None:
            self._take(dead, message, locations, record)  # its last words come first
        dead.pipe.close()
        code = dead.process.exitcode
        if not dead.ready:  # died rebuilding the engine: a new one would too
            raise EngineError(f"a briefing process failed to start (exit code {code})")
        for index in sorted(dead.held):
            error = EngineError(f"the process briefing it died (exit code {code})")
            record(index, Outcome(locations[index], None, error))
        return self._start(dead.threads)

    def _start(self, threads: int) -> _Worker:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(
            target=serve,
            args=(self._recipe, threads, theirs),
            name="briefer-worker",
            daemon=True,
        )
        with _no_interrupts():
            process.start()
        theirs.close()  # the worker's copy is the only one left: its death closes the pipe
        return _Worker(process, mine, threads)

    def _stop(self) -> None:
        self._closed = True
        for worker in self._workers:
            if worker.process.exitcode is None:
                worker.process.terminate()
            worker.process.join(timeout=_CLOSING)
            worker.pipe.close()


@contextlib.contextmanager
def _no_interrupts() -> Iterator[None]:
    """Start workers that ignore Ctrl-C from their first instruction (they inherit it), not
    only once their imports are done: the pool decides what an interrupt stops."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _cpus() -> int:
    """The CPUs this process may run on (fewer than the machine's in a container)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _received(pipe: Connection) -> Message | None:
    """A worker's next message, or None when its end of the pipe is closed."""
    try:
        message: Message = pipe.recv()
    except (EOFError, OSError):
        return None
    return message


def _unpickled(payload: bytes) -> Any:
    try:
        return pickle.loads(payload)
    except Exception as exc:
        return EngineError(f"its result could not be read back ({type(exc).__name__})")
