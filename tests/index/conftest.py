"""Index-client tests are hermetic: loopback servers only, no pip configuration or cache of the machine's."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from index_fixtures import PypiServer, StaticIndex, start_pypiserver, stop, write_packages

_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("PIP_") or name.upper() in _PROXY_VARIABLES:
            monkeypatch.delenv(name)
    # pip's own rule: PIP_CONFIG_FILE=/dev/null means no configuration file is read at all.
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    monkeypatch.setenv("CHAINWATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_packages(tmp_path_factory.mktemp("packages"))


@pytest.fixture(scope="session")
def pypiserver(packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[PypiServer]:
    folder = next(iter(packages.values())).parent
    server = start_pypiserver(folder, tmp_path_factory.mktemp("pypiserver") / "server.log")
    try:
        yield server
    finally:
        stop(server.process)


@pytest.fixture
def static_index() -> Iterator[StaticIndex]:
    with StaticIndex() as index:
        yield index
