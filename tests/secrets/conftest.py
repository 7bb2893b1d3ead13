"""Shared fixtures: scanners for both prefilter backends, so every behaviour is checked on each."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from chainwatch.analyzers.secrets import DETECTORS, Scanner
from chainwatch.analyzers.secrets.prefilter import hyperscan_available

BACKENDS = ["python", *(["hyperscan"] if hyperscan_available() else [])]


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # The Hyperscan shape database is cached per user; tests build their own, away from the developer's.
    saved = {name: os.environ.get(name) for name in ("CHAINWATCH_CACHE_DIR", "XDG_CACHE_HOME")}
    os.environ.pop("CHAINWATCH_CACHE_DIR", None)
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("secrets-cache"))
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session", params=BACKENDS)
def scanner(request: pytest.FixtureRequest) -> Scanner:
    return Scanner(DETECTORS, backend=request.param)


@pytest.fixture(scope="session")
def python_scanner() -> Scanner:
    return Scanner(DETECTORS, backend="python")
