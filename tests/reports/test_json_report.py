"""The JSON report keeps its published shape: it validates against `schemas/report-v1.json`."""

from __future__ import annotations

import copy
import json
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema.protocols import Validator
from report_samples import load_report_schema, sample_report

from chainwatch.model import Report, Severity, TargetResult, Verdict
from chainwatch.reports import RENDERERS
from chainwatch.reports.json_report import SCHEMA_ID, SCHEMA_VERSION, dumps_indented, render_json


def _render(report: Report) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_json(report))
    return document


def test_schema_is_shipped_with_the_package_and_named_by_the_report() -> None:
    schema = load_report_schema()
    assert schema["$id"] == SCHEMA_ID
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert _render(sample_report())["$schema"] == SCHEMA_ID


def test_sample_report_validates(report: Report, report_validator: Validator) -> None:
    document = _render(report)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in report_validator.iter_errors(document)]
    assert errors == []
    assert document["schema_version"] == SCHEMA_VERSION


@pytest.mark.parametrize("verdict", list(Verdict))
def test_every_verdict_validates(verdict: Verdict, report_validator: Validator) -> None:
    report = Report("vet", [TargetResult("t", verdict, 0.5)], "0.0.1")
    report_validator.validate(_render(report))


def test_empty_report_validates(report_validator: Validator) -> None:
    document = _render(Report("vet", [], "0.0.1"))
    report_validator.validate(document)
    assert document["results"] == []
    assert document["summary"]["targets"] == 0


def test_results_keep_the_public_shape(report: Report) -> None:
    document = _render(report)
    assert [r["target"] for r in document["results"]] == [t.target for t in report.results]
    for rendered, result in zip(document["results"], report.results, strict=True):
        assert rendered["verdict"] == result.verdict.value
        assert rendered["score"] == pytest.approx(result.score, abs=1e-4)
        assert len(rendered["findings"]) == len(result.findings)
        for out, finding in zip(rendered["findings"], result.findings, strict=True):
            assert out["rule"] == finding.rule
            assert Severity.parse(out["severity"]) is finding.severity
            assert out["message"] == finding.message
            assert out["path"] == finding.location.path
            assert out["line"] == finding.location.line
            assert out["snippet"] == finding.location.snippet
            assert out["fingerprint"] == finding.fingerprint
        assert [(e["path"], e["reason"], e["fatal"]) for e in rendered["errors"]] == [
            (e.path, e.reason, e.fatal) for e in result.errors
        ]
        assert rendered["stats"]["files"] == result.files_analysed
        assert rendered["stats"]["bytes"] == result.bytes_analysed
        assert rendered["package"] == result.package


def test_summary_counts_match_results(report: Report) -> None:
    document = _render(report)
    summary = document["summary"]
    assert summary["targets"] == len(report.results)
    assert summary["verdicts"] == dict(Counter(r.verdict.value for r in report.results))
    assert summary["worst"] == report.worst().value == Verdict.ERROR.value
    assert document["tool"]["version"] == report.tool_version
    assert document["command"] == report.command


def test_archive_chains_and_non_ascii_survive_verbatim(report: Report) -> None:
    text = render_json(report)
    # Written as real UTF-8 characters, not \u escapes, and paths are not rewritten.
    assert "выполняет" in text and "modül ñ.py" in text and "秘密" in text
    paths = [f["path"] for r in json.loads(text)["results"] for f in r["findings"]]
    assert "evil-1.0.tar.gz!/evil-1.0/vendor/inner.whl!/inner/__init__.py" in paths


def test_renderer_registry_uses_json_renderer(report: Report) -> None:
    assert RENDERERS["json"](report) == render_json(report)


def _mutations() -> list[tuple[str, Any]]:
    # Each edit breaks the contract in one place; the schema must notice every one.
    def top_extra(d: dict[str, Any]) -> None:
        d["surprise"] = 1

    def bad_verdict(d: dict[str, Any]) -> None:
        d["results"][0]["verdict"] = "benign"

    def bad_worst(d: dict[str, Any]) -> None:
        d["summary"]["worst"] = "bad"

    def bad_severity(d: dict[str, Any]) -> None:
        d["results"][0]["findings"][0]["severity"] = "severe"

    def missing_line(d: dict[str, Any]) -> None:
        del d["results"][0]["findings"][0]["line"]

    def line_as_text(d: dict[str, Any]) -> None:
        d["results"][0]["findings"][0]["line"] = "12"

    def finding_extra(d: dict[str, Any]) -> None:
        d["results"][0]["findings"][0]["extra"] = True

    def score_too_big(d: dict[str, Any]) -> None:
        d["results"][0]["score"] = 1.5

    def error_without_fatal(d: dict[str, Any]) -> None:
        del d["results"][3]["errors"][0]["fatal"]

    def stats_negative(d: dict[str, Any]) -> None:
        d["results"][0]["stats"]["files"] = -1

    def wrong_schema_id(d: dict[str, Any]) -> None:
        d["$schema"] = "https://example.com/other.json"

    def unknown_verdict_count(d: dict[str, Any]) -> None:
        d["summary"]["verdicts"]["benign"] = 1

    def short_fingerprint(d: dict[str, Any]) -> None:
        d["results"][0]["findings"][0]["fingerprint"] = "abc"

    def package_not_text(d: dict[str, Any]) -> None:
        d["results"][0]["package"]["version"] = 1

    return [(f.__name__, f) for f in locals().values() if callable(f)]


@pytest.mark.parametrize(("name", "mutate"), _mutations())
def test_schema_rejects_broken_documents(name: str, mutate: Any, report: Report, report_validator: Validator) -> None:
    document = copy.deepcopy(_render(report))
    mutate(document)
    assert not report_validator.is_valid(document), name


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8), children, max_size=4)
        | st.tuples(children, children)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES)
def test_fast_writer_is_byte_identical_to_json_dumps(value: object) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_fast_writer_defers_unusual_values_to_json() -> None:
    import enum

    class Level(enum.IntEnum):
        HIGH = 3

    for value in ({1: "int key"}, [float("nan"), float("inf")], {"level": Level.HIGH, "tuple": (1, "é\u2028")}):
        assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)
