"""A dependency's malware verdicts as audit findings and errors.

The verdict read here is the malware analysis alone: the stored record also carries the name check the proxy
adds, but the audit reports typosquatting under its own rule, so that finding is left out before deciding.
A file that could not be fetched or analysed is a fatal error of the target: it fails closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..deps import Dependency
from ..model import AnalysisError, Finding, Location, Severity, Verdict
from ..verdict import decide
from .rules import MALICIOUS_DEPENDENCY, SUSPICIOUS_DEPENDENCY, TYPOSQUAT
from .vetting import DependencyVet

if TYPE_CHECKING:
    from ..proxy.verdicts import FindingBrief, VetRecord

STRONGEST = 3  # malware findings quoted per file, one per rule


@dataclass(frozen=True, slots=True)
class VettedDependency:
    """One dependency's vetting as the audit reported it: what a BOM states beyond the findings."""

    dependency: Dependency
    vet: DependencyVet | None  # None: not vetted at all, see `not_vetted`
    not_vetted: str | None = None  # why: not pinned, a direct reference, find-links only
    findings: tuple[Finding, ...] = ()  # its malicious/suspicious findings as reported (disabled rules left out)
    errors: tuple[AnalysisError, ...] = ()  # why it could not be vetted (fatal: fails closed)

_WHY = (
    "Installing a package runs its code (setup.py of an sdist at build time, any module at import), with the "
    "installing user's files, credentials and network. The static analysis of this exact file found behaviour "
    "typical of malicious packages, not of ordinary libraries."
)
_SUSPICIOUS_WHY = (
    "The static analysis of this exact file found behaviour that malicious packages use (install-time code, "
    "obfuscation, downloads, credential access) and that ordinary libraries rarely need. It is not proof of "
    "intent: someone has to look."
)
_REMEDIATION = (
    "Do not install this release. Remove or replace the dependency, treat machines and CI runners that installed "
    "it as compromised (rotate the credentials they held), and report the project to its index. The full "
    "analysis: `chainwatch vet {pin}`."
)
_SUSPICIOUS_REMEDIATION = (
    "Review the reported code before installing (`chainwatch vet {pin}` shows every finding); if it cannot be "
    "explained, pin another version or replace the dependency."
)


def vet_findings(dependency: Dependency, vet: DependencyVet) -> tuple[list[Finding], list[AnalysisError]]:
    findings: list[Finding] = []
    where = _where(dependency)
    pin = _pin(dependency)
    # Index-client messages start with the pin for callers without context; here the note already names it.
    errors = [
        AnalysisError(where, f"malware vetting of {pin}: {problem.removeprefix(f'{pin}: ')}", fatal=True)
        for problem in vet.problems
    ]
    for record in vet.records:
        verdict, score, malware = malware_verdict(record)
        if verdict is Verdict.ERROR:
            reason = "; ".join(record.errors) or "analysis did not finish"
            errors.append(AnalysisError(where, f"malware vetting of {pin} ({record.filename}): {reason}", fatal=True))
        elif verdict in (Verdict.MALICIOUS, Verdict.SUSPICIOUS):
            findings.append(_dependency_finding(dependency, record, verdict, score, malware))
    return findings, errors


def malware_verdict(record: VetRecord) -> tuple[Verdict, float, list[Finding]]:
    """The file's verdict by the malware analysis alone (the proxy's name check left out: see above)."""
    malware = [_finding(brief) for brief in record.findings if brief.rule != TYPOSQUAT]
    verdict, score = decide(malware, bool(record.errors))
    return verdict, score, malware


def _dependency_finding(
    dependency: Dependency, record: VetRecord, verdict: Verdict, score: float, malware: list[Finding]
) -> Finding:
    malicious = verdict is Verdict.MALICIOUS
    ranked = sorted(malware, key=lambda f: (-f.severity, -f.confidence, f.rule))
    strongest = list({f.rule: f for f in reversed(ranked)}.values())  # the strongest finding of each rule
    strongest = sorted(strongest, key=lambda f: (-f.severity, -f.confidence, f.rule))[:STRONGEST]
    quoted = "; ".join(f"{f.title} [{f.rule}, {f.severity.label}] at {_at(f.location)}" for f in strongest)
    pin = _pin(dependency)
    return Finding(
        rule=MALICIOUS_DEPENDENCY if malicious else SUSPICIOUS_DEPENDENCY,
        title=f"'{dependency.raw_name}' {dependency.version}: {record.filename} looks {verdict.value}",
        severity=Severity.CRITICAL if malicious else Severity.HIGH,
        message=(
            f"Malware analysis of {record.filename} (sha256 {record.sha256[:16]}…), a file of {pin}: "
            f"{verdict.value}, score {score:.2f}. Strongest findings: {quoted}."
        ),
        location=dependency.source,
        confidence=max(0.5, min(score, 1.0)),
        why=_WHY if malicious else _SUSPICIOUS_WHY,
        remediation=(_REMEDIATION if malicious else _SUSPICIOUS_REMEDIATION).format(pin=pin),
        cwe=("CWE-506",),
        attack=("T1195.002",),
        tags=("malware", verdict.value),
        evidence_key=f"{dependency.name}:{dependency.version}:{record.sha256}",
    )


def _finding(brief: FindingBrief) -> Finding:
    return Finding(
        rule=brief.rule,
        title=brief.title,
        severity=brief.severity,
        message=brief.message,
        location=Location(brief.path, brief.line),
        confidence=brief.confidence,
    )


def _pin(dependency: Dependency) -> str:
    return f"{dependency.name}=={dependency.version}"


def _where(dependency: Dependency) -> str:
    source = dependency.source
    return f"{source.path}:{source.line}" if source.line is not None else source.path


def _at(location: Location) -> str:
    return f"{location.path}:{location.line}" if location.line is not None else location.path
