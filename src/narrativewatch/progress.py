"""Progress output for long jobs, on stderr: a live line on a terminal, a line every
few seconds otherwise (CI logs), nothing when disabled."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


class Progress:
    def __init__(
        self, enabled: bool = True, stream: TextIO | None = None, interval: float = 5.0
    ) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.interval = interval
        self._live = self.stream.isatty()

    def track(self, items: Iterable[T], label: str) -> Iterator[T]:
        """Yield ``items``, reporting how many were done and the rate."""
        started = last = time.monotonic()
        count = 0
        for item in items:
            yield item
            count += 1
            now = time.monotonic()
            if self.enabled and (self._live or now - last >= self.interval):
                last = now
                rate = count / max(now - started, 1e-9)
                end = "\r" if self._live else "\n"
                print(
                    f"{label}: {count} items, {rate:.1f}/s", end=end, file=self.stream, flush=True
                )
        if self.enabled:
            elapsed = time.monotonic() - started
            print(f"{label}: {count} items in {elapsed:.1f} s" + " " * 10, file=self.stream)
