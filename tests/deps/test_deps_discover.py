"""Discovery in a project tree, format choice for files given by name, and the promise that nothing in the project
is imported or executed while its dependencies are read."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from deps_fixtures import Writer

from chainwatch.deps import (
    DependencyParseError,
    SourceKind,
    UnsupportedFileError,
    discover,
    parse_path,
    source_for_file,
)


def test_discovery_finds_every_format_and_skips_noise(tmp_path: Path, write: Writer) -> None:
    write("pyproject.toml", '[project]\nname = "app"\nversion = "1"\ndependencies = ["rich"]\n')
    write("requirements.txt", "requests\n")
    write("requirements-dev.txt", "-r requirements.txt\npytest\n")
    write("dev-requirements.in", "black\n")
    write("requirements/base.txt", "attrs\n")
    write("requirements/test.in", "hypothesis\n")
    write("constraints.txt", "urllib3<3\n")
    write("uv.lock", 'version = 1\nrequires-python = ">=3.11"\n')
    write("pylock.toml", "lock-version = '1.0'\ncreated-by = 'x'\n")
    write("pylock.prod.toml", "lock-version = '1.0'\ncreated-by = 'x'\n")
    write("services/api/poetry.lock", '[metadata]\ncontent-hash = "x"\n')
    write("services/api/pyproject.toml", "[tool.poetry]\nname = 'api'\n")
    write("services/web/Pipfile.lock", '{"_meta": {}, "default": {}, "develop": {}}')
    write("services/web/pdm.lock", '[metadata]\nlock_version = "4.5.0"\n')
    # Noise: not dependency files, or inside directories that are never inputs.
    write("MANIFEST.in", "include README.md\n")
    write("docs/notes.txt", "requests\n")
    write(".venv/pyproject.toml", "[project]\nname='x'\n")
    write("env/pyvenv.cfg", "home = /usr/bin\n")
    write("env/lib/requirements.txt", "junk\n")
    write("node_modules/pkg/requirements.txt", "junk\n")
    write(".git/requirements.txt", "junk\n")
    write("build/lib/requirements.txt", "junk\n")
    (tmp_path / "linked").symlink_to(tmp_path / "services")
    (tmp_path / "requirements-link.txt").symlink_to(tmp_path / "requirements.txt")

    sources = discover([tmp_path])
    found = [(s.label, s.kind) for s in sources]  # labels are relative to the working directory
    assert found == [
        ("constraints.txt", SourceKind.REQUIREMENTS),
        ("dev-requirements.in", SourceKind.REQUIREMENTS),
        ("pylock.prod.toml", SourceKind.PYLOCK),
        ("pylock.toml", SourceKind.PYLOCK),
        ("pyproject.toml", SourceKind.PYPROJECT),
        ("requirements-dev.txt", SourceKind.REQUIREMENTS),
        ("requirements.txt", SourceKind.REQUIREMENTS),
        ("uv.lock", SourceKind.UV_LOCK),
        ("requirements/base.txt", SourceKind.REQUIREMENTS),
        ("requirements/test.in", SourceKind.REQUIREMENTS),
        ("services/api/poetry.lock", SourceKind.POETRY_LOCK),
        ("services/api/pyproject.toml", SourceKind.PYPROJECT),
        ("services/web/Pipfile.lock", SourceKind.PIPFILE_LOCK),
        ("services/web/pdm.lock", SourceKind.PDM_LOCK),
    ]
    assert all(repr(s).startswith("<FileSource ") for s in sources)
    collected = [s.collect() for s in sources]
    assert [d.name for d in collected[6].dependencies] == ["requests"]


def test_relative_directory_and_labels(write: Writer) -> None:
    write("proj/requirements.txt", "requests\n")
    sources = discover(["proj"])
    assert [s.label for s in sources] == ["proj/requirements.txt"]
    assert sources[0].collect().dependencies[0].source.path == "proj/requirements.txt"


def test_files_given_by_name_and_duplicates(write: Writer) -> None:
    req = write("requirements.txt", "requests\n")
    lock = write("poetry.lock", '[metadata]\ncontent-hash = "x"\n')
    sources = discover([req, lock, "requirements.txt", "."])
    assert [s.kind for s in sources] == [SourceKind.REQUIREMENTS, SourceKind.POETRY_LOCK]


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("deps.pip", "requests==2.32.3 --hash=sha256:" + "a" * 64 + "\n-e .\n# c\n", SourceKind.REQUIREMENTS),
        ("prod.lst", "./vendor/x-1.0-py3-none-any.whl\nhttps://e.example/y-2.0.tar.gz\n", SourceKind.REQUIREMENTS),
        ("locked.toml", 'version = 1\n[[package]]\nname = "x"\nversion = "1"\n', SourceKind.UV_LOCK),
        ("lock.toml", "lock-version = '1.0'\npackages = []\n", SourceKind.PYLOCK),
        ("p.lock", '[metadata]\ncontent-hash = "abc"\n', SourceKind.POETRY_LOCK),
        ("d.lock", '[metadata]\nlock_version = "4.5"\n', SourceKind.PDM_LOCK),
        ("proj.toml", '[project]\nname = "x"\n', SourceKind.PYPROJECT),
        ("pipenv.json", json.dumps({"_meta": {}, "default": {}}), SourceKind.PIPFILE_LOCK),
    ],
)
def test_content_sniffing_for_unusual_names(write: Writer, name: str, content: str, kind: SourceKind) -> None:
    assert source_for_file(write(name, content)).kind is kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("README.md", "# My project\n\nInstall it with pip.\n"),
        ("setup.cfg", "[metadata]\nname = x\n"),
        ("config.toml", "[server]\nport = 8080\n"),
        ("data.json", '{"a": 1}'),
        ("empty.cfg", ""),
        ("script.py", "import os\nos.system('echo hi')\n"),
    ],
)
def test_unknown_files_are_a_clear_error(write: Writer, name: str, content: str) -> None:
    path = write(name, content)
    with pytest.raises(UnsupportedFileError, match="not a dependency file") as caught:
        discover([path])
    assert caught.value.path == name


def test_missing_path_is_an_error() -> None:
    with pytest.raises(DependencyParseError, match="no-such-dir: no such file or directory"):
        discover(["no-such-dir"])


def test_reading_a_project_never_runs_or_imports_it(tmp_path: Path, write: Writer) -> None:
    """setup.py, an in-tree build backend, sitecustomize and conftest all write a marker when run: none may run."""
    marker = tmp_path / "EXECUTED"
    payload = f"import pathlib\npathlib.Path({str(marker)!r}).write_text(__name__)\n"
    write("setup.py", payload + "from setuptools import setup\nsetup(name='evilpkg', install_requires=['x'])\n")
    write("evil_backend.py", payload)
    write("sitecustomize.py", payload)
    write("conftest.py", payload)
    write("evilpkg/__init__.py", payload)
    write(
        "pyproject.toml",
        """\
[build-system]
requires = []
build-backend = "evil_backend"
backend-path = ["."]

[project]
name = "evilpkg"
version = "1.0"
dynamic = ["dependencies"]
""",
    )
    write("requirements.txt", "-e .\n./\nevilpkg @ file:./\n")
    write("setup.cfg", "[options]\ninstall_requires = requests\n")
    modules_before = set(sys.modules)

    results = [source.collect() for source in discover([tmp_path])]

    assert not marker.exists()
    assert not {"evil_backend", "evilpkg", "setup", "sitecustomize"} & (set(sys.modules) - modules_before)
    reasons = [s.reason for r in results for s in r.skipped]
    assert any("dynamic" in r for r in reasons)
    assert sum("building runs its build backend" in r for r in reasons) == 3
    assert all(not r.dependencies for r in results)
    assert os.getcwd() == str(tmp_path)


def test_parse_path_accepts_an_explicit_kind(write: Writer) -> None:
    path = write("weird.name", "requests\n")
    assert parse_path(path, kind=SourceKind.REQUIREMENTS).dependencies[0].name == "requests"
