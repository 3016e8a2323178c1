"""The worker process of a ``briefer.pool.BriefingPool``: rebuild the engine, then brief what
the pool sends, on a few threads, and send each outcome back."""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import threading
from typing import TYPE_CHECKING, Literal, NamedTuple

from briefer.core import outcome_of
from briefer.errors import BrieferError, ConfigError, EngineError, one_line
from briefer.runtime import settle_gc

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from briefer.article import Article
    from briefer.engines import Engine


class Task(NamedTuple):
    """An input to brief: its place in the batch, its location, and the article when the
    pool read it already (stdin)."""

    place: int
    location: str
    article: Article | None


class Message(NamedTuple):
    """What a worker tells the pool: it is ready; or it is done with an input (``payload``:
    the pickled ``Outcome``, or the pickled configuration error that stops everything)."""

    kind: Literal["ready", "done", "fatal"]
    place: int = -1
    payload: bytes = b""


def serve(recipe: bytes, threads: int, pipe: Connection) -> None:
    """Brief the tasks that come down ``pipe`` on ``threads`` threads, until a ``None``
    comes, or the pool's end of the pipe closes (the pool is gone: stop at once)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the pool decides what an interrupt stops
    sending = threading.Lock()

    def send(message: Message) -> None:
        with sending, contextlib.suppress(OSError):  # the pool is gone
            pipe.send(message)

    try:
        engine: Engine = pickle.loads(recipe)
    except BrieferError as exc:
        send(Message("fatal", payload=pickled(exc)))
        return
    except Exception as exc:  # e.g. an engine class this process cannot import
        error = ConfigError(f"a worker could not rebuild the engine ({_said(exc)})")
        send(Message("fatal", payload=pickled(error)))
        return
    settle_gc()
    tasks: queue.Queue[Task | None] = queue.Queue()

    def work() -> None:
        while (task := tasks.get()) is not None:
            try:
                outcome = outcome_of(task.location, engine, task.article)
                message = Message("done", task.place, pickled(outcome))
            except BrieferError as exc:
                message = Message("fatal", task.place, pickled(exc))
            send(message)

    crew = [threading.Thread(target=work, name=f"briefer-{n}") for n in range(threads)]
    for thread in crew:
        thread.start()
    send(Message("ready"))
    while True:
        try:
            task = pipe.recv()
        except (EOFError, OSError):
            os._exit(1)  # the pool died: nobody wants the outcomes in flight
        if task is None:
            break
        tasks.put(task)
    for _ in crew:
        tasks.put(None)
    for thread in crew:
        thread.join()
    with contextlib.suppress(Exception):
        engine.close()


def pickled(result: object) -> bytes:
    """``result`` as bytes, pickled here where a failure can still be reported."""
    try:
        return pickle.dumps(result)
    except Exception as exc:
        return pickle.dumps(EngineError(f"its result could not be sent back ({_said(exc)})"))


def _said(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {one_line(exc)}"
