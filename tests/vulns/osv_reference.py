"""An independent reference for OSV matching, and a loopback emulation of osv.dev's query API.

`is_vulnerable` is the OSV spec's `IsVulnerable` pseudocode transcribed line by line, working on
raw OSV records (dicts) with `packaging.version` for ordering. It shares no code with
`chainwatch.vulns`, so agreeing with it means agreeing with the spec, not with ourselves.

`OsvApiServer` answers `POST /v1/query` (`{"package": {"name", "ecosystem"}, "version"}`) the way
api.osv.dev does, from a list of records: `{"vulns": [every record whose affected[] names the
package and IsVulnerable says yes]}`, or `{}` when there are none. Withdrawn records are returned
too: filtering them is the client's job (pip-audit does it).
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version


@functools.lru_cache(maxsize=1 << 16)
def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _sort_key(event: dict[str, str]) -> tuple[int, Version]:
    ((kind, value),) = event.items()
    if kind == "introduced" and value == "0":
        return (0, Version("0"))
    return (1, _version(value) or Version("0"))


@functools.lru_cache(maxsize=1 << 12)
def _listed(versions: tuple[str, ...]) -> frozenset[Version]:
    return frozenset(v for v in map(_version, versions) if v is not None)


def included_in_versions(v: Version, versions: Sequence[str]) -> bool:
    # `v == version` for every listed version; a set of parsed versions has the same PEP 440 equality.
    return v in _listed(tuple(versions))


def before_limits(v: Version, events: Sequence[dict[str, str]]) -> bool:
    limits = [e["limit"] for e in events if "limit" in e]
    if not limits:
        return True
    return any("*" in limit or (_version(limit) is not None and v < _version(limit)) for limit in limits)  # type: ignore[operator]


def included_in_ranges(v: Version, ranges: Sequence[dict[str, Any]]) -> bool:
    for rng in ranges:
        if rng.get("type") not in ("ECOSYSTEM", "SEMVER"):
            continue
        events = [e for e in rng["events"] if "limit" not in e]
        if before_limits(v, rng["events"]):
            vulnerable = False
            for evt in sorted(events, key=_sort_key):
                if "introduced" in evt and (evt["introduced"] == "0" or v >= Version(evt["introduced"])):
                    vulnerable = True
                elif "fixed" in evt and v >= Version(evt["fixed"]):  # noqa: SIM114 - kept as the spec writes it
                    vulnerable = False
                elif "last_affected" in evt and v > Version(evt["last_affected"]):
                    vulnerable = False
            if vulnerable:
                return True
    return False


def is_vulnerable(name: str, version: str, record: dict[str, Any]) -> bool:
    v = Version(version)
    for affected in record.get("affected", []):
        package = affected["package"]
        if package["ecosystem"] != "PyPI" or canonicalize_name(package["name"]) != canonicalize_name(name):
            continue
        if included_in_versions(v, affected.get("versions", [])) or included_in_ranges(v, affected.get("ranges", [])):
            return True
    return False


def literal_events_affected(version: Version, events: Sequence[tuple[str, str]]) -> bool:
    """`IncludedInRanges` for one ECOSYSTEM range given as (kind, version) pairs."""
    return included_in_ranges(version, [{"type": "ECOSYSTEM", "events": [{k: v} for k, v in events]}])


class _Handler(BaseHTTPRequestHandler):
    by_name: ClassVar[dict[str, list[dict[str, Any]]]] = {}
    queries: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        if self.path != "/v1/query":
            self.send_error(404)
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.queries.append(body)
        name, version = body["package"]["name"], body["version"]
        candidates = self.by_name.get(canonicalize_name(name), [])
        vulns = [r for r in candidates if is_vulnerable(name, version, r)]
        payload = json.dumps({"vulns": vulns} if vulns else {}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def osv_api_server(records: list[dict[str, Any]]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(query URL, list of received queries) of a loopback OSV API over `records`."""
    by_name: dict[str, list[dict[str, Any]]] = {}
    for record in sorted(records, key=lambda r: r["id"]):  # an index only: is_vulnerable still decides
        for name in {canonicalize_name(a["package"]["name"]) for a in record.get("affected", [])}:
            by_name.setdefault(name, []).append(record)
    handler = type("Handler", (_Handler,), {"by_name": by_name, "queries": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1/query", handler.queries
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def static_server(files: dict[str, bytes]) -> Iterator[str]:
    """A loopback HTTP server for fixed paths (`/all.zip` -> bytes); yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
