"""A server's parallel slots, shared by every thread and process on this machine that briefs
with it.

A llama.cpp server with one slot queues a second request without sending a byte, and a
queued request looks like a silent one. An engine already waits for a free slot among its
own threads; with a pool's worker processes, or two ``briefer`` runs at once, each would count
its own. Here slot *i* of a server is an exclusive lock on a file of its own under briefer's
home, so all of them count together; the lock goes with the process that held it.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from briefer.errors import ConfigError
from briefer.paths import home

try:
    import fcntl
except ImportError:  # Windows: this process's own limit only
    fcntl = None  # type: ignore[assignment]

_WAIT = (0.05, 0.5)
"""Seconds between two looks for a free slot: first, and at most (a request takes seconds)."""


class Slots:
    """At most ``count`` requests at once to the server at ``url``."""

    def __init__(self, url: str, count: int) -> None:
        self._here = threading.BoundedSemaphore(count)  # this process's threads wait here
        self._turn = itertools.count()
        self._paths: list[Path] = []
        self._gate: Path | None = None
        if fcntl is None:
            return
        try:
            folder = home() / "slots"
            folder.mkdir(exist_ok=True)
        except (ConfigError, OSError):
            return  # nowhere to share them: this process's limit only
        key = hashlib.sha256(url.encode()).hexdigest()[:16]
        self._paths = [folder / f"{key}-{count}-{i}" for i in range(count)]
        # Claimants take turns at the gate, whatever their process: without it, a thread
        # of the process that frees a slot takes it back before another process looks.
        self._gate = folder / f"{key}-{count}-gate"

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Wait for a free slot and hold it for the block."""
        with self._here:
            held = self._claim()
            try:
                yield
            finally:
                if held is not None:
                    os.close(held)  # releases the lock

    def _claim(self) -> int | None:
        """A file descriptor holding the lock of a free slot; None when the files cannot
        be used (then only this process's limit applies)."""
        if self._gate is None:
            return None
        try:
            gate = _locked(self._gate, wait=True)
        except OSError:
            return None
        try:
            if len(self._paths) == 1:  # the kernel wakes us when it is free
                return _locked(self._paths[0], wait=True)
            pause = _WAIT[0]
            while True:
                start = next(self._turn) % len(self._paths)
                for path in self._paths[start:] + self._paths[:start]:
                    held = _locked(path, wait=False)
                    if held is not None:
                        return held
                time.sleep(pause)
                pause = min(2 * pause, _WAIT[1])
        except OSError:
            return None
        finally:
            if gate is not None:
                os.close(gate)


def _locked(path: Path, wait: bool) -> int | None:
    """A file descriptor holding an exclusive lock on ``path``, or None when another holds
    it and ``wait`` is false.

    Raises:
        OSError: the file cannot be opened or locked (a read-only or network folder).
    """
    held = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(held, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(held)
        return None
    except OSError:
        os.close(held)
        raise
    return held
