"""Background work for the UI: run a plain function on a QThreadPool, get its result on the GUI thread."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    """One call of `fn(*args)` off the GUI thread; results travel back through Qt signals only."""

    def __init__(self, fn: Callable[..., Any], *args: Any):
        super().__init__()
        self.fn, self.args = fn, args
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn(*self.args)
        except Exception as exc:  # shown to the user as a coded message, never a crash
            self.signals.failed.emit(f"{exc}\n{traceback.format_exc(limit=3)}")
            return
        self.signals.done.emit(result)


_live: set[Task] = set()


def pool(name: str = "default") -> QThreadPool:
    """Named pools: 'render' has one thread (MuPDF is serialised anyway), 'default' the rest."""
    if name == "default":
        return QThreadPool.globalInstance()
    existing = _pools.get(name)
    if existing is None:
        existing = QThreadPool()
        existing.setMaxThreadCount(1)
        _pools[name] = existing
    return existing


_pools: dict[str, QThreadPool] = {}


def submit(fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
           on_error: Callable[[str], None] | None = None, pool_name: str = "default") -> Task:
    """Run fn(*args) in a worker thread; on_done/on_error are called on the GUI thread."""
    task = Task(fn, *args)
    _live.add(task)

    def finish(result: Any) -> None:
        _live.discard(task)
        if on_done:
            on_done(result)

    def fail(message: str) -> None:
        _live.discard(task)
        if on_error:
            on_error(message)

    task.signals.done.connect(finish)
    task.signals.failed.connect(fail)
    pool(pool_name).start(task)
    return task


def wait_all(msecs: int = 10_000) -> None:
    """Wait for background work (tests, closing the window)."""
    QThreadPool.globalInstance().waitForDone(msecs)
    for p in _pools.values():
        p.waitForDone(msecs)
