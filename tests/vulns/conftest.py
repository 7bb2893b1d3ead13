from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chainwatch.vulns import VulnDB
from chainwatch.vulns.snapshot import build_snapshot


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # A database the developer updated must not change what the tests see; nothing leaves loopback.
    monkeypatch.setenv("CHAINWATCH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("CHAINWATCH_OSV_URL", raising=False)
    for proxy in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    yield


def osv(
    identifier: str,
    package: str,
    events: list[dict[str, str]] | None = None,
    *,
    versions: list[str] | None = None,
    aliases: list[str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A minimal OSV record for one PyPI package with one ECOSYSTEM range."""
    affected: dict[str, Any] = {"package": {"ecosystem": "PyPI", "name": package}}
    if events is not None:
        affected["ranges"] = [{"type": "ECOSYSTEM", "events": events}]
    if versions is not None:
        affected["versions"] = versions
    record: dict[str, Any] = {
        "id": identifier,
        "modified": "2024-01-01T00:00:00Z",
        "details": f"{identifier} details.",
        "aliases": aliases or [],
        "affected": [affected],
    }
    record.update(extra)
    return record


def database(*records: dict[str, Any]) -> VulnDB:
    return VulnDB(build_snapshot(records, "tests", "2024-01-01"))
