"""Helpers for the dependency-input tests (a unique module name: test directories are not packages)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Writer = Callable[[str, str | bytes], Path]


def digest(seed: str) -> str:
    """A stable, realistic-looking sha256 hex digest for fixture files."""
    return hashlib.sha256(seed.encode()).hexdigest()


def names(items: Iterable[Any]) -> list[str]:
    return [item.name for item in items]
