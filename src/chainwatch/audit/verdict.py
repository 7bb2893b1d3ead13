"""An audited file's verdict. Dependencies are not code, so the malware verdict (`chainwatch.verdict`) does not
fit; the mapping here is the audit's own and documented in the README:

* `malicious`: a dependency that is very likely an attack — a typosquat at confidence >= 0.8, a confusion finding
  at confidence >= 0.8 and severity >= high (an internal name locked from, or registered on, a public index that
  is in use; an internal name at a 99.x-style version), a pinned release OSV lists as malicious (`MAL-`), or
  (`--vet`) a dependency file the malware analysis judged malicious.
* `suspicious`: any finding of high or critical severity (known vulnerabilities rated high/critical, internal
  names a public index could serve, squatter versions of other names, weaker typosquats of top projects);
  typosquats and confusion findings of at least medium severity at confidence >= 0.6; and known vulnerabilities
  of a pinned version whose severity the database does not state — most PyPA advisories state none, and
  "unknown" must not pass as "low".
* `error`: the file could not be read, or (`--vet`) a pinned dependency's files could not be fetched or analysed
  (a malicious dependency still makes the file `malicious`).
* `clean`: anything else (medium/low findings are still listed: possibly affected, unpinned, no hashes, ...).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Finding, Severity, Verdict
from ..verdict import decide
from .rules import CONFUSION_RULES, KNOWN_VULNERABILITY, MALICIOUS_DEPENDENCY, TYPOSQUAT
from .vulnerabilities import MALICIOUS_PACKAGE, SEVERITY_UNKNOWN

STRONG = 0.8
LIKELY = 0.6


def _malicious(finding: Finding) -> bool:
    if finding.rule == TYPOSQUAT:
        return finding.confidence >= STRONG
    if finding.rule in CONFUSION_RULES:
        return finding.confidence >= STRONG and finding.severity >= Severity.HIGH
    if finding.rule == MALICIOUS_DEPENDENCY:
        return True
    return finding.rule == KNOWN_VULNERABILITY and MALICIOUS_PACKAGE in finding.tags


def _suspicious(finding: Finding) -> bool:
    if finding.severity >= Severity.HIGH:
        return True
    if finding.rule == TYPOSQUAT or finding.rule in CONFUSION_RULES:
        return finding.confidence >= LIKELY and finding.severity >= Severity.MEDIUM
    return finding.rule == KNOWN_VULNERABILITY and SEVERITY_UNKNOWN in finding.tags


def audit_verdict(findings: Sequence[Finding], fatal_error: bool) -> tuple[Verdict, float]:
    """The verdict, and a score in the verdict's band (the shared score formula, so scores compare across
    commands)."""
    _, score = decide(findings, False)
    if any(_malicious(f) for f in findings):
        return Verdict.MALICIOUS, max(score, 0.8)
    if fatal_error:
        return Verdict.ERROR, score
    if any(_suspicious(f) for f in findings):
        return Verdict.SUSPICIOUS, min(max(score, 0.5), 0.79)
    return Verdict.CLEAN, min(score, 0.49)
