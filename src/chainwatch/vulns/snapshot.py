"""The compact advisory snapshot: built from OSV records, written as gzipped JSON, read back.

    {"format": "chainwatch-osv/1", "source": "...", "derived": "YYYY-MM-DD", "count": N,
     "withdrawn_count": W, "package_count": P, "withdrawn": ["PYSEC-2023-73", ...],
     "advisories": {"PYSEC-2014-13": {"aliases": [...], "details": "...", "severity": "high", ...}},
     "packages": {"requests": [["PYSEC-2014-13", [[["introduced", "0"], ["fixed", "2.3.0"]]], []], ...]}}

Each package entry is `[advisory id, ranges, extra versions]`. OSV's explicit `versions` lists are
mostly an enumeration of the ranges (osv.dev fills them in from PyPI's release list); since a
version matches when it is in the list *or* in a range, listed versions the ranges already cover
are dropped and the rest are stored as PEP 440 equality keys (`versions.version_key`). That keeps
the snapshot small and makes an explicit-version check one set look-up.

On disk each value of the two tables is itself a JSON text (`"requests": "[[\"PYSEC-...` ), decoded
when that package or advisory is first used: loading then parses a few thousand strings instead of
~100,000 small objects, less than half the time, and a query decodes only what it touches.

Writing is deterministic (sorted keys, gzip mtime 0) and atomic (temporary file, then rename).
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .ranges import compile_range
from .records import Record, parse_record
from .versions import parse, version_key

FORMAT = "chainwatch-osv/1"


class SnapshotError(ValueError):
    """A snapshot file that is missing, unreadable or not in the expected format."""


def build_snapshot(records: Iterable[Any], source: str, derived: str) -> dict[str, Any]:
    """The snapshot document for raw OSV records (dicts); raises RecordError on a malformed one."""
    latest: dict[str, Record] = {}
    for raw in records:
        record = parse_record(raw)
        if not record.packages:
            continue  # not about any PyPI project
        previous = latest.get(record.id)
        # The same advisory twice (a JSON and a YAML copy, two exports): the newer edit wins.
        if previous is None or (record.modified or "") >= (previous.modified or ""):
            latest[record.id] = record
    advisories: dict[str, Any] = {}
    packages: dict[str, list[Any]] = {}
    for record_id in sorted(latest):
        record = latest[record_id]
        advisories[record_id] = record.advisory_dict()
        for entry in record.packages:
            ranges = [[list(event) for event in events] for events in entry.ranges]
            packages.setdefault(entry.name, []).append(
                [record_id, ranges, _extra_versions(entry.ranges, entry.versions)]
            )
    return {
        "format": FORMAT,
        "source": source,
        "derived": derived,
        "count": len(advisories),
        "withdrawn_count": sum(1 for a in advisories.values() if a.get("withdrawn")),
        "withdrawn": sorted(k for k, a in advisories.items() if a.get("withdrawn")),
        "package_count": len(packages),
        "advisories": advisories,
        "packages": {name: packages[name] for name in sorted(packages)},
    }


def _extra_versions(ranges: Iterable[Iterable[tuple[str, str]]], versions: Iterable[str]) -> list[str]:
    compiled = [compile_range(events) for events in ranges]
    keys = set()
    for text in versions:
        parsed = parse(text)
        if parsed is not None and any(parsed in r for r in compiled):
            continue
        keys.add(version_key(text))
    return sorted(keys)


def _compact(value: Any) -> str:
    return (
        value
        if isinstance(value, str)
        else json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    )


def encode(document: dict[str, Any]) -> bytes:
    stored = {**document}
    for table in ("advisories", "packages"):
        stored[table] = {key: _compact(value) for key, value in document[table].items()}
    text = json.dumps(stored, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def write_snapshot(document: dict[str, Any], path: Path) -> int:
    """Write atomically; returns the number of bytes written."""
    import tempfile  # only writers need it; readers should start fast

    data = encode(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".osv-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(data)


def read_snapshot(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SnapshotError(f"cannot read the advisory snapshot {path}: {exc}") from exc
    return parse_snapshot(data, path)


def parse_snapshot(data: bytes, path: Path) -> dict[str, Any]:
    """The document in `data`, the bytes of the snapshot file at `path`."""
    try:
        document = json.loads(gzip.decompress(data))
    except (OSError, EOFError, ValueError) as exc:
        raise SnapshotError(f"cannot read the advisory snapshot {path}: {exc}") from exc
    check_document(document, str(path))
    return document  # type: ignore[no-any-return]


def value(item: Any) -> Any:
    """A table value as stored (JSON text) or as built (already decoded)."""
    return json.loads(item) if isinstance(item, str) else item


def check_document(document: Any, where: str, deep: bool = False) -> None:
    """The format and tables; `deep` also checks every package entry (done once, when installing).

    Loading checks only the shape: entries are checked as each package is first used
    (`check_entries`), so a query never pays for validating the whole database.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SnapshotError(f"{where} is not a chainwatch advisory snapshot (format {FORMAT})")
    if not isinstance(document.get("advisories"), dict) or not isinstance(document.get("packages"), dict):
        raise SnapshotError(f"{where}: the snapshot has no advisories/packages tables")
    if not isinstance(document.get("withdrawn", []), list):
        raise SnapshotError(f"{where}: the snapshot's withdrawn list is malformed")
    if deep:
        try:
            advisories = {k: value(v) for k, v in document["advisories"].items()}
            for name, entries in document["packages"].items():
                check_entries(name, value(entries), advisories, where)
        except ValueError as exc:
            raise SnapshotError(f"{where}: undecodable table value: {exc}") from exc


def check_entries(name: str, entries: Any, advisories: dict[str, Any], where: str) -> None:
    if not isinstance(entries, list) or not all(_entry_ok(e, advisories) for e in entries):
        raise SnapshotError(f"{where}: malformed entries for package {name!r}")


def _entry_ok(entry: Any, advisories: dict[str, Any]) -> bool:
    return (
        isinstance(entry, list)
        and len(entry) == 3
        and entry[0] in advisories
        and isinstance(entry[1], list)
        and all(isinstance(r, list) and all(_event_ok(e) for e in r) for r in entry[1])
        and isinstance(entry[2], list)
        and all(isinstance(v, str) for v in entry[2])
        and isinstance(advisories[entry[0]], dict)
    )


def _event_ok(event: Any) -> bool:
    return isinstance(event, list) and len(event) == 2 and isinstance(event[0], str) and isinstance(event[1], str)
