"""Exit codes as for vet: 0 nothing at or above --fail-on, 1 something is, 2 usage or analysis error."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_fixtures import audit, sha, write


@pytest.fixture
def files(work: Path) -> Path:
    write(work / "clean" / "requirements.txt", f"flask==3.0.0 --hash=sha256:{sha('f')}\n")
    write(work / "suspicious" / "requirements.txt", f"requests==2.30.0 --hash=sha256:{sha('r')}\n")
    write(work / "malicious" / "requirements.txt", f"reqeusts==2.31.0 --hash=sha256:{sha('r')}\n")
    write(work / "broken" / "uv.lock", "version = \n")
    return work


@pytest.mark.parametrize(
    ("paths", "options", "code"),
    [
        (["clean"], [], 0),
        (["suspicious"], [], 1),
        (["suspicious"], ["--fail-on", "malicious"], 0),
        (["malicious"], ["--fail-on", "malicious"], 1),
        (["clean", "broken"], [], 2),
        (["clean", "broken"], ["--allow-errors"], 0),
        (["malicious", "broken"], ["--allow-errors"], 1),
    ],
)
def test_exit_codes(
    files: Path, capsys: pytest.CaptureFixture[str], paths: list[str], options: list[str], code: int
) -> None:
    assert audit(capsys, *paths, *options).code == code


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "cyclonedx"])
def test_exit_code_does_not_depend_on_the_format(files: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    assert audit(capsys, "suspicious", "--format", fmt).code == 1


def test_fail_on_from_configuration(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(files / "chainwatch.toml", 'fail-on = "malicious"\n')
    assert audit(capsys, "suspicious").code == 0


@pytest.mark.parametrize(
    "options",
    [
        ["--index-url", "ftp://mirror.example/simple"],
        ["--extra-index-url", "http://insecure.example/simple"],
        ["--format", "xml"],
    ],
)
def test_usage_errors(files: Path, capsys: pytest.CaptureFixture[str], options: list[str]) -> None:
    try:
        code = audit(capsys, "clean", *options).code
    except SystemExit as exited:  # argparse refuses unknown choices itself
        code = int(exited.code or 0)
    assert code == 2
