"""Proxy tests are hermetic: a real pypiserver on loopback as upstream, no pip configuration or cache of the machine's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from proxy_fixtures import (
    ProxyFactory,
    PypiServer,
    StaticIndex,
    isolate_from_machine,
    start_pypiserver,
    stop,
    write_packages,
)

from chainwatch.index.pipconfig import load_settings
from chainwatch.proxy import ProxyConfig, ProxyServer


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_from_machine(monkeypatch, tmp_path)


@pytest.fixture(scope="session")
def marker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Created by the malicious fixture's setup.py if it ever ran; it must never exist."""
    return tmp_path_factory.mktemp("marker") / "evil-setup-ran"


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory, marker: Path) -> dict[str, Path]:
    return write_packages(tmp_path_factory.mktemp("proxy-packages"), marker)


@pytest.fixture(scope="session")
def upstream(packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[PypiServer]:
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


@pytest.fixture
def make_proxy(tmp_path: Path) -> Iterator[ProxyFactory]:
    """Start a proxy in front of `index_url` (options as ProxyConfig fields); every one started is stopped."""
    started: list[ProxyServer] = []

    def make(index_url: str, log: list[str] | None = None, **options: object) -> ProxyServer:
        options.setdefault("cache_root", tmp_path / "cache")
        config = ProxyConfig(settings=load_settings(index_url), **options)  # type: ignore[arg-type]
        server = ProxyServer(config, (log if log is not None else []).append).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()
