"""Every report format of an audit is valid: JSON against chainwatch's published schema, SARIF against the
official 2.1.0 schema, CycloneDX against the official 1.6 schema shipped by cyclonedx-python-lib."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from audit_fixtures import audit, make_project, write
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.validators import validator_for
from packageurl import PackageURL

SARIF_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture
def project(work: Path) -> Path:
    return make_project(work)


def test_json_report_validates(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = json.loads(resources.files("chainwatch.reports").joinpath("schemas/report-v1.json").read_text())
    run = audit(capsys, "--offline")
    document = run.json()
    errors = [e.message for e in Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(document)]
    assert errors == []
    assert document["command"] == "audit" and document["summary"]["worst"] == "malicious"


def test_sarif_report_validates(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    run = audit(capsys, "--offline", "--format", "sarif")
    document = json.loads(run.out)
    cls = validator_for(schema)
    assert [e.message for e in cls(schema).iter_errors(document)] == []
    results = document["runs"][0]["results"]
    typo = next(r for r in results if r["ruleId"] == "typosquat.imitates-popular-project")
    location = typo["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "requirements.txt"
    assert location["region"] == {"startLine": 4, "snippet": {"text": "reqeusts==2.31.0"}}
    notes = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("skipped (--offline)" in n["message"]["text"] for n in notes)


def _bom(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    run = audit(capsys, *args, "--format", "cyclonedx")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(run.out) is None
    document: dict[str, Any] = json.loads(run.out)
    return document


def test_cyclonedx_bom_validates_and_lists_every_component(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bom = _bom(capsys, "--offline")
    assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.6"
    dt.datetime.fromisoformat(bom["metadata"]["timestamp"])
    refs = {c["bom-ref"] for c in bom["components"]}
    assert len(refs) == len(bom["components"])  # one component per name and version, however often declared
    for component in bom["components"]:
        parsed = PackageURL.from_string(component["purl"])
        assert (parsed.type, parsed.name, parsed.version) == ("pypi", component["name"], component.get("version"))
    assert {"pkg:pypi/requests@2.30.0", "pkg:pypi/requests@2.31.0", "pkg:pypi/acme-billing@99.0.0",
            "pkg:pypi/acme-billing", "pkg:pypi/flask", "pkg:pypi/acme-tools"} <= refs  # fmt: skip
    tools = next(c for c in bom["components"] if c["name"] == "acme-tools")
    assert any(p["name"] == "chainwatch:unchecked" and "VCS" in p["value"] for p in tools["properties"])
    requests = next(c for c in bom["components"] if c["bom-ref"] == "pkg:pypi/requests@2.31.0")
    declared = sorted(p["value"] for p in requests["properties"] if p["name"] == "chainwatch:declared-in")
    assert declared == ["uv.lock:27"]


def test_cyclonedx_vulnerabilities(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vulns = {v["id"]: v for v in _bom(capsys, "--offline")["vulnerabilities"]}
    requests = vulns["PYSEC-2099-101"]
    assert [r["id"] for r in requests["references"]] == ["CVE-2099-101", "GHSA-2099-aaaa-0101"]
    (rating,) = requests["ratings"]
    assert rating["severity"] == "high" and rating["score"] == 7.5 and rating["method"] == "CVSSv31"
    assert rating["vector"].startswith("CVSS:3.1/")
    assert requests["cwes"] == [200]
    assert requests["recommendation"] == "Upgrade requests to 2.31.0 or later. Require requests>=2.31.0."
    assert requests["affects"] == [
        {"ref": "pkg:pypi/requests@2.30.0", "versions": [{"version": "2.30.0", "status": "affected"}]},
        {"ref": "pkg:pypi/requests", "versions": [{"range": "vers:pypi/>=2.28", "status": "unknown"}]},
    ]
    assert requests["published"] == "2099-01-01T00:00:00Z" and requests["source"]["name"] == "OSV"
    flask = vulns["PYSEC-2099-103"]  # flask>=2.0: possibly affected only
    assert flask["affects"] == [
        {"ref": "pkg:pypi/flask", "versions": [{"range": "vers:pypi/>=2.0", "status": "unknown"}]}
    ]
    assert flask["recommendation"] == "Require flask>=2.2.5."
    assert "ratings" not in vulns["PYSEC-2099-102"]  # urllib3: the advisory states no severity


def test_cyclonedx_without_vulnerabilities_and_to_a_file(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", "flask==3.0.0\n")
    assert audit(capsys, "--format", "cyclonedx", "-o", "bom.json").code == 0
    text = (work / "bom.json").read_text()
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    assert "vulnerabilities" not in bom and [c["purl"] for c in bom["components"]] == ["pkg:pypi/flask@3.0.0"]


def test_purls_encode_what_purl_requires(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "requirements.txt", "Zope_Interface==6.0+local.1\ntorch==1!2.0\n")
    purls = [c["purl"] for c in _bom(capsys)["components"]]
    assert purls == ["pkg:pypi/zope-interface@6.0%2Blocal.1", "pkg:pypi/torch@1%212.0"]
    assert [PackageURL.from_string(p).version for p in purls] == ["6.0+local.1", "1!2.0"]
