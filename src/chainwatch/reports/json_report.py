"""Machine-readable report. Its shape is published in `schemas/report-v1.json`; bump on breaking change."""

from __future__ import annotations

import json

from ..model import Report

SCHEMA_VERSION = "1.0.0"
SCHEMA_ID = "https://chainwatch.dev/schemas/report-v1.json"


def report_dict(report: Report) -> dict[str, object]:
    counts: dict[str, int] = {}
    for result in report.results:
        counts[result.verdict.value] = counts.get(result.verdict.value, 0) + 1
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "chainwatch", "version": report.tool_version},
        "command": report.command,
        "seconds": round(report.seconds, 4),
        "summary": {"targets": len(report.results), "verdicts": counts, "worst": report.worst().value},
        "results": [r.to_dict() for r in report.results],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
