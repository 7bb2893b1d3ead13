"""Fixtures for the reporter tests: the sample report and validators for both published schemas."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from report_samples import SARIF_SCHEMA, load_report_schema, sample_report, strict_format_checker

from chainwatch.model import Report


@pytest.fixture(scope="session")
def report_validator() -> Validator:
    schema = load_report_schema()
    Draft202012Validator.check_schema(schema)
    validator: Validator = Draft202012Validator(schema, format_checker=strict_format_checker())
    return validator


@pytest.fixture(scope="session")
def sarif_validator() -> Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = validator_for(schema)  # the official file declares its own draft
    cls.check_schema(schema)
    validator: Validator = cls(schema, format_checker=strict_format_checker())
    return validator


@pytest.fixture
def report() -> Report:
    return sample_report()
