"""OSV records (JSON or YAML, as parsed) normalised into the compact form the snapshot stores.

Only what matching and reporting need is kept: id, aliases, a trimmed summary/details, dates,
withdrawn, severity (label + CVSS vector and score), CWE ids, a few reference URLs, and per PyPI
package its `ECOSYSTEM`/`SEMVER` ranges as `(kind, version)` events plus explicit versions.
`GIT` ranges are dropped: they need the repository's commit graph. Records are untrusted input:
anything malformed raises `RecordError` naming the record.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .cvss import cvss3_base_score, severity_from_label, severity_from_score
from .ranges import EVENT_KINDS
from .versions import normalize_name

PYPI = "PyPI"
MATCHED_RANGE_TYPES = ("ECOSYSTEM", "SEMVER")
MAX_DETAILS = 600
MAX_SUMMARY = 200
MAX_REFERENCES = 6
MAX_ID = 200
_SPACE = re.compile(r"\s+")


class RecordError(ValueError):
    """An OSV record that cannot be used; the message names the record and the problem."""


@dataclass(frozen=True, slots=True)
class PackageEntry:
    """One `affected[]` item for one PyPI package."""

    name: str  # PEP 503-normalised
    ranges: tuple[tuple[tuple[str, str], ...], ...]
    versions: tuple[str, ...]  # as written


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    aliases: tuple[str, ...]
    summary: str
    details: str
    published: str | None
    modified: str | None
    withdrawn: str | None
    severity: str | None  # chainwatch Severity label, from CVSS or the database's own label
    cvss_vector: str | None
    cvss_score: float | None
    cwe: tuple[str, ...]
    references: tuple[str, ...]
    packages: tuple[PackageEntry, ...]

    def advisory_dict(self) -> dict[str, Any]:
        """The package-independent part, as stored in the snapshot (empty fields left out)."""
        out: dict[str, Any] = {"aliases": list(self.aliases)}
        optional: dict[str, Any] = {
            "summary": self.summary,
            "details": self.details,
            "published": self.published,
            "modified": self.modified,
            "withdrawn": self.withdrawn,
            "severity": self.severity,
            "cvss": self.cvss_vector,
            "score": self.cvss_score,
            "cwe": list(self.cwe),
            "refs": list(self.references),
        }
        out.update({k: v for k, v in optional.items() if v not in (None, "", [])})
        return out


def _text(value: Any, field: str, record_id: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise RecordError(f"{record_id}: {field} must be a string, not {type(value).__name__}")
    return str(value)


def _optional_text(record: Mapping[str, Any], field: str, record_id: str) -> str | None:
    value = record.get(field)
    if value is None:
        return None
    return _text(value, field, record_id)


def _trim(text: str, limit: int) -> str:
    flat = _SPACE.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _list(value: Any, field: str, record_id: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f"{record_id}: {field} must be a list")
    return value


def parse_record(record: Any) -> Record:
    """Normalise one OSV record; raises RecordError if it is not a usable OSV object."""
    if not isinstance(record, Mapping):
        raise RecordError(f"an OSV record must be an object, not {type(record).__name__}")
    raw_id = record.get("id")
    if not isinstance(raw_id, str) or not raw_id.strip() or len(raw_id) > MAX_ID:
        raise RecordError("an OSV record has no usable 'id'")
    record_id = raw_id.strip()
    aliases = tuple(
        dict.fromkeys(
            a.strip() for a in _list(record.get("aliases"), "aliases", record_id) if isinstance(a, str) and a.strip()
        )
    )
    summary = _optional_text(record, "summary", record_id) or ""
    details = _optional_text(record, "details", record_id) or ""
    packages = tuple(_packages(record, record_id))
    vector, score, label = _severity(record, record_id)
    return Record(
        id=record_id,
        aliases=tuple(a for a in aliases if a != record_id),
        summary=_trim(summary, MAX_SUMMARY),
        details=_trim(details, MAX_DETAILS),
        published=_optional_text(record, "published", record_id),
        modified=_optional_text(record, "modified", record_id),
        withdrawn=_optional_text(record, "withdrawn", record_id),
        severity=label,
        cvss_vector=vector,
        cvss_score=score,
        cwe=_cwe(record),
        references=_references(record, record_id),
        packages=packages,
    )


def _packages(record: Mapping[str, Any], record_id: str) -> list[PackageEntry]:
    entries = []
    for affected in _list(record.get("affected"), "affected", record_id):
        if not isinstance(affected, Mapping):
            raise RecordError(f"{record_id}: affected[] items must be objects")
        package = affected.get("package")
        if not isinstance(package, Mapping) or package.get("ecosystem") != PYPI:
            continue  # other ecosystems (and package-less entries) say nothing about PyPI projects
        name = package.get("name")
        if not isinstance(name, str) or not name.strip():
            raise RecordError(f"{record_id}: a PyPI package has no name")
        ranges = []
        for item in _list(affected.get("ranges"), "ranges", record_id):
            if not isinstance(item, Mapping):
                raise RecordError(f"{record_id}: ranges[] items must be objects")
            if item.get("type") not in MATCHED_RANGE_TYPES:
                continue
            ranges.append(_events(item, record_id))
        versions = tuple(
            _text(v, "versions[]", record_id) for v in _list(affected.get("versions"), "versions", record_id)
        )
        entries.append(PackageEntry(normalize_name(name.strip()), tuple(ranges), versions))
    return entries


def _events(item: Mapping[str, Any], record_id: str) -> tuple[tuple[str, str], ...]:
    events = []
    for event in _list(item.get("events"), "events", record_id):
        if not isinstance(event, Mapping):
            raise RecordError(f"{record_id}: events[] items must be objects")
        known = [(k, v) for k, v in event.items() if k in EVENT_KINDS]
        if len(known) != 1:
            raise RecordError(f"{record_id}: each event needs exactly one of {', '.join(EVENT_KINDS)}")
        kind, value = known[0]
        events.append((kind, _text(value, kind, record_id).strip()))
    # A range without `introduced` is kept: the spec's loop gives it no versions, and so does ours.
    return tuple(events)


def _severity(record: Mapping[str, Any], record_id: str) -> tuple[str | None, float | None, str | None]:
    """(CVSS v3 vector, its base score, severity label): CVSS v3 first, then the database's label."""
    candidates: list[Any] = list(_list(record.get("severity"), "severity", record_id))
    for affected in _list(record.get("affected"), "affected", record_id):
        if isinstance(affected, Mapping):
            candidates += _list(affected.get("severity"), "affected[].severity", record_id)
    best: tuple[str, float] | None = None
    for item in candidates:
        if not isinstance(item, Mapping) or not isinstance(item.get("score"), str):
            continue
        score = cvss3_base_score(item["score"]) if str(item.get("type", "")).startswith("CVSS_V3") else None
        if score is not None and (best is None or score > best[1]):
            best = (item["score"], score)
    if best is not None:
        return best[0], best[1], severity_from_score(best[1]).label
    specific = record.get("database_specific")
    label = specific.get("severity") if isinstance(specific, Mapping) else None
    parsed = severity_from_label(label) if isinstance(label, str) else None
    return None, None, parsed.label if parsed else None


def _cwe(record: Mapping[str, Any]) -> tuple[str, ...]:
    specific = record.get("database_specific")
    ids = specific.get("cwe_ids") if isinstance(specific, Mapping) else None
    if not isinstance(ids, list):
        return ()
    return tuple(i for i in ids if isinstance(i, str) and i.startswith("CWE-"))[:5]


def _references(record: Mapping[str, Any], record_id: str) -> tuple[str, ...]:
    refs = []
    for ref in _list(record.get("references"), "references", record_id):
        if isinstance(ref, Mapping) and isinstance(ref.get("url"), str):
            refs.append((0 if ref.get("type") == "ADVISORY" else 1, ref["url"].strip()))
    # Advisories first; stable order otherwise, duplicates dropped.
    ordered = [url for _, url in sorted(refs, key=lambda r: r[0])]
    return tuple(dict.fromkeys(u for u in ordered if u.startswith(("https://", "http://"))))[:MAX_REFERENCES]
