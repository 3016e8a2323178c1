"""Settings of the Python process itself, made by the code that owns the process (the CLI, a
pool's workers), never by the library on a caller's behalf."""

from __future__ import annotations

import gc

_YOUNG_OBJECTS = 10_000
"""Allocations between two collections of the youngest objects (Python's default: 700)."""


def settle_gc() -> None:
    """Take every object alive now (the modules imported so far, and whatever the caller has
    built, such as an engine) out of the cyclic garbage collector's scans, and collect young
    objects less often.

    A collection stops every thread: with 16 briefings in flight, each full one held them all
    for tens of milliseconds (``benchmarks/bench_openai.py``: 81-82% of the ideal throughput
    before, 84-86% after, alternate runs).
    """
    gc.freeze()
    gc.set_threshold(_YOUNG_OBJECTS, 20, 20)
