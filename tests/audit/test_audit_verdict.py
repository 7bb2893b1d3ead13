"""The audit's verdict mapping (documented in the README and `chainwatch.audit.verdict`)."""

from __future__ import annotations

import pytest

from chainwatch.audit import audit_verdict
from chainwatch.model import Finding, Location, Severity, Verdict


def finding(rule: str, severity: Severity, confidence: float, *tags: str) -> Finding:
    return Finding(rule, "t", severity, "m", Location("requirements.txt", 1), confidence=confidence, tags=tags)


@pytest.mark.parametrize(
    ("findings", "verdict"),
    [
        ([], Verdict.CLEAN),
        ([finding("typosquat.imitates-popular-project", Severity.MEDIUM, 0.85)], Verdict.MALICIOUS),
        ([finding("typosquat.imitates-popular-project", Severity.MEDIUM, 0.65)], Verdict.SUSPICIOUS),
        ([finding("typosquat.imitates-popular-project", Severity.LOW, 0.5)], Verdict.CLEAN),
        ([finding("audit.internal-name-registered", Severity.CRITICAL, 0.9)], Verdict.MALICIOUS),
        ([finding("audit.internal-name-registered", Severity.MEDIUM, 0.9)], Verdict.SUSPICIOUS),
        ([finding("audit.internal-name-public-index", Severity.HIGH, 0.7)], Verdict.SUSPICIOUS),
        ([finding("audit.internal-name-public-index", Severity.LOW, 0.7)], Verdict.CLEAN),
        ([finding("audit.confusion-version", Severity.HIGH, 0.9)], Verdict.MALICIOUS),
        ([finding("audit.confusion-version", Severity.HIGH, 0.6)], Verdict.SUSPICIOUS),
        ([finding("vuln.known-vulnerability", Severity.CRITICAL, 0.95, "malicious-package")], Verdict.MALICIOUS),
        ([finding("vuln.known-vulnerability", Severity.HIGH, 0.95)], Verdict.SUSPICIOUS),
        ([finding("vuln.known-vulnerability", Severity.MEDIUM, 0.95, "severity-unknown")], Verdict.SUSPICIOUS),
        ([finding("vuln.known-vulnerability", Severity.MEDIUM, 0.95)], Verdict.CLEAN),
        ([finding("audit.possibly-affected", Severity.MEDIUM, 0.4)], Verdict.CLEAN),
        ([finding("audit.unpinned", Severity.LOW, 1.0), finding("audit.no-hashes", Severity.LOW, 1.0)], Verdict.CLEAN),
    ],
)
def test_mapping(findings: list[Finding], verdict: Verdict) -> None:
    got, score = audit_verdict(findings, fatal_error=False)
    assert got is verdict
    band = {Verdict.CLEAN: (0.0, 0.49), Verdict.SUSPICIOUS: (0.5, 0.79), Verdict.MALICIOUS: (0.8, 1.0)}[verdict]
    assert band[0] <= score <= band[1]


def test_error_unless_something_malicious_was_found() -> None:
    assert audit_verdict([], fatal_error=True)[0] is Verdict.ERROR
    assert audit_verdict([finding("audit.confusion-version", Severity.HIGH, 0.9)], True)[0] is Verdict.MALICIOUS
