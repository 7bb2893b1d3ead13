"""CycloneDX 1.6 JSON: the audited dependencies as components (with purls) and their known vulnerabilities;
with `audit --vet`, each component's malware vetting as properties and every malicious or suspicious file as a
vulnerability affecting it.

A pure function of a `Bom`, the inventory `chainwatch audit` builds (`chainwatch.audit.bom`): findings alone
cannot make a BOM, which lists clean components too. Validated against the official CycloneDX schema in tests.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from . import CYCLONEDX_SPEC_VERSION as SPEC_VERSION

SEVERITIES = ("critical", "high", "medium", "low", "info", "none", "unknown")


def purl(name: str, version: str | None) -> str:
    """`pkg:pypi/name@version`: the purl spec lower-cases PyPI names and writes `_` as `-`; the version is
    percent-encoded (`+` of local versions, `!` of epochs)."""
    base = "pkg:pypi/" + quote(name.lower().replace("_", "-"), safe="")
    return f"{base}@{quote(version, safe='')}" if version else base


def cwe_numbers(cwes: Iterable[str]) -> Iterator[int]:
    """"CWE-506" as CycloneDX writes it: 506."""
    for cwe in cwes:
        digits = cwe.upper().removeprefix("CWE-")
        if digits.isdigit():
            yield int(digits)


@dataclass(frozen=True, slots=True)
class BomVetFile:
    """One file of a release the malware analysis vetted."""

    filename: str
    sha256: str
    verdict: str  # clean, suspicious, malicious, error
    score: float


@dataclass(frozen=True, slots=True)
class BomVet:
    """A component's malware vetting (`audit --vet`)."""

    status: str  # malicious, error, suspicious, partly-vetted, not-vetted, clean
    files: tuple[BomVetFile, ...] = ()
    reasons: tuple[str, ...] = ()  # why it could not be vetted, was not, or not fully

    @property
    def score(self) -> float | None:
        return max((f.score for f in self.files), default=None)


@dataclass(frozen=True, slots=True)
class BomComponent:
    name: str
    version: str | None
    declared_in: tuple[str, ...] = ()  # "file:line" of each declaration
    unchecked: str | None = None  # why the audit could not check it
    vet: BomVet | None = None  # `--vet` only

    @property
    def purl(self) -> str:
        return purl(self.name, self.version)


@dataclass(frozen=True, slots=True)
class BomRating:
    severity: str  # one of SEVERITIES
    method: str = "other"  # CVSSv2, CVSSv3, CVSSv31, CVSSv4, other
    score: float | None = None
    vector: str | None = None
    source: str | None = None  # the advisory that states it
    origin: str | None = None  # or the tool that does
    justification: str | None = None


@dataclass(frozen=True, slots=True)
class BomAffect:
    ref: str  # a component's purl (its bom-ref)
    version: str | None = None  # exactly this version is affected
    range: str | None = None  # a vers range whose status is unknown (an unpinned requirement)


@dataclass(frozen=True, slots=True)
class BomVulnerability:
    id: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    detail: str = ""
    recommendation: str = ""
    ratings: tuple[BomRating, ...] = ()
    cwes: tuple[int, ...] = ()
    advisories: tuple[str, ...] = ()  # URLs
    published: str | None = None  # RFC 3339
    updated: str | None = None
    fix_versions: tuple[str, ...] = ()
    affects: tuple[BomAffect, ...] = ()
    bom_ref: str = ""  # default: "vulnerability:<id>"
    origin: str | None = None  # the tool that found it (`source.name`); default: the database the id belongs to
    analysis_state: str | None = None  # VEX impact analysis state, when the finder states one
    properties: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not self.bom_ref:
            object.__setattr__(self, "bom_ref", f"vulnerability:{self.id}")


@dataclass(frozen=True, slots=True)
class Bom:
    components: tuple[BomComponent, ...]
    vulnerabilities: tuple[BomVulnerability, ...]
    tool_version: str


