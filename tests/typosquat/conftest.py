from __future__ import annotations

import pytest

from chainwatch.analyzers.typosquat import PopularIndex, bundled_index


@pytest.fixture(scope="session")
def index() -> PopularIndex:
    """The bundled snapshot, never a refreshed one from the user's cache."""
    return bundled_index()


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # A snapshot the developer refreshed must not change what the tests see.
    monkeypatch.setenv("CHAINWATCH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
