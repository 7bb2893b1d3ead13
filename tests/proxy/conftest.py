"""Proxy tests are hermetic: a real pypiserver on loopback as upstream, no pip configuration or cache of the machine's."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from proxy_fixtures import ProxyFactory, PypiServer, StaticIndex, start_pypiserver, stop, write_packages

from chainwatch.index.pipconfig import load_settings
from chainwatch.proxy import ProxyConfig, ProxyServer

_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("PIP_") or name.upper() in _PROXY_VARIABLES:
            monkeypatch.delenv(name)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    monkeypatch.setenv("CHAINWATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


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
