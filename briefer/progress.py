"""Progress on stderr, when it is a terminal: a bar over the inputs, and the tokens of each
model answer as they stream in (count and rate), so that a slow local model is seen working."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable


class TerminalProgress:
    """Shows nothing unless stderr is a terminal; use as a context manager."""

    def __init__(self, total: int, enabled: bool | None = None) -> None:
        self.total = total
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> TerminalProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TextColumn("{task.fields[info]}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            if self.total > 1:
                self._task = self._bar.add_task("Briefing", total=self.total, info="")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def advance(self, _: object = None) -> None:
        """One more input is done."""
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, info=f"{self._done()}/{self.total}")

    def stream(self, label: str) -> Callable[[int, float, bool], None]:
        """A watcher for one streamed answer: told (tokens, seconds, finished)."""
        task: Any = None

        def watch(tokens: int, seconds: float, finished: bool) -> None:
            nonlocal task
            bar = self._bar
            if bar is None:
                return
            if finished:
                if task is not None:
                    bar.remove_task(task)
                return
            rate = f", {tokens / seconds:.1f} tok/s" if seconds > 0 else ""
            info = f"{tokens} tokens{rate}"
            if task is None:
                task = bar.add_task(label, total=None, info=info)
            else:
                bar.update(task, info=info)

        return watch

    def _done(self) -> int:
        return int(self._bar.tasks[0].completed) if self._bar is not None else 0
