"""The vocabulary of dependency inputs: what a dependency is, what could not be resolved, and where both came from.

Shaped like pip-audit's `_dependency_source/interface.py`: frozen dataclasses for the data and one small ABC,
`DependencySource`, that every input (a requirements file, a manifest, a lock file, an environment) implements.
Nothing here reads files; the format modules beside it do.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from dataclasses import dataclass

from ..model import Location

DEFAULT_INDEX = "https://pypi.org/simple"
"""Named explicitly whenever an input changes the index set but keeps the default (the dependency-confusion shape)."""


class SourceKind(enum.Enum):
    """Every supported input. Dispatch on it is exhaustive (`match` with `assert_never`), so a new kind is a type error
    until every consumer handles it."""

    REQUIREMENTS = "requirements"
    PYPROJECT = "pyproject.toml"
    PYLOCK = "pylock.toml"
    UV_LOCK = "uv.lock"
    POETRY_LOCK = "poetry.lock"
    PIPFILE_LOCK = "Pipfile.lock"
    PDM_LOCK = "pdm.lock"
    ENVIRONMENT = "environment"


class IndexStrategy(enum.Enum):
    """How the installer that reads an input chooses among several indexes for one name."""

    PIP = "pip"  # every index's files merged, the highest version wins
    UV_FIRST_INDEX = "first-index"  # uv's default: only the first index in priority order that lists the name
    UV_FIRST_MATCH = "unsafe-first-match"  # uv: the first such index's versions first, later indexes for the rest
    UV_BEST_MATCH = "unsafe-best-match"  # uv, merging every index as pip does

    @classmethod
    def of_uv(cls, setting: object) -> IndexStrategy:
        """uv's `index-strategy` value: absent means uv's default; anything unknown gets the riskiest reading."""
        if setting is None:
            return cls.UV_FIRST_INDEX
        known = {s.value: s for s in (cls.UV_FIRST_INDEX, cls.UV_FIRST_MATCH)}
        return known.get(str(setting), cls.UV_BEST_MATCH)

    @property
    def merges(self) -> bool:
        """Any index listing the name can win by publishing a higher version."""
        return self in (IndexStrategy.PIP, IndexStrategy.UV_BEST_MATCH)


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep hostile input from exhausting the auditor. Every one of them ends in a `DependencyParseError`."""

    max_file_bytes: int = 16 * 1024 * 1024  # the largest real lock files seen are a few MiB
    max_include_depth: int = 16  # -r/-c nesting; pip has no depth limit
    max_files: int = 256  # files read for one top-level requirements file
    max_line_chars: int = 1024 * 1024  # one logical requirements line after joining continuations
    max_entries: int = 100_000  # dependencies (plus skipped entries) from one input
    max_walk_depth: int = 12  # directory levels discovery descends
    interpreter_timeout: float = 30.0  # seconds for `--python PATH -I -S -c ...`


DEFAULT_LIMITS = Limits()


class DependencyParseError(Exception):
    """An input could not be read as what it claims to be. Names the file, and the line where known."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class UnsupportedFileError(DependencyParseError):
    """A file given by name that is none of the supported dependency formats."""


@dataclass(frozen=True, slots=True)
class Dependency:
    """One requirement or locked package, as the input states it. Nothing is resolved or fetched.

    `version` is set only for an exact pin (`==1.2.3`, `===1.2.3`, a lock entry, an installed distribution, or an
    artifact whose file name carries it); `specifier` keeps the whole PEP 440 constraint as written.
    `index_urls` is empty when the input says nothing about indexes (the installer's own configuration decides); when
    it does say something and keeps PyPI, `DEFAULT_INDEX` is listed explicitly. URLs have credentials redacted.
    `index_strategy` is pip's merge unless the input is resolved by uv (a pyproject whose `[tool.uv]` sets indexes).
    """

    name: str  # PEP 503-normalised
    raw_name: str
    source: Location
    version: str | None = None
    specifier: str = ""
    extras: tuple[str, ...] = ()
    markers: str | None = None
    hashes: tuple[str, ...] = ()  # "algo:hex", lower-case
    url: str | None = None  # a direct reference (PEP 440 `name @ URL`, a lock file's VCS/archive source)
    editable: bool = False
    local: bool = False  # the artifact is a local file or directory, not something an index serves
    index_urls: tuple[str, ...] = ()  # in the installer's priority order
    index_strategy: IndexStrategy = IndexStrategy.PIP  # how the installer combines `index_urls`
    find_links: tuple[str, ...] = ()
    no_index: bool = False
    group: str | None = None  # "main", "dev", an extra, a dependency-group, a Pipfile.lock section...
    constraint: bool = False  # from a -c constraints file: limits versions, installs nothing by itself

    @property
    def pinned(self) -> bool:
        return self.version is not None

    @property
    def hashed(self) -> bool:
        return bool(self.hashes)

    def __str__(self) -> str:
        extras = f"[{','.join(self.extras)}]" if self.extras else ""
        if self.version is not None:
            return f"{self.raw_name}{extras}=={self.version}"
        return f"{self.raw_name}{extras}{self.specifier}"


@dataclass(frozen=True, slots=True)
class SkippedDependency:
    """An entry that names (or may name) a dependency but cannot be resolved statically: a VCS URL, a local
    directory, an editable checkout, a line that is not a valid requirement, a nested file that was not read.
    Reported, never silently dropped: the audit fails closed on what it could not check."""

    source: Location
    reason: str
    name: str | None = None  # PEP 503-normalised when known


@dataclass(frozen=True, slots=True)
class ParsedSource:
    """Everything one input yielded. `files` lists every file read: the input itself first, then nested ones."""

    kind: SourceKind
    path: str
    dependencies: tuple[Dependency, ...]
    skipped: tuple[SkippedDependency, ...] = ()
    files: tuple[str, ...] = ()


class DependencySource(ABC):
    """One input of `chainwatch audit`. Cheap to create; `collect()` does the reading and may raise
    `DependencyParseError`."""

    kind: SourceKind

    @property
    @abstractmethod
    def label(self) -> str:
        """What to call this input in a report: a path, or the interpreter an environment belongs to."""

    @abstractmethod
    def collect(self) -> ParsedSource:
        """Read the input statically and return its dependencies. Never imports, builds or runs project code."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.kind.value} {self.label}>"
