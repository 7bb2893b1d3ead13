"""SARIF 2.1.0, so findings show up in code-scanning UIs. Validated against the official schema in tests."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

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
    # SARIF property-bag tags must be unique.
    tags = list(dict.fromkeys(["security", *finding.tags, *(f"external/cwe/{c.lower()}" for c in finding.cwe)]))
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


# Characters RFC 3986 allows unescaped in a path; everything else (spaces, '%', '#', '?', non-ASCII) is
# escaped, and so is ':' so that a name like `a:b.py` is never read as a URI scheme.
_URI_SAFE = "/!$&'()*+,;=@-._~"


def _artifact_uri(target: str, path: str) -> str:
    """Where `path` (relative to `target`; archive chains start with the archive's own name) really is."""
    target, path = target.replace("\\", "/"), path.replace("\\", "/")
    folder, _, name = target.rstrip("/").rpartition("/")
    if not path or path in (target, name):  # the target itself, e.g. a lone setup.py
        raw = target
    elif path.startswith((target + "/", target + "!/")):
        raw = path
    elif path.startswith(name + "!/"):  # a member of an archive target: `pkg.tar.gz!/pkg/setup.py`
        raw = f"{folder}/{path}" if folder or target.startswith("/") else path
    elif folder and path.startswith(folder + "/") and not path.startswith(target.rstrip("/") + "/"):
        raw = path  # already relative to where the target lives, e.g. `-r base.txt` next to `req/dev.txt`
    elif target.rstrip("/") in ("", "."):  # a file of the current directory: keep the URI repo-relative
        raw = path
    else:  # a file of a directory target
        raw = f"{target.rstrip('/')}/{path}"
    return quote(raw, safe=_URI_SAFE)


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
            physical: dict[str, Any] = {
                "artifactLocation": {"uri": _artifact_uri(target.target, finding.location.path)}
            }
            properties: dict[str, Any] = {
                "target": target.target,
                "verdict": target.verdict.value,
                "confidence": round(finding.confidence, 3),
                "severity": finding.severity.label,
            }
            # A SARIF region needs a start line; without one the snippet travels as a property.
            if finding.location.line:
                region: dict[str, Any] = {"startLine": finding.location.line}
                if finding.location.column is not None:  # 0-based here, 1-based in SARIF
                    region["startColumn"] = finding.location.column + 1
                if finding.location.snippet:
                    region["snippet"] = {"text": finding.location.snippet}
                physical["region"] = region
            elif finding.location.snippet:
                properties["snippet"] = finding.location.snippet
            results.append(
                {
                    "ruleId": finding.rule,
                    "ruleIndex": list(rules).index(finding.rule),
                    "level": _LEVEL[finding.severity],
                    "message": {"text": _message(finding)},
                    "locations": [{"physicalLocation": physical}],
                    "partialFingerprints": {"chainwatch/v1": finding.fingerprint},
                    "properties": properties,
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
                "invocations": [{"executionSuccessful": invocations_ok, "toolExecutionNotifications": notifications}],
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