def render_cyclonedx(bom: Bom) -> str:
    import uuid  # costs every command's start-up if imported at the top; only BOMs need it

    document: dict[str, Any] = {
        "$schema": f"http://cyclonedx.org/schema/bom-{SPEC_VERSION}.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "serialNumber": f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": {
            "timestamp": _now(),
            "tools": {"components": [{"type": "application", "name": "chainwatch", "version": bom.tool_version}]},
        },
        "components": [_component(c) for c in bom.components],
    }
    if bom.vulnerabilities:
        document["vulnerabilities"] = [_vulnerability(v) for v in bom.vulnerabilities]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _now() -> str:
    # SOURCE_DATE_EPOCH makes the BOM reproducible for builds that want that.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch and epoch.isdigit() else dt.datetime.now(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _component(component: BomComponent) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": "library", "bom-ref": component.purl, "name": component.name}
    if component.version:
        entry["version"] = component.version
    entry["purl"] = component.purl
    properties = [{"name": "chainwatch:declared-in", "value": where} for where in component.declared_in]
    if component.unchecked:
        properties.append({"name": "chainwatch:unchecked", "value": component.unchecked})
    if component.vet is not None:
        properties += _vet_properties(component.vet)
    if properties:
        entry["properties"] = properties
    return entry


def _vet_properties(vet: BomVet) -> list[dict[str, str]]:
    # Name-value pairs under chainwatch's namespace: CycloneDX has no field for a malware verdict, and component
    # properties are what Dependency-Track (4.11+) shows. A component is a release, so its vetted files (one
    # sdist and many wheels) are listed here rather than as the component's own `hashes`.
    properties = [{"name": "chainwatch:vet:verdict", "value": vet.status}]
    if vet.score is not None:
        properties.append({"name": "chainwatch:vet:score", "value": f"{vet.score:.2f}"})
    properties.append({"name": "chainwatch:vet:files-vetted", "value": str(len(vet.files))})
    properties += [
        {"name": "chainwatch:vet:file", "value": f"{f.filename} sha256:{f.sha256} {f.verdict}"} for f in vet.files
    ]
    properties += [{"name": "chainwatch:vet:reason", "value": reason} for reason in vet.reasons]
    return properties


def _vulnerability(vulnerability: BomVulnerability) -> dict[str, Any]:
    source = {"name": vulnerability.origin} if vulnerability.origin else _source(vulnerability.id)
    entry: dict[str, Any] = {"bom-ref": vulnerability.bom_ref, "id": vulnerability.id, "source": source}
    if vulnerability.aliases:
        entry["references"] = [{"id": alias, "source": _source(alias)} for alias in vulnerability.aliases]
    if vulnerability.ratings:
        entry["ratings"] = [_rating(r) for r in vulnerability.ratings]
    if vulnerability.cwes:
        entry["cwes"] = list(vulnerability.cwes)
    for key, text in (
        ("description", vulnerability.description),
        ("detail", vulnerability.detail),
        ("recommendation", vulnerability.recommendation),
    ):
        if text:
            entry[key] = text
    if vulnerability.advisories:
        entry["advisories"] = [{"url": url} for url in vulnerability.advisories]
    if vulnerability.published:
        entry["published"] = vulnerability.published
    if vulnerability.updated:
        entry["updated"] = vulnerability.updated
    if vulnerability.analysis_state:
        entry["analysis"] = {"state": vulnerability.analysis_state}
    entry["affects"] = [_affect(a) for a in vulnerability.affects]
    properties = [{"name": name, "value": value} for name, value in vulnerability.properties]
    if vulnerability.fix_versions:
        properties.append({"name": "chainwatch:fix-versions", "value": ", ".join(vulnerability.fix_versions)})
    if properties:
        entry["properties"] = properties
    return entry


def _affect(affect: BomAffect) -> dict[str, Any]:
    if affect.version is not None:
        return {"ref": affect.ref, "versions": [{"version": affect.version, "status": "affected"}]}
    if affect.range is not None:
        return {"ref": affect.ref, "versions": [{"range": affect.range, "status": "unknown"}]}
    return {"ref": affect.ref}


def _rating(rating: BomRating) -> dict[str, Any]:
    entry: dict[str, Any] = {"severity": rating.severity if rating.severity in SEVERITIES else "unknown"}
    if rating.origin:
        entry["source"] = {"name": rating.origin}
    elif rating.source:
        entry["source"] = _source(rating.source)
    if rating.score is not None:
        entry["score"] = rating.score
    entry["method"] = rating.method
    if rating.vector:
        entry["vector"] = rating.vector
    if rating.justification:
        entry["justification"] = rating.justification
    return entry


def _source(identifier: str) -> dict[str, str]:
    """Where a reader finds the record behind an id."""
    if identifier.startswith("CVE-"):
        return {"name": "NVD", "url": f"https://nvd.nist.gov/vuln/detail/{quote(identifier)}"}
    if identifier.startswith("GHSA-"):
        return {"name": "GitHub Advisories", "url": f"https://github.com/advisories/{quote(identifier)}"}
    return {"name": "OSV", "url": f"https://osv.dev/vulnerability/{quote(identifier)}"}
