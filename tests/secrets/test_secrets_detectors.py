"""Every detector record: its synthetic positive is reported by it, its negative is not — on both backends."""

from __future__ import annotations

import re

import pytest

from chainwatch.analyzers.secrets import DETECTORS, Scanner
from chainwatch.analyzers.secrets.validate import VALIDATORS


def _encode(text: str, binary: bool) -> bytes:
    return text.encode("latin-1") if binary else text.encode("utf-8")


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.id)
def test_positive_example_is_reported(scanner: Scanner, detector) -> None:  # type: ignore[no-untyped-def]
    matches = scanner.scan_bytes(detector.example_path, _encode(detector.positive, bool(detector.path_pattern)))
    assert detector.id in {m.rule for m in matches}


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.id)
def test_negative_example_is_not_reported(scanner: Scanner, detector) -> None:  # type: ignore[no-untyped-def]
    matches = scanner.scan_bytes(detector.example_path, _encode(detector.negative, bool(detector.path_pattern)))
    assert detector.id not in {m.rule for m in matches}


def test_catalogue_size_and_ids() -> None:
    ids = [d.id for d in DETECTORS]
    assert len(ids) >= 150
    assert len(set(ids)) == len(ids), "rule ids must be unique"
    assert all(re.fullmatch(r"secret\.[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids)


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.id)
def test_record_is_complete(detector) -> None:  # type: ignore[no-untyped-def]
    assert detector.title and detector.provider and detector.why and detector.remediation
    assert detector.keywords or detector.path_pattern, "every detector needs a prefilter anchor"
    assert "(?P<secret>" in detector.pattern
    assert detector.validator == "" or detector.validator in VALIDATORS
    assert 0.0 < detector.confidence <= 1.0
    detector.compile()


# Nested unbounded repetition is the shape of catastrophic backtracking; patterns use bounded counts.
_NESTED = re.compile(r"\((?:[^()]|\\.)*[+*]\)[+*{]")


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.id)
def test_pattern_has_no_nested_unbounded_repetition(detector) -> None:  # type: ignore[no-untyped-def]
    assert not _NESTED.search(detector.pattern)
    stripped = re.sub(r"\\.", "", detector.pattern)
    stripped = re.sub(r"\[[^\]]*\]", "", stripped)
    assert "+" not in stripped and "*" not in stripped, "use bounded {m,n} repetition"


def test_examples_do_not_carry_live_looking_github_tokens_in_source() -> None:
    # Examples are assembled at import time; the source files hold no complete token literal.
    from pathlib import Path

    from chainwatch.analyzers.secrets import rules

    for source in Path(rules.__file__).parent.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"gh[pousr]_[A-Za-z0-9]{36}", text), source.name
        assert not re.search(r"AKIA[A-Z0-9]{16}", text), source.name
