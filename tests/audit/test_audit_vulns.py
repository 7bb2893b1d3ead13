"""Known vulnerabilities: exact matching for pins, clearly worded "possibly affected" for ranges."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_fixtures import audit, sha, write

VULN = "vuln.known-vulnerability"
POSSIBLY = "audit.possibly-affected"


def test_pinned_vulnerable_version_with_fix_and_evidence(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", f"requests==2.30.0 --hash=sha256:{sha('r')}\n")
    run = audit(capsys, "requirements.txt")
    (finding,) = run.findings(VULN)
    assert finding["severity"] == "high" and finding["confidence"] >= 0.9
    assert "PYSEC-2099-101" in finding["message"] and "CVE-2099-101" in finding["message"]
    assert "Fixed in 2.31.0" in finding["message"]
    assert finding["remediation"] == "Upgrade to requests 2.31.0 or later."
    assert (finding["line"], finding["snippet"]) == (1, f"requests==2.30.0 --hash=sha256:{sha('r')}")
    assert finding["cwe"] == ["CWE-200"]
    assert run.json()["results"][0]["verdict"] == "suspicious" and run.code == 1


def test_fixed_version_is_clean(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", f"requests==2.31.0 --hash=sha256:{sha('r')}\n")
    run = audit(capsys, "requirements.txt")
    assert run.findings() == [] and run.code == 0


def test_unknown_severity_fails_closed_but_stated_medium_does_not(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(work / "a" / "requirements.txt", f"urllib3==1.26.0 --hash=sha256:{sha('u')}\n")
    write(work / "b" / "requirements.txt", f"jinja2==3.1.2 --hash=sha256:{sha('j')}\n")
    run = audit(capsys, "a", "b")
    unknown, medium = run.json()["results"]
    assert unknown["verdict"] == "suspicious"
    assert unknown["findings"][0]["severity"] == "medium" and "severity-unknown" in unknown["findings"][0]["tags"]
    assert medium["verdict"] == "clean"
    assert medium["findings"][0]["rule"] == VULN and medium["findings"][0]["severity"] == "medium"


def test_unpinned_is_possibly_affected_at_lower_severity(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", "flask>=2.0\n")
    run = audit(capsys, "requirements.txt", "--disable", "audit.unpinned")
    (finding,) = run.findings(POSSIBLY)
    assert finding["message"].startswith("Possibly affected: flask>=2.0 allows versions affected by PYSEC-2099-103")
    assert "not pinned" in finding["message"] and "Require flask>=2.2.5" in finding["message"]
    assert finding["severity"] == "medium" and finding["confidence"] < 0.5  # the advisory itself is critical
    assert run.findings(VULN) == []
    assert run.json()["results"][0]["verdict"] == "clean"


def test_range_excluding_affected_versions_is_not_reported(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", "flask>=2.2.5\n")
    assert audit(capsys, "requirements.txt").findings(POSSIBLY) == []


def test_known_malicious_release_is_malicious(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", f"cwfixture-evil==1.0 --hash=sha256:{sha('e')}\n")
    run = audit(capsys, "requirements.txt")
    (finding,) = run.findings(VULN)
    assert finding["severity"] == "critical" and "malicious-package" in finding["tags"]
    assert run.json()["results"][0]["verdict"] == "malicious"


def test_lock_file_pins_are_matched_exactly(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    digest = sha("u")
    write(
        work / "uv.lock",
        f"""version = 1
requires-python = ">=3.11"

[[package]]
name = "urllib3"
version = "1.26.17"
source = {{ registry = "https://pypi.org/simple" }}
sdist = {{ url = "https://files.example/urllib3-1.26.17.tar.gz", hash = "sha256:{digest}" }}
""",
    )
    run = audit(capsys, "uv.lock")
    (finding,) = run.findings(VULN)
    assert finding["path"] == "uv.lock" and finding["line"] == 5 and "Fixed in 1.26.18" in finding["message"]


def test_local_project_checkouts_are_not_matched(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The project itself in a uv.lock (editable) shares a name with a vulnerable PyPI project: not that project.
    write(
        work / "uv.lock",
        'version = 1\n\n[[package]]\nname = "flask"\nversion = "1.0.0"\nsource = { editable = "." }\n',
    )
    assert audit(capsys, "uv.lock").findings() == []
