"""Each command module exposes `register(subparsers)`, which sets `run(args, config) -> exit code`."""

from __future__ import annotations

from types import ModuleType

from . import audit, db, popular, secrets, vet

COMMANDS: tuple[ModuleType, ...] = (vet, audit, secrets, popular, db)
