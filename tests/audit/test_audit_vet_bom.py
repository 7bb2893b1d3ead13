"""`audit --vet --format cyclonedx`: the malware vetting in the BOM, validated against the official CycloneDX 1.6
schema — each component's verdict, score and vetted files (with sha256) as properties, why a component was not
vetted, and each malicious file as a `vulnerabilities[]` entry affecting its component."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from audit_fixtures import Run, audit, write
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from index_fixtures import PypiServer
from vet_fixtures import EVIL_SDIST, HONEST_SDIST, HONEST_WHEEL, SUSPICIOUS_SDIST, hash_of, vet_audit

from chainwatch.index.cache import sha256_of

EVIL = "pkg:pypi/cwfixture-evil@0.1"


def bom_of(run: Run) -> dict[str, Any]:
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(run.out) is None
    document: dict[str, Any] = json.loads(run.out)
    return document


def vet_properties(bom: dict[str, Any], ref: str) -> dict[str, list[str]]:
    (component,) = [c for c in bom["components"] if c["bom-ref"] == ref]
    table: dict[str, list[str]] = {}
    for prop in component.get("properties", []):
        if prop["name"].startswith("chainwatch:vet:"):
            table.setdefault(prop["name"].removeprefix("chainwatch:vet:"), []).append(prop["value"])
    return table


def chainwatch_vulnerabilities(bom: dict[str, Any]) -> list[dict[str, Any]]:
    return [v for v in bom.get("vulnerabilities", []) if v["source"] == {"name": "chainwatch"}]


def test_bom_carries_malicious_suspicious_clean_and_unvettable_dependencies(
    work: Path, index: PypiServer, packages: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        work / "requirements.txt",
        "cwfixture-honest==1.0\ncwfixture-evil==0.1\ncwfixture-fetcher==1.0\ncwfixture-missing==1.0\nsix>=1.0\n"
        "cwfixture-vcs @ git+https://git.example.invalid/cwfixture-vcs.git\n",
    )
    run = vet_audit(capsys, index, "requirements.txt", "--format", "cyclonedx")
    assert run.code == 1  # blocked: a malicious file outranks the release that could not be vetted (exit 2 alone)
    bom = bom_of(run)

    evil = vet_properties(bom, EVIL)
    assert evil["verdict"] == ["malicious"] and float(evil["score"][0]) >= 0.8
    assert evil["files-vetted"] == ["1"]
    assert evil["file"] == [f"{EVIL_SDIST} sha256:{sha256_of(packages[EVIL_SDIST])} malicious"]
    honest = vet_properties(bom, "pkg:pypi/cwfixture-honest@1.0")
    assert honest["verdict"] == ["clean"] and honest["files-vetted"] == ["2"]
    assert sorted(honest["file"]) == sorted(
        f"{name} sha256:{sha256_of(packages[name])} clean" for name in (HONEST_SDIST, HONEST_WHEEL)
    )
    missing = vet_properties(bom, "pkg:pypi/cwfixture-missing@1.0")
    assert missing["verdict"] == ["error"] and missing["files-vetted"] == ["0"] and "score" not in missing
    (reason,) = missing["reason"]
    assert reason.startswith("malware vetting of cwfixture-missing==1.0") and "not found" in reason
    assert vet_properties(bom, "pkg:pypi/six") == {
        "verdict": ["not-vetted"], "files-vetted": ["0"], "reason": ["not pinned to one version"]
    }

    vcs = vet_properties(bom, "pkg:pypi/cwfixture-vcs")
    assert vcs["verdict"] == ["not-vetted"] and "VCS" in vcs["reason"][0]
    fetcher = vet_properties(bom, "pkg:pypi/cwfixture-fetcher@1.0")
    assert fetcher["verdict"] == ["suspicious"] and 0.5 <= float(fetcher["score"][0]) < 0.8

    vulnerability, suspicious = chainwatch_vulnerabilities(bom)
    assert suspicious["id"] == f"audit.suspicious-dependency/{SUSPICIOUS_SDIST}"
    assert suspicious["analysis"] == {"state": "in_triage"} and suspicious["ratings"][0]["severity"] == "high"
    assert "malware.install-network" in suspicious["detail"]
    assert suspicious["affects"][0]["ref"] == "pkg:pypi/cwfixture-fetcher@1.0"
    assert vulnerability["id"] == f"audit.malicious-dependency/{EVIL_SDIST}"
    assert vulnerability["affects"] == [{"ref": EVIL, "versions": [{"version": "0.1", "status": "affected"}]}]
    (rating,) = vulnerability["ratings"]
    assert rating["severity"] == "critical" and rating["method"] == "other" and rating["score"] >= 0.8
    assert rating["source"] == {"name": "chainwatch"}
    assert vulnerability["cwes"] == [506]
    assert vulnerability["analysis"] == {"state": "exploitable"}
    assert EVIL_SDIST in vulnerability["description"]
    assert "malware.install" in vulnerability["detail"]  # the strongest analyzer findings, as in the audit report
    assert "chainwatch vet cwfixture-evil==0.1" in vulnerability["recommendation"]
    properties = {p["name"]: p["value"] for p in vulnerability["properties"]}
    assert properties["chainwatch:rule"] == "audit.malicious-dependency"
    assert properties["chainwatch:vet:sha256"] == sha256_of(packages[EVIL_SDIST])


def test_a_disabled_rule_leaves_the_verdict_but_adds_no_vulnerability(
    work: Path, index: PypiServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write(work / "requirements.txt", "cwfixture-evil==0.1\n")
    run = vet_audit(capsys, index, "requirements.txt", "--format", "cyclonedx", "--disable", "audit.malicious-dependency")
    bom = bom_of(run)
    assert vet_properties(bom, EVIL)["verdict"] == ["malicious"]  # what the analysis found is still stated
    assert chainwatch_vulnerabilities(bom) == []


def test_offline_bom_states_the_cached_verdicts_and_what_was_skipped(
    work: Path,
    index: PypiServer,
    packages: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    honest = f"cwfixture-honest==1.0 --hash={hash_of(packages, HONEST_WHEEL)}"
    evil = f"cwfixture-evil==0.1 --hash={hash_of(packages, EVIL_SDIST)}"
    write(work / "requirements.txt", f"{honest}\n{evil}\n")
    assert vet_audit(capsys, index, "requirements.txt").code == 1
    write(work / "requirements.txt", f"{honest} --hash=sha256:{'0' * 64}\n{evil}\ncwfixture-later==2.0\n")
    request.getfixturevalue("no_network")
    run = audit(
        capsys, "requirements.txt", "--vet", "--offline", "--format", "cyclonedx",
        "--disable", "vuln.known-vulnerability",
    )  # fmt: skip
    assert run.code == 1
    bom = bom_of(run)
    assert vet_properties(bom, EVIL)["verdict"] == ["malicious"]
    assert [v["id"] for v in chainwatch_vulnerabilities(bom)] == [f"audit.malicious-dependency/{EVIL_SDIST}"]
    honest_vet = vet_properties(bom, "pkg:pypi/cwfixture-honest@1.0")
    assert honest_vet["verdict"] == ["partly-vetted"] and honest_vet["files-vetted"] == ["1"]
    assert "1 of 2 recorded files without a verdict" in honest_vet["reason"][0]
    later = vet_properties(bom, "pkg:pypi/cwfixture-later@2.0")
    assert later["verdict"] == ["not-vetted"] and "no file hashes recorded" in later["reason"][0]
