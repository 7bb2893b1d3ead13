"""The advisory database: which advisories affect a package version, or a version specifier.

Matching follows the OSV spec's `IsVulnerable`: a version is affected by an advisory when it
equals one of the explicit `versions` (PEP 440 equality) or lies in one of the `ECOSYSTEM`
ranges (see `ranges.py`). Withdrawn advisories never match. Results for one package are then
de-duplicated by aliases exactly as pip-audit does: advisories whose preferred id is a PYSEC id
come first, and any other advisory sharing an id or alias with an earlier result is merged into
it, so one vulnerability is reported once, under its PYSEC id, with its CVE/GHSA aliases.

Package entries are compiled on first use, so loading the database costs one JSON parse and a
query costs a dictionary look-up plus a few interval checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packaging.version import Version

from ..model import Severity

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet
from .ranges import CompiledRange, Interval, compile_range
from .snapshot import SnapshotError, check_document, read_snapshot, value
from .versions import normalize_name, parse, version_key


class UnparsableVersion(ValueError):
    """The installed version is not PEP 440, so the advisories' ranges cannot be evaluated.

    `partial` holds what could still be decided (exact matches against explicit version lists);
    callers must treat the dependency as not fully audited (fail closed).
    """

    def __init__(self, name: str, version: str, partial: list[VulnMatch]) -> None:
        super().__init__(f"{name} {version!r} is not a PEP 440 version; version ranges cannot be checked")
        self.name = name
        self.version = version
        self.partial = partial


@dataclass(frozen=True, slots=True)
class Advisory:
    id: str
    aliases: tuple[str, ...]
    summary: str
    details: str
    published: str | None
    modified: str | None
    withdrawn: str | None
    severity: Severity | None  # None: the advisory states none
    cvss_vector: str | None
    cvss_score: float | None
    cwe: tuple[str, ...]
    references: tuple[str, ...]

    @property
    def title(self) -> str:
        """One line for people: the summary, else the first sentence of the details."""
        if self.summary:
            return self.summary
        first = self.details.split(". ", 1)[0].rstrip(".")
        return first if len(first) <= 160 else first[:159] + "…"

    @property
    def preferred_id(self) -> str:
        return preferred_id(self.id, self.aliases)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One advisory's statement about one package, compiled. The Advisory itself is built on a hit."""

    id: str
    withdrawn: bool
    ranges: tuple[CompiledRange, ...]
    versions: frozenset[str]  # version_key()s of explicit versions the ranges do not cover

    def covers(self, version: Version) -> bool:
        return version_key(str(version)) in self.versions or any(version in r for r in self.ranges)

    def fixes_above(self, version: Version | None) -> list[Version]:
        fixed = sorted({f for r in self.ranges for f in r.fixed})
        return [f for f in fixed if version is None or f > version]

    def recommended_fix(self, above: Version | None) -> Version | None:
        """The smallest fixed version above `above` that this advisory does not itself list as affected."""
        return next((f for f in self.fixes_above(above) if not self.covers(f)), None)


@dataclass(frozen=True, slots=True)
class VulnMatch:
    """One vulnerability of one dependency (several alias advisories merged into one)."""

    name: str  # PEP 503-normalised
    version: str | None  # the installed/pinned version; None for a specifier match
    specifier: str | None  # the requirement's specifier, for `possibly_affected`
    id: str  # preferred id: PYSEC, else CVE, else the advisory's own
    aliases: tuple[str, ...]  # every other id of the merged advisories, sorted
    advisories: tuple[Advisory, ...]
    fix_versions: tuple[str, ...]  # every fixed version above the installed one, ascending
    fix_version: str | None  # what to upgrade to: the smallest fix that clears every merged advisory
    severity: Severity | None = None  # the worst stated severity among the merged advisories
    matched_by: tuple[str, ...] = field(default=())  # "range" and/or "version"

    @property
    def ids(self) -> tuple[str, ...]:
        return (self.id, *self.aliases)


def _id_rank(identifier: str) -> int:
    # pip-audit's preference: PYSEC, then CVE, then anything else (GHSA, MAL, ...).
    if identifier.startswith("PYSEC"):
        return 1
    if identifier.startswith("CVE"):
        return 2
    return 3


