"""Inputs: directories searched, files taken by name, environments; what could not be read or checked is
reported with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_fixtures import audit, make_project, write

UNCHECKED = "audit.unchecked-dependency"


def test_directory_discovery_gives_one_target_per_file(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_project(work)
    run = audit(capsys, "--offline")  # no PATH: the current directory
    results = run.json()["results"]
    assert [r["target"] for r in results] == ["pyproject.toml", "requirements.txt", "uv.lock"]  # not .venv/
    assert [r["package"]["format"] for r in results] == ["pyproject.toml", "requirements", "uv.lock"]
    verdicts = {r["target"]: r["verdict"] for r in results}
    assert verdicts == {"pyproject.toml": "suspicious", "requirements.txt": "malicious", "uv.lock": "malicious"}
    assert "dependencies (" in results[1]["summary"]


def test_files_given_by_name_and_duplicates(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_project(work)
    run = audit(capsys, "uv.lock", ".", "uv.lock", "--offline")
    assert [r["target"] for r in run.json()["results"]] == ["uv.lock", "pyproject.toml", "requirements.txt"]


def test_skipped_entries_are_reported_with_their_reason(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_project(work)
    run = audit(capsys, "requirements.txt", "--offline")
    unchecked = {f["snippet"]: f for f in run.findings(UNCHECKED)}
    assert set(unchecked) == {"acme-tools @ git+https://github.com/acme/tools.git@v1.0", "-e ."}
    vcs = unchecked["acme-tools @ git+https://github.com/acme/tools.git@v1.0"]
    assert vcs["line"] == 10 and vcs["severity"] == "low"
    assert vcs["message"].startswith("'acme-tools' was not checked: VCS reference")
    assert "2 not checkable" in run.json()["results"][0]["summary"]


def test_text_report_mentions_what_it_leaves_out(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_project(work)
    run = audit(capsys, "requirements.txt", "--offline", "--format", "text")
    assert "MALICIOUS" in run.out and "reqeusts==2.31.0" in run.out
    assert "2 entries could not be checked" in run.err
    assert "needs the network; skipped (--offline)" in run.err


def test_unreadable_and_unsupported_inputs_are_errors(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "notes.md", "# Not a dependency file\n\nJust prose.\n")
    write(work / "requirements.txt", "flask==3.0.0\n")
    write(work / "uv.lock", "this is = = not toml\n")
    run = audit(capsys, "notes.md", "missing.txt", "uv.lock", "requirements.txt")
    results = run.json()["results"]
    assert [r["verdict"] for r in results] == ["error", "error", "error", "clean"]
    assert "not a dependency file" in results[0]["errors"][0]["reason"]
    assert "no such file" in results[1]["errors"][0]["reason"]
    assert "invalid TOML" in results[2]["errors"][0]["reason"] and results[2]["errors"][0]["fatal"]
    assert run.code == 2


def test_empty_directory_is_an_error(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "empty").mkdir()
    run = audit(capsys, "empty")
    (result,) = run.json()["results"]
    assert result["verdict"] == "error" and "no dependency files" in result["errors"][0]["reason"]
    assert run.code == 2


def test_installed_environment_of_the_running_interpreter(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = audit(capsys, "--installed", "--offline")
    (result,) = run.json()["results"]
    assert result["target"].startswith("environment of ") and result["package"]["format"] == "environment"
    assert result["verdict"] != "error"


def test_unusable_interpreter_is_an_error(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "python", "not an interpreter\n")
    run = audit(capsys, "--python", work / "python", "--python", work / "missing")
    assert [r["verdict"] for r in run.json()["results"]] == ["error", "error"]
    assert all("not an executable file" in r["errors"][0]["reason"] for r in run.json()["results"])
    assert run.code == 2
