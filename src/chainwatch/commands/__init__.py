"""Each command module exposes `register(subparsers)`, which sets `run(args, config) -> exit code`."""

from __future__ import annotations

from types import ModuleType

from . import db, popular, secrets, vet

COMMANDS: tuple[ModuleType, ...] = (vet, secrets, popular, db)
