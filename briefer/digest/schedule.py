"""Run digests on a cron schedule in the foreground, surviving failed runs."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime


def next_run(cron: str, after: datetime) -> datetime:
    """The first time after ``after`` that ``cron`` fires."""
    from cronsim import CronSim

    return next(CronSim(cron, after.replace(second=0, microsecond=0)))


def run_every(
    cron: str,
    job: Callable[[], None],
    on_error: Callable[[Exception], None],
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC).astimezone(),
    sleep: Callable[[float], None] = time.sleep,
    runs: int | None = None,
) -> None:
    """Call ``job`` each time ``cron`` fires (in local time), until interrupted (or
    ``runs`` times).

    A failing run is reported through ``on_error`` and the schedule goes on.
    """
    done = 0
    while runs is None or done < runs:
        due = next_run(cron, now())
        while (wait := (due - now()).total_seconds()) > 0:
            sleep(min(wait, 60.0))
        try:
            job()
        except Exception as exc:  # the schedule must outlive a bad run
            on_error(exc)
        done += 1
