"""Finding dependency inputs: walk directories for well-known file names, take files given by name as they are.

The walk never follows symbolic links (no loops, no escaping the tree), skips version-control, virtual-environment,
cache and build directories (an environment is its own input, `--python`), and is bounded in depth.
Files inside the tree are picked up only by their names; a file named explicitly goes through content sniffing,
and is an `UnsupportedFileError` when it is no dependency file at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ._read import display_path
from .files import FileSource, kind_by_name, source_for_file
from .interface import DEFAULT_LIMITS, DependencyParseError, DependencySource, Limits, SourceKind
from .requirements import project_root

SKIPPED_DIRECTORIES = frozenset(
    {
        ".git", ".hg", ".svn", ".bzr", ".tox", ".nox", ".venv", "venv", ".direnv", "node_modules", "__pycache__",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs", "site-packages", "dist-packages", "build", "dist",
        ".cache", ".idea", ".vscode",
    }
)  # fmt: skip


def discover(paths: Iterable[str | Path], limits: Limits = DEFAULT_LIMITS) -> list[DependencySource]:
    """Every dependency input under the given directories, plus the files given by name, in a stable order
    (paths as given; inside a directory, sorted). Nothing is parsed yet: call `collect()` on each source."""
    sources: list[DependencySource] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = [FileSource(file, kind, limits, project_root(path)) for file, kind in _walk(path, limits)]
        elif path.exists():
            found = [source_for_file(path, limits=limits)]
        else:
            raise DependencyParseError(display_path(path), "no such file or directory")
        for source in found:
            key = source.path.resolve()
            if key not in seen:
                seen.add(key)
                sources.append(source)
    return sources


def _walk(top: Path, limits: Limits) -> list[tuple[Path, SourceKind]]:
    found: list[tuple[Path, SourceKind]] = []
    base_depth = len(top.parts)
    for directory, subdirectories, files in os.walk(top, followlinks=False):
        here = Path(directory)
        if len(here.parts) - base_depth >= limits.max_walk_depth:
            subdirectories[:] = []
        subdirectories[:] = sorted(
            d for d in subdirectories if d not in SKIPPED_DIRECTORIES and not (here / d / "pyvenv.cfg").exists()
        )
        for name in sorted(files):
            file = here / name
            kind = kind_by_name(file)
            if kind is not None and not file.is_symlink():
                found.append((file, kind))
    return found
