"""Dependency confusion: internal names and public indexes, registrations (loopback index), locks that took an
internal package from a public index, squatter versions, and requirements several indexes may satisfy."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_fixtures import audit, loopback_index, sha, write

PUBLIC = "audit.internal-name-public-index"
REGISTERED = "audit.internal-name-registered"
LOCKED = "audit.internal-locked-from-public"
VERSION = "audit.confusion-version"
MULTIPLE = "audit.multiple-indexes-unpinned"
PRIVATE = "https://pkgs.acme.example/simple"


def test_internal_name_with_a_public_extra_index_is_suspicious(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", f"--extra-index-url {PRIVATE}\nacme-billing>=1.4\n")
    run = audit(capsys, "requirements.txt", "--internal", "acme-*", "--offline")
    (finding,) = run.findings(PUBLIC)
    assert finding["severity"] == "high" and finding["line"] == 2 and finding["snippet"] == "acme-billing>=1.4"
    assert "https://pypi.org/simple" in finding["message"] and "not checked" in finding["message"]
    assert "proxies PyPI" in finding["remediation"]
    result = run.json()["results"][0]
    assert result["verdict"] == "suspicious"
    assert any("needs the network; skipped (--offline)" in e["reason"] for e in result["errors"])


def test_internal_name_from_a_private_index_only_is_fine(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", f"--index-url {PRIVATE}\nacme-billing>=1.4\n")
    run = audit(capsys, "requirements.txt", "--internal", "acme-*", "--offline")
    assert run.findings(PUBLIC) == [] and run.findings(REGISTERED) == []
    assert run.json()["results"][0]["verdict"] == "clean"
    # Whether somebody registered the name publicly is still worth knowing; offline that stays unknown, and says so.
    (note,) = run.json()["results"][0]["errors"]
    assert "acme-billing" in note["reason"] and "skipped (--offline)" in note["reason"] and not note["fatal"]


def test_pin_and_hashes_lower_the_exposure(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", f"--extra-index-url {PRIVATE}\nacme-billing==1.4.0 --hash=sha256:{sha('a')}\n")
    run = audit(capsys, "requirements.txt", "--internal", "acme-*", "--offline")
    (finding,) = run.findings(PUBLIC)
    assert finding["severity"] == "low" and "keep them" in finding["message"]
    assert run.json()["results"][0]["verdict"] == "clean"


def test_internal_patterns_from_the_project_configuration(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "pyproject.toml", '[tool.chainwatch.audit]\ninternal = ["acme-*", "corp-utils"]\n')
    write(work / "reqs" / "requirements.txt", "Corp_Utils>=2\nacme.ledger\nrequests==2.31.0\n")
    run = audit(capsys, "reqs", "--offline")
    assert sorted(f["snippet"] for f in run.findings(PUBLIC)) == ["Corp_Utils>=2", "acme.ledger"]


def test_installer_configuration_decides_for_files_that_name_no_index(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(work / "requirements.txt", "acme-billing>=1.4\nflask>=2.2.5\n")
    private_only = audit(capsys, "requirements.txt", "--internal", "acme-*", "--offline", "--index-url", PRIVATE)
    assert private_only.findings(PUBLIC) == [] and private_only.findings(MULTIPLE) == []
    both = audit(capsys, "requirements.txt", "--internal", "acme-*", "--offline", "--extra-index-url", PRIVATE)
    assert len(both.findings(PUBLIC)) == 1
    (multiple,) = both.findings(MULTIPLE)  # the internal name has the stronger finding instead
    assert multiple["snippet"] == "flask>=2.2.5" and multiple["severity"] == "medium"


def test_multiple_indexes_without_pin_and_hashes(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        work / "requirements.txt",
        f"--extra-index-url {PRIVATE}\nflask>=2.2.5\nrequests==2.31.0\nurllib3==1.26.18 --hash=sha256:{sha('u')}\n",
    )
    run = audit(capsys, "requirements.txt")
    found = {f["snippet"]: f for f in run.findings(MULTIPLE)}
    assert set(found) == {"flask>=2.2.5", "requests==2.31.0"}
    assert (
        "a `==` pin and hashes" in found["flask>=2.2.5"]["title"]
        and "without hashes" in found["requests==2.31.0"]["title"]
    )
    assert PRIVATE in found["flask>=2.2.5"]["message"] and "https://pypi.org/simple" in found["flask>=2.2.5"]["message"]


def test_find_links_count_as_another_source(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", "--find-links https://wheels.acme.example/\nflask>=2.2.5\n")
    assert len(audit(capsys, "requirements.txt").findings(MULTIPLE)) == 1
    write(work / "requirements.txt", "flask>=2.2.5\n")
    assert audit(capsys, "requirements.txt").findings(MULTIPLE) == []


UV_LOCK = """version = 1
requires-python = ">=3.11"

[[package]]
name = "acme-billing"
version = "{billing}"
source = {{ registry = "{registry}" }}
sdist = {{ url = "https://files.example/acme_billing-{billing}.tar.gz", hash = "sha256:{h1}" }}

