"""`[tool.chainwatch.audit] internal`: a list of name patterns, refused when it is anything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_fixtures import write

from chainwatch.audit import InternalNames
from chainwatch.config import Config, ConfigError, load_config


def test_internal_patterns_are_read(work: Path) -> None:
    write(work / "pyproject.toml", '[tool.chainwatch.audit]\ninternal = ["acme-*", " corp_utils "]\n')
    assert load_config().audit_internal == ("acme-*", "corp_utils")
    write(work / "chainwatch.toml", '[audit]\ninternal = ["x-*"]\n')
    assert load_config().audit_internal == ("x-*",)


def test_default_is_no_internal_names(work: Path) -> None:
    assert load_config().audit_internal == () == Config().audit_internal


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('audit = "acme-*"', r"\[audit\] must be a table"),
        ('[audit]\ninternal = "acme-*"', "list of package-name patterns"),
        ("[audit]\ninternal = [1]", "list of package-name patterns"),
        ('[audit]\ninternal = [""]', "list of package-name patterns"),
        ('[audit]\ninternals = ["a"]', r"unknown keys in \[audit\]"),
    ],
)
def test_bad_values_are_refused(work: Path, table: str, message: str) -> None:
    write(work / "chainwatch.toml", table + "\n")
    with pytest.raises(ConfigError, match=message):
        load_config()


@pytest.mark.parametrize(
    ("pattern", "name", "matches"),
    [
        ("acme-*", "acme-billing", True),
        ("acme_*", "acme-billing", True),
        ("ACME.*", "acme-billing", True),
        ("corp-utils", "corp-utils", True),
        ("corp-utils", "corp-utils2", False),
        ("acme-*", "acme", False),
        ("acme-*", "notacme-billing", False),
        ("acme-?", "acme-x", True),
    ],
)
def test_patterns_compare_normalised_names(pattern: str, name: str, matches: bool) -> None:
    assert InternalNames((pattern,)).matches(name) is matches
