"""Every time an `--allow` lets a blocked artifact through, one JSON line records who allowed what, and why.

    <cache root>/proxy/overrides.jsonl

Appends of one short line are atomic on POSIX, so several proxies may share the file.
"""

from __future__ import annotations

import getpass
import json
import os
import time
from pathlib import Path

from .policy import Judgement
from .verdicts import VetRecord


class OverrideLog:
    def __init__(self, root: Path) -> None:
        self.path = root / "proxy" / "overrides.jsonl"

    def record(self, record: VetRecord, judgement: Judgement) -> None:
        allowance = judgement.allowance
        if allowance is None:
            return
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "user": _user(),
            "allow": allowance.label,
            "reason": allowance.reason,
            "project": record.project,
            "version": record.version,
            "filename": record.filename,
            "sha256": record.sha256,
            "verdict": record.verdict.value,
            "would_block_because": list(judgement.reasons),
            "rules": sorted({f.rule for f in record.findings}),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = (json.dumps(entry, sort_keys=True) + "\n").encode()
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, line)
        finally:
            os.close(descriptor)


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
