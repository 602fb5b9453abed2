"""A progress bar for long runs: drawn on a terminal once a run looks like taking more than
about a second, so short runs and piped output never see it."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

__all__ = ["SHOW_AFTER", "TrialsProgress"]

#: Seconds a run must look like taking before the bar is drawn.
SHOW_AFTER = 1.0


class TrialsProgress:
    """A ``progress(trials_done)`` callback for ``verify_all``: one bar over every check.

    The engine reports the trials finished within the check it is running; a count that
    does not grow means that the next check has begun. The bar appears once the time so far,
    projected to all trials, reaches ``show_after`` seconds, and is removed when the run ends.

    Args:
        checks: how many derivation x dtype checks the run makes.
        trials: trials per check.
        console: where to draw (a terminal).
        show_after: seconds the whole run must look like taking before the bar is drawn
            (default ``SHOW_AFTER``).
    """

    def __init__(self, checks: int, trials: int, console: Console,
                 show_after: float | None = None) -> None:
        self.checks, self.total = checks, checks * trials
        self.done = 0
        self.shown = False
        self._in_check = 0
        self._show_after = SHOW_AFTER if show_after is None else show_after
        self._start = time.perf_counter()
        self._bar = Progress(TextColumn("verifying {task.fields[checks]} checks"), BarColumn(),
                             TaskProgressColumn(), TextColumn("{task.completed:,.0f} of "
                                                              "{task.total:,.0f} trials"),
                             TimeElapsedColumn(), TimeRemainingColumn(),
                             console=console, transient=True)
        self._task = self._bar.add_task("verify", total=self.total, checks=checks)

    def __call__(self, trials_done: int) -> None:
        new = trials_done - self._in_check if trials_done > self._in_check else trials_done
        self._in_check = trials_done
        self.done = min(self.total, self.done + new)
        if not self.shown and self._projected() >= self._show_after:
            self._bar.start()
            self.shown = True
        self._bar.update(self._task, completed=self.done)

    def _projected(self) -> float:
        """Seconds the whole run will take at the pace so far."""
        return (time.perf_counter() - self._start) * self.total / max(self.done, 1)

    def __enter__(self) -> TrialsProgress:
        self._start = time.perf_counter()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self.shown:
            self._bar.stop()
