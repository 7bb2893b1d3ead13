"""Git history: every blob reachable from any ref, scanned once, reported at the commit that introduced it.

Two streaming git processes, no Python git library:

1. `git log --all --topo-order --reverse -c --raw --no-abbrev --no-renames -z` lists each commit's new blobs,
   parents before children (merges only where the result differs from every parent: `-c`), so the first
   time a blob id shows up is the commit that introduced it. Per blob only (id, path, commit) is kept.
2. `git cat-file --batch` streams those blobs in that order. Batches go to worker processes while the
   next ones are read, so memory is bounded by the batches in flight, not by the size of the repository.

Blobs that look binary are skipped before any work (unless a file-type detector wants their path, or
`include_binary`); symlinks and submodules are not files. Nothing is checked out or executed.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .engine import SecretMatch, is_binary
from .scan import default_scanner

_FILE_MODES = frozenset({"100644", "100755", "100664"})
_COMMIT_MARK = "\x01"
_READ_CHUNK = 1 << 20
# A batch handed to one worker: large enough that IPC is cheap, small enough to keep memory flat.
BATCH_BYTES = 4 << 20
BATCH_BLOBS = 512


class HistoryError(RuntimeError):
    """The repository's history could not be listed (not a repository, git missing, git failed)."""


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    author: str
    email: str
    date: str  # strict ISO 8601 author date, as git prints it


@dataclass(frozen=True, slots=True)
class BlobIntro:
    """Where a blob first appeared: its path in the introducing commit (`commit` indexes `History.commits`)."""

    sha: str
    path: str
    commit: int


@dataclass(slots=True)
class History:
    commits: list[Commit] = field(default_factory=list)
    blobs: list[BlobIntro] = field(default_factory=list)


@dataclass(slots=True)
class HistoryHit:
    """A blob with findings. `data` is kept (for inline allow comments) only for these few blobs."""

    blob: BlobIntro
    commit: Commit
    matches: list[SecretMatch]
    data: bytes = field(repr=False)


@dataclass(slots=True)
class HistoryScan:
    hits: list[HistoryHit] = field(default_factory=list)
    commits: int = 0
    blobs: int = 0  # distinct blobs in the history
    scanned: int = 0
    bytes_scanned: int = 0
    skipped_binary: int = 0
    unread: list[tuple[str, str]] = field(default_factory=list)  # ("path@commit", why) of blobs not scanned


def _git(repo: Path, *args: str) -> list[str]:
    # `-c core.quotePath=off` keeps non-ASCII names readable where -z is not in use.
    return ["git", "-C", str(repo), "--no-pager", "-c", "core.quotePath=off", *args]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # No prompts, no lock files in the user's repository, and no network: a partial clone's missing
    # blobs are reported as not scanned instead of being fetched one by one (GIT_NO_LAZY_FETCH, git 2.44+).
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_NO_LAZY_FETCH": "1", "LC_ALL": "C"})
    return env


def list_introductions(repo: Path) -> History:
    """Every distinct file blob reachable from any ref, with the commit and path that introduced it."""
    command = _git(
        repo,
        "log",
        "--all",
        "--topo-order",
        "--reverse",
        "-c",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "-z",
        f"--format={_COMMIT_MARK}%H%x00%an%x00%ae%x00%aI",
    )
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=_environment()
        )
    except OSError as exc:
        raise HistoryError(f"cannot run git: {exc.strerror or exc}") from exc
    assert process.stdout is not None and process.stderr is not None
    stderr = process.stderr
    errors: list[bytes] = []
    # Drained in a thread: a chatty stderr must never block git while we read stdout.
    drain = threading.Thread(target=lambda: errors.append(stderr.read()), daemon=True)
    drain.start()
    history = History()
    try:
        _parse_log(_tokens(process.stdout), history)
    finally:
        process.stdout.close()
        code = process.wait()
        drain.join()
    if code != 0:
        message = b"".join(errors).decode("utf-8", "replace").strip().splitlines()
        raise HistoryError(f"git log failed: {message[0] if message else f'exit code {code}'}")
    return history


def _tokens(stream: IO[bytes]) -> Iterator[bytes]:
    """NUL-separated fields of a stream, read in large chunks."""
    pending = b""
    while chunk := stream.read(_READ_CHUNK):
        pending += chunk
        *complete, pending = pending.split(b"\0")
        yield from complete
    if pending:
        yield pending


def _parse_log(tokens: Iterator[bytes], history: History) -> None:
    seen: set[str] = set()
    commit = -1
    for raw in tokens:
        token = raw.lstrip(b"\n")
        if not token:
            continue
        if token.startswith(b":"):
            path = next(tokens, b"")
            sha = _new_blob(token)
            if sha and commit >= 0 and sha not in seen:
                seen.add(sha)
                history.blobs.append(BlobIntro(sha, path.decode("utf-8", "replace"), commit))
            continue
        if token.startswith(_COMMIT_MARK.encode()):
            author, email, date = (next(tokens, b"").decode("utf-8", "replace") for _ in range(3))
            history.commits.append(Commit(token[1:].decode("ascii", "replace"), author, email, date))
            commit = len(history.commits) - 1


