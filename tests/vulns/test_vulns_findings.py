"""Vulnerability matches as findings."""

from __future__ import annotations

from vulns_fixtures import database, osv

from chainwatch.model import Severity
from chainwatch.vulns import RULE_ID, finding_for

CRITICAL = [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]


def test_pinned_match_finding() -> None:
    db = database(
        osv("PYSEC-2099-1", "requests", [{"introduced": "0"}, {"fixed": "2.3.0"}], aliases=["CVE-2099-1"],
            severity=CRITICAL, summary="Credentials leak on redirect", references=[{"type": "ADVISORY", "url": "https://example.invalid/a"}],
            database_specific={"cwe_ids": ["CWE-200"]}),
    )  # fmt: skip
    (match,) = db.affected("Requests", "2.2.1")
    finding = finding_for(match, "requirements.txt", 3, "requests==2.2.1")
    assert finding.rule == RULE_ID == "vuln.known-vulnerability"
    assert finding.severity is Severity.CRITICAL
    assert finding.message == (
        "requests 2.2.1 is affected by PYSEC-2099-1 (CVE-2099-1): Credentials leak on redirect. Fixed in 2.3.0."
    )
    assert finding.remediation == "Upgrade to requests 2.3.0 or later."
    assert "https://example.invalid/a" in finding.why and "PYSEC-2099-1 details." in finding.why
    assert (finding.location.path, finding.location.line, finding.location.snippet) == (
        "requirements.txt",
        3,
        "requests==2.2.1",
    )
    assert finding.cwe == ("CWE-200",)
    assert finding.tags == ("vulnerability", "PYSEC-2099-1", "CVE-2099-1")
    # the fingerprint follows the dependency and advisory, not the line
    assert finding.fingerprint == finding_for(match, "requirements.txt", 40, "requests==2.2.1  # moved").fingerprint


def test_defaults_without_severity_or_fix_and_for_specifiers() -> None:
    db = database(osv("MAL-2099-7", "evil-pkg", [{"introduced": "0"}]))
    (match,) = db.affected("evil-pkg", "0.0.1")
    finding = finding_for(match, "pyproject.toml")
    assert finding.severity is Severity.MEDIUM
    assert finding.message.endswith("No fixed version is known.")
    assert finding.remediation.startswith("No fixed release of evil-pkg is known")
    assert finding.confidence == 0.95

    db = database(osv("PYSEC-2099-2", "pkg", [{"introduced": "0"}, {"fixed": "1.4"}]))
    (possible,) = db.possibly_affected("pkg", ">=1.0")
    finding = finding_for(possible, "requirements.in", 7)
    assert finding.message.startswith("pkg>=1.0 allows versions affected by PYSEC-2099-2")
    assert finding.remediation == "Require a fixed release: pkg>=1.4."
    assert finding.confidence == 0.6
