"""Which parser reads a file: by its name first, by its content when the name says nothing, and a clear error when
neither does. `FileSource` is the `DependencySource` for every file format."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from pathlib import Path
from typing import assert_never

from ._read import decode, display_path, read_bytes
from .interface import (
    DEFAULT_LIMITS,
    DependencySource,
    Limits,
    ParsedSource,
    SourceKind,
    UnsupportedFileError,
)
from .requirements import _REQUIREMENTS_DIRS, looks_like_requirements, parse_requirements

Parser = Callable[[Path, Limits, Path | None], ParsedSource]

EXACT_NAMES: dict[str, SourceKind] = {
    "pyproject.toml": SourceKind.PYPROJECT,
    "pylock.toml": SourceKind.PYLOCK,
    "uv.lock": SourceKind.UV_LOCK,
    "poetry.lock": SourceKind.POETRY_LOCK,
    "pipfile.lock": SourceKind.PIPFILE_LOCK,
    "pdm.lock": SourceKind.PDM_LOCK,
}
REQUIREMENTS_PATTERNS = ("*requirements*.txt", "*requirements*.in", "constraints*.txt", "constraints*.in")


def parser_for(kind: SourceKind) -> Parser:
    # The lock and pyproject parsers are imported when a file of theirs is read: most runs read one format.
    match kind:
        case SourceKind.REQUIREMENTS:
            return parse_requirements
        case SourceKind.PYPROJECT:
            from .pyproject import parse_pyproject

            return parse_pyproject
        case SourceKind.PYLOCK:
            from .pylock import parse_pylock

            return parse_pylock
        case SourceKind.UV_LOCK:
            from .uvlock import parse_uv_lock

            return parse_uv_lock
        case SourceKind.POETRY_LOCK:
            from .poetrylock import parse_poetry_lock

            return parse_poetry_lock
        case SourceKind.PIPFILE_LOCK:
            from .pipfilelock import parse_pipfile_lock

            return parse_pipfile_lock
        case SourceKind.PDM_LOCK:
            from .pdmlock import parse_pdm_lock

            return parse_pdm_lock
        case SourceKind.ENVIRONMENT:
            raise ValueError("an environment is not a file: use installed_environment()")
        case _:
            assert_never(kind)


def kind_by_name(path: Path) -> SourceKind | None:
    """The format a file's name promises, or None. Used by discovery, which only picks up well-named files."""
    name = path.name.lower()
    if name in EXACT_NAMES:
        return EXACT_NAMES[name]
    if fnmatch.fnmatch(name, "pylock.*.toml"):
        return SourceKind.PYLOCK
    if any(fnmatch.fnmatch(name, pattern) for pattern in REQUIREMENTS_PATTERNS):
        return SourceKind.REQUIREMENTS
    if path.parent.name.lower() in _REQUIREMENTS_DIRS and name.endswith((".txt", ".in")):
        return SourceKind.REQUIREMENTS
    return None


def kind_for_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> SourceKind:
    """The format of a file given by name: its name, else its content; `UnsupportedFileError` otherwise."""
    by_name = kind_by_name(path)
    if by_name is not None:
        return by_name
    label = display_path(path)
    text = decode(read_bytes(path, limits), label)
    sniffed = _sniff(path, text)
    if sniffed is None:
        raise UnsupportedFileError(
            label,
            "not a dependency file chainwatch reads (requirements*.txt/*.in, pyproject.toml, pylock.toml, uv.lock, "
            "poetry.lock, Pipfile.lock, pdm.lock)",
        )
    return sniffed


def _sniff(path: Path, text: str) -> SourceKind | None:
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return SourceKind.PIPFILE_LOCK if '"_meta"' in text and ('"default"' in text or '"develop"' in text) else None
    import tomllib  # only files of unknown names are sniffed

    try:
        document = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        document = None
    if document:
        return _sniff_toml(document)
    return SourceKind.REQUIREMENTS if looks_like_requirements(text) else None


def _sniff_toml(document: dict[str, object]) -> SourceKind | None:
    metadata = document.get("metadata")
    if "lock-version" in document and "packages" in document:
        return SourceKind.PYLOCK
    if isinstance(document.get("version"), int) and "package" in document:
        return SourceKind.UV_LOCK
    if isinstance(metadata, dict) and "content-hash" in metadata:
        return SourceKind.POETRY_LOCK
    if isinstance(metadata, dict) and ("lock_version" in metadata or "content_hash" in metadata):
        return SourceKind.PDM_LOCK
    if any(key in document for key in ("project", "dependency-groups", "build-system", "tool")):
        return SourceKind.PYPROJECT
    return None


class FileSource(DependencySource):
    """A dependency file of a known format. `root` bounds where nested requirements files may be read from."""

    def __init__(self, path: Path, kind: SourceKind, limits: Limits = DEFAULT_LIMITS, root: Path | None = None) -> None:
        self.path = path
        self.kind = kind
        self.limits = limits
        self.root = root

    @property
    def label(self) -> str:
        return display_path(self.path)

    def collect(self) -> ParsedSource:
        return parser_for(self.kind)(self.path, self.limits, self.root)


def source_for_file(
    path: Path, kind: SourceKind | None = None, limits: Limits = DEFAULT_LIMITS, root: Path | None = None
) -> FileSource:
    return FileSource(path, kind or kind_for_file(path, limits), limits, root)


def parse_path(
    path: str | Path, kind: SourceKind | None = None, limits: Limits = DEFAULT_LIMITS, root: Path | None = None
) -> ParsedSource:
    """Read one dependency file (its format from `kind`, its name or its content)."""
    return source_for_file(Path(path), kind, limits, root).collect()
