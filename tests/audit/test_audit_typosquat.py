"""Typosquatting: each dependency name against the popular-project snapshot, evidence at the requirement line."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_fixtures import audit, write


def test_typosquat_is_malicious_with_the_requirement_line_as_evidence(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(work / "requirements.txt", "# web client\nreqeusts==2.31.0\nrequests==2.31.0\n")
    run = audit(capsys, "requirements.txt")
    assert run.code == 1
    (finding,) = run.findings("typosquat.imitates-popular-project")
    assert finding["path"] == "requirements.txt" and finding["line"] == 2
    assert finding["snippet"] == "reqeusts==2.31.0"
    assert "'requests'" in finding["message"] and "transposition" in finding["message"]
    assert "If you meant 'requests'" in finding["remediation"]
    assert run.json()["results"][0]["verdict"] == "malicious"


def test_real_popular_names_are_not_typosquats(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", "requests==2.31.0\nnumpy==1.26.4\npython-dateutil==2.9.0\nboto3==1.34.0\n")
    run = audit(capsys, "requirements.txt", "--disable", "audit.no-hashes")
    assert run.findings("typosquat.imitates-popular-project") == []
    assert run.json()["results"][0]["verdict"] == "clean" and run.code == 0


def test_unpinned_lines_are_still_checked_by_name(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", "colourama>=0.4\n")
    run = audit(capsys, "requirements.txt")
    (finding,) = run.findings("typosquat.imitates-popular-project")
    assert "'colorama'" in finding["message"] and finding["snippet"] == "colourama>=0.4"


def test_internal_names_and_direct_references_are_not_typosquat_checked(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An internal name is the organisation's own; a direct reference is fetched from where it points.
    write(
        work / "requirements.txt",
        "reqeusts==2.31.0\ncolourama @ https://files.acme.example/colourama-0.4.6-py3-none-any.whl\n",
    )
    run = audit(capsys, "requirements.txt", "--internal", "reqeusts", "--offline")
    assert run.findings("typosquat.imitates-popular-project") == []


def test_installed_typosquat_in_an_environment(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(work / "venv")], check=True)
    site = next((work / "venv" / "lib").glob("python3*/site-packages"))
    write(site / "reqeusts-2.31.0.dist-info" / "METADATA", "Metadata-Version: 2.1\nName: reqeusts\nVersion: 2.31.0\n")
    write(site / "urllib3-1.26.0.dist-info" / "METADATA", "Metadata-Version: 2.1\nName: urllib3\nVersion: 1.26.0\n")
    run = audit(capsys, "--python", work / "venv" / "bin" / "python")
    (result,) = run.json()["results"]
    assert result["target"].startswith("environment of ") and result["verdict"] == "malicious"
    rules = {f["rule"] for f in result["findings"]}
    assert rules == {"typosquat.imitates-popular-project", "vuln.known-vulnerability"}  # no pin/hash hygiene
