"""Read a directory tree without following links and under the same limits as archives."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from .archive import ArchiveReader, LimitExceeded, looks_like_archive
from .base import Budget, SourceFile, SourceIssue

# Version-control and cache folders are not part of what gets installed.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".mypy_cache", ".pytest_cache", ".tox", ".nox"})


def read_tree(root: Path, budget: Budget) -> Iterator[SourceFile]:
    reader = ArchiveReader(budget)
    limits = budget.limits
    stack: list[Path] = [root]
    try:
        while stack:
            folder = stack.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as exc:
                budget.issues.append(SourceIssue("unreadable", _rel(folder, root), str(exc), fatal=True))
                continue
            subdirs: list[Path] = []
            for entry in entries:
                rel = _rel(Path(entry.path), root)
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError as exc:
                    budget.issues.append(SourceIssue("unreadable", rel, str(exc), fatal=True))
                    continue
                if stat.S_ISLNK(info.st_mode):
                    target = _readlink(entry.path)
                    budget.issues.append(SourceIssue("link", rel, f"symbolic link to {target!r}; not followed"))
                    continue
                if stat.S_ISDIR(info.st_mode):
                    if entry.name not in SKIPPED_DIRS:
                        subdirs.append(Path(entry.path))
                    continue
                if not stat.S_ISREG(info.st_mode):
                    budget.issues.append(SourceIssue("special-file", rel, "device, socket or FIFO; not read"))
                    continue
                budget.members += 1
                if budget.members > limits.max_members:
                    raise LimitExceeded(f"more than {limits.max_members} files")
                if info.st_size > limits.max_member_size:
                    raise LimitExceeded(f"{rel} is {info.st_size} bytes, over the {limits.max_member_size}-byte limit")
                budget.total += info.st_size
                if budget.total > limits.max_total_size:
                    raise LimitExceeded(f"total size exceeds {limits.max_total_size} bytes")
                try:
                    data = _read_regular(entry.path, limits.max_member_size + 1)
                except OSError as exc:
                    budget.issues.append(SourceIssue("unreadable", rel, str(exc), fatal=True))
                    continue
                if data is None:
                    budget.issues.append(SourceIssue("special-file", rel, "replaced by a non-regular file; not read"))
                    continue
                if looks_like_archive(entry.name, data[:512]):
                    yield from reader.read(data, rel, depth=1)
                    continue
                yield SourceFile(path=rel, display=rel, data=data, package_path=rel)
            stack.extend(reversed(subdirs))
    except LimitExceeded as exc:
        budget.issues.append(SourceIssue("limit", str(root), str(exc), fatal=True))


def _read_regular(path: str, limit: int) -> bytes | None:
    """At most `limit` bytes of `path`, or None if it is no longer a regular file.

    The entry may have been swapped since it was listed: never follow a link, never block on a FIFO.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return handle.read(limit)


def _rel(path: Path, root: Path) -> str:
    try:
        text = path.relative_to(root).as_posix()
    except ValueError:
        text = path.as_posix()
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _readlink(path: str) -> str:
    try:
        return os.readlink(path)[:200]
    except OSError:
        return "?"
