"""Every source test runs under a wall-clock alarm: hostile input must never make a reader hang."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from types import FrameType

import pytest

SECONDS_PER_TEST = 30


class Hung(Exception):
    """Raised by the alarm; a test that sees it has found a reader that does not terminate."""


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def _alarm(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"test still running after {SECONDS_PER_TEST}s: a reader hangs")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS_PER_TEST)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
