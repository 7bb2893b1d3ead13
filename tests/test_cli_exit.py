"""The `chainwatch` console script ends the process without tearing down its objects: the report must still
arrive whole, through a pipe or in a file, with the exit code of the run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("chainwatch")


@pytest.fixture
def requirements(tmp_path: Path) -> Path:
    # Enough dependencies for a report far larger than a pipe's buffer.
    names = [f"internal-tool-{number}==1.{number}" for number in range(300)]
    path = tmp_path / "requirements.txt"
    path.write_text("\n".join(["langchain==0.0.132", *names]) + "\n", encoding="utf-8")
    return path


def _run(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHAINWATCH_CACHE_DIR": str(cwd / "cache"), "PIP_CONFIG_FILE": os.devnull}
    env.pop("PYTHONUNBUFFERED", None)  # buffered output, as a user's shell has it
    return subprocess.run([str(SCRIPT), *argv], capture_output=True, text=True, cwd=cwd, env=env, check=False)


def test_a_large_report_arrives_whole_through_a_pipe(requirements: Path) -> None:
    done = _run("audit", str(requirements), "--offline", "--format", "json", cwd=requirements.parent)
    assert done.returncode == 1, done.stderr  # a known vulnerability in langchain 0.0.132
    report = json.loads(done.stdout)
    findings = report["results"][0]["findings"]
    assert len(done.stdout) > 200_000
    assert {f["snippet"] for f in findings if f["rule"] == "audit.no-hashes"} >= {"internal-tool-299==1.299"}
    assert any(f["rule"] == "vuln.known-vulnerability" for f in findings)


def test_a_report_file_is_complete_and_text_goes_to_stdout(requirements: Path) -> None:
    out = requirements.parent / "report.json"
    done = _run("audit", str(requirements), "--offline", "--format", "json", "-o", str(out), cwd=requirements.parent)
    assert done.returncode == 1 and done.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["command"] == "audit"
    text = _run("audit", str(requirements), "--offline", cwd=requirements.parent)
    assert text.returncode == 1 and "langchain" in text.stdout


def test_a_small_report_is_not_left_in_a_buffer(tmp_path: Path) -> None:
    small = tmp_path / "requirements.txt"
    small.write_text("# nothing yet\n", encoding="utf-8")
    done = _run("audit", str(small), "--offline", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0
    assert json.loads(done.stdout)["summary"]["targets"] == 1


def test_usage_errors_keep_their_exit_code(tmp_path: Path) -> None:
    done = _run("audit", "--format", "no-such-format", cwd=tmp_path)
    assert done.returncode == 2 and "no-such-format" in done.stderr
