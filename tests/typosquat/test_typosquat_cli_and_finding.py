"""`chainwatch popular` and the finding a match becomes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chainwatch.analyzers.typosquat import RULE_ID, PopularIndex, check_name, to_finding
from chainwatch.cli import main
from chainwatch.model import Severity


def test_check_flags_squats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["popular", "check", "reqeusts", "requests"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("reqeusts: imitates 'requests'") and "transposition" in out[0]
    assert out[1] == "requests: ok"


def test_check_clean_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["popular", "check", "requests", "requests-oauthlib", "types-requests"]) == 0


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["popular", "check", "--format", "json", "pi11ow", "numpy"]) == 1
    document = json.loads(capsys.readouterr().out)
    first, second = document["results"]
    assert first["imitates"] == "pillow" and first["techniques"] == ["homoglyph"] and first["typosquat"]
    assert second == {"name": "numpy", "typosquat": False}


def test_refresh_then_check_against_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "top.csv"
    source.write_text('download_count,project\n900000000,"frobnicate"\n100,"other"\n')
    output = tmp_path / "snap.txt"
    assert main(["popular", "refresh", "--source", str(source), "--output", str(output)]) == 0
    assert "wrote 2 popular projects" in capsys.readouterr().out
    assert main(["popular", "check", "--snapshot", str(output), "frobnicat"]) == 1
    assert "imitates 'frobnicate'" in capsys.readouterr().out


def test_refresh_defaults_to_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAINWATCH_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "top.csv"
    source.write_text('download_count,project\n900000000,"frobnicate"\n100,"other"\n')
    assert main(["popular", "refresh", "--source", str(source)]) == 0
    assert (tmp_path / "cache" / "popular-pypi.txt").is_file()
    assert main(["popular", "check", "frobnicat"]) == 1  # the refreshed snapshot is now the active one


def test_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["popular", "refresh", "--source", str(tmp_path / "missing.csv"), "--output", str(tmp_path / "x")]) == 2
    assert main(["popular", "check", "--snapshot", str(tmp_path / "missing.txt"), "requests"]) == 2
    with pytest.raises(SystemExit):
        main(["popular"])


def test_finding(index: PopularIndex) -> None:
    match = check_name("reqeusts", popular=index)
    assert match is not None
    finding = to_finding(match, path="requirements.txt")
    assert finding.rule == RULE_ID == "typosquat.imitates-popular-project"
    assert finding.severity is Severity.HIGH
    assert "'requests'" in finding.message and "transposition" in finding.message
    assert finding.location.path == "requirements.txt" and finding.location.snippet == "reqeusts"
    assert finding.why and finding.remediation and "typosquat" in finding.tags
    assert finding.fingerprint == to_finding(match, path="requirements.txt").fingerprint
    assert finding.to_dict()["rule"] == RULE_ID


def test_severity_follows_confidence_and_popularity(index: PopularIndex) -> None:
    weak = check_name("tls-client-py", popular=index)  # affix game on a rank-4,800 project
    assert weak is not None and to_finding(weak).severity < Severity.HIGH
