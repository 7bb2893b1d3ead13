"""Shared helpers for the dependency-input tests: fixture files written into tmp_path, and a wall-clock alarm so a
parser that hangs on hostile input fails instead of stalling the suite."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from deps_fixtures import Writer

SECONDS_PER_TEST = 60


class Hung(Exception):
    pass


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def _alarm(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"test still running after {SECONDS_PER_TEST}s: a parser hangs")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS_PER_TEST)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Paths in results are shown relative to the working directory: make that the fixture tree.
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    def _write(relative: str, content: str | bytes) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write
