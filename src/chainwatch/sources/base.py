"""What a source hands to the analyzers: in-memory files, plus the problems it met on the way.

A source never writes to disk and never runs anything; it only reads bytes under `Limits`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-target budgets. Exceeding one is reported for that target and fails it closed."""

    max_members: int = 50_000
    max_member_size: int = 64 * MiB
    max_total_size: int = 768 * MiB
    # Ratios are only checked above `ratio_floor` bytes: tiny, highly compressible files are normal.
    max_compression_ratio: float = 250.0
    ratio_floor: int = 4 * MiB
    max_depth: int = 4
    max_name_length: int = 4096


IssueKind = Literal[
    "corrupt",
    "limit",
    "unsafe-name",
    "link",
    "special-file",
    "undecodable-name",
    "encrypted",
    "unreadable",
]


@dataclass(frozen=True, slots=True)
class SourceIssue:
    """Something a source met that the user must hear about.

    `fatal` issues mean part of the target was not analysed, so the verdict must be `error`.
    Non-fatal ones (a symlink, a `..` name) are suspicious facts about the artifact itself.
    """

    kind: IssueKind
    path: str
    detail: str
    fatal: bool = False


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file's bytes and where it came from.

    `path` is the member path inside its innermost container, `display` the full chain
    (`outer.tar.gz!/pkg/inner.whl!/mod.py`). `package_path` strips an sdist's single top
    directory so analyzers can recognise `setup.py` or `PKG-INFO` at the package root.
    """

    path: str
    display: str
    data: bytes
    package_path: str
    container: str = ""
    depth: int = 0


@dataclass(slots=True)
class Budget:
    """Mutable counters shared by every container of one target, nested ones included."""

    limits: Limits
    members: int = 0
    total: int = 0
    issues: list[SourceIssue] = field(default_factory=list)
