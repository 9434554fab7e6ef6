"""A progress bar on stderr for long loads, without a dependency.

On a terminal it redraws one line; elsewhere (CI logs, pipes) it prints a line every tenth of the
work, so logs stay short. Few files need no bar at all.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

FEW_FILES = 5


class Progress:
    def __init__(
        self, total: int, label: str = "files", stream: TextIO | None = None, started: float | None = None
    ) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.done = 0
        self.failed = 0
        self.started = started if started is not None else time.perf_counter()
        self.enabled = total > FEW_FILES
        self.is_tty = self.stream.isatty()
        self._next_report = 0.1

    def advance(self, failed: bool = False) -> None:
        self.done += 1
        self.failed += int(failed)
        if not self.enabled:
            return
        fraction = self.done / self.total
        if self.is_tty:
            width = 30
            filled = int(width * fraction)
            bar = "#" * filled + "." * (width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} {self.label} {self._rate()}")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()
        elif fraction >= self._next_report or self.done == self.total:
            self.stream.write(f"{self.done}/{self.total} {self.label} ({fraction:.0%}) {self._rate()}\n")
            self._next_report = (int(fraction * 10) + 1) / 10

    def _rate(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        failed = f", {self.failed} failed" if self.failed else ""
        return f"{self.done / elapsed:.1f}/s{failed}"
