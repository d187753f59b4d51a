"""Progress for builds that take more than a moment: a bar on a terminal, silence elsewhere."""

from __future__ import annotations

import os
import sys
import time
from typing import Protocol, TextIO

SHOW_AFTER_SECONDS = 0.5
BAR_WIDTH = 28


class Progress(Protocol):
    def step(self, label: str, done: int, total: int) -> None: ...

    def finish(self) -> None: ...


class Silent:
    """For CI, pipes and tests: plain output only."""

    def step(self, label: str, done: int, total: int) -> None:
        pass

    def finish(self) -> None:
        pass


class TerminalBar:
    """One line, redrawn in place; appears only once the build has run for a moment."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.drawn = False

    def step(self, label: str, done: int, total: int) -> None:
        if time.monotonic() - self.started < SHOW_AFTER_SECONDS:
            return
        filled = BAR_WIDTH * done // max(total, 1)
        self.stream.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {label} {done}/{total}\x1b[K")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def for_terminal(stream: TextIO | None = None) -> Progress:
    """A bar on an interactive terminal; silent in CI, when piped, or with TERM=dumb.
    The stream is looked up at the call, not at import: sys.stderr may have been replaced since."""
    stream = sys.stderr if stream is None else stream
    interactive = stream.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
    return TerminalBar(stream) if interactive else Silent()
