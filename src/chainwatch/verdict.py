"""Turn findings into a verdict and a score: the one place that decides what "malicious" means.

Analyzers combine evidence themselves and say so through severity (a lone `subprocess` call is
`low`; the same call spawning a hidden PowerShell from `setup.py` is `critical`). Here the
strongest finding decides the verdict, and the score summarises all of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Finding, Severity, Verdict

# How much one finding of each severity, at full confidence, moves the score.
_WEIGHT = {
    Severity.INFO: 0.0,
    Severity.LOW: 0.04,
    Severity.MEDIUM: 0.15,
    Severity.HIGH: 0.55,
    Severity.CRITICAL: 0.9,
}
MALICIOUS_CONFIDENCE = 0.6


def decide(findings: Iterable[Finding], fatal_error: bool) -> tuple[Verdict, float]:
    findings = list(findings)
    remaining = 1.0
    for finding in findings:
        remaining *= 1.0 - _WEIGHT[finding.severity] * max(0.0, min(1.0, finding.confidence))
    score = 1.0 - remaining
    worst = max((f.severity for f in findings if f.confidence >= MALICIOUS_CONFIDENCE), default=Severity.INFO)
    if worst >= Severity.CRITICAL:
        return Verdict.MALICIOUS, max(score, 0.8)
    if fatal_error:
        return Verdict.ERROR, score
    if worst >= Severity.HIGH or any(f.severity >= Severity.HIGH for f in findings):
        return Verdict.SUSPICIOUS, min(max(score, 0.5), 0.79)
    return Verdict.CLEAN, min(score, 0.49)