[[package]]
name = "tinyhelper"
version = "{helper}"
source = {{ registry = "https://pypi.org/simple" }}
sdist = {{ url = "https://files.example/tinyhelper-{helper}.tar.gz", hash = "sha256:{h2}" }}
"""


def _lock(work: Path, billing: str = "1.4.0", helper: str = "1.0.0", registry: str = PRIVATE) -> Path:
    text = UV_LOCK.format(billing=billing, helper=helper, registry=registry, h1=sha("b"), h2=sha("h"))
    return write(work / "uv.lock", text)


def test_squatter_version_of_an_internal_package_in_a_lock_is_malicious(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _lock(work, billing="99.0.0")
    run = audit(capsys, "uv.lock", "--internal", "acme-*", "--offline")
    (finding,) = run.findings(VERSION)
    assert finding["severity"] == "high" and finding["confidence"] >= 0.8 and finding["line"] == 5
    assert "99.0.0" in finding["message"] and "internal" in finding["message"]
    assert run.json()["results"][0]["verdict"] == "malicious"


def test_squatter_version_of_another_package_is_suspicious(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _lock(work, helper="999.1")
    run = audit(capsys, "uv.lock", "--internal", "acme-*", "--offline")
    (finding,) = run.findings(VERSION)
    assert "tinyhelper" in finding["message"] and finding["confidence"] < 0.8
    assert run.json()["results"][0]["verdict"] == "suspicious"


@pytest.mark.parametrize("version", ["1.0.0", "9.0", "98.1", "2024.1.0", "100.0", "199.0"])
def test_ordinary_versions_are_not_squatter_versions(
    version: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _lock(work, helper=version)
    assert audit(capsys, "uv.lock", "--offline").findings(VERSION) == []


def test_lock_that_took_an_internal_package_from_a_public_index(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _lock(work, registry="https://pypi.org/simple")
    run = audit(capsys, "uv.lock", "--internal", "acme-*", "--offline")
    (finding,) = run.findings(LOCKED)
    assert finding["severity"] == "critical" and "records it from https://pypi.org/simple" in finding["message"]
    assert run.json()["results"][0]["verdict"] == "malicious"
    _lock(work)  # the same lock against the private index: nothing to say
    assert audit(capsys, "uv.lock", "--internal", "acme-*", "--offline").findings() == []


def test_registered_internal_name_on_the_public_index_is_malicious(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(work / "requirements.txt", f"--extra-index-url {PRIVATE}\nacme-billing>=1.4\nacme-ledger>=2\nflask>=2.2.5\n")
    with loopback_index(["acme-billing", "flask"]) as index:
        run = audit(capsys, "requirements.txt", "--internal", "acme-*", "--public-index", index.url)
    assert sorted(index.asked) == ["acme-billing", "acme-ledger"]  # only internal names are looked up
    (registered,) = run.findings(REGISTERED)
    assert registered["snippet"] == "acme-billing>=1.4" and registered["severity"] == "critical"
    assert f"registered on the public index {index.url}" in registered["message"]
    (exposed,) = run.findings(PUBLIC)
    assert exposed["snippet"] == "acme-ledger>=2" and "not (yet) registered" in exposed["message"]
    result = run.json()["results"][0]
    assert result["verdict"] == "malicious" and result["errors"] == []


def test_registered_internal_name_behind_a_private_index_is_worth_a_look(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(work / "requirements.txt", f"--index-url {PRIVATE}\nacme-billing>=1.4\n")
    with loopback_index(["acme-billing"]) as index:
        run = audit(capsys, "requirements.txt", "--internal", "acme-*", "--public-index", index.url)
    (finding,) = run.findings(REGISTERED)
    assert finding["severity"] == "medium" and "no public index is in use here" in finding["message"]
    assert run.json()["results"][0]["verdict"] == "suspicious"


def test_unreachable_public_index_is_reported_and_the_audit_goes_on(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    write(work / "requirements.txt", f"--extra-index-url {PRIVATE}\nacme-billing>=1.4\nacme-ledger>=2\n")
    run = audit(
        capsys, "requirements.txt", "--internal", "acme-*", "--public-index", f"http://127.0.0.1:{port}/simple/"
    )
    assert run.code == 1  # suspicious exposure findings, not an analysis error
    assert len(run.findings(PUBLIC)) == 2
    (error,) = run.json()["results"][0]["errors"]
    assert not error["fatal"] and "registration check could not be checked" in error["reason"]


def test_installed_internal_package_registered_publicly(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(work / "venv")], check=True)
    site = next((work / "venv" / "lib").glob("python3*/site-packages"))
    for name in ("acme_billing", "acme_ledger"):
        write(site / f"{name}-1.4.0.dist-info" / "METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.4.0\n")
    with loopback_index(["acme-billing"]) as index:
        run = audit(
            capsys, "--python", work / "venv" / "bin" / "python", "--internal", "acme-*", "--public-index", index.url
        )
    assert sorted(index.asked) == ["acme-billing", "acme-ledger"]
    (registered,) = run.findings(REGISTERED)
    assert "acme_billing" in registered["message"] and registered["severity"] == "critical"
    assert run.findings(PUBLIC) == []  # an installed package is resolved already: no "could resolve" finding
