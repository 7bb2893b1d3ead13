"""The inputs of one audit: dependency files found under directories or named, and installed environments.

Each input is read once, here, into a `ParsedSource` or the reason it could not be read. Reading never imports,
builds or runs project code (see `chainwatch.deps`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..deps import (
    DependencyParseError,
    DependencySource,
    ParsedSource,
    SourceKind,
    discover,
    installed_environment,
)


@dataclass(frozen=True, slots=True)
class AuditInput:
    """One target of the report: a file or an environment, read or failed."""

    label: str
    kind: SourceKind | None
    parsed: ParsedSource | None = None
    error: str | None = None
    line: int | None = None
    compiled: bool = False  # a `.in` file with a compiled `.txt` beside it: the `.txt` is what gets installed


def collect_inputs(paths: Sequence[str], pythons: Sequence[str | None]) -> list[AuditInput]:
    """Every input in a stable order: paths as given (directories walked in sorted order), then environments.
    `pythons` holds interpreter paths, None meaning the running interpreter (`--installed`)."""
    inputs: list[AuditInput] = []
    for given in paths:
        try:
            sources: list[DependencySource] = discover([given])
        except DependencyParseError as exc:
            inputs.append(AuditInput(exc.path, None, error=exc.reason, line=exc.line))
            continue
        if not sources and Path(given).is_dir():
            inputs.append(AuditInput(given, None, error="no dependency files found here"))
        inputs.extend(_read(source) for source in sources)
    inputs.extend(_read(installed_environment(python)) for python in pythons)
    return _dedupe(inputs)


def _read(source: DependencySource) -> AuditInput:
    try:
        parsed = source.collect()
    except DependencyParseError as exc:
        return AuditInput(source.label, source.kind, error=exc.reason, line=exc.line)
    except OSError as exc:  # a file that vanished or became unreadable between discovery and reading
        return AuditInput(source.label, source.kind, error=f"cannot read: {exc.strerror or exc}")
    return AuditInput(source.label, source.kind, parsed, compiled=_has_compiled_twin(source))


def _has_compiled_twin(source: DependencySource) -> bool:
    path = getattr(source, "path", None)
    return (
        source.kind is SourceKind.REQUIREMENTS
        and isinstance(path, Path)
        and path.suffix == ".in"
        and path.with_suffix(".txt").is_file()
    )


def _dedupe(inputs: list[AuditInput]) -> list[AuditInput]:
    # The same file named twice (`audit . requirements.txt`) is one target.
    seen: set[str] = set()
    unique = []
    for item in inputs:
        key = str(Path(item.label).resolve()) if item.kind is not SourceKind.ENVIRONMENT else item.label
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
