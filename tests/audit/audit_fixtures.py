"""Helpers for the audit tests (a unique module name: test directories are not packages).

The advisory database is a small synthetic OSV snapshot written into the test's cache directory, where it
replaces the bundled one; every name and id below is made up for these tests (ids in the 2099 range).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from chainwatch.cli import main

HIGH_VECTOR = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"  # 7.5
CRITICAL_VECTOR = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"  # 9.8


def osv(identifier: str, package: str, fixed: str | None, **extra: Any) -> dict[str, Any]:
    events: list[dict[str, str]] = [{"introduced": "0"}]
    if fixed is not None:
        events.append({"fixed": fixed})
    record: dict[str, Any] = {
        "id": identifier,
        "modified": "2099-01-02T00:00:00Z",
        "published": "2099-01-01T00:00:00Z",
        "summary": f"Synthetic flaw {identifier} in {package}",
        "details": f"{identifier}: a made-up vulnerability for the audit tests.",
        "affected": [
            {"package": {"ecosystem": "PyPI", "name": package}, "ranges": [{"type": "ECOSYSTEM", "events": events}]}
        ],
        "references": [{"type": "ADVISORY", "url": f"https://example.invalid/advisories/{identifier}"}],
    }
    record.update(extra)
    return record


ADVISORIES = [
    # requests < 2.31.0: high (CVSS 3.1, 7.5), with a CVE alias and a CWE
    osv(
        "PYSEC-2099-101",
        "requests",
        "2.31.0",
        aliases=["CVE-2099-101", "GHSA-2099-aaaa-0101"],
        severity=[{"type": "CVSS_V3", "score": HIGH_VECTOR}],
        database_specific={"cwe_ids": ["CWE-200"]},
    ),
    # jinja2 < 3.1.3: the database says "moderate" (medium), no CVSS
    osv("GHSA-2099-jjjj-0001", "jinja2", "3.1.3", database_specific={"severity": "MODERATE"}),
    # urllib3 < 1.26.18: no severity at all, like most PyPA advisories
    osv("PYSEC-2099-102", "urllib3", "1.26.18"),
    # flask < 2.2.5: critical
    osv("PYSEC-2099-103", "flask", "2.2.5", severity=[{"type": "CVSS_V3", "score": CRITICAL_VECTOR}]),
    # every release of cwfixture-evil is malware
    osv("MAL-2099-1", "cwfixture-evil", None, summary="Malicious code in cwfixture-evil (PyPI)"),
]


def write_advisory_db(cache: Path) -> Path:
    from chainwatch.vulns.snapshot import build_snapshot, write_snapshot
    from chainwatch.vulns.store import SNAPSHOT_NAME

    target = cache / SNAPSHOT_NAME
    write_snapshot(build_snapshot(ADVISORIES, "audit tests", "2099-01-03"), target)
    return target


def sha(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.out)
        return document

    def findings(self, rule: str | None = None) -> list[dict[str, Any]]:
        document = self.json()
        return [f for r in document["results"] for f in r["findings"] if rule is None or f["rule"] == rule]


def audit(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Run:
    """`chainwatch audit ARGS` in this process; JSON unless a format is given."""
    argv = ["audit", *map(str, args)]
    if "--format" not in argv:
        argv += ["--format", "json"]
    code = main(argv)
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


# -- a public index on loopback ---------------------------------------------------------------------
PAGE = (
    '<!DOCTYPE html><html><body><a href="../../files/{name}-1.0.tar.gz#sha256={digest}">{name}-1.0.tar.gz</a>'
    "</body></html>"
)


@dataclass
class LoopbackIndex:
    """A PEP 503 index on 127.0.0.1 that knows `projects`; every other project answers 404."""

    projects: set[str]
    asked: list[str] = field(default_factory=list)
    url: str = ""


class _Handler(BaseHTTPRequestHandler):
    index: ClassVar[LoopbackIndex]

    def do_GET(self) -> None:
        parts = [p for p in self.path.split("/") if p]
        name = parts[1] if len(parts) >= 2 and parts[0] == "simple" else ""
        self.index.asked.append(name)
        if name not in self.index.projects:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = PAGE.format(name=name, digest=sha(name)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def loopback_index(projects: Sequence[str]) -> Iterator[LoopbackIndex]:
    index = LoopbackIndex(set(projects))
    handler = type("Handler", (_Handler,), {"index": index})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    index.url = f"http://127.0.0.1:{server.server_address[1]}/simple/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield index
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- a realistic project ----------------------------------------------------------------------------
PROJECT_PYPROJECT = """\
[project]
name = "acme-shop"
version = "1.2.0"
requires-python = ">=3.11"
dependencies = [
    "requests>=2.28",
    "acme-billing>=1.4",
    "jinja2>=3.1.3",
]

[tool.chainwatch.audit]
internal = ["acme-*", "corp-utils"]
"""

PROJECT_REQUIREMENTS = """\
# Production requirements for acme-shop (hand-maintained)
--extra-index-url https://pkgs.acme.example/simple

reqeusts==2.31.0                      # a typo that installs someone else's package
requests==2.30.0 \\
    --hash=sha256:{h_requests}
acme-billing>=1.4                     # internal: served by pkgs.acme.example
flask>=2.0                            # unpinned
urllib3==1.26.0                       # pinned, no hashes
acme-tools @ git+https://github.com/acme/tools.git@v1.0
-e .
"""

PROJECT_UV_LOCK = """\
version = 1
requires-python = ">=3.11"

[[package]]
name = "acme-billing"
version = "99.0.0"
source = {{ registry = "https://pkgs.acme.example/simple" }}
sdist = {{ url = "https://pkgs.acme.example/files/acme_billing-99.0.0.tar.gz", hash = "sha256:{h_billing}" }}

[[package]]
name = "acme-shop"
version = "1.2.0"
source = {{ editable = "." }}
dependencies = [
    {{ name = "acme-billing" }},
    {{ name = "jinja2" }},
    {{ name = "requests" }},
]

[[package]]
name = "jinja2"
version = "3.1.4"
source = {{ registry = "https://pypi.org/simple" }}
sdist = {{ url = "https://files.pythonhosted.org/jinja2-3.1.4.tar.gz", hash = "sha256:{h_jinja}" }}

[[package]]
name = "requests"
version = "2.31.0"
source = {{ registry = "https://pypi.org/simple" }}
sdist = {{ url = "https://files.pythonhosted.org/requests-2.31.0.tar.gz", hash = "sha256:{h_requests}" }}
"""


def make_project(root: Path) -> Path:
    """pyproject.toml (with the internal-name policy), a hand-written requirements.txt with one of every problem,
    a uv.lock that picked up a 99.x internal release, and a virtual environment discovery must not walk into."""
    hashes = {"h_requests": sha("requests"), "h_billing": sha("billing"), "h_jinja": sha("jinja")}
    write(root / "pyproject.toml", PROJECT_PYPROJECT)
    write(root / "requirements.txt", PROJECT_REQUIREMENTS.format(**hashes))
    write(root / "uv.lock", PROJECT_UV_LOCK.format(**hashes))
    write(root / ".venv" / "pyvenv.cfg", "home = /usr/bin\n")
    write(root / ".venv" / "requirements.txt", "reqeusts\n")
    return root
