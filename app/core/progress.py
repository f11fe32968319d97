"""Progress reporting and cancellation for long jobs (CLI and GUI drive the same functions)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Progress:
    """A snapshot of a job: what stage, how far, how fast."""

    stage: str
    done: int
    total: int
    files_done: int = 0
    files_total: int = 0
    current: str = ""
    started: float = field(default_factory=time.monotonic)

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        rate = self.rate
        if rate <= 0 or self.total <= self.done:
            return None
        return (self.total - self.done) / rate


ProgressFn = Callable[[Progress], None]


def no_progress(_: Progress) -> None:
    """A progress callback that ignores everything."""


class Cancelled(Exception):
    """Raised inside a job when its CancelToken was set; work done so far is kept."""


class CancelToken:
    """Set from any thread; jobs call check() at least once per page."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()
