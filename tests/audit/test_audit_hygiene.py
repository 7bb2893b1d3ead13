"""Pins and hashes: low-severity hygiene findings on what is installed as it is, nothing on manifests."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_fixtures import audit, sha, write

UNPINNED = "audit.unpinned"
NO_HASHES = "audit.no-hashes"


def test_unpinned_and_unhashed_requirements(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        work / "requirements.txt",
        f"flask>=2.2.5\nrequests==2.31.0\nurllib3==1.26.18 \\\n    --hash=sha256:{sha('u')}\n",
    )
    run = audit(capsys, "requirements.txt")
    (unpinned,) = run.findings(UNPINNED)
    (unhashed,) = run.findings(NO_HASHES)
    assert (unpinned["line"], unpinned["snippet"], unpinned["severity"]) == (1, "flask>=2.2.5", "low")
    assert (unhashed["line"], unhashed["snippet"], unhashed["severity"]) == (2, "requests==2.31.0", "low")
    assert "--require-hashes" in unpinned["remediation"]
    assert run.json()["results"][0]["verdict"] == "clean" and run.code == 0


def test_manifest_ranges_are_not_hygiene_findings(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        work / "pyproject.toml",
        '[project]\nname = "shop"\nversion = "1.0"\ndependencies = ["flask>=2.2.5", "requests"]\n',
    )
    run = audit(capsys, "pyproject.toml")
    assert run.findings(UNPINNED) == [] and run.findings(NO_HASHES) == []


def test_compile_inputs_beside_their_output_are_not_flagged(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.in", "flask>=2.2.5\n")
    write(work / "requirements.txt", f"flask==3.0.0 --hash=sha256:{sha('f')}\n")
    run = audit(capsys, ".")
    assert [r["target"] for r in run.json()["results"]] == ["requirements.in", "requirements.txt"]
    assert run.findings(UNPINNED) == []
    (work / "requirements.txt").unlink()  # without its compiled twin, the .in is what gets installed
    assert len(audit(capsys, ".").findings(UNPINNED)) == 1


def test_constraints_install_nothing_by_themselves(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "constraints.txt", "urllib3<2\n")
    write(work / "requirements.txt", f"-c constraints.txt\nrequests==2.31.0 --hash=sha256:{sha('r')}\n")
    run = audit(capsys, "requirements.txt")
    assert run.findings() == []


def test_lock_entries_without_hashes(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        work / "pylock.toml",
        'lock-version = "1.0"\ncreated-by = "tests"\n\n[[packages]]\nname = "requests"\nversion = "2.31.0"\n'
        'index = "https://pypi.org/simple"\n',
    )
    run = audit(capsys, "pylock.toml")
    assert [f["rule"] for f in run.findings()] == [NO_HASHES]


def test_hygiene_rules_can_be_disabled(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", "flask>=2.2.5\nrequests==2.31.0\n")
    run = audit(capsys, "requirements.txt", "--disable", UNPINNED, "--disable", NO_HASHES)
    assert run.findings() == []
