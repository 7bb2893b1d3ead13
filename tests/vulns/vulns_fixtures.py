"""OSV records and databases for the vulnerability tests (imported by name: several test folders have a conftest)."""

from __future__ import annotations

from typing import Any

from chainwatch.vulns import VulnDB
from chainwatch.vulns.snapshot import build_snapshot


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
