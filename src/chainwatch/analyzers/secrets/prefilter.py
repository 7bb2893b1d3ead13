"""Stage one of a scan: where does any detector's keyword occur? One pass over the bytes.

Two interchangeable backends return exactly the same hits — the leftmost non-overlapping
occurrences of each keyword, matched ASCII-case-insensitively — so everything downstream (and so every result) is
identical whether or not the Hyperscan binding is installed:

- `HyperscanIndex` compiles all keywords into one literal database and scans once (GB/s).
- `PythonIndex` lowercases the bytes once and runs `bytes.find` per distinct keyword (C-speed
  memchr/two-way search, no regex backtracking).
"""

from __future__ import annotations

import hashlib
import operator
import os
from collections.abc import Container, Sequence
from pathlib import Path
from typing import Any, Protocol


class KeywordIndex(Protocol):
    backend: str

    def hits(self, data: bytes, wanted: Container[int] | None = None) -> list[tuple[int, int]]:
        """(keyword index, start offset) of each keyword's non-overlapping occurrences, sorted by offset.

        With `wanted`, only those keywords' hits (the same ones, at the same offsets).
        """
        ...


def is_caseless(keyword: bytes) -> bool:
    """All-lowercase keywords ignore ASCII case; one with an uppercase letter must match exactly."""
    return keyword == keyword.lower()


class PythonIndex:
    backend = "python"

    def __init__(self, keywords: Sequence[bytes]) -> None:
        self._keywords = list(keywords)

    def hits(self, data: bytes, wanted: Container[int] | None = None) -> list[tuple[int, int]]:
        lowered = data.lower()
        found: list[tuple[int, int]] = []
        for index, keyword in enumerate(self._keywords):
            if wanted is not None and index not in wanted:
                continue
            find = lowered.find if is_caseless(keyword) else data.find
            step = len(keyword)
            position = find(keyword)
            while position != -1:
                found.append((index, position))
                position = find(keyword, position + step)
        found.sort(key=_by_offset)
        return found


# (offset, keyword index) of a hit: a C-level sort key (a Python function per hit costs more than the sort).
_by_offset = operator.itemgetter(1, 0)


class HyperscanIndex:
    backend = "hyperscan"

    def __init__(self, keywords: Sequence[bytes], cache_dir: Path | None = None) -> None:
        import hyperscan

        self._hs = hyperscan
        self._lengths = [len(k) for k in keywords]
        self._db = _database(hyperscan, keywords, cache_dir)
        self._scratch = hyperscan.Scratch(self._db)
        # Only a keyword with a border (`aa`, `abab`) can occur overlapping itself; the rest need no pass.
        self._overlapping = frozenset(i for i, k in enumerate(keywords) if _has_border(k, is_caseless(k)))

    def hits(self, data: bytes, wanted: Container[int] | None = None) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        append = found.append
        lengths = self._lengths
        if wanted is None:

            def on_match(index: int, start: int, end: int, flags: int, context: object) -> None:
                append((index, end - lengths[index]))

        else:

            def on_match(index: int, start: int, end: int, flags: int, context: object) -> None:
                if index in wanted:
                    append((index, end - lengths[index]))

        self._db.scan(data, match_event_handler=on_match, scratch=self._scratch)
        found.sort(key=_by_offset)
        overlapping = self._overlapping
        if any(index in overlapping for index, _ in found):
            return _non_overlapping(found, lengths)
        return found


def _database(hyperscan: Any, keywords: Sequence[bytes], cache_dir: Path | None) -> Any:
    """The keywords' literal database; with `cache_dir`, the one stored for the same keywords (a few ms a start)."""
    flags = [hyperscan.HS_FLAG_CASELESS if is_caseless(k) else 0 for k in keywords]
    path = None
    if cache_dir is not None:
        machine = os.uname().machine if hasattr(os, "uname") else ""
        digest = hashlib.sha256(f"{hyperscan.__version__}\x00{machine}".encode())
        for keyword, flag in zip(keywords, flags, strict=True):
            digest.update(b"\x00%d\x00%s" % (flag, keyword))
        path = cache_dir / f"keywords-{digest.hexdigest()[:24]}.hsdb"
        from .shapes import read_database, store_database

        stored = read_database(path)
        try:
            if stored is not None:
                return hyperscan.loadb(stored, hyperscan.HS_MODE_BLOCK)
        except hyperscan.error:
            pass  # built by another Hyperscan or CPU: compile again
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=list(keywords), ids=list(range(len(keywords))), elements=len(keywords), flags=flags, literal=True
    )
    if path is not None:
        store_database(path, hyperscan.dumpb(database))
    return database


def _has_border(keyword: bytes, caseless: bool) -> bool:
    """Is some proper prefix also a suffix (so two occurrences can overlap)?"""
    text = keyword.lower() if caseless else keyword
    return any(text[:size] == text[-size:] for size in range(1, len(text)))


def _non_overlapping(found: list[tuple[int, int]], lengths: list[int]) -> list[tuple[int, int]]:
    """Hyperscan reports overlapping matches too (`aaaa` in `aaaaa` twice); keep what `find` would see."""
    next_free: dict[int, int] = {}
    kept = []
    for index, offset in found:
        if offset >= next_free.get(index, 0):
            kept.append((index, offset))
            next_free[index] = offset + lengths[index]
    return kept


def hyperscan_available() -> bool:
    if os.environ.get("CHAINWATCH_NO_HYPERSCAN"):
        return False
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


def build_index(keywords: Sequence[bytes], backend: str = "auto", cache_dir: Path | None = None) -> KeywordIndex:
    """`auto` takes Hyperscan when importable (and not disabled by CHAINWATCH_NO_HYPERSCAN=1).

    With `cache_dir`, a compiled Hyperscan database is kept there and reused by later runs.
    """
    if backend == "python" or (backend == "auto" and not hyperscan_available()):
        return PythonIndex(keywords)
    return HyperscanIndex(keywords, cache_dir)
