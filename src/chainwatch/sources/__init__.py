"""Sources turn a target (file or directory) into in-memory files plus the issues met reading them."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

from .base import Budget, Limits, SourceFile, SourceIssue

__all__ = ["Budget", "Limits", "SourceFile", "SourceIssue", "iter_target"]


def iter_target(target: Path, budget: Budget) -> Iterator[SourceFile]:
    """Yield the files of a target; problems go to `budget.issues`, never raise for bad input."""
    # Imported here: `Limits` is all that configuration (read by every command) needs from this package.
    from .archive import ArchiveReader
    from .kinds import ARCHIVE_SUFFIXES, sniff_kind
    from .tree import read_tree

    if target.is_dir():
        yield from read_tree(target, budget)
        return
    limits = budget.limits
    try:
        info = target.stat()
    except OSError as exc:
        budget.issues.append(SourceIssue("unreadable", str(target), str(exc), fatal=True))
        return
    if not stat.S_ISREG(info.st_mode):
        # Reading a FIFO or a character device would block or never end.
        budget.issues.append(SourceIssue("unreadable", str(target), "not a regular file or directory", fatal=True))
        return
    size = info.st_size
    if size > limits.max_total_size:
        budget.issues.append(SourceIssue("limit", str(target), f"file is {size} bytes, over the limit", fatal=True))
        return
    try:
        data = target.read_bytes()
    except OSError as exc:
        budget.issues.append(SourceIssue("unreadable", str(target), str(exc), fatal=True))
        return
    if target.name.lower().endswith(ARCHIVE_SUFFIXES) or sniff_kind(data[:512]) is not None:
        yield from ArchiveReader(budget).read(data, target.name)
    else:
        # A lone file (a setup.py, a .pth, a script): analysed as a one-file package.
        yield SourceFile(path=target.name, display=target.name, data=data, package_path=target.name)
