"""Dependency inputs of `chainwatch audit`, read statically: requirements files, pyproject.toml, pylock.toml,
uv.lock, poetry.lock, Pipfile.lock, pdm.lock and installed environments.

    sources = discover(["."])                 # or [installed_environment("/path/to/python")]
    for source in sources:
        parsed = source.collect()             # ParsedSource: dependencies, skipped, files read
    parse_path("requirements/dev.txt")        # one file, format from its name or content

Every failure to read an input is a `DependencyParseError` (path, line, reason). Nothing here builds, imports or
runs project code; see each module's docstring for how its format is read.
"""

from .discover import discover
from .environment import installed_environment
from .files import parse_path, source_for_file
from .interface import (
    DEFAULT_INDEX,
    Dependency,
    DependencyParseError,
    DependencySource,
    IndexStrategy,
    Limits,
    ParsedSource,
    SkippedDependency,
    SourceKind,
    UnsupportedFileError,
)

__all__ = [
    "DEFAULT_INDEX",
    "Dependency",
    "DependencyParseError",
    "DependencySource",
    "IndexStrategy",
    "Limits",
    "ParsedSource",
    "SkippedDependency",
    "SourceKind",
    "UnsupportedFileError",
    "discover",
    "installed_environment",
    "parse_path",
    "source_for_file",
]
