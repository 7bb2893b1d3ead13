"""The CycloneDX inventory of an audit run: every dependency once (by name and version), and every vulnerability
once (by id) with the components it affects; with `--vet`, the vetting too (`bom_vetting`).
`chainwatch.reports.cyclonedx` renders it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from ..deps import Dependency, SkippedDependency
from ..reports.cyclonedx import (
    Bom,
    BomAffect,
    BomComponent,
    BomRating,
    BomVet,
    BomVulnerability,
    cwe_numbers,
    purl,
)
from ..vulns import Advisory, VulnMatch
from .bom_vetting import component_vets, vet_vulnerabilities
from .runner import AuditRun
from .vulnerabilities import VulnHit

_VERS_OPERATORS = frozenset({">=", "<=", ">", "<", "!="})


def build_bom(run: AuditRun, tool_version: str) -> Bom:
    components: dict[tuple[str, str | None], BomComponent] = {}
    for target in run.targets:
        if target.parsed is None:
            continue
        for dependency in target.parsed.dependencies:
            _add(components, dependency.name, dependency.version, _where(dependency), None)
        for skipped in target.parsed.skipped:
            if skipped.name is not None:
                _add(components, skipped.name, None, _where(skipped), skipped.reason)
    hits = [hit for target in run.targets for hit in target.vulnerabilities]
    vulnerabilities = _vulnerabilities(hits)
    if run.vetting is not None:
        vets = component_vets(run)
        # An entry the audit could not identify by name and version (VCS, URL) was not vetted either: said so.
        unvetted = {key: BomVet("not-vetted", reasons=(c.unchecked or "not vetted",)) for key, c in components.items()}
        components = {key: replace(c, vet=vets.get(key, unvetted[key])) for key, c in components.items()}
        vulnerabilities += vet_vulnerabilities(run)
    return Bom(tuple(components.values()), tuple(vulnerabilities), tool_version)


def _where(entry: Dependency | SkippedDependency) -> str:
    location = entry.source
    return f"{location.path}:{location.line}" if location.line else location.path


def _add(
    components: dict[tuple[str, str | None], BomComponent],
    name: str,
    version: str | None,
    where: str,
    unchecked: str | None,
) -> None:
    key = (name, version)
    known = components.get(key)
    if known is None:
        # PEP 503 names throughout: one component per project however each file spells it, and refs that match.
        components[key] = BomComponent(name, version, (where,), unchecked)
    elif where not in known.declared_in:
        components[key] = BomComponent(known.name, version, (*known.declared_in, where), known.unchecked or unchecked)


def _vulnerabilities(hits: Iterable[VulnHit]) -> list[BomVulnerability]:
    grouped: dict[str, list[VulnHit]] = {}
    for hit in hits:
        grouped.setdefault(hit.match.id, []).append(hit)
    return [_vulnerability(identifier, group) for identifier, group in sorted(grouped.items())]


def _vulnerability(identifier: str, hits: list[VulnHit]) -> BomVulnerability:
    hits = sorted(hits, key=lambda hit: not hit.exact)  # what is certainly affected first, then what may be
    match = hits[0].match
    advisories = {a.id: a for hit in hits for a in hit.match.advisories}
    ordered = list(advisories.values())
    first = ordered[0] if ordered else None
    affects = dict.fromkeys(_affect(hit) for hit in hits)
    return BomVulnerability(
        id=identifier,
        aliases=tuple(sorted({alias for hit in hits for alias in hit.match.aliases} - {identifier})),
        description=first.title if first else "",
        detail=first.details if first else "",
        recommendation=" ".join(dict.fromkeys(_recommendation(hit.match) for hit in hits)),
        ratings=tuple(r for r in (_rating(a) for a in ordered) if r is not None),
        cwes=tuple(sorted({n for a in ordered for n in cwe_numbers(a.cwe)})),
        advisories=tuple(dict.fromkeys(url for a in ordered for url in a.references)),
        published=_timestamp(min((a.published for a in ordered if a.published), default=None)),
        updated=_timestamp(max((a.modified for a in ordered if a.modified), default=None)),
        fix_versions=match.fix_versions,
        affects=tuple(affects),
    )


def _affect(hit: VulnHit) -> BomAffect:
    dependency = hit.dependency
    ref = purl(dependency.name, dependency.version)
    if hit.exact:
        return BomAffect(ref, version=dependency.version)
    return BomAffect(ref, range=vers_range(dependency.specifier))


def _recommendation(match: VulnMatch) -> str:
    if match.fix_version is None:
        return f"No fixed release of {match.name} is known."
    if match.version is None:
        return f"Require {match.name}>={match.fix_version}."
    return f"Upgrade {match.name} to {match.fix_version} or later."


def _rating(advisory: Advisory) -> BomRating | None:
    if advisory.severity is None and advisory.cvss_vector is None:
        return None
    severity = advisory.severity.label if advisory.severity is not None else "unknown"
    return BomRating(severity, _method(advisory.cvss_vector), advisory.cvss_score, advisory.cvss_vector, advisory.id)


def _method(vector: str | None) -> str:
    if vector is None:
        return "other"
    for prefix, method in (("CVSS:3.1/", "CVSSv31"), ("CVSS:3.0/", "CVSSv3"), ("CVSS:4.0/", "CVSSv4")):
        if vector.startswith(prefix):
            return method
    return "CVSSv2" if vector.startswith("AV:") else "other"


def _timestamp(text: str | None) -> str | None:
    """RFC 3339 in UTC, or None: the schema checks the format and OSV dates are not always complete."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def vers_range(specifier: str) -> str:
    """A PEP 440 specifier as a `vers:pypi/...` range; `vers:pypi/*` (every version) where vers has no equivalent
    (`~=`, wildcards, arbitrary equality) or nothing is specified."""
    try:
        specs = list(SpecifierSet(specifier))
    except InvalidSpecifier:
        return "vers:pypi/*"
    constraints: list[tuple[Version, str]] = []
    for spec in specs:
        if spec.version.endswith(".*") or spec.operator not in _VERS_OPERATORS | {"=="}:
            return "vers:pypi/*"
        try:
            version = Version(spec.version)
        except InvalidVersion:
            return "vers:pypi/*"
        operator = "" if spec.operator == "==" else spec.operator
        constraints.append((version, f"{operator}{spec.version}"))
    if not constraints:
        return "vers:pypi/*"
    return "vers:pypi/" + "|".join(text for _, text in sorted(constraints))