def _new_blob(meta: bytes) -> str | None:
    """The resulting blob id of one raw diff line (`:old new oid oid S` or combined `::m m m o o o SS`)."""
    parents = len(meta) - len(meta.lstrip(b":"))
    fields = meta[parents:].decode("ascii", "replace").split()
    if len(fields) < 2 * parents + 3:
        return None
    mode, sha = fields[parents], fields[2 * parents + 1]
    if mode not in _FILE_MODES or not sha.strip("0"):
        return None  # deletions, symlinks and submodules carry no file content
    return sha


def _read_blobs(repo: Path, blobs: list[BlobIntro], max_size: int) -> Iterator[tuple[BlobIntro, bytes | str]]:
    """Contents in order; for a blob that cannot be scanned, the reason instead (a str)."""
    if not blobs:
        return
    try:
        process = subprocess.Popen(
            _git(repo, "cat-file", "--batch"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_environment(),
        )
    except OSError as exc:
        raise HistoryError(f"cannot run git: {exc.strerror or exc}") from exc
    assert process.stdin is not None and process.stdout is not None
    stdin, stdout = process.stdin, process.stdout

    def feed() -> None:
        # A separate writer: git answers while we are still asking, and both pipes must keep moving.
        try:
            for blob in blobs:
                stdin.write(blob.sha.encode("ascii") + b"\n")
            stdin.close()
        except (BrokenPipeError, ValueError):
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        for blob in blobs:
            header = stdout.readline().split()
            if len(header) == 2 and header[1] == b"missing":
                yield blob, "blob missing from the repository (partial or damaged clone)"
                continue
            if len(header) != 3 or header[1] != b"blob":
                raise HistoryError(f"git cat-file could not read blob {blob.sha} ({blob.path})")
            size = int(header[2])
            if size > max_size:
                _skip(stdout, size + 1)
                yield blob, f"blob larger than {max_size} bytes"
                continue
            data = stdout.read(size)
            stdout.read(1)  # the newline after each object
            yield blob, data
    finally:
        stdout.close()
        process.kill()
        process.wait()
        writer.join()


def _skip(stream: IO[bytes], count: int) -> None:
    while count > 0:
        chunk = stream.read(min(count, _READ_CHUNK))
        if not chunk:
            return
        count -= len(chunk)


def _scan_batch(
    items: list[tuple[str, bytes]], backend: str, include_binary: bool, candidates: bool = False
) -> list[list[SecretMatch]]:
    # History blobs are unique by id: the per-process content cache would only grow, so it is bypassed.
    scanner = default_scanner(backend, include_binary, candidates)
    return [scanner.scan_bytes(path, data) for path, data in items]


def scan_history(
    repo: Path,
    *,
    backend: str = "auto",
    include_binary: bool = False,
    max_size: int = 64 * 1024 * 1024,
    jobs: int | None = None,
    candidates: bool = False,
) -> HistoryScan:
    """Scan every blob of the repository's history once; raises HistoryError if git cannot list it."""
    history = list_introductions(repo)
    result = HistoryScan(commits=len(history.commits), blobs=len(history.blobs))
    scanner = default_scanner(backend, include_binary, candidates)  # compiled before forking: workers inherit it
    workers = max(1, jobs or os.cpu_count() or 1)
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 and len(history.blobs) > BATCH_BLOBS else None
    in_flight: deque[tuple[list[tuple[BlobIntro, bytes]], Future[list[list[SecretMatch]]] | None]] = deque()

    def collect(batch: list[tuple[BlobIntro, bytes]], found: list[list[SecretMatch]]) -> None:
        for (blob, data), matches in zip(batch, found, strict=True):
            if matches:
                result.hits.append(HistoryHit(blob, history.commits[blob.commit], matches, data))

    def submit(batch: list[tuple[BlobIntro, bytes]]) -> None:
        items = [(blob.path, data) for blob, data in batch]
        if pool is None:
            collect(batch, _scan_batch(items, backend, include_binary, candidates))
            return
        in_flight.append((batch, pool.submit(_scan_batch, items, backend, include_binary, candidates)))
        while len(in_flight) > workers * 2:
            done, future = in_flight.popleft()
            assert future is not None
            collect(done, future.result())

    try:
        batch: list[tuple[BlobIntro, bytes]] = []
        batch_bytes = 0
        for blob, data in _read_blobs(repo, history.blobs, max_size):
            if isinstance(data, str):
                result.unread.append((f"{blob.path}@{history.commits[blob.commit].sha[:12]}", data))
                continue
            if not include_binary and is_binary(data) and not scanner.path_rules_for(blob.path):
                result.skipped_binary += 1
                continue
            result.scanned += 1
            result.bytes_scanned += len(data)
            batch.append((blob, data))
            batch_bytes += len(data)
            if batch_bytes >= BATCH_BYTES or len(batch) >= BATCH_BLOBS:
                submit(batch)
                batch, batch_bytes = [], 0
        if batch:
            submit(batch)
        while in_flight:
            done, future = in_flight.popleft()
            assert future is not None
            collect(done, future.result())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    # Deterministic order whatever the scheduling: by path, then by position in history.
    result.hits.sort(key=lambda hit: (hit.blob.path, hit.blob.commit))
    return result