def preferred_id(identifier: str, aliases: Iterable[str]) -> str:
    return min([identifier, *aliases], key=_id_rank)  # the first of the best rank: the record's own id wins ties


class VulnDB:
    """Advisories indexed by normalised package name."""

    def __init__(self, document: dict[str, Any], path: Path | None = None) -> None:
        check_document(document, str(path or "<snapshot>"))
        self.path = path
        self.source: str = str(document.get("source", ""))
        self.derived: str = str(document.get("derived", ""))
        self.count: int = len(document["advisories"])
        self.withdrawn_count: int = int(document.get("withdrawn_count", 0))
        self._advisory_data: dict[str, Any] = document["advisories"]  # values: JSON text until used
        self._package_data: dict[str, Any] = document["packages"]
        self._withdrawn = frozenset(document.get("withdrawn", ()))
        self._advisories: dict[str, Advisory] = {}
        self._compiled: dict[str, tuple[_Entry, ...]] = {}

    @classmethod
    def load(cls, path: Path) -> VulnDB:
        return cls(read_snapshot(path), path)

    @property
    def package_count(self) -> int:
        return len(self._package_data)

    def packages(self) -> list[str]:
        return list(self._package_data)

    def advisory(self, identifier: str) -> Advisory | None:
        if identifier not in self._advisory_data:
            return None
        cached = self._advisories.get(identifier)
        if cached is None:
            try:
                cached = self._advisories[identifier] = _advisory(identifier, value(self._advisory_data[identifier]))
            except (TypeError, ValueError, AttributeError) as exc:
                raise SnapshotError(f"{self.path or '<snapshot>'}: malformed advisory {identifier!r}: {exc}") from exc
        return cached

    def advisories_for(self, name: str) -> list[Advisory]:
        """Every advisory naming the package, withdrawn ones included."""
        return [self._get(e.id) for e in self._entries(normalize_name(name))]

    def _get(self, identifier: str) -> Advisory:
        found = self.advisory(identifier)
        if found is None:
            raise SnapshotError(f"{self.path or '<snapshot>'}: no advisory {identifier!r}")
        return found

    def _entries(self, name: str) -> tuple[_Entry, ...]:
        compiled = self._compiled.get(name)
        if compiled is None:
            try:
                compiled = tuple(
                    _Entry(
                        identifier,
                        identifier in self._withdrawn,
                        tuple(compile_range((kind, version) for kind, version in events) for events in ranges),
                        frozenset(versions),
                    )
                    for identifier, ranges, versions in value(self._package_data.get(name, []))
                )
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                # Only a hand-edited or corrupt file gets here: updates are checked in full before install.
                raise SnapshotError(f"{self.path or '<snapshot>'}: malformed entries for {name!r}: {exc}") from exc
            self._compiled[name] = compiled
        return compiled

    def affected(self, name: str, version: str | Version) -> list[VulnMatch]:
        """Vulnerabilities of `name` at exactly `version`, merged by alias, ordered by id.

        Raises `UnparsableVersion` (with the exact-string matches in `.partial`) when the version
        is not PEP 440 and the package has ranged advisories that therefore cannot be evaluated.
        """
        key = normalize_name(name)
        entries = [e for e in self._entries(key) if not e.withdrawn]
        if not entries:
            return []
        text = str(version)
        parsed = version if isinstance(version, Version) else parse(text)
        hits: list[tuple[_Entry, str]] = []
        exact = version_key(text)
        for entry in entries:
            if exact in entry.versions:
                hits.append((entry, "version"))
            elif parsed is not None and any(parsed in r for r in entry.ranges):
                hits.append((entry, "range"))
        matches = self._merge(key, text, None, hits, parsed)
        if parsed is None and any(e.ranges for e in entries):
            raise UnparsableVersion(key, text, matches)
        return matches

    def possibly_affected(self, name: str, specifier: str | SpecifierSet) -> list[VulnMatch]:
        """Advisories whose affected versions intersect the versions `specifier` allows.

        Offline there is no release list, so this works on the version line itself: an explicit
        affected version counts when the specifier contains it (pre-releases allowed), and a range
        counts when one of its compiled intervals overlaps the interval the specifier allows
        (`specifiers.allowed_interval`; `!=` exclusions are ignored). It can therefore report an
        advisory whose overlap holds no published release, but never misses one that some allowed
        version is affected by. An empty specifier allows everything.
        """
        from .specifiers import allowed_interval  # imports packaging.specifiers: slow, rarely needed

        spec = _specifier(specifier) if isinstance(specifier, str) else specifier
        allowed = allowed_interval(spec)
        key = normalize_name(name)
        hits: list[tuple[_Entry, str]] = []
        for entry in self._entries(key):
            if entry.withdrawn:
                continue
            if allowed is not None and any(i.intersects(allowed) for r in entry.ranges for i in r.intervals):
                hits.append((entry, "range"))
            elif any(spec.contains(v, prereleases=True) for v in _explicit(entry.versions)):
                hits.append((entry, "version"))
        low = allowed.low if allowed is not None else None
        return self._merge(key, None, str(spec), hits, low)

    def _merge(
        self,
        name: str,
        version: str | None,
        specifier: str | None,
        hits: Sequence[tuple[_Entry, str]],
        above: Version | None,
    ) -> list[VulnMatch]:
        """pip-audit's alias de-duplication: PYSEC-led results first, the rest folded into them."""
        resolved = sorted(((self._get(entry.id), entry, how) for entry, how in hits), key=lambda h: h[0].id)
        groups: list[_Group] = []
        seen: set[str] = set()
        for advisory, entry, how in resolved:
            if advisory.preferred_id.startswith("PYSEC"):
                ids = {advisory.id, *advisory.aliases}
                groups.append(_Group([(advisory, entry, how)], ids))
                seen |= ids
        for advisory, entry, how in resolved:
            if advisory.preferred_id.startswith("PYSEC"):
                continue
            ids = {advisory.id, *advisory.aliases}
            if seen & ids:
                group = next(g for g in groups if g.ids & ids)
                group.members.append((advisory, entry, how))
                group.ids |= ids
            else:
                groups.append(_Group([(advisory, entry, how)], ids))
            seen |= ids
        return sorted((_match(name, version, specifier, g, above) for g in groups), key=lambda m: m.id)


