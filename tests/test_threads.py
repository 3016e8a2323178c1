"""Worker pools hand the GIL over briskly while they run, and restore Python's setting."""

from __future__ import annotations

import sys
import threading

from briefer.threads import HANDOVER, brisk_handover


def test_handover_is_brisk_inside_and_restored_after_the_last_pool() -> None:
    before = sys.getswitchinterval()
    with brisk_handover(4):
        assert sys.getswitchinterval() == min(before, HANDOVER)
        with brisk_handover(2):  # a pool inside a pool (a digest briefing in parallel)
            pass
        assert sys.getswitchinterval() == min(before, HANDOVER)
    assert sys.getswitchinterval() == before


def test_one_worker_changes_nothing() -> None:
    before = sys.getswitchinterval()
    with brisk_handover(1):
        assert sys.getswitchinterval() == before


def test_pools_in_several_threads_restore_the_setting_once_all_end() -> None:
    before = sys.getswitchinterval()
    started, release = threading.Barrier(3), threading.Event()

    def pool() -> None:
        with brisk_handover(8):
            started.wait()
            release.wait()

    threads = [threading.Thread(target=pool) for _ in range(2)]
    for t in threads:
        t.start()
    started.wait()
    assert sys.getswitchinterval() == min(before, HANDOVER)
    release.set()
    for t in threads:
        t.join()
    assert sys.getswitchinterval() == before
