"""A hand-built `Report` that exercises every corner the reporters must handle, and schema helpers.

A uniquely named module (not conftest) so test files can import it without clashing with other folders.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import FormatChecker

from chainwatch.model import AnalysisError, Finding, Location, Report, Severity, TargetResult, Verdict

SARIF_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"

# jsonschema only checks "uri"/"uri-reference" when optional packages are installed; these small
# RFC 3986 character checks make sure SARIF URIs are really escaped (no spaces, raw '%', non-ASCII).
_URI_CHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})"  # unreserved, sub-delims, escapes
_URI_REFERENCE = re.compile(rf"(?:{_URI_CHAR}|[\[\]])*(?:#{_URI_CHAR}*)?")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def strict_format_checker() -> FormatChecker:
    checker = FormatChecker()

    @checker.checks("uri-reference")
    def _uri_reference(value: object) -> bool:
        return not isinstance(value, str) or _URI_REFERENCE.fullmatch(value) is not None

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        return not isinstance(value, str) or (_SCHEME.match(value) is not None and _uri_reference(value))

    return checker


def load_report_schema() -> dict[str, Any]:
    # Read through the installed package: the schema ships as package data, not just in the tree.
    text = resources.files("chainwatch.reports").joinpath("schemas/report-v1.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


ARCHIVE_TARGET = "dist/evil-1.0.tar.gz"
DIR_TARGET = "pkgs/odd dir"
CLEAN_TARGET = "clean_pkg-2.0-py3-none-any.whl"
MISSING_TARGET = "missing-0.1.tar.gz"

MALICIOUS_SETUP = Finding(
    rule="test.download-exec",
    title="Downloads code and runs it at install time",
    severity=Severity.CRITICAL,
    message="setup.py fetches a URL and passes the body to exec()",
    location=Location("evil-1.0.tar.gz!/evil-1.0/setup.py", line=12, column=4, snippet="exec(urlopen(URL).read())"),
    confidence=0.95,
    why="Install hooks run with the installing user's rights before anyone reviews the code.",
    remediation="Do not install; report the package to the index.",
    cwe=("CWE-94", "CWE-494"),
    attack=("T1059.006",),
    tags=("install-time", "security"),
)
# Same rule again, deeper in a nested wheel: one SARIF rule, two results.
NESTED_SAME_RULE = Finding(
    rule="test.download-exec",
    title="Downloads code and runs it at install time",
    severity=Severity.HIGH,
    message="inner wheel downloads and runs code on import",
    location=Location("evil-1.0.tar.gz!/evil-1.0/vendor/inner.whl!/inner/__init__.py", line=3, column=0),
    confidence=0.7,
)
# Non-ASCII everywhere, a snippet but no line.
OBFUSCATED = Finding(
    rule="test.obfuscation",
    title="Obfuscated payload",
    severity=Severity.MEDIUM,
    message="décode puis exécute — выполняет скрытый код",
    location=Location("evil-1.0.tar.gz!/evil-1.0/modül ñ.py", snippet="b64decode('ZXhlYw==')  # 秘密"),
    why="Obfuscation hides intent from reviewers: ünïcödé why.",
)
HIDDEN_BINARY = Finding(
    rule="test.hidden-binary",
    title="Executable hidden in package data",
    severity=Severity.HIGH,
    message="a Windows executable named like a data file",
    location=Location("bin/tool #1 100%.dat"),
    confidence=0.65,
    why="Binaries cannot be reviewed like source.",
)
LOW_NOTE = Finding(
    rule="test.subprocess",
    title="Starts a process",
    severity=Severity.LOW,
    message="subprocess.run([...])",
    location=Location("tools/run.py", line=7),
)
INFO_NOTE = Finding(
    rule="test.note",
    title="Informational",
    severity=Severity.INFO,
    message="has a console script",
    location=Location("setup.cfg", line=1, snippet="[options.entry_points]"),
)


def sample_report() -> Report:
    malicious = TargetResult(
        target=ARCHIVE_TARGET,
        verdict=Verdict.MALICIOUS,
        score=0.97,
        findings=[MALICIOUS_SETUP, NESTED_SAME_RULE, OBFUSCATED],
        errors=[AnalysisError("evil-1.0.tar.gz!/evil-1.0/link", "link: symbolic link; not followed")],
        files_analysed=14,
        bytes_analysed=40_961,
        seconds=0.123456,
        package={"name": "evil", "version": "1.0"},
        summary="Downloads code and runs it at install time",
    )
    suspicious = TargetResult(
        target=DIR_TARGET,
        verdict=Verdict.SUSPICIOUS,
        score=0.6,
        findings=[HIDDEN_BINARY, LOW_NOTE, INFO_NOTE],
        files_analysed=3,
        bytes_analysed=2048,
        seconds=0.01,
        summary="Executable hidden in package data",
    )
    clean = TargetResult(
        target=CLEAN_TARGET, verdict=Verdict.CLEAN, score=0.0, files_analysed=5, bytes_analysed=900, seconds=0.002
    )
    missing = TargetResult(
        target=MISSING_TARGET,
        verdict=Verdict.ERROR,
        score=0.0,
        errors=[AnalysisError(MISSING_TARGET, "no such file or directory", fatal=True)],
        summary="target not found",
    )
    return Report(command="vet", results=[malicious, suspicious, clean, missing], tool_version="9.8.7", seconds=1.5)
