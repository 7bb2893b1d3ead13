"""Parity with pip-audit: on the same requirements and the same advisories, the same vulnerabilities.

How this is proven, and why this way:

pip-audit does not match versions itself. Its OSV service POSTs each pinned dependency to
`https://api.osv.dev/v1/query` and osv.dev answers with the records that affect that version;
pip-audit then drops withdrawn records, picks each record's display id (PYSEC, then CVE, then the
record's own), folds aliases together (PYSEC results first, others merged into any result they
share an id with) and reads fix versions. pip-audit exposes the endpoint (`--osv-url`), so the
tests run the real, installed pip-audit — its requirements parsing, its OSV client, its
de-duplication, its JSON output — against a loopback server that plays osv.dev's part for the
same advisory files chainwatch loads.

That server must decide "does this record affect this version" the way osv.dev does, without
borrowing chainwatch's answer (that would make the comparison circular). It uses
`osv_reference.is_vulnerable`, a line-by-line transcription of the OSV spec's `IsVulnerable`
pseudocode over the raw records, which shares no code with `chainwatch.vulns`.

Then chainwatch answers on its own from a database built from the same files (`db update
--from-dir` / `derive_osv`), and the advisory ids reported per dependency must be identical.

1. `test_pip_audit_cli_parity_on_fixtures`: the `pip-audit` command line itself
   (`--no-deps --disable-pip -r FILE --vulnerability-service osv --osv-url ... -f json`) on
   synthetic advisories written to exercise each rule (aliases PYSEC/GHSA/CVE, withdrawn,
   last_affected, limit, unsorted events, several ranges, explicit versions only, pre-release,
   local versions, GIT-only ranges, a record naming two packages, name normalisation) and two
   requirement files: one inside the advisories, one on and just past their bounds.
2. `test_pip_audit_parity_on_the_pypa_database`: pip-audit's library API (`Auditor`,
   `RequirementSource`, `OsvService`, the same code the CLI runs) over the real PyPA advisory
   database in `../shared/data`, the source of the bundled snapshot, for the packages with the
   most advisories at versions on and around every bound they name.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from osv_reference import osv_api_server
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from chainwatch.data.derive_osv import derive
from chainwatch.vulns import VulnDB, update_from_dir

FIXTURES = Path(__file__).parent / "fixtures" / "parity"
PYPA_DATABASE = Path(__file__).resolve().parents[3] / "shared" / "data" / "pypa-advisory-database"

Findings = dict[str, set[str]]


def pinned(requirements: Path) -> Iterator[tuple[str, str]]:
    for line in requirements.read_text().splitlines():
        text = line.split(" #", 1)[0].strip()
        if text and not text.startswith("#"):
            requirement = Requirement(text)
            (spec,) = requirement.specifier
            yield requirement.name, spec.version


def chainwatch_findings(db: VulnDB, requirements: Path) -> Findings:
    return {
        canonicalize_name(name): {m.id for m in db.affected(name, version)} for name, version in pinned(requirements)
    }


def pip_audit_cli(requirements: Path, url: str, cache: Path) -> dict[str, Any]:
    command = [
        sys.executable, "-m", "pip_audit",
        "--no-deps", "--disable-pip", "-r", str(requirements),
        "--vulnerability-service", "osv", "--osv-url", url,
        "--format", "json", "--cache-dir", str(cache), "--progress-spinner", "off", "--timeout", "30",
    ]  # fmt: skip
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "PIP_NO_INDEX": "1"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, env=env, check=False)
    assert done.returncode in (0, 1), done.stderr  # 1 = vulnerabilities found
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def pip_audit_ids(report: dict[str, Any]) -> Findings:
    return {d["name"]: {v["id"] for v in d["vulns"]} for d in report["dependencies"] if "vulns" in d}


def load_json_records(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]


@pytest.mark.parametrize("requirements", ["requirements-affected.txt", "requirements-boundaries.txt"])
def test_pip_audit_cli_parity_on_fixtures(requirements: str, tmp_path: Path) -> None:
    records = load_json_records(FIXTURES / "osv")
    db, _ = update_from_dir(FIXTURES / "osv", tmp_path / "db.json.gz")
    ours = chainwatch_findings(db, FIXTURES / requirements)
    with osv_api_server(records) as (url, queries):
        report = pip_audit_cli(FIXTURES / requirements, url, tmp_path / "pip-audit-cache")
    theirs = pip_audit_ids(report)
    assert len(queries) == len(ours)  # pip-audit really asked about every dependency
    assert ours == theirs
    # Fix versions: where pip-audit lists fixes above the pinned version, chainwatch recommends the
    # smallest. (pip-audit reads only the first ECOSYSTEM range's fixes, so for `zeta`, affected in
    # its second range, it lists none above 3.0.4; chainwatch names 3.0.5.)
    fixes = {(d["name"], v["id"]): v["fix_versions"] for d in report["dependencies"] for v in d.get("vulns", [])}
    for name, version in pinned(FIXTURES / requirements):
        for match in db.affected(name, version):
            above = sorted(
                Version(f) for f in fixes[(canonicalize_name(name), match.id)] if Version(f) > Version(version)
            )
            if above:
                assert match.fix_version == str(above[0]), (name, match)
    if requirements == "requirements-affected.txt":
        assert next(m for m in db.affected("zeta", "3.0.4")).fix_version == "3.0.5"


def test_the_fixtures_exercise_what_they_claim(tmp_path: Path) -> None:
    # Guards the parity test against fixtures that silently stop covering the interesting cases.
    db, _ = update_from_dir(FIXTURES / "osv", tmp_path / "db.json.gz")
    found = chainwatch_findings(db, FIXTURES / "requirements-affected.txt")
    assert found["alpha"] == {"PYSEC-2099-1", "CVE-2099-2"}
    assert found["omega"] == set() and found["beta"] == {"PYSEC-2099-3"}
    assert all(found[name] for name in found if name != "omega")
    assert not any(chainwatch_findings(db, FIXTURES / "requirements-boundaries.txt").values())


# --- the real database -------------------------------------------------------------------------

PACKAGES = 40
ROUNDS = 8


def _pypa_records(packages: list[str]) -> list[dict[str, Any]]:
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    return [
        yaml.load(path.read_text(), Loader=loader)
        for name in packages
        for path in sorted((PYPA_DATABASE / "vulns" / name).glob("*.yaml"))
    ]


def _usable(records: list[dict[str, Any]]) -> bool:
    # osv.dev's behaviour for event versions that are not PEP 440 is unspecified; leave those out.
    for record in records:
        for affected in record.get("affected", []):
            for rng in affected.get("ranges", []):
                for event in rng["events"] if rng["type"] == "ECOSYSTEM" else []:
                    (value,) = event.values()
                    try:
                        value == "0" or Version(value)
                    except InvalidVersion:
                        return False
    return True


def _probe_versions(records: list[dict[str, Any]]) -> list[str]:
    """Every bound the records name, with a version just below (rc) and just above (post) it."""
    probes: set[Version] = set()
    for record in records:
        for affected in record.get("affected", []):
            for rng in affected.get("ranges", []):
                for event in rng["events"] if rng["type"] == "ECOSYSTEM" else []:
                    (value,) = event.values()
                    if value != "0":
                        bound = Version(value)
                        base = ".".join(map(str, bound.release))
                        probes |= {bound, Version(f"{base}rc1"), Version(f"{base}.post1")}
            probes |= {v for v in map(_try_version, affected.get("versions", [])[:1]) if v is not None}
    return [str(v) for v in sorted(probes)]


def _try_version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


@pytest.mark.skipif(not PYPA_DATABASE.is_dir(), reason="../shared/data/pypa-advisory-database is not present")
def test_pip_audit_parity_on_the_pypa_database(tmp_path: Path) -> None:
    from pip_audit._audit import Auditor
    from pip_audit._dependency_source import RequirementSource
    from pip_audit._service.osv import OsvService

    by_size = sorted(
        (p for p in (PYPA_DATABASE / "vulns").iterdir() if p.is_dir()), key=lambda p: (-len(list(p.iterdir())), p.name)
    )
    chosen: dict[str, list[dict[str, Any]]] = {}
    for folder in by_size:
        records = _pypa_records([folder.name])
        if _usable(records):
            chosen[folder.name] = records
        if len(chosen) == PACKAGES:
            break
    tree = tmp_path / "tree"
    for name in chosen:
        shutil.copytree(PYPA_DATABASE / "vulns" / name, tree / "vulns" / name)
    derive(tree, tmp_path / "db.json.gz", "pypa subset")
    db = VulnDB.load(tmp_path / "db.json.gz")
    probes = {name: _probe_versions(records) for name, records in chosen.items()}
    all_records = [r for records in chosen.values() for r in records]

    compared = reported = 0
    with osv_api_server(all_records) as (url, _):
        service = OsvService(cache_dir=tmp_path / "pip-audit-cache", timeout=30, osv_url=url)
        for round_ in range(ROUNDS):
            # one version per package per requirements file (pip-audit rejects duplicate pins);
            # the rounds walk each package's bounds from both ends so the extremes are covered
            lines = []
            for name, versions in probes.items():
                if round_ < len(versions):
                    index = round_ // 2 if round_ % 2 == 0 else len(versions) - 1 - round_ // 2
                    lines.append(f"{name}=={versions[index]}")
            requirements = tmp_path / f"round-{round_}.txt"
            requirements.write_text("\n".join(lines) + "\n")
            source = RequirementSource([requirements], no_deps=True, disable_pip=True)
            theirs = {dep.canonical_name: {v.id for v in vulns} for dep, vulns in Auditor(service).audit(source)}
            ours = chainwatch_findings(db, requirements)
            assert ours == theirs, round_
            compared += len(ours)
            reported += sum(len(ids) for ids in ours.values())
    assert compared >= PACKAGES * ROUNDS // 2 and reported > 50  # the comparison was not vacuous
