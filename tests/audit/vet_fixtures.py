"""Helpers for the `audit --vet` tests. The loopback pypiserver serving the index tests' fixture packages (an
honest project with an sdist and a wheel, a defanged malicious sdist that is never run) and a suspicious sdist
of its own is the `index` fixture of this folder's conftest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from audit_fixtures import Run, audit
from index_fixtures import PypiServer, sdist_bytes

from chainwatch.index.cache import sha256_of

HONEST_SDIST = "cwfixture_honest-1.0.tar.gz"
HONEST_WHEEL = "cwfixture_honest-1.0-py3-none-any.whl"
EVIL_SDIST = "cwfixture_evil-0.1.tar.gz"
SUSPICIOUS_SDIST = "cwfixture_fetcher-1.0.tar.gz"

# Network access at install time, nothing collected or sent: high severity, a suspicious verdict, not malicious.
FETCHER_SETUP = """\
import urllib.request
from setuptools import setup

urllib.request.urlopen("https://example.invalid/version.txt")
setup(name="cwfixture-fetcher", version="1.0")
"""


def write_suspicious_sdist(folder: Path) -> Path:
    path = folder / SUSPICIOUS_SDIST
    path.write_bytes(sdist_bytes("cwfixture-fetcher", "1.0", {"setup.py": FETCHER_SETUP}))
    return path


def hash_of(packages: dict[str, Path], filename: str) -> str:
    return f"sha256:{sha256_of(packages[filename])}"


def vet_audit(capsys: pytest.CaptureFixture[str], index: PypiServer, *args: str) -> Run:
    # The synthetic advisory database lists cwfixture-evil as malicious: off, so verdicts come from vetting alone.
    return audit(capsys, *args, "--vet", "--index-url", index.url, "-j", "1", "--disable", "vuln.known-vulnerability")


def stored_verdicts(cache: Path) -> list[Path]:
    return sorted((cache / "proxy" / "verdicts").glob("*/*.json"))


def vet_findings(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in result["findings"] if f["rule"].startswith(("audit.malicious-", "audit.suspicious-"))]
