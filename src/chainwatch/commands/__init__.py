"""Each command module exposes `register(subparsers)`, which sets `run(args, config) -> exit code`.

Command modules are imported on demand: `chainwatch secrets …` loads only the secrets command and what
it needs, so start-up does not pay for every other command's imports.
"""

from __future__ import annotations

import importlib
from types import ModuleType

NAMES: tuple[str, ...] = ("vet", "audit", "pip", "proxy", "secrets", "popular", "db")


def load(name: str) -> ModuleType:
    """The command module registering the sub-command `name` (one of `NAMES`)."""
    if name not in NAMES:
        raise KeyError(name)
    return importlib.import_module(f"{__name__}.{name}")


def __getattr__(attribute: str) -> object:
    if attribute == "COMMANDS":  # every command module, in help order
        return tuple(load(name) for name in NAMES)
    raise AttributeError(f"module {__name__!r} has no attribute {attribute!r}")
