"""Shared fixtures: scanners for both prefilter backends, so every behaviour is checked on each."""

from __future__ import annotations

import pytest

from chainwatch.analyzers.secrets import DETECTORS, Scanner
from chainwatch.analyzers.secrets.prefilter import hyperscan_available

BACKENDS = ["python", *(["hyperscan"] if hyperscan_available() else [])]


@pytest.fixture(scope="session", params=BACKENDS)
def scanner(request: pytest.FixtureRequest) -> Scanner:
    return Scanner(DETECTORS, backend=request.param)


@pytest.fixture(scope="session")
def python_scanner() -> Scanner:
    return Scanner(DETECTORS, backend="python")
