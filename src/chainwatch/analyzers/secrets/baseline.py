"""Baselines: accepted findings, so a team can adopt the gate on old code and fail only on new secrets.

A baseline is a versioned JSON file of fingerprints (rule, path and a salted hash of the secret; never
line numbers, timestamps or the secret) with a count each. Matching is count-aware: if two identical
findings are accepted and a third appears, the third is reported. Entries are written sorted so the
file diffs well in review. Older versions are upgraded step by step through `MIGRATIONS`.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model import Finding

VERSION = 1
KIND = "chainwatch-secrets-baseline"
# version n -> a function turning a version-n document into a version-(n+1) one.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class BaselineError(ValueError):
    """The baseline file cannot be used (unreadable, not JSON, wrong kind, from a newer chainwatch)."""


@dataclass(frozen=True, slots=True)
class Entry:
    fingerprint: str
    rule: str
    path: str
    count: int = 1


@dataclass(slots=True)
class Baseline:
    entries: dict[str, Entry] = field(default_factory=dict)

    # -- reading ----------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise BaselineError(f"baseline {path} is not valid JSON: {exc}") from exc
        return cls.from_document(document, str(path))

    @classmethod
    def from_document(cls, document: Any, source: str = "baseline") -> Baseline:
        if not isinstance(document, dict) or document.get("kind") != KIND:
            raise BaselineError(f'{source} is not a chainwatch secrets baseline (no "kind": "{KIND}")')
        document = migrate(document, source)
        entries: dict[str, Entry] = {}
        for item in document.get("findings", []):
            entry = _entry(item, source)
            known = entries.get(entry.fingerprint)
            count = entry.count + (known.count if known else 0)
            entries[entry.fingerprint] = Entry(entry.fingerprint, entry.rule, entry.path, count)
        return cls(entries)

    # -- matching ---------------------------------------------------------------------------------
    def budget(self) -> Counter[str]:
        """How many findings per fingerprint may still be absorbed; shared across the targets of a run."""
        return Counter({fp: entry.count for fp, entry in self.entries.items()})

    @staticmethod
    def split(findings: Sequence[Finding], budget: Counter[str]) -> tuple[list[Finding], list[Finding]]:
        """(new, accepted): each accepted entry absorbs at most `count` findings, in the given order."""
        new: list[Finding] = []
        accepted: list[Finding] = []
        for finding in findings:
            fingerprint = finding.fingerprint
            if budget[fingerprint] > 0:
                budget[fingerprint] -= 1
                accepted.append(finding)
            else:
                new.append(finding)
        return new, accepted

    # -- writing ----------------------------------------------------------------------------------
    @classmethod
    def from_findings(
        cls, findings: Iterable[Finding], previous: Baseline | None = None, scanned: frozenset[str] = frozenset()
    ) -> Baseline:
        """The current findings, plus previous entries for paths this run did not look at.

        Keeping unscanned paths matters for partial runs (a pre-commit hook sees only staged files).
        """
        counts: Counter[str] = Counter()
        meta: dict[str, tuple[str, str]] = {}
        for finding in findings:
            counts[finding.fingerprint] += 1
            meta[finding.fingerprint] = (finding.rule, finding.location.path)
        entries = {fp: Entry(fp, meta[fp][0], meta[fp][1], n) for fp, n in counts.items()}
        for fp, entry in (previous.entries if previous else {}).items():
            if entry.path not in scanned and fp not in entries:
                entries[fp] = entry
        return cls(entries)

    def to_document(self) -> dict[str, Any]:
        ordered = sorted(self.entries.values(), key=lambda e: (e.path, e.rule, e.fingerprint))
        return {
            "kind": KIND,
            "version": VERSION,
            "generated_by": "chainwatch secrets --update-baseline",
            "findings": [
                {"fingerprint": e.fingerprint, "rule": e.rule, "path": e.path, "count": e.count} for e in ordered
            ],
        }

    def write(self, path: Path) -> None:
        """Atomically: a crash mid-write never leaves a truncated baseline behind."""
        text = json.dumps(self.to_document(), indent=2, ensure_ascii=False) + "\n"
        folder = path.parent if str(path.parent) else Path(".")
        handle, temporary = tempfile.mkstemp(prefix=".baseline-", suffix=".json", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def migrate(document: dict[str, Any], source: str = "baseline") -> dict[str, Any]:
    """Upgrade a baseline document step by step to the current version."""
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BaselineError(f'{source}: "version" must be a positive integer')
    if version > VERSION:
        raise BaselineError(
            f"{source} is baseline version {version}; this chainwatch reads up to {VERSION}: upgrade chainwatch"
        )
    while version < VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise BaselineError(f"{source}: no migration from baseline version {version}")
        document = step(document)
        new_version = document.get("version")
        if not isinstance(new_version, int) or new_version <= version:
            raise BaselineError(f"{source}: migration from version {version} did not advance the version")
        version = new_version
    return document


def _entry(item: Any, source: str) -> Entry:
    if not isinstance(item, dict):
        raise BaselineError(f"{source}: each finding must be an object")
    fingerprint, count = item.get("fingerprint"), item.get("count", 1)
    if not isinstance(fingerprint, str) or len(fingerprint) != 32 or not _is_hex(fingerprint):
        raise BaselineError(f"{source}: bad fingerprint {fingerprint!r}")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise BaselineError(f"{source}: count for {fingerprint} must be a positive integer")
    return Entry(fingerprint, str(item.get("rule", "")), str(item.get("path", "")), count)


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text)
