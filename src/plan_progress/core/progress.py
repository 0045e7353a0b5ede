"""A one-line progress display on stderr, for long runs on a terminal only.

Nothing is shown when stderr is not a terminal (logs, pipes, tests) or before a run has
taken `delay` seconds, so short runs and machine-read output stay exactly as they were.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(
        self, total: int, label: str, stream: TextIO | None = None, delay: float = 2.0
    ) -> None:
        self.total, self.label, self.delay = total, label, delay
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty()
        self.start = time.monotonic()
        self.last_draw = 0.0
        self.shown = False

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        elapsed = now - self.start
        # Redraw at most ten times a second: drawing must not cost more than the work.
        if elapsed < self.delay or (now - self.last_draw < 0.1 and done < self.total):
            return
        self.last_draw, self.shown = now, True
        percent = 100 * done // max(self.total, 1)
        self.stream.write(f"\r{self.label} {done}/{self.total} ({percent}%) {elapsed:.0f}s\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
