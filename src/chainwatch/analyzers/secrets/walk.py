"""Walk a working tree the way git sees it: `.gitignore` files (nested) honoured, links never followed.

Gitignore semantics come from `pathspec` (a proven implementation) rather than hand-written globbing.
Ignored paths are skipped only in the user's own tree walk; nothing inside an archive can ignore itself.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

SKIPPED_DIRS = frozenset(
    {".git", ".hg", ".svn", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".nox"}
)


@dataclass(frozen=True, slots=True)
class WalkEntry:
    path: str  # on disk
    rel: str  # relative to the walked root, POSIX separators
    size: int


@dataclass(frozen=True, slots=True)
class WalkIssue:
    rel: str
    detail: str
    fatal: bool = False


def _load_spec(folder: str) -> pathspec.GitIgnoreSpec | None:
    lines: list[str] = []
    for name in (".gitignore", os.path.join(".git", "info", "exclude")):
        try:
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
                lines.extend(handle.read().splitlines())
        except OSError:
            continue
    if not lines:
        return None
    import pathspec  # only trees with ignore files pay for it

    return pathspec.GitIgnoreSpec.from_lines(lines)


def walk_tree(root: Path, use_gitignore: bool = True, issues: list[WalkIssue] | None = None) -> Iterator[WalkEntry]:
    """Regular files under `root` in sorted, deterministic order."""
    issues = issues if issues is not None else []
    # Each stack item: folder on disk, its path relative to root, and the ignore specs in force with their base.
    stack: list[tuple[str, str, tuple[tuple[str, pathspec.GitIgnoreSpec], ...]]] = [(str(root), "", ())]
    while stack:
        folder, rel_folder, specs = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            issues.append(WalkIssue(rel_folder or ".", f"unreadable directory: {exc.strerror}", fatal=True))
            continue
        # Only folders that hold ignore files are asked for them (two failed opens per folder add up).
        if use_gitignore and any(e.name in (".gitignore", ".git") for e in entries):
            spec = _load_spec(folder)
            if spec is not None:
                specs = (*specs, (rel_folder, spec))
        subdirs = []
        for entry in entries:
            rel = f"{rel_folder}/{entry.name}" if rel_folder else entry.name
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as exc:
                issues.append(WalkIssue(rel, f"unreadable: {exc.strerror}", fatal=True))
                continue
            is_dir = stat.S_ISDIR(info.st_mode)
            if is_dir and entry.name in SKIPPED_DIRS:
                continue
            if specs and _ignored(rel, is_dir, specs):
                continue
            if stat.S_ISLNK(info.st_mode):
                issues.append(WalkIssue(rel, "symbolic link; not followed"))
            elif is_dir:
                subdirs.append((entry.path, rel, specs))
            elif stat.S_ISREG(info.st_mode):
                yield WalkEntry(entry.path, rel, info.st_size)
        stack.extend(reversed(subdirs))


def _ignored(rel: str, is_dir: bool, specs: tuple[tuple[str, pathspec.GitIgnoreSpec], ...]) -> bool:
    ignored = False
    for base, spec in specs:
        local = rel[len(base) + 1 :] if base else rel
        candidate = local + "/" if is_dir else local
        # Later (deeper) files override earlier ones, as in git: check_file reports include vs exclude.
        result = spec.check_file(candidate)
        if result.include is not None:
            ignored = bool(result.include)
    return ignored
