"""Worker threads that wait on the network while others check evidence."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

HANDOVER = 0.0005
"""Seconds a thread may hold the GIL while others wait for it, with workers running."""

_lock = threading.Lock()
_active = 0
_before = 0.0


@contextmanager
def brisk_handover(workers: int) -> Iterator[None]:
    """While ``workers`` threads run, have Python hand the GIL over every 0.5 ms, not 5 ms.

    A thread reading a streamed answer needs the GIL for every chunk it reads; one checking
    evidence holds it for the whole switch interval. Measured with 16 briefings in flight
    against a loopback server answering in 500 ms: 60-65% of the ideal rate at Python's
    default 5 ms, 76-77% at 0.5 ms (``benchmarks/bench_openai.py``). The setting is the
    process's own, so it is restored when the last pool using it ends.
    """
    global _active, _before
    if workers <= 1:
        yield
        return
    with _lock:
        if _active == 0:
            _before = sys.getswitchinterval()
            sys.setswitchinterval(min(_before, HANDOVER))
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                sys.setswitchinterval(_before)


class Turns:
    """One thread at a time runs an engine's own Python; a thread waiting on the server
    gives its turn up.

    The GIL lets one thread run at a time anyway; but sixteen threads checking evidence
    while answers stream in hand it to one another every switch interval, each handover
    waking a thread only to put another to sleep, and the thread reading the streams waits
    behind all of them. Taking turns, one worker computes while the others wait on a lock
    that costs nothing, and the reader gets the GIL back at every handover.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._mine = threading.local()

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Hold the turn (again, if this thread already does)."""
        if getattr(self._mine, "held", False):
            yield
            return
        with self._lock:
            self._mine.held = True
            try:
                yield
            finally:
                self._mine.held = False

    @contextmanager
    def away(self) -> Iterator[None]:
        """Give the turn up for a wait (if this thread holds it), and take it back after."""
        if not getattr(self._mine, "held", False):
            yield
            return
        self._mine.held = False
        self._lock.release()
        try:
            yield
        finally:
            self._lock.acquire()
            self._mine.held = True
