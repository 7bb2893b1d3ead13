"""Audit tests are hermetic: a synthetic advisory database, no pip configuration of the machine's, a working
directory of their own, and no connection anywhere but loopback (a test that tried would fail loudly)."""

from __future__ import annotations

import ipaddress
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from audit_fixtures import write_advisory_db

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "index"))

from index_fixtures import PypiServer, isolate_from_machine, start_pypiserver, stop, write_packages
from vet_fixtures import SUSPICIOUS_SDIST, write_suspicious_sdist


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    cache = isolate_from_machine(monkeypatch, tmp_path)
    monkeypatch.delenv("CHAINWATCH_OSV_URL", raising=False)
    write_advisory_db(cache)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # config is read from the working directory: keep the repository's out
    yield work


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else ""
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if self.family in (socket.AF_INET, socket.AF_INET6) and not loopback:
            raise AssertionError(f"an audit test tried to reach {address!r}: tests stay on loopback")
        real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture
def work(_hermetic: Path) -> Path:
    """The working directory of the test (its projects go here)."""
    return _hermetic


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every socket connection and name lookup fails, and is recorded: `--offline` must make none."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args[1:] if args and isinstance(args[0], socket.socket) else args)
        raise OSError("network disabled by the test")

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The index tests' fixture packages and a suspicious sdist, by file name (`vet_fixtures` names them)."""
    folder = tmp_path_factory.mktemp("packages")
    packages = write_packages(folder)
    packages[SUSPICIOUS_SDIST] = write_suspicious_sdist(folder)
    return packages


@pytest.fixture(scope="session")
def index(packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[PypiServer]:
    """A real pypiserver on loopback serving `packages`, shared by every `--vet` test."""
    server = start_pypiserver(next(iter(packages.values())).parent, tmp_path_factory.mktemp("pypi") / "log")
    try:
        yield server
    finally:
        stop(server.process)
