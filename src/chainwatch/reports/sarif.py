"""SARIF 2.1.0, so findings show up in code-scanning UIs. Validated against the official schema in tests."""

from __future__ import annotations

import json
from typing import Any

from ..model import Finding, Report, Severity, Verdict

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {
    Severity.INFO: "note",
    Severity.LOW: "note",
    Severity.MEDIUM: "warning",
    Severity.HIGH: "error",
    Severity.CRITICAL: "error",
}
# GitHub code scanning reads `security-severity` (0-10) to rank results.
_SECURITY_SEVERITY = {
    Severity.INFO: "0.0",
    Severity.LOW: "3.0",
    Severity.MEDIUM: "5.5",
    Severity.HIGH: "8.0",
    Severity.CRITICAL: "9.5",
}


def _rule(finding: Finding) -> dict[str, Any]:
    tags = ["security", *finding.tags, *(f"external/cwe/{c.lower()}" for c in finding.cwe)]
    rule: dict[str, Any] = {
        "id": finding.rule,
        "name": finding.rule.replace(".", "/"),
        "shortDescription": {"text": finding.title},
        "fullDescription": {"text": finding.why or finding.title},
        "defaultConfiguration": {"level": _LEVEL[finding.severity]},
        "properties": {"tags": tags, "security-severity": _SECURITY_SEVERITY[finding.severity]},
    }
    if finding.remediation:
        rule["help"] = {"text": finding.remediation}
    return rule


def _artifact_uri(target: str, path: str) -> str:
    # Archive members are addressed inside their artifact; SARIF URIs must not contain spaces or '!' raw.
    raw = path if path.startswith(target) else f"{target}!/{path}" if path else target
    return raw.replace("\\", "/").replace(" ", "%20")


def render_sarif(report: Report) -> str:
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    invocations_ok = all(r.verdict is not Verdict.ERROR for r in report.results)
    notifications: list[dict[str, Any]] = []
    for target in report.results:
        for error in target.errors:
            notifications.append(
                {
                    "level": "error" if error.fatal else "warning",
                    "message": {"text": f"{target.target}: {error.path}: {error.reason}"},
                }
            )
        for finding in target.findings:
            if finding.rule not in rules:
                rules[finding.rule] = _rule(finding)
            region: dict[str, Any] = {}
            if finding.location.line:
                region["startLine"] = finding.location.line
                if finding.location.column:
                    region["startColumn"] = finding.location.column + 1
            if finding.location.snippet:
                region["snippet"] = {"text": finding.location.snippet}
            physical: dict[str, Any] = {
                "artifactLocation": {"uri": _artifact_uri(target.target, finding.location.path)}
            }
            if region:
                physical["region"] = region
            results.append(
                {
                    "ruleId": finding.rule,
                    "ruleIndex": list(rules).index(finding.rule),
                    "level": _LEVEL[finding.severity],
                    "message": {"text": _message(finding)},
                    "locations": [{"physicalLocation": physical}],
                    "partialFingerprints": {"chainwatch/v1": finding.fingerprint},
                    "properties": {
                        "target": target.target,
                        "verdict": target.verdict.value,
                        "confidence": round(finding.confidence, 3),
                        "severity": finding.severity.label,
                    },
                }
            )
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "chainwatch",
                        "version": report.tool_version,
                        "informationUri": "https://github.com/chainwatch/chainwatch",
                        "rules": list(rules.values()),
                    }
                },
                "invocations": [
                    {"executionSuccessful": invocations_ok, "toolExecutionNotifications": notifications}
                ],
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def _message(finding: Finding) -> str:
    parts = [finding.message]
    if finding.why:
        parts.append(f"Why it matters: {finding.why}")
    if finding.remediation:
        parts.append(f"Fix: {finding.remediation}")
    return " ".join(parts)
