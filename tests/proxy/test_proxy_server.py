"""Where the proxy may listen, and the `chainwatch proxy` command's start-up errors."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from proxy_fixtures import HONEST_WHEEL, PypiServer, free_port

from chainwatch.cli import main
from chainwatch.index.pipconfig import load_settings
from chainwatch.proxy import ProxyConfig, ProxyServer, ProxyUsageError, check_bind


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_hosts_are_accepted(host: str) -> None:
    check_bind(host, listen_public=False)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10"])
def test_other_hosts_need_listen_public(host: str) -> None:
    with pytest.raises(ProxyUsageError, match="--listen-public"):
        check_bind(host, listen_public=False)
    check_bind(host, listen_public=True)


def test_unresolvable_host_is_a_usage_error() -> None:
    with pytest.raises(ProxyUsageError, match="cannot resolve"):
        check_bind("no-such-host.invalid", listen_public=False)


def test_proxy_command_refuses_a_public_bind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["proxy", "--host", "0.0.0.0", "--index-url", "http://127.0.0.1:9/simple/"]) == 2
    assert "--listen-public" in capsys.readouterr().err


def test_port_in_use_is_a_usage_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = ProxyConfig(settings=load_settings("http://127.0.0.1:9/simple/"), port=port, cache_root=tmp_path)
        with pytest.raises(ProxyUsageError, match="cannot listen"):
            ProxyServer(config, [].append)


def test_proxy_on_ipv6_loopback(upstream: PypiServer, tmp_path: Path) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    config = ProxyConfig(settings=load_settings(upstream.url), host="::1", cache_root=tmp_path)
    try:
        server = ProxyServer(config, [].append)
    except ProxyUsageError:
        pytest.skip("IPv6 loopback not available here")
    with server:
        assert server.index_url.startswith("http://[::1]:")
        assert HONEST_WHEEL in httpx.get(server.index_url + "cwfixture-honest/").text


def test_proxy_command_serves_until_terminated(upstream: PypiServer, tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "chainwatch.cli", "proxy", "--port", str(port), "--index-url", upstream.url]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        page = httpx.get(f"http://127.0.0.1:{port}/simple/cwfixture-honest/")
        assert HONEST_WHEEL in page.text
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert f"serving http://127.0.0.1:{port}/simple/" in err
