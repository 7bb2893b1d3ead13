"""`--offline` guarantees no network at all: with every socket connection and name lookup failing, the audit
still completes and reports the checks that needed the network as skipped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from audit_fixtures import audit, make_project


def test_offline_audit_never_touches_the_network(
    work: Path, capsys: pytest.CaptureFixture[str], no_network: list[Any]
) -> None:
    make_project(work)
    run = audit(capsys, ".", "--offline")
    assert no_network == []
    assert run.code == 1  # findings, not an analysis error
    results = run.json()["results"]
    assert [r["verdict"] for r in results] == ["suspicious", "malicious", "malicious"]
    for result in results:  # each file names the internal package acme-billing
        (note,) = result["errors"]
        assert not note["fatal"]
        assert note["reason"] == (
            "dependency confusion: whether acme-billing is registered on https://pypi.org/simple/ "
            "needs the network; skipped (--offline)"
        )
    offline_checked = {f["rule"] for r in results for f in r["findings"]}
    assert {"typosquat.imitates-popular-project", "vuln.known-vulnerability", "audit.confusion-version"} <= (
        offline_checked
    )


def test_without_offline_the_check_is_attempted_and_its_failure_reported(
    work: Path, capsys: pytest.CaptureFixture[str], no_network: list[Any]
) -> None:
    make_project(work)
    run = audit(capsys, "requirements.txt")
    assert no_network  # it did try: only --offline promises not to
    assert run.code == 1
    (note,) = run.json()["results"][0]["errors"]
    assert "could not be checked" in note["reason"] and not note["fatal"]
