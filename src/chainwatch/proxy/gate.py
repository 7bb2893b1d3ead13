"""The gate: bytes leave the proxy only after they were vetted and the policy let them through.

For each requested `sha256`: the stored verdict, if the current analysis made one; otherwise the
verified bytes (content-addressed cache, else upstream) are vetted, once — concurrent requests for
the same hash wait on one lock and share the one verdict. Nothing here raises for upstream or
cache trouble: every failure becomes a `Refused` with a status and an explanation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..index.cache import ArtifactCache, default_root, sha256_of
from ..index.client import IndexClient
from ..index.errors import DownloadRefused, IndexClientError, IndexUnreachable, ProjectNotFound, VersionNotFound
from ..index.names import DistributionName, parse_distribution_filename
from .config import ProxyConfig
from .explain import block_text, log_line, phrase, reason_phrase
from .overrides import OverrideLog
from .policy import Action, Judgement, Policy
from .upstream import ListedFile, Upstream
from .verdicts import VerdictStore, VetRecord, analysis_fingerprint
from .vetter import Vetter

Log = Callable[[str], None]
_METADATA_MEMO = 4096
_MAX_EVENTS = 10_000


@dataclass(slots=True)
class _HashLock:
    lock: threading.Lock = field(default_factory=threading.Lock)
    users: int = 0


@dataclass(frozen=True, slots=True)
class Served:
    path: Path
    record: VetRecord
    judgement: Judgement


@dataclass(frozen=True, slots=True)
class Refused:
    status: int
    reason: str  # the HTTP reason phrase
    body: str


@dataclass(frozen=True, slots=True)
class GateEvent:
    """A decision worth telling the user about (block, warning, override), once per artifact and kind."""

    action: Action
    record: VetRecord
    judgement: Judgement
    text: str


class Gate:
    def __init__(self, config: ProxyConfig, log: Log, client: IndexClient | None = None) -> None:
        root = config.cache_root or default_root()
        self.log = log
        self.client = client or IndexClient(config.settings, ArtifactCache(root), max_file_size=config.max_file_size)
        self.upstream = Upstream(self.client, log)
        self.store = VerdictStore(root, analysis_fingerprint(config.run_options))
        self.vetter = Vetter(config.run_options, config.jobs)
        self.policy = Policy(config.fail_on, config.allowances)
        self.overrides = OverrideLog(root)
        self.vet_count = 0  # analyses actually run (cache hits do not count)
        self.events: list[GateEvent] = []
        self._reported: set[tuple[str, Action]] = set()
        self._metadata: dict[str, bytes] = {}
        self._locks: dict[str, _HashLock] = {}
        self._guard = threading.Lock()

    def close(self) -> None:
        self.vetter.close()
        self.client.close()

    # -- pages -----------------------------------------------------------------------------------
    def project(self, name: str) -> list[ListedFile] | Refused:
        try:
            listed = self.upstream.project(name)
        except IndexClientError as exc:
            return _upstream_failure(exc)
        if listed is None:
            return Refused(404, "Not Found", f"no configured index has a project named {name!r}\n")
        return listed

    def project_names(self) -> list[str] | Refused:
        try:
            names = self.upstream.project_names()
        except IndexClientError as exc:
            return _upstream_failure(exc)
        return Refused(404, "Not Found", "upstream offers no project list\n") if names is None else names

    # -- files -----------------------------------------------------------------------------------
    def metadata(self, sha256: str, filename: str) -> bytes | Refused:
        """PEP 658 metadata, verified against upstream's hash; it is text for the resolver, never run."""
        cached = self._metadata.get(sha256)
        if cached is not None:
            return cached
        try:
            listed = self.upstream.locate(sha256, filename)
            if listed is None or listed.metadata_hashes is None:
                return Refused(404, "Not Found", f"no metadata is listed for {filename} with that hash\n")
            data = self.upstream.metadata(listed)
        except IndexClientError as exc:
            return _upstream_failure(exc)
        with self._guard:
            if len(self._metadata) >= _METADATA_MEMO:
                self._metadata.clear()
            self._metadata[sha256] = data
        return data

    def artifact(self, sha256: str, filename: str) -> Served | Refused:
        dist = parse_distribution_filename(filename)
        if dist is None:
            return Refused(404, "Not Found", f"{filename[:200]!r} is not a distribution file name\n")
        try:
            with self._hash_lock(sha256):
                record = self.store.get(sha256, filename)
                path: Path | None = None
                if record is None or self.policy.judge(record).action.serves:
                    path = self._bytes(sha256, filename)
                    if path is None:
                        return Refused(404, "Not Found", f"no configured index lists {filename} with that sha256\n")
                    if record is None:
                        record = self._vet(path, sha256, filename, dist)
        except IndexClientError as exc:
            return _upstream_failure(exc)
        except OSError as exc:  # the cache directory failed us (full disk, permissions)
            return Refused(500, "Cache Error", f"chainwatch could not use its cache: {exc}\n")
        return self._decide(record, path)

    def vet_local(self, path: Path) -> tuple[VetRecord, Judgement] | str:
        """A local archive named on pip's command line, vetted and judged like a download; a str says why not."""
        dist = parse_distribution_filename(path.name)
        if dist is None:
            return f"{path}: not a wheel or sdist file name, so it cannot be vetted"
        sha256 = sha256_of(path)
        with self._hash_lock(sha256):
            record = self.store.get(sha256, path.name) or self._vet(path, sha256, path.name, dist)
        judgement = self.policy.judge(record)
        self._report(record, judgement)
        return record, judgement

    # -- internals -------------------------------------------------------------------------------
    def _bytes(self, sha256: str, filename: str) -> Path | None:
        cached = self.client.cache.lookup(sha256, filename)
        if cached is not None:
            return cached
        listed = self.upstream.locate(sha256, filename)
        return self.upstream.download(listed) if listed is not None else None

    def _vet(self, path: Path, sha256: str, filename: str, dist: DistributionName) -> VetRecord:
        result = self.vetter.analyse(path, dist.project)
        with self._guard:
            self.vet_count += 1
        record = VetRecord.from_result(result, sha256, filename, dist, self.store.fingerprint)
        self.store.put(record)
        self.log(f"vetted {filename}: {record.verdict.value} ({record.seconds:.2f}s)")
        return record

    def _decide(self, record: VetRecord, path: Path | None) -> Served | Refused:
        judgement = self.policy.judge(record)
        self._report(record, judgement)
        if not judgement.action.serves or path is None:
            return Refused(403, reason_phrase(record, judgement), block_text(record, judgement))
        return Served(path, record, judgement)

    def _report(self, record: VetRecord, judgement: Judgement) -> None:
        if judgement.action is Action.SERVE:
            return
        with self._guard:
            key = (record.sha256, judgement.action)
            if key in self._reported:
                return
            self._reported.add(key)
        self.log(log_line(record, judgement))
        if judgement.action is Action.OVERRIDE:
            self.overrides.record(record, judgement)
        text = block_text(record, judgement) if judgement.action is Action.BLOCK else log_line(record, judgement)
        with self._guard:
            self.events.append(GateEvent(judgement.action, record, judgement, text))
            # A long-running proxy keeps the latest only; one pip run never comes near the cap.
            del self.events[:-_MAX_EVENTS]
            if len(self._reported) > _MAX_EVENTS * 10:
                self._reported.clear()

    @contextmanager
    def _hash_lock(self, sha256: str) -> Iterator[None]:
        # One lock per hash while anyone needs it; dropped afterwards so a long-running proxy does not grow.
        with self._guard:
            entry = self._locks.setdefault(sha256, _HashLock())
            entry.users += 1
        try:
            with entry.lock:
                yield
        finally:
            with self._guard:
                entry.users -= 1
                if entry.users == 0:
                    del self._locks[sha256]


def _upstream_failure(exc: IndexClientError) -> Refused:
    message = f"{exc}\n"
    if isinstance(exc, (ProjectNotFound, VersionNotFound)):
        return Refused(404, "Not Found", message)
    if isinstance(exc, DownloadRefused):
        # A hash mismatch, an unhashed or oversized file: refused, and the client should not retry.
        return Refused(403, phrase(f"Refused by chainwatch: {exc}"), message)
    status = 504 if isinstance(exc, IndexUnreachable) and "timed out" in str(exc) else 502
    return Refused(status, "Bad Gateway" if status == 502 else "Gateway Timeout", message)
