"""A server's slots, counted by every process on the machine (``briefer.engines.llm.slots``)."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from pathlib import Path

import pytest

from briefer.engines.llm.slots import Slots

_URL = "http://127.0.0.1:9/v1"


def _hold_in_turns(tag: str, log: str, home: str, start: float) -> None:
    """Two threads that each take the slot three times, writing when they hold it."""
    os.environ["BRIEFER_HOME"] = home
    slots = Slots(_URL, 1)
    while time.time() < start:
        time.sleep(0.005)

    def turns() -> None:
        for _ in range(3):
            with slots.hold():
                with open(log, "a", encoding="utf-8") as out:
                    out.write(f"{tag} in {time.time()}\n")
                time.sleep(0.05)
                with open(log, "a", encoding="utf-8") as out:
                    out.write(f"{tag} out {time.time()}\n")

    crew = [threading.Thread(target=turns) for _ in range(2)]
    for thread in crew:
        thread.start()
    for thread in crew:
        thread.join()


def test_processes_take_a_one_slot_server_in_turns(tmp_path: Path) -> None:
    log = tmp_path / "log"
    spawn = multiprocessing.get_context("spawn")
    start = time.time() + 1.5  # both started
    crew = [
        spawn.Process(target=_hold_in_turns, args=(tag, str(log), str(tmp_path), start))
        for tag in "AB"
    ]
    for process in crew:
        process.start()
    for process in crew:
        process.join(30)
    events = log.read_text(encoding="utf-8").split("\n")[:-1]
    assert len(events) == 24
    holding, most = 0, 0
    for event in events:
        holding += 1 if " in " in event else -1
        most = max(most, holding)
    assert most == 1
    first = [e.split()[0] for e in events if " in " in e][:4]
    assert set(first) == {"A", "B"}, first  # neither process keeps the slot for itself


def test_without_a_folder_to_share_the_limit_is_this_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BRIEFER_HOME", str(blocked))
    slots = Slots(_URL, 1)
    with slots.hold():
        assert not slots._here.acquire(blocking=False)
    assert slots._here.acquire(blocking=False)
