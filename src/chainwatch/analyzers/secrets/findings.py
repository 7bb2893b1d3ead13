"""Turn an engine match into the shared `Finding`: redacted evidence only, never the secret."""

from __future__ import annotations

from functools import cache

from ...model import Finding, Location
from .detector import Detector
from .engine import SecretMatch
from .rules import CANDIDATES, DETECTORS


@cache
def _by_id() -> dict[str, Detector]:
    return {d.id: d for d in (*DETECTORS, *CANDIDATES)}


def to_finding(match: SecretMatch, display_path: str | None = None) -> Finding:
    detector = _by_id().get(match.rule)
    title = detector.title if detector else match.rule
    check_note = {
        "valid": " Its checksum/structure verifies, so it is a well-formed credential.",
        "bad-checksum": " Its checksum does not verify: probably a fake or truncated value, reported with lower confidence.",
        "protected": " It is encrypted with a passphrase, so it is reported with lower confidence; still replace it,"
        " because weak passphrases fall to offline guessing.",
    }.get(match.check, "")
    return Finding(
        rule=match.rule,
        title=title,
        severity=match.severity,
        message=f"{title} ({match.redacted}) found.{check_note}",
        location=Location(path=display_path or match.path, line=match.line, column=match.column, snippet=match.snippet),
        confidence=match.confidence,
        why=detector.why if detector else "",
        remediation=detector.remediation if detector else "",
        cwe=("CWE-798",),
        attack=("T1552.001",),
        tags=("secret", detector.provider if detector else "generic"),
        evidence_key=match.evidence_key,
    )
