"""Other installers through `chainwatch proxy` run as a service: pip-tools resolves, hashes and syncs through it.

The proxy is the real command in its own process (as a team would run it), in front of the loopback
pypiserver; pip-compile and pip-sync are the real tools, given the proxy as their only index.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from proxy_fixtures import APP_WHEEL, EVIL_SDIST, HONEST_SDIST, HONEST_WHEEL, PypiServer, digest_of, free_port, stop


@dataclass
class ProxyService:
    index_url: str
    log: Path


@pytest.fixture
def proxy_service(upstream: PypiServer, tmp_path: Path) -> Iterator[ProxyService]:
    port = free_port()
    log = tmp_path / "proxy.log"
    command = [sys.executable, "-m", "chainwatch.cli", "proxy", "--port", str(port), "--index-url", upstream.url]
    with log.open("wb") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", trust_env=False).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        assert process.poll() is None, log.read_text()
        yield ProxyService(f"http://127.0.0.1:{port}/simple/", log)
    finally:
        stop(process)


def tool(name: str) -> str:
    """A console script of the test environment (requirements/test.in installs it: no skipping)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found is not None, f"{name} is missing from the test environment: run ./run setup"
    return found


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False, env=dict(os.environ)
    )


def pip_compile(proxy: ProxyService, folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`pip-compile requirements.in` in `folder`, the proxy its only index, a cache of its own."""
    command = [tool("pip-compile"), *options, "--index-url", proxy.index_url]
    command += ["--cache-dir", str(folder / "pip-tools-cache"), "--output-file", "requirements.txt", "requirements.in"]
    return run(command, folder)


def test_pip_compile_and_pip_sync_through_the_proxy_service(
    proxy_service: ProxyService, packages: dict[str, Path], tmp_path: Path
) -> None:
    (tmp_path / "requirements.in").write_text("cwproxy-app\n")
    compiled = pip_compile(proxy_service, tmp_path, "--generate-hashes")
    assert compiled.returncode == 0, compiled.stderr
    locked = (tmp_path / "requirements.txt").read_text()
    assert f"--index-url {proxy_service.index_url}" in locked  # pip-sync will use the proxy too
    pins = dict(re.findall(r"^([a-z0-9-]+)==(\S+)", locked, re.MULTILINE))
    assert pins == {"cwproxy-app": "2.0", "cwfixture-honest": "1.0"}
    hashes = set(re.findall(r"--hash=sha256:([0-9a-f]{64})", locked))
    # The hashes pip-tools locked are upstream's: the proxy passed them through unchanged.
    assert hashes == {digest_of(packages[name]) for name in (APP_WHEEL, HONEST_WHEEL, HONEST_SDIST)}

    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True, timeout=300)
    python = tmp_path / "venv" / "bin" / "python"
    synced = run([tool("pip-sync"), "--python-executable", str(python), "requirements.txt"], tmp_path)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    imported = run([str(python), "-c", "import cwproxy_app; print(cwproxy_app.main())"], tmp_path)
    assert imported.stdout.strip() == "hello app"
    log = proxy_service.log.read_text()
    assert f"vetted {APP_WHEEL}: clean" in log and f"vetted {HONEST_WHEEL}: clean" in log


def test_pip_compile_is_refused_a_malicious_release(proxy_service: ProxyService, tmp_path: Path, marker: Path) -> None:
    (tmp_path / "requirements.in").write_text("cwproxy-evil\n")
    compiled = pip_compile(proxy_service, tmp_path)
    assert compiled.returncode != 0
    assert "403 Client Error: Blocked by chainwatch: cwproxy-evil 0.1 is malicious" in compiled.stderr
    assert (
        not (tmp_path / "requirements.txt").exists()
        or "cwproxy-evil" not in (tmp_path / "requirements.txt").read_text()
    )
    assert not marker.exists()
    assert f"BLOCK {EVIL_SDIST}: malicious" in proxy_service.log.read_text()
