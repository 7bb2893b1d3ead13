"""SARIF output validates against the official OASIS 2.1.0 schema and carries what code-scanning UIs read."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import pytest
from jsonschema.protocols import Validator
from report_samples import (
    ARCHIVE_TARGET,
    DIR_TARGET,
    HIDDEN_BINARY,
    MALICIOUS_SETUP,
    NESTED_SAME_RULE,
    OBFUSCATED,
    SARIF_SCHEMA,
    sample_report,
    strict_format_checker,
)

from chainwatch.model import AnalysisError, Finding, Location, Report, Severity, TargetResult, Verdict
from chainwatch.reports import RENDERERS
from chainwatch.reports.sarif import render_sarif

# What the SARIF levels must mean for our severities (SARIF 2.1.0 §3.27.10): only high and
# critical findings are errors, medium ones warnings, the rest notes.
EXPECTED_LEVEL = {
    Severity.INFO: "note",
    Severity.LOW: "note",
    Severity.MEDIUM: "warning",
    Severity.HIGH: "error",
    Severity.CRITICAL: "error",
}


def _run(report: Report) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render_sarif(report))
    assert len(log["runs"]) == 1
    run: dict[str, Any] = log["runs"][0]
    return run


def _findings(report: Report) -> list[Finding]:
    return [f for r in report.results for f in r.findings]


def _schema_errors(validator: Validator, document: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_vendored_schema_is_the_official_one() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]


def test_sample_report_validates(report: Report, sarif_validator: Validator) -> None:
    log = json.loads(render_sarif(report))
    assert _schema_errors(sarif_validator, log) == []
    assert log["version"] == "2.1.0"


def test_empty_report_validates(sarif_validator: Validator) -> None:
    log = json.loads(render_sarif(Report("vet", [], "1.0")))
    assert _schema_errors(sarif_validator, log) == []
    assert log["runs"][0]["results"] == []


def test_validator_catches_a_broken_log(report: Report, sarif_validator: Validator) -> None:
    # Guard against a validator that accepts anything (e.g. a schema that failed to load its rules).
    log = json.loads(render_sarif(report))
    log["runs"][0]["results"][0]["level"] = "critical"
    assert not sarif_validator.is_valid(log)
    log = json.loads(render_sarif(report))
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "a b.py"
    assert not sarif_validator.is_valid(log)


def test_rules_are_deduplicated_and_indexed(report: Report) -> None:
    run = _run(report)
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    assert set(ids) == {f.rule for f in _findings(report)}
    assert MALICIOUS_SETUP.rule == NESTED_SAME_RULE.rule  # the sample really repeats a rule
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_one_result_per_finding_in_order_with_levels(report: Report) -> None:
    run = _run(report)
    findings = _findings(report)
    assert [r["ruleId"] for r in run["results"]] == [f.rule for f in findings]
    for result, finding in zip(run["results"], findings, strict=True):
        assert result["level"] == EXPECTED_LEVEL[finding.severity]
        assert finding.message in result["message"]["text"]
        if finding.why:
            assert finding.why in result["message"]["text"]


@pytest.mark.parametrize("severity", list(Severity))
def test_rule_default_level_follows_severity(severity: Severity) -> None:
    finding = Finding("test.one", "One", severity, "m", Location("a.py", line=1))
    run = _run(Report("vet", [TargetResult("t", Verdict.CLEAN, 0.0, [finding])], "1.0"))
    assert run["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] == EXPECTED_LEVEL[severity]
    assert run["results"][0]["level"] == EXPECTED_LEVEL[severity]


def test_partial_fingerprints_are_the_stable_finding_fingerprints(report: Report) -> None:
    run = _run(report)
    prints = [r["partialFingerprints"] for r in run["results"]]
    assert all(len(p) == 1 for p in prints)
    values = [next(iter(p.values())) for p in prints]
    assert values == [f.fingerprint for f in _findings(report)]
    assert len(set(values)) == len(values)


def test_fingerprint_ignores_line_moves() -> None:
    moved = Finding(
        MALICIOUS_SETUP.rule,
        MALICIOUS_SETUP.title,
        MALICIOUS_SETUP.severity,
        MALICIOUS_SETUP.message,
        Location(MALICIOUS_SETUP.location.path, line=99, snippet=MALICIOUS_SETUP.location.snippet),
    )
    runs = [
        _run(Report("vet", [TargetResult("t", Verdict.MALICIOUS, 1.0, [f])], "1")) for f in (MALICIOUS_SETUP, moved)
    ]
    assert runs[0]["results"][0]["partialFingerprints"] == runs[1]["results"][0]["partialFingerprints"]


def test_invocation_fails_when_a_target_could_not_be_analysed(report: Report) -> None:
    invocation = _run(report)["invocations"][0]
    assert invocation["executionSuccessful"] is False
    texts = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    fatal = [e for r in report.results for e in r.errors if e.fatal]
    assert any(fatal[0].reason in t and fatal[0].path in t for t in texts)
    levels = {n["level"] for n in invocation["toolExecutionNotifications"]}
    assert levels == {"error", "warning"}  # one fatal and one non-fatal error in the sample


def test_invocation_succeeds_without_error_verdicts() -> None:
    report = sample_report()
    report.results = [r for r in report.results if r.verdict is not Verdict.ERROR]
    assert _run(report)["invocations"][0]["executionSuccessful"] is True


def _uri_of(run: dict[str, Any], rule: str, index: int = 0) -> str:
    results = [r for r in run["results"] if r["ruleId"] == rule]
    uri: str = results[index]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    return uri


def test_archive_members_are_addressed_inside_their_artifact(report: Report) -> None:
    run = _run(report)
    archive_name = ARCHIVE_TARGET.rsplit("/", 1)[-1]
    uri = unquote(_uri_of(run, MALICIOUS_SETUP.rule))
    # The member's own path already starts at the archive: it must not be repeated.
    assert uri == ARCHIVE_TARGET + MALICIOUS_SETUP.location.path.removeprefix(archive_name)
    nested = unquote(_uri_of(run, NESTED_SAME_RULE.rule, 1))
    assert nested.startswith(ARCHIVE_TARGET + "!/") and nested.count("!/") == 2
    assert nested.count(archive_name) == 1


def test_directory_files_and_odd_names_become_valid_uris(report: Report) -> None:
    run = _run(report)
    uri = _uri_of(run, HIDDEN_BINARY.rule)
    assert " " not in uri and "#" not in uri and "!" not in uri
    assert unquote(uri) == f"{DIR_TARGET}/{HIDDEN_BINARY.location.path}"
    non_ascii = _uri_of(run, OBFUSCATED.rule)
    assert non_ascii.isascii()
    assert unquote(non_ascii).endswith("modül ñ.py")
    checker = strict_format_checker()
    for result in run["results"]:
        assert checker.conforms(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "uri-reference")


@pytest.mark.parametrize(
    ("target", "path", "expected"),
    [
        (".", "src/setup.py", "src/setup.py"),  # `chainwatch vet .` in CI: repository-relative
        ("proj", "src/setup.py", "proj/src/setup.py"),
        ("/abs/pkg-1.0.tar.gz", "pkg-1.0.tar.gz!/pkg-1.0/setup.py", "/abs/pkg-1.0.tar.gz!/pkg-1.0/setup.py"),
        ("pkg-1.0.tar.gz", "pkg-1.0.tar.gz!/pkg-1.0/setup.py", "pkg-1.0.tar.gz!/pkg-1.0/setup.py"),
        ("dl/setup.py", "setup.py", "dl/setup.py"),  # a lone file is its own artifact
        ("dist/x.whl", "", "dist/x.whl"),
        ("proj", "odd:name.py", "proj/odd:name.py"),
    ],
)
def test_artifact_uri_shapes(target: str, path: str, expected: str) -> None:
    finding = Finding("test.one", "One", Severity.HIGH, "m", Location(path, line=1))
    run = _run(Report("vet", [TargetResult(target, Verdict.SUSPICIOUS, 0.6, [finding])], "1"))
    uri = _uri_of(run, "test.one")
    assert unquote(uri) == expected
    assert strict_format_checker().conforms(uri, "uri-reference")
    assert ":" not in uri  # never mistaken for a scheme such as `c:` or `odd:`


def test_regions_carry_lines_columns_and_snippets(report: Report, sarif_validator: Validator) -> None:
    run = _run(report)
    by_path = {f.location.path: f for f in _findings(report)}
    for result in run["results"]:
        properties = result["properties"]
        finding = next(f for f in _findings(report) if f.fingerprint == result["partialFingerprints"]["chainwatch/v1"])
        assert properties["target"] and properties["verdict"] in {v.value for v in Verdict}
        physical = result["locations"][0]["physicalLocation"]
        if finding.location.line is None:
            assert "region" not in physical
            if finding.location.snippet:  # evidence without a line is kept, not dropped
                assert properties["snippet"] == finding.location.snippet
            continue
        region = physical["region"]
        assert region["startLine"] == finding.location.line
        if finding.location.column is not None:
            assert region["startColumn"] == finding.location.column + 1  # SARIF columns are 1-based
        if finding.location.snippet:
            assert region["snippet"]["text"] == finding.location.snippet
    assert NESTED_SAME_RULE.location.column == 0 and NESTED_SAME_RULE.location.path in by_path


def test_rule_metadata_tags_are_unique_and_carry_cwe(report: Report) -> None:
    rules = {r["id"]: r for r in _run(report)["tool"]["driver"]["rules"]}
    rule = rules[MALICIOUS_SETUP.rule]
    tags = rule["properties"]["tags"]
    assert len(tags) == len(set(tags))
    assert {f"external/cwe/{c.lower()}" for c in MALICIOUS_SETUP.cwe} <= set(tags)
    assert rule["shortDescription"]["text"] == MALICIOUS_SETUP.title
    assert rule["help"]["text"] == MALICIOUS_SETUP.remediation
    # GitHub code scanning ranks by a numeric security-severity string in 0..10.
    severities = {f.rule: f.severity for f in reversed(_findings(report))}
    ordered = sorted(rules.values(), key=lambda r: severities[r["id"]])
    scores = [float(r["properties"]["security-severity"]) for r in ordered]
    assert scores == sorted(scores) and all(0.0 <= s <= 10.0 for s in scores)


def test_non_ascii_text_is_preserved(report: Report) -> None:
    text = render_sarif(report)
    assert OBFUSCATED.message in text
    assert OBFUSCATED.location.snippet is not None and OBFUSCATED.location.snippet in text


def test_errors_only_report_validates(sarif_validator: Validator) -> None:
    broken = TargetResult("nope.zip", Verdict.ERROR, 0.0, errors=[AnalysisError("nope.zip", "corrupt zip", True)])
    log = json.loads(RENDERERS["sarif"](Report("vet", [broken], "1")))
    assert _schema_errors(sarif_validator, log) == []
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False
