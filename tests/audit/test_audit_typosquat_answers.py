"""Typosquat answers kept between runs: the same findings as checking afresh, without checking again, and
checked afresh whenever the snapshot (or the typosquat code) changed or the stored answers are bad."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from audit_fixtures import audit, write

from chainwatch import built_cache
from chainwatch.analyzers.typosquat import refreshed_snapshot_path
from chainwatch.audit import typosquat_answers

RULE = "typosquat.imitates-popular-project"
ANSWERS = Path(built_cache.FOLDER) / f"{typosquat_answers.CACHE_NAME}.pickle"


def _cache() -> Path:
    return Path(os.environ["CHAINWATCH_CACHE_DIR"])


def _no_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(name: str) -> object:
        raise AssertionError(f"{name!r} was checked again")

    monkeypatch.setattr(typosquat_answers, "check_name", refuse)


def test_a_second_run_answers_from_the_cache_with_the_same_findings(
    work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(work / "requirements.txt", "reqeusts==2.31.0\nrequests==2.31.0\ncolourama>=0.4\n")
    first = audit(capsys, "requirements.txt", "--offline").findings(RULE)
    assert (_cache() / ANSWERS).is_file()
    _no_checking(monkeypatch)
    second = audit(capsys, "requirements.txt", "--offline").findings(RULE)
    assert second == first and {f["snippet"] for f in first} == {"reqeusts==2.31.0", "colourama>=0.4"}


def test_only_new_names_are_checked(
    work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(work / "requirements.txt", "reqeusts==2.31.0\n")
    audit(capsys, "requirements.txt", "--offline")
    checked: list[str] = []
    real = typosquat_answers.check_name
    monkeypatch.setattr(typosquat_answers, "check_name", lambda name: checked.append(name) or real(name))
    write(work / "requirements.txt", "reqeusts==2.31.0\nnumpyy==1.0\n")
    run = audit(capsys, "requirements.txt", "--offline")
    assert checked == ["numpyy"]
    assert {f["snippet"] for f in run.findings(RULE)} == {"reqeusts==2.31.0", "numpyy==1.0"}


def test_a_changed_snapshot_checks_every_name_again(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", "acme-widgtes==1.0\n")
    assert audit(capsys, "requirements.txt", "--offline").findings(RULE) == []
    # A refreshed snapshot in which `acme-widgets` is the most popular project there is.
    refreshed_snapshot_path().write_text("1\tacme-widgets\t900000000\n2\tfiller\t1000\n", encoding="utf-8")
    (finding,) = audit(capsys, "requirements.txt", "--offline").findings(RULE)
    assert "'acme-widgets'" in finding["message"]


def test_stored_answers_of_the_wrong_shape_are_not_used(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", "reqeusts==2.31.0\n")
    expected = audit(capsys, "requirements.txt", "--offline").findings(RULE)
    data = (_cache() / ANSWERS).read_bytes()
    cut = data.index(b"\n", data.index(b"\n") + 1) + 1
    # The right key, but a dictionary saying every name is innocent in a shape the audit cannot use.
    (_cache() / ANSWERS).write_bytes(data[:cut] + pickle.dumps({"reqeusts": "clean"}))
    assert audit(capsys, "requirements.txt", "--offline").findings(RULE) == expected
    (_cache() / ANSWERS).write_bytes(data[:cut] + b"garbage")
    assert audit(capsys, "requirements.txt", "--offline").findings(RULE) == expected


def test_answers_are_bounded(work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typosquat_answers, "MAX_NAMES", 2)
    write(work / "requirements.txt", "reqeusts==1\nnumpyy==1\n")
    audit(capsys, "requirements.txt", "--offline")
    write(work / "requirements.txt", "colourama==1\n")
    audit(capsys, "requirements.txt", "--offline")
    key = typosquat_answers.index_key()
    assert key is not None
    stored = built_cache.read(typosquat_answers.CACHE_NAME, key, dict, (typosquat_answers.TyposquatMatch,))
    assert stored is not None and set(stored) == {"colourama"}
