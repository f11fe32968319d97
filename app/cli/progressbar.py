"""A terminal progress bar for jobs: files, pages, pages/s, ETA; quiet when not a terminal."""

from __future__ import annotations

import signal
import sys
import time
from contextlib import contextmanager

from app.core.progress import CancelToken, Progress


class TerminalProgress:
    def __init__(self, stream=None, min_interval: float = 0.1):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.min_interval = min_interval
        self._last = 0.0
        self._last_line_len = 0

    def __call__(self, p: Progress) -> None:
        now = time.monotonic()
        final = p.total and p.done >= p.total
        if now - self._last < self.min_interval and not final:
            return
        self._last = now
        eta = p.eta_s
        width = 30
        filled = int(width * p.fraction)
        bar = "#" * filled + "-" * (width - filled)
        files = f" files {p.files_done}/{p.files_total} " if p.files_total else ""
        line = (f"{p.stage:<8} [{bar}]{files} pages {p.done}/{p.total}"
                f"  {p.rate:6.1f} p/s  ETA {'--' if eta is None else f'{eta:5.0f}s'}")
        if self.tty:
            pad = max(0, self._last_line_len - len(line))
            self.stream.write("\r" + line + " " * pad)
            self._last_line_len = len(line)
        elif final or now - getattr(self, "_last_plain", 0.0) > 5:
            self._last_plain = now
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self._last_line_len:
            self.stream.write("\n")
            self.stream.flush()


@contextmanager
def first_ctrl_c_cancels(cancel: CancelToken):
    """Inside: the first Ctrl-C sets `cancel` (the job finishes its page and stops cleanly), a second one
    interrupts as usual; the previous handler is back afterwards."""
    previous = signal.getsignal(signal.SIGINT)

    def on_sigint(signum, frame):
        cancel.cancel()
        signal.signal(signal.SIGINT, previous)

    signal.signal(signal.SIGINT, on_sigint)
    try:
        yield cancel
    finally:
        signal.signal(signal.SIGINT, previous)
