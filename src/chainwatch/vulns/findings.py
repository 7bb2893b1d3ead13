"""Vulnerability matches as `chainwatch.model.Finding`s, located at the dependency's declaration."""

from __future__ import annotations

from ..model import Finding, Location, Severity
from .database import VulnMatch

RULE_ID = "vuln.known-vulnerability"
DEFAULT_SEVERITY = Severity.MEDIUM  # advisories without CVSS or a database label

_WHY = (
    "Published vulnerabilities come with public write-ups and often exploit code, so they are the "
    "first thing attackers try against a dependency."
)


def _ids(match: VulnMatch) -> str:
    return match.id + (f" ({', '.join(match.aliases)})" if match.aliases else "")


def _subject(match: VulnMatch) -> str:
    if match.version is not None:
        return f"{match.name} {match.version}"
    return f"{match.name}{match.specifier or ''}"


def _remediation(match: VulnMatch) -> str:
    if match.fix_version is None:
        return f"No fixed release of {match.name} is known: remove it, replace it, or mitigate as the advisory says."
    if match.version is None:
        return f"Require a fixed release: {match.name}>={match.fix_version}."
    return f"Upgrade to {match.name} {match.fix_version} or later."


def finding_for(
    match: VulnMatch, path: str, line: int | None = None, snippet: str | None = None, *, confidence: float | None = None
) -> Finding:
    """The finding for one vulnerability of one dependency declared at `path`:`line`.

    Severity is the worst CVSS-derived (or database-stated) severity of the merged advisories,
    else medium. A pinned match is certain; a specifier match only says an allowed version is
    affected, so it gets a lower confidence.
    """
    title = match.advisories[0].title if match.advisories else match.id
    fixes = f" Fixed in {match.fix_version}." if match.fix_version else " No fixed version is known."
    verb = "is affected by" if match.version is not None else "allows versions affected by"
    details = next((a.details for a in match.advisories if a.details), "")
    references = next((a.references[0] for a in match.advisories if a.references), "")
    cwe = tuple(dict.fromkeys(c for a in match.advisories for c in a.cwe))
    return Finding(
        rule=RULE_ID,
        title=f"Known vulnerability {match.id} in {match.name}",
        severity=match.severity if match.severity is not None else DEFAULT_SEVERITY,
        message=f"{_subject(match)} {verb} {_ids(match)}: {title}.{fixes}",
        location=Location(path=path, line=line, snippet=snippet),
        confidence=confidence if confidence is not None else (0.95 if match.version is not None else 0.6),
        why=" ".join(part for part in (details, _WHY, references) if part),
        remediation=_remediation(match),
        cwe=cwe,
        tags=("vulnerability", *match.ids),
        # The dependency and the advisory, not the line: the fingerprint survives edits around it.
        evidence_key=f"{match.name}=={match.version or match.specifier or ''}:{match.id}",
    )
