"""Scanning many blobs: a per-process scanner, content-hash caching and parallel workers.

This process and forked copies of it share the files (`forkwork`; the scanner is built before the
fork, so no copy builds it again); where fork is not safe, batches of files go to a process pool.
Results come back in input order, so output is deterministic whatever the number of workers.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...forkwork import can_fork, share
from ...model import Finding
from ...sources import SourceFile
from ..base import Analyzer, TargetContext
from .allow import AllowDecision, check_allow
from .cache import MemoryCache, digest
from .context import path_trust
from .engine import Scanner, SecretMatch, restamp
from .findings import to_finding
from .formats import classify
from .rules import CANDIDATES, DETECTORS

_SCANNERS: dict[tuple[str, bool, bool], Scanner] = {}
_CACHE = MemoryCache()


def default_scanner(backend: str = "auto", include_binary: bool = False, candidates: bool = False) -> Scanner:
    """One compiled scanner per process and configuration; `candidates` adds the low-confidence detectors."""
    key = (backend, include_binary, candidates)
    scanner = _SCANNERS.get(key)
    if scanner is None:
        detectors = (*DETECTORS, *CANDIDATES) if candidates else DETECTORS
        scanner = _SCANNERS[key] = Scanner(detectors, backend=backend, include_binary=include_binary)
    return scanner


def scan_bytes(path: str, data: bytes) -> list[SecretMatch]:
    """Every credential in one blob with the default detectors (the engine API later pieces reuse)."""
    return default_scanner().scan_bytes(path, data)


def cached_scan(scanner: Scanner, path: str, data: bytes) -> tuple[list[SecretMatch], str]:
    """Scan unless this exact content was already scanned as the same kind of file in this process."""
    blob = digest(data)
    # Findings depend on the bytes and on how the path is read: format, trust, file-type rules.
    key = (blob, f"{classify(path).value}:{path_trust(path)}:{scanner.path_rules_for(path)}:{scanner.fingerprint}")
    found = _CACHE.get(key)
    if found is None:
        found = scanner.scan_bytes(path, data)
        _CACHE.put(key, found)
        return found, blob
    return restamp(found, path), blob


@dataclass(frozen=True, slots=True)
class Blob:
    """A file to scan: on disk (`path`) or already in memory (`data`, e.g. an archive member or stdin)."""

    display: str
    path: str | None = None
    data: bytes | None = None


@dataclass(slots=True)
class BlobResult:
    display: str
    matches: list[SecretMatch] = field(default_factory=list)
    # With `ScanSettings.allow_comments`: the inline allow comment about each match (None: no comment).
    allows: list[AllowDecision | None] | None = None
    digest: str = ""
    size: int = 0
    error: str = ""
    cached_clean: bool = False


@dataclass(frozen=True, slots=True)
class ScanSettings:
    backend: str = "auto"
    include_binary: bool = False
    max_size: int = 64 * 1024 * 1024
    clean_digests: frozenset[str] = frozenset()
    allow_comments: bool = False  # read inline allow comments next to matches (while the bytes are at hand)
    candidates: bool = False  # also the low-confidence candidate detectors (bare UUIDs)


def _scan_one(blob: Blob, settings: ScanSettings) -> BlobResult:
    result = BlobResult(blob.display)
    data = blob.data
    if data is None:
        try:
            data, too_big = _read(blob.path or blob.display, settings.max_size)
        except OSError as exc:
            result.error = f"unreadable: {exc.strerror or exc}"
            return result
        if too_big:
            result.error = f"larger than {settings.max_size} bytes; not scanned"
            return result
    result.size = len(data)
    scanner = default_scanner(settings.backend, settings.include_binary, settings.candidates)
    if settings.clean_digests:
        blob_digest = digest(data)
        if blob_digest in settings.clean_digests:
            result.digest, result.cached_clean = blob_digest, True
            return result
    matches, result.digest = cached_scan(scanner, blob.display, data)
    # The slow evidence hash is done here, where scanning runs in parallel, not later in the parent.
    result.matches = [match.keyed() for match in matches]
    if settings.allow_comments and matches:
        result.allows = [check_allow(data, match.start, match.rule) for match in matches]
    return result


def _read(path: str, limit: int) -> tuple[bytes, bool]:
    """The file's bytes, and whether it is larger than `limit` (then no bytes).

    One `read` sized by fstat: `read(limit + 1)` would allocate the whole limit per file, and
    `FileIO.readall` costs a second read and a resize. The extra byte notices a file that grew
    since fstat, or a special file that reports size 0: then the rest is read, up to the limit.
    """
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(handle).st_size
        if size > limit:
            return b"", True
        data = os.read(handle, size + 1)
        if len(data) > size:
            chunks, total = [data], len(data)
            while total <= limit and (chunk := os.read(handle, 1 << 20)):
                chunks.append(chunk)
                total += len(chunk)
            data = b"".join(chunks)
    finally:
        os.close(handle)
    return (b"", True) if len(data) > limit else (data, False)


def _scan_batch(batch: Sequence[Blob], settings: ScanSettings) -> list[BlobResult]:
    return [_scan_one(blob, settings) for blob in batch]


def scan_blobs(blobs: Sequence[Blob], settings: ScanSettings, jobs: int | None = None) -> list[BlobResult]:
    """Scan every blob, in parallel across processes when there is enough work; results in input order."""
    workers = max(1, jobs or os.cpu_count() or 1)
    default_scanner(settings.backend, settings.include_binary, settings.candidates)  # compiled before forking
    if workers == 1 or len(blobs) < 8:
        return _scan_batch(blobs, settings)
    if can_fork():
        return share(len(blobs), lambda i: _scan_one(blobs[i], settings), workers)
    from concurrent.futures import ProcessPoolExecutor  # only when there is parallel work (start-up cost)

    batches = _batches(blobs, workers)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(_scan_batch, batches, [settings] * len(batches)))
    return [result for part in parts for result in part]


def _batches(blobs: Sequence[Blob], workers: int) -> list[list[Blob]]:
    # Several batches per worker balance uneven file sizes; not so many that IPC dominates.
    count = min(len(blobs), workers * 32)
    size = -(-len(blobs) // count)
    return [list(blobs[i : i + size]) for i in range(0, len(blobs), size)]


class SecretsAnalyzer(Analyzer):
    """The pipeline's view of the engine (for `scan` and `vet`): every non-binary file, findings per file."""

    name = "secrets"

    def __init__(self, context: TargetContext) -> None:
        super().__init__(context)
        self._scanner = default_scanner()
        self._findings: list[Finding] = []

    def wants(self, file: SourceFile) -> bool:
        return True

    def feed(self, file: SourceFile) -> None:
        matches, _ = cached_scan(self._scanner, file.path, file.data)
        self._findings.extend(to_finding(m, file.display) for m in matches)

    def finish(self) -> list[Finding]:
        return self._findings
