"""Known vulnerabilities from the OSV database (`chainwatch.vulns`).

A pinned dependency is matched exactly. An unpinned one can only be *possibly* affected: some version its
specifier allows is, but which version gets installed depends on resolution. Those findings say so, carry a low
confidence, and are capped at medium severity, so they never change a verdict on their own, with one exception:
a name with known malicious releases (OSV `MAL-` advisories) stays high, because an unpinned install may pick one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..deps import Dependency
from ..model import Finding, Severity
from ..vulns import UnparsableVersion, VulnDB, VulnMatch, finding_for
from .context import TargetContext, is_checkout
from .rules import KNOWN_VULNERABILITY, POSSIBLY_AFFECTED

POSSIBLE_CONFIDENCE = 0.4
SEVERITY_UNKNOWN = "severity-unknown"
MALICIOUS_PACKAGE = "malicious-package"


@dataclass(frozen=True, slots=True)
class VulnHit:
    """One vulnerability of one dependency, kept for the CycloneDX report."""

    dependency: Dependency
    match: VulnMatch
    exact: bool


@dataclass(slots=True)
class VulnOutcome:
    findings: list[Finding] = field(default_factory=list)
    hits: list[VulnHit] = field(default_factory=list)
    problem: str | None = None  # why the dependency could not be fully checked


def is_malicious(match: VulnMatch) -> bool:
    return any(identifier.startswith("MAL-") for identifier in match.ids)


def check(dependency: Dependency, context: TargetContext, database: VulnDB) -> VulnOutcome:
    outcome = VulnOutcome()
    options = context.options
    if not options.check_vulnerabilities or is_checkout(dependency):
        return outcome
    where = dependency.source
    if dependency.version is not None:
        if not options.enabled(KNOWN_VULNERABILITY):
            return outcome
        try:
            matches = database.affected(dependency.name, dependency.version)
        except UnparsableVersion as exc:
            matches, outcome.problem = exc.partial, str(exc)
        for match in matches:
            outcome.hits.append(VulnHit(dependency, match, exact=True))
            outcome.findings.append(_exact(finding_for(match, where.path, where.line, where.snippet), match))
        return outcome
    if dependency.constraint or not options.enabled(POSSIBLY_AFFECTED):
        return outcome  # an unpinned constraint only narrows what something else installs
    try:
        matches = database.possibly_affected(dependency.name, dependency.specifier)
    except ValueError as exc:
        outcome.problem = str(exc)
        return outcome
    for match in matches:
        outcome.hits.append(VulnHit(dependency, match, exact=False))
        outcome.findings.append(_possible(finding_for(match, where.path, where.line, where.snippet), match))
    return outcome


def _exact(finding: Finding, match: VulnMatch) -> Finding:
    if is_malicious(match):
        return replace(
            finding,
            title=f"Known malicious release of {match.name} ({match.id})",
            severity=Severity.CRITICAL,
            tags=(*finding.tags, MALICIOUS_PACKAGE),
            remediation=f"Remove {match.name} {match.version} now and treat machines that installed it as "
            "compromised: rotate the credentials they held.",
        )
    if match.severity is None:
        return replace(finding, tags=(*finding.tags, SEVERITY_UNKNOWN))
    return finding


def _possible(finding: Finding, match: VulnMatch) -> Finding:
    if is_malicious(match):
        severity = Severity.HIGH
    elif match.severity is not None and match.severity >= Severity.HIGH:
        severity = Severity.MEDIUM
    else:
        severity = Severity.LOW
    fix = f" Require {match.name}>={match.fix_version} to rule it out." if match.fix_version else ""
    return replace(
        finding,
        rule=POSSIBLY_AFFECTED,
        title=f"Possibly affected by {match.id} ({match.name}, not pinned)",
        severity=severity,
        confidence=POSSIBLE_CONFIDENCE,
        message=f"Possibly affected: {finding.message} Which version is installed depends on resolution, because "
        f"the requirement is not pinned.{fix}",
        tags=(*finding.tags, "possibly-affected", *((MALICIOUS_PACKAGE,) if is_malicious(match) else ())),
    )
