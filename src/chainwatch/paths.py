"""Where chainwatch keeps per-user state: one rule, so one variable moves all of it."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "CHAINWATCH_CACHE_DIR"


def cache_root() -> Path:
    """`$CHAINWATCH_CACHE_DIR`, else `$XDG_CACHE_HOME/chainwatch`, else `~/.cache/chainwatch`."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "chainwatch"
