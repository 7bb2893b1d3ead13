"""What the lock-file readers share: a package entry becomes a pinned `Dependency` with every artifact hash the lock
records, or a `SkippedDependency` when the entry has no version (a directory or VCS source that was never built
into a known version), plus the bookkeeping for entry limits and line evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from packaging.utils import canonicalize_name

from ..model import Location
from ._pep508 import normalise_hash
from ._read import LineLocator
from .interface import Dependency, DependencyParseError, Limits, ParsedSource, SkippedDependency, SourceKind

TOML_PACKAGE_NAME = re.compile(r"""^\s*name\s*=\s*["']([^"'\n]+)["']""", re.MULTILINE)


def canonical(text: str) -> str:
    return str(canonicalize_name(text))


def hashes_of(values: Iterable[object]) -> tuple[str, ...]:
    """Every `algo:hex` among `values` (strings), normalised, first occurrence kept."""
    found = (normalise_hash(v) for v in values if isinstance(v, str))
    return tuple(dict.fromkeys(h for h in found if h))


def hash_table(table: object) -> tuple[str, ...]:
    """PEP 751 style `{sha256 = "..."}` tables."""
    if not isinstance(table, dict):
        return ()
    return hashes_of(f"{algo}:{digest}" for algo, digest in table.items() if isinstance(digest, str))


@dataclass(slots=True)
class LockReader:
    kind: SourceKind
    label: str
    limits: Limits
    locator: LineLocator
    dependencies: list[Dependency] = field(default_factory=list)
    skipped: list[SkippedDependency] = field(default_factory=list)

    def where(self, name: str, snippet: str) -> Location:
        return Location(self.label, self.locator.take(canonical(name)), snippet=snippet)

    def package(
        self,
        entry: Any,
        *,
        version_key: str = "version",
        hashes: tuple[str, ...] = (),
        url: str | None = None,
        local: bool = False,
        editable: bool = False,
        index_urls: tuple[str, ...] = (),
        markers: str | None = None,
        group: str | None = None,
        unresolved: str | None = None,
    ) -> None:
        """Add one package entry. `unresolved` names what the package comes from when it is not an index."""
        self._check_size()
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            self.skipped.append(
                SkippedDependency(Location(self.label, None, snippet=repr(entry)[:240]), "entry has no name")
            )
            return
        name = entry["name"].strip()
        version = entry.get(version_key)
        snippet = f"{name} {version}" if isinstance(version, str) else name
        where = self.where(name, snippet)
        if not isinstance(version, str) or not version.strip():
            reason = f"no version recorded{f' (from {unresolved})' if unresolved else ''}: cannot be checked by version"
            self.skipped.append(SkippedDependency(where, reason, canonical(name)))
            return
        version = version.strip().removeprefix("==")
        self.dependencies.append(
            Dependency(
                name=canonical(name),
                raw_name=name,
                source=where,
                version=version,
                specifier=f"=={version}",
                markers=markers,
                hashes=hashes,
                url=url,
                editable=editable,
                local=local,
                index_urls=index_urls,
                group=group,
            )
        )

    def skip(self, name: str | None, reason: str) -> None:
        self._check_size()
        where = self.where(name, name) if name else Location(self.label)
        self.skipped.append(SkippedDependency(where, reason, canonical(name) if name else None))

    def _check_size(self) -> None:
        if len(self.dependencies) + len(self.skipped) >= self.limits.max_entries:
            raise DependencyParseError(self.label, f"more than {self.limits.max_entries} entries")

    def result(self) -> ParsedSource:
        return ParsedSource(
            kind=self.kind,
            path=self.label,
            dependencies=tuple(self.dependencies),
            skipped=tuple(self.skipped),
            files=(self.label,),
        )
