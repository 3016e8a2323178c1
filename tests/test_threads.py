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


def test_turns_let_one_thread_run_and_a_waiting_thread_gives_its_turn_up() -> None:
    from briefer.threads import Turns

    turns = Turns()
    order: list[str] = []
    waiting, done = threading.Event(), threading.Event()

    def first() -> None:
        with turns.turn():
            order.append("first computes")
            with turns.away():  # waits on the server: the other may compute meanwhile
                waiting.set()
                done.wait(5)
            order.append("first computes again")

    def second() -> None:
        waiting.wait(5)
        with turns.turn(), turns.turn():  # taken again by its holder: no deadlock
            order.append("second computes")
        done.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert order == ["first computes", "second computes", "first computes again"]


def test_away_without_the_turn_changes_nothing() -> None:
    from briefer.threads import Turns

    turns = Turns()
    with turns.away():
        with turns.turn():  # the turn is free
            pass