def _specifier(text: str) -> SpecifierSet:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet  # only unpinned requirements need it

    try:
        return SpecifierSet(text)
    except InvalidSpecifier as exc:
        raise ValueError(f"invalid version specifier {text!r}: {exc}") from exc


def _explicit(keys: Iterable[str]) -> Iterable[Version]:
    for key in keys:
        parsed = parse(key) if not key.startswith("!") else None
        if parsed is not None:
            yield parsed


def _advisory(identifier: str, data: dict[str, Any]) -> Advisory:
    label = data.get("severity")
    return Advisory(
        id=identifier,
        aliases=tuple(data.get("aliases", ())),
        summary=str(data.get("summary", "")),
        details=str(data.get("details", "")),
        published=data.get("published"),
        modified=data.get("modified"),
        withdrawn=data.get("withdrawn"),
        severity=Severity.parse(label) if isinstance(label, str) else None,
        cvss_vector=data.get("cvss"),
        cvss_score=data.get("score"),
        cwe=tuple(data.get("cwe", ())),
        references=tuple(data.get("refs", ())),
    )


@dataclass(slots=True)
class _Group:
    members: list[tuple[Advisory, _Entry, str]]
    ids: set[str]


def _match(name: str, version: str | None, specifier: str | None, group: _Group, above: Version | None) -> VulnMatch:
    primary = group.members[0][0].preferred_id
    fixes = sorted({f for _, entry, _ in group.members for f in entry.fixes_above(above)})
    # Each merged advisory names its own fix; only the largest of them clears them all.
    recommended = [f for f in (entry.recommended_fix(above) for _, entry, _ in group.members) if f is not None]
    stated = [a.severity for a, _, _ in group.members if a.severity is not None]
    return VulnMatch(
        name=name,
        version=version,
        specifier=specifier,
        id=primary,
        aliases=tuple(sorted(group.ids - {primary})),
        advisories=tuple(advisory for advisory, _, _ in group.members),
        fix_versions=tuple(str(f) for f in fixes),
        fix_version=str(max(recommended)) if recommended else None,
        severity=max(stated) if stated else None,
        matched_by=tuple(sorted({how for _, _, how in group.members})),
    )


__all__ = ["Advisory", "Interval", "UnparsableVersion", "VulnDB", "VulnMatch", "preferred_id"]
