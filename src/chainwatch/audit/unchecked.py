"""Entries that could not be checked (VCS and URL references, local trees, invalid lines, unparsable versions)
are findings with the reason: never dropped, so a report never claims more than was audited."""

from __future__ import annotations

from ..deps import SkippedDependency
from ..model import Finding, Location, Severity
from .rules import UNCHECKED

_WHY = (
    "An entry the audit could not identify by name and released version was not checked for typosquatting, "
    "confusion or known vulnerabilities; whatever it installs has not been looked at."
)
_REMEDIATION = (
    "Depend on a released version from an index where possible; otherwise vet the source itself "
    "(`chainwatch vet PATH`) and pin VCS references to a full commit hash."
)


def skipped_finding(skipped: SkippedDependency) -> Finding:
    return unchecked_finding(skipped.source, skipped.name, skipped.reason)


def unchecked_finding(location: Location, name: str | None, reason: str) -> Finding:
    subject = f"'{name}'" if name else "An entry"
    return Finding(
        rule=UNCHECKED,
        title=f"{subject} was not checked",
        severity=Severity.LOW,
        message=f"{subject} was not checked: {reason.rstrip('.')}.",
        location=location,
        confidence=1.0,
        why=_WHY,
        remediation=_REMEDIATION,
        tags=("unchecked",),
        evidence_key=f"{name or ''}:{reason}",
    )
