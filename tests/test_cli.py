"""The command line's plumbing: exit codes, report formats, output files, config errors.

Only benign, synthetic targets are used; what the malware rules find is tested elsewhere.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from chainwatch.cli import main
from chainwatch.commands.common import EXIT_ERROR, EXIT_OK

SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"


def _report_schema() -> dict[str, Any]:
    text = resources.files("chainwatch.reports").joinpath("schemas/report-v1.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _assert_valid_report(document: Any) -> None:
    errors = [e.message for e in Draft202012Validator(_report_schema()).iter_errors(document)]
    assert errors == []


def _assert_valid_sarif(document: Any) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = [e.message for e in validator_for(schema)(schema).iter_errors(document)]
    assert errors == []


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # An empty working directory: the repository's own pyproject.toml must not leak in as config.
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def package(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny_pkg"
    (folder / "tiny_pkg").mkdir(parents=True)
    (folder / "tiny_pkg" / "__init__.py").write_text('"""Adds numbers."""\n\n\ndef add(a, b):\n    return a + b\n')
    (folder / "README.md").write_text("# tiny\n\nA tiny package.\n")
    return folder


def _json_out(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def test_vet_clean_directory_json_to_stdout(workdir: Path, package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["vet", "--format", "json", str(package)])
    document = _json_out(capsys)
    assert code == EXIT_OK
    _assert_valid_report(document)
    [result] = document["results"]
    assert result["target"] == str(package)
    assert result["verdict"] == "clean"
    assert result["stats"]["files"] == 2
    assert document["command"] == "vet"


def test_vet_sarif_to_stdout(workdir: Path, package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["vet", "--format", "sarif", str(package)])
    log = _json_out(capsys)
    assert code == EXIT_OK
    _assert_valid_sarif(log)
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_vet_writes_the_report_to_a_file(
    fmt: str, workdir: Path, package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = workdir / f"report.{fmt}"
    code = main(["vet", "--format", fmt, "-o", str(out), str(package)])
    assert code == EXIT_OK
    assert capsys.readouterr().out == ""  # the report went to the file only
    document = json.loads(out.read_text(encoding="utf-8"))
    if fmt == "json":
        _assert_valid_report(document)
    else:
        _assert_valid_sarif(document)


def test_vet_text_report_to_a_file(workdir: Path, package: Path) -> None:
    out = workdir / "report.txt"
    assert main(["vet", "-o", str(out), str(package)]) == EXIT_OK
    text = out.read_text(encoding="utf-8")
    assert "CLEAN" in text and str(package) in text
    assert "\x1b[" not in text


def test_missing_target_fails_closed(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = workdir / "does-not-exist.tar.gz"
    code = main(["vet", "--format", "json", str(missing)])
    document = _json_out(capsys)
    assert code == EXIT_ERROR
    _assert_valid_report(document)
    [result] = document["results"]
    assert result["verdict"] == "error"
    assert any(e["fatal"] for e in result["errors"])


def test_missing_target_sarif_marks_the_run_unsuccessful(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vet", "--format", "sarif", str(workdir / "nope.whl")]) == EXIT_ERROR
    log = _json_out(capsys)
    _assert_valid_sarif(log)
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_allow_errors_turns_an_error_into_success(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["vet", "--allow-errors", "--format", "json", str(workdir / "nope.whl")])
    assert code == EXIT_OK
    assert _json_out(capsys)["results"][0]["verdict"] == "error"  # still reported, just not fatal


def test_config_can_allow_errors_too(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "chainwatch.toml").write_text("fail-on-error = false\n")
    assert main(["vet", "--format", "json", str(workdir / "nope.whl")]) == EXIT_OK


def test_results_keep_input_order_in_parallel(workdir: Path, package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(workdir / "gone.zip")
    targets = [missing, str(package), str(package / "README.md")]
    code = main(["vet", "--jobs", "2", "--format", "json", *targets])
    document = _json_out(capsys)
    assert code == EXIT_ERROR
    assert [r["target"] for r in document["results"]] == targets
    assert [r["verdict"] for r in document["results"]] == ["error", "clean", "clean"]
    assert document["summary"]["worst"] == "error"


def test_bad_jobs_is_a_usage_error(workdir: Path, package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vet", "--jobs", "0", str(package)]) == EXIT_ERROR
    assert "--jobs" in capsys.readouterr().err


def test_no_command_is_a_usage_error(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == EXIT_ERROR
    assert "usage" in capsys.readouterr().err.lower()


def test_unknown_format_is_rejected(workdir: Path, package: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["vet", "--format", "xml", str(package)])
    assert caught.value.code == EXIT_ERROR


def test_config_error_is_reported(workdir: Path, package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "chainwatch.toml").write_text("fail-on = 'never'\n")
    assert main(["vet", str(package)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "fail-on" in err and "chainwatch.toml" in err


def test_module_entry_point_runs_as_a_process(workdir: Path, package: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "chainwatch.cli", "vet", "--format", "json", str(package)],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == EXIT_OK, done.stderr
    document = json.loads(done.stdout)
    _assert_valid_report(document)
    assert document["results"][0]["verdict"] == "clean"
    missing = subprocess.run(
        [sys.executable, "-m", "chainwatch.cli", "vet", str(workdir / "gone.tar.gz")],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert missing.returncode == EXIT_ERROR
    assert "ERROR" in missing.stdout
