"""Index-client tests are hermetic: loopback servers only, no pip configuration or cache of the machine's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from index_fixtures import PypiServer, StaticIndex, isolate_from_machine, start_pypiserver, stop, write_packages


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_from_machine(monkeypatch, tmp_path)


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
