"""Dependency confusion in uv projects: uv resolves a name from the first index that lists it (`first-index`, its
default) unless `index-strategy` says otherwise, so a public index ranked below a private one is only a fallback,
while `unsafe-best-match` merges indexes as pip does. Real pyproject.toml files, offline or against loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_fixtures import audit, loopback_index, write

PUBLIC = "audit.internal-name-public-index"
REGISTERED = "audit.internal-name-registered"
PRIVATE = "https://pkgs.acme.example/simple"


def uv_project(work: Path, *, strategy: str | None = None, public_first: bool = False) -> Path:
    indexes = f'[[tool.uv.index]]\nname = "acme"\nurl = "{PRIVATE}"\n'
    if public_first:
        indexes = '[[tool.uv.index]]\nname = "pypi"\nurl = "https://pypi.org/simple"\n\n' + indexes
    setting = f'index-strategy = "{strategy}"\n' if strategy else ""
    text = (
        '[project]\nname = "acme-app"\nversion = "1.0"\ndependencies = ["acme-billing>=1.4", "requests>=2.31"]\n\n'
        f"[tool.uv]\n{setting}\n{indexes}"
    )
    return write(work / "pyproject.toml", text)


def test_first_index_with_the_private_index_ranked_first_is_only_a_fallback(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uv_project(work)
    run = audit(capsys, "pyproject.toml", "--internal", "acme-*", "--offline")
    (finding,) = run.findings(PUBLIC)
    assert finding["snippet"] == "acme-billing>=1.4"
    assert finding["severity"] == "medium" and finding["confidence"] < 0.6
    assert "first-index, its default" in finding["message"]
    assert f"{PRIVATE} ranks above https://pypi.org/simple" in finding["message"]
    assert "[tool.uv.sources] acme-billing" in finding["message"]
    assert run.json()["results"][0]["verdict"] == "clean"


def test_unsafe_best_match_is_as_exposed_as_pip(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    uv_project(work, strategy="unsafe-best-match")
    run = audit(capsys, "pyproject.toml", "--internal", "acme-*", "--offline")
    (finding,) = run.findings(PUBLIC)
    assert finding["severity"] == "high" and "unsafe-best-match" in finding["message"]
    assert "merges every index, as pip does" in finding["message"]
    assert run.json()["results"][0]["verdict"] == "suspicious"


def test_unsafe_first_match_can_still_fall_through_to_public_versions(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uv_project(work, strategy="unsafe-first-match")
    (finding,) = audit(capsys, "pyproject.toml", "--internal", "acme-*", "--offline").findings(PUBLIC)
    assert finding["severity"] == "high" and "prefers https://pkgs.acme.example/simple's versions" in finding["message"]


def test_first_index_with_a_public_index_ranked_first_lets_it_win(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uv_project(work, public_first=True)
    run = audit(capsys, "pyproject.toml", "--internal", "acme-*", "--offline")
    (finding,) = run.findings(PUBLIC)
    assert finding["severity"] == "high"
    assert "asks https://pypi.org/simple first" in finding["message"]
    assert run.json()["results"][0]["verdict"] == "suspicious"


def test_a_name_pinned_to_the_private_index_is_not_exposed(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = uv_project(work).read_text() + 'explicit = true\n\n[tool.uv.sources]\nacme-billing = { index = "acme" }\n'
    write(work / "pyproject.toml", text)
    run = audit(capsys, "pyproject.toml", "--internal", "acme-*", "--offline")
    assert run.findings(PUBLIC) == [] and run.json()["results"][0]["verdict"] == "clean"


@pytest.mark.parametrize(
    ("strategy", "severity", "verdict"),
    [(None, "high", "suspicious"), ("unsafe-best-match", "critical", "malicious")],
)
def test_a_publicly_registered_internal_name(
    strategy: str | None, severity: str, verdict: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uv_project(work, strategy=strategy)
    with loopback_index(["acme-billing"]) as index:
        run = audit(capsys, "pyproject.toml", "--internal", "acme-*", "--public-index", index.url)
    (finding,) = run.findings(REGISTERED)
    assert finding["severity"] == severity
    assert ("first-index, its default" in finding["message"]) == (strategy is None)
    assert run.json()["results"][0]["verdict"] == verdict


def test_requirements_files_keep_pips_merge(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    uv_project(work)  # a uv project beside it does not make pip's requirements file uv's
    write(work / "requirements.txt", f"--extra-index-url {PRIVATE}\nacme-billing>=1.4\n")
    (finding,) = audit(capsys, "requirements.txt", "--internal", "acme-*", "--offline").findings(PUBLIC)
    assert finding["severity"] == "high" and "uv" not in finding["message"]
