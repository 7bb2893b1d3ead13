"""Lock files: pylock.toml (PEP 751), uv.lock, poetry.lock, Pipfile.lock, pdm.lock, written the way each tool
writes them (hand-made excerpts following each documented structure)."""

from __future__ import annotations

import json

import pytest
from deps_fixtures import Writer, digest

from chainwatch.deps import Dependency, DependencyParseError, SourceKind, parse_path

H = {name: digest(name) for name in ("a1", "a2", "n1", "n2", "c1", "c2", "r1", "r2", "i1", "p1", "x1", "m1")}


def by_name(deps: tuple[Dependency, ...]) -> dict[str, Dependency]:
    return {d.name: d for d in deps}


PYLOCK = f"""\
lock-version = '1.0'
environments = ["sys_platform == 'win32'", "sys_platform == 'linux'"]
requires-python = '>=3.11'
extras = []
dependency-groups = ['dev']
default-groups = []
created-by = 'mousebender'

[[packages]]
name = 'attrs'
version = '25.1.0'
requires-python = '>=3.8'
index = 'https://pypi.org/simple'
wheels = [
  {{name = 'attrs-25.1.0-py3-none-any.whl', upload-time = 2025-01-25T11:30:10.164985+00:00, url = 'https://files.pythonhosted.org/packages/fc/30/attrs-25.1.0-py3-none-any.whl', size = 63152, hashes = {{sha256 = '{H["a1"]}'}}}},
]

[[packages.attestation-identities]]
environment = 'release-pypi'
kind = 'GitHub'
repository = 'python-attrs/attrs'
workflow = 'pypi-package.yml'

[[packages]]
name = 'Numpy'
version = '2.2.3'
marker = "sys_platform == 'linux'"
index = 'https://pypi.org/simple'

[packages.sdist]
name = 'numpy-2.2.3.tar.gz'
url = 'https://files.pythonhosted.org/packages/fb/90/numpy-2.2.3.tar.gz'
size = 20262700
hashes = {{sha256 = '{H["n1"]}'}}

[[packages.wheels]]
name = 'numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl'
url = 'https://files.pythonhosted.org/packages/.../numpy-2.2.3-cp312-cp312-manylinux_2_17_x86_64.whl'
size = 16106633
hashes = {{sha256 = '{H["n2"]}'}}

[[packages]]
name = 'tool'
vcs = {{type = 'git', url = 'https://github.com/acme/tool.git', requested-revision = 'main', commit-id = '4c5b1bd6b9f8e1c6b0f8e1a2b3c4d5e6f7a8b9c0'}}

[[packages]]
name = 'app'
version = '0.1.0'
directory = {{path = '.', editable = true}}
"""


def test_pylock(write: Writer) -> None:
    parsed = parse_path(write("pylock.toml", PYLOCK))
    assert parsed.kind is SourceKind.PYLOCK
    deps = by_name(parsed.dependencies)
    assert deps["attrs"].version == "25.1.0" and deps["attrs"].hashes == (f"sha256:{H['a1']}",)
    assert deps["attrs"].index_urls == ("https://pypi.org/simple",)
    assert deps["attrs"].source.line == 10
    numpy = deps["numpy"]
    assert numpy.raw_name == "Numpy" and numpy.markers == "sys_platform == 'linux'"
    assert numpy.hashes == (f"sha256:{H['n1']}", f"sha256:{H['n2']}")
    assert deps["app"].local and deps["app"].editable
    assert [(s.name, "no version recorded" in s.reason) for s in parsed.skipped] == [("tool", True)]


def test_pylock_named_variant_and_unknown_major_version(write: Writer) -> None:
    assert parse_path(write("pylock.dev.toml", PYLOCK)).kind is SourceKind.PYLOCK
    with pytest.raises(DependencyParseError, match="unsupported pylock lock-version '2.0'"):
        parse_path(write("pylock.toml", PYLOCK.replace("lock-version = '1.0'", "lock-version = '2.0'")))


UV_LOCK = f"""\
version = 1
revision = 2
requires-python = ">=3.11"

[[package]]
name = "acme-app"
version = "0.1.0"
source = {{ editable = "." }}
dependencies = [
    {{ name = "certifi" }},
    {{ name = "requests" }},
]

[package.metadata]
requires-dist = [{{ name = "requests", specifier = ">=2.31" }}]

[[package]]
name = "certifi"
version = "2024.8.30"
source = {{ registry = "https://pypi.org/simple" }}
sdist = {{ url = "https://files.pythonhosted.org/packages/b0/ee/certifi-2024.8.30.tar.gz", hash = "sha256:{H["c1"]}", size = 168507, upload-time = "2024-08-30T01:55:04.365Z" }}
wheels = [
    {{ url = "https://files.pythonhosted.org/packages/12/90/certifi-2024.8.30-py3-none-any.whl", hash = "sha256:{H["c2"]}", size = 167321, upload-time = "2024-08-30T01:55:02.591Z" }},
]

[[package]]
name = "colorama"
version = "0.4.6"
source = {{ registry = "https://pkgs.acme.example/simple" }}
resolution-markers = [
    "sys_platform == 'win32'",
]
wheels = [
    {{ url = "https://pkgs.acme.example/packages/colorama-0.4.6-py2.py3-none-any.whl", hash = "sha256:{H["x1"]}" }},
]

[[package]]
name = "internal-lib"
version = "1.0.0"
source = {{ git = "https://github.com/acme/internal-lib?rev=v1.0.0#4c5b1bd6b9f8e1c6b0f8e1a2b3c4d5e6f7a8b9c0" }}

[[package]]
name = "requests"
version = "2.32.3"
source = {{ registry = "https://pypi.org/simple" }}
dependencies = [
    {{ name = "certifi" }},
]
sdist = {{ url = "https://files.pythonhosted.org/packages/63/70/requests-2.32.3.tar.gz", hash = "sha256:{H["r1"]}", size = 131218 }}
wheels = [
    {{ url = "https://files.pythonhosted.org/packages/f9/9b/requests-2.32.3-py3-none-any.whl", hash = "sha256:{H["r2"]}", size = 64928 }},
]
"""


def test_uv_lock(write: Writer) -> None:
    parsed = parse_path(write("uv.lock", UV_LOCK))
    assert parsed.kind is SourceKind.UV_LOCK and parsed.skipped == ()
    deps = by_name(parsed.dependencies)
    assert deps["certifi"].version == "2024.8.30"
    assert deps["certifi"].hashes == (f"sha256:{H['c1']}", f"sha256:{H['c2']}")
    assert deps["certifi"].index_urls == ("https://pypi.org/simple",)
    assert deps["certifi"].source.line == 18  # the entry, not the `{ name = "certifi" }` reference above it
    assert deps["colorama"].index_urls == ("https://pkgs.acme.example/simple",)
    assert deps["colorama"].markers == "(sys_platform == 'win32')"
    assert deps["internal-lib"].url is not None and deps["internal-lib"].url.startswith("git+https://github.com/")
    assert deps["acme-app"].local and deps["acme-app"].editable
    assert not deps["requests"].local and deps["requests"].hashed


POETRY_LOCK = f"""\
# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.

[[package]]
name = "certifi"
version = "2024.8.30"
description = "Python package for providing Mozilla's CA Bundle."
optional = false
python-versions = ">=3.6"
files = [
    {{file = "certifi-2024.8.30-py3-none-any.whl", hash = "sha256:{H["c2"]}"}},
    {{file = "certifi-2024.8.30.tar.gz", hash = "sha256:{H["c1"]}"}},
]

[[package]]
name = "colorama"
version = "0.4.6"
description = "Cross-platform colored terminal text."
optional = false
python-versions = "!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*,!=3.5.*,!=3.6.*,>=2.7"
groups = ["main", "dev"]
markers = {{main = "platform_system == \\"Windows\\"", dev = "sys_platform == \\"win32\\""}}
files = [
    {{file = "colorama-0.4.6-py2.py3-none-any.whl", hash = "sha256:{H["x1"]}"}},
]

[[package]]
name = "internal-sdk"
version = "1.2.0"
description = ""
optional = false
python-versions = ">=3.9"
files = [
    {{file = "internal_sdk-1.2.0-py3-none-any.whl", hash = "sha256:{H["i1"]}"}},
]

[package.source]
type = "legacy"
url = "https://pkgs.acme.example/simple"
reference = "acme"

[[package]]
name = "gitdep"
version = "1.0.0"
description = ""
optional = false
python-versions = "*"
files = []
develop = false

[package.source]
type = "git"
url = "https://github.com/acme/gitdep.git"
reference = "v1.0.0"
resolved_reference = "0123456789abcdef0123456789abcdef01234567"

[[package]]
name = "pytest"
version = "8.3.3"
description = "pytest: simple powerful testing with Python"
optional = false
python-versions = ">=3.8"
category = "dev"
files = [
    {{file = "pytest-8.3.3-py3-none-any.whl", hash = "sha256:{H["p1"]}"}},
]

[metadata]
lock-version = "2.0"
python-versions = "^3.11"
content-hash = "{H["m1"]}"
"""


def test_poetry_lock(write: Writer) -> None:
    parsed = parse_path(write("poetry.lock", POETRY_LOCK))
    assert parsed.kind is SourceKind.POETRY_LOCK and parsed.skipped == ()
    deps = by_name(parsed.dependencies)
    assert deps["certifi"].hashes == (f"sha256:{H['c2']}", f"sha256:{H['c1']}")
    assert deps["certifi"].source.line == 4
    assert deps["colorama"].group == "main,dev"
    assert deps["colorama"].markers == '(platform_system == "Windows") or (sys_platform == "win32")'
    assert deps["internal-sdk"].index_urls == ("https://pkgs.acme.example/simple",)
    assert deps["gitdep"].url == ("git+https://github.com/acme/gitdep.git@0123456789abcdef0123456789abcdef01234567")
    assert deps["pytest"].group == "dev"


def test_old_poetry_lock_keeps_hashes_in_metadata_files(write: Writer) -> None:
    text = f"""\
[[package]]
name = "six"
version = "1.16.0"
category = "main"
optional = false
python-versions = ">=2.7"

[metadata]
lock-version = "1.1"
python-versions = "^3.8"
content-hash = "{H["m1"]}"

[metadata.files]
six = [
    {{file = "six-1.16.0-py2.py3-none-any.whl", hash = "sha256:{H["x1"]}"}},
]
"""
    deps = parse_path(write("poetry.lock", text)).dependencies
    assert deps[0].hashes == (f"sha256:{H['x1']}",) and deps[0].group == "main"


PIPFILE_LOCK = {
    "_meta": {
        "hash": {"sha256": H["m1"]},
        "pipfile-spec": 6,
        "requires": {"python_version": "3.11"},
        "sources": [
            {"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": True},
            {"name": "acme", "url": "https://deploy:t0ken@pkgs.acme.example/simple", "verify_ssl": True},
        ],
    },
    "default": {
        "requests": {
            "hashes": [f"sha256:{H['r1']}", f"sha256:{H['r2']}"],
            "index": "pypi",
            "markers": "python_version >= '3.8'",
            "version": "==2.32.3",
            "extras": ["socks"],
        },
        "internal-sdk": {"hashes": [f"sha256:{H['i1']}"], "index": "acme", "version": "==1.2.0"},
        "gitpkg": {"editable": True, "git": "https://github.com/acme/gitpkg.git", "ref": "0123abcd"},
    },
    "develop": {
        "pytest": {"hashes": [f"sha256:{H['p1']}"], "index": "pypi", "version": "==8.3.3"},
        "requests": {"hashes": [f"sha256:{H['r1']}"], "index": "pypi", "version": "==2.32.3"},
    },
}


def test_pipfile_lock(write: Writer) -> None:
    parsed = parse_path(write("Pipfile.lock", json.dumps(PIPFILE_LOCK, indent=4)))
    assert parsed.kind is SourceKind.PIPFILE_LOCK
    deps = {(d.name, d.group): d for d in parsed.dependencies}
    requests = deps[("requests", "default")]
    assert requests.version == "2.32.3" and requests.extras == ("socks",)
    assert requests.hashes == (f"sha256:{H['r1']}", f"sha256:{H['r2']}")
    assert requests.index_urls == ("https://pypi.org/simple",)
    assert requests.markers == "python_version >= '3.8'"
    assert requests.source.line == 24
    assert deps[("requests", "develop")].source.line == 57
    assert deps[("internal-sdk", "default")].index_urls == ("https://deploy:****@pkgs.acme.example/simple",)
    assert deps[("pytest", "develop")].version == "8.3.3"
    assert [(s.name, "git+https://github.com/acme/gitpkg.git@0123abcd" in s.reason) for s in parsed.skipped] == [
        ("gitpkg", True)
    ]


PDM_LOCK = f"""\
# This file is @generated by PDM.
# It is not intended for manual editing.

[metadata]
groups = ["default", "test"]
strategy = ["inherit_metadata"]
lock_version = "4.5.0"
content_hash = "sha256:{H["m1"]}"

[[metadata.targets]]
requires_python = ">=3.11"

[[package]]
name = "idna"
version = "3.10"
requires_python = ">=3.6"
summary = "Internationalized Domain Names in Applications (IDNA)"
groups = ["default"]
files = [
    {{file = "idna-3.10-py3-none-any.whl", hash = "sha256:{H["i1"]}"}},
    {{file = "idna-3.10.tar.gz", hash = "sha256:{H["x1"]}"}},
]

[[package]]
name = "pytest"
version = "8.3.3"
requires_python = ">=3.8"
summary = "pytest: simple powerful testing with Python"
groups = ["test"]
marker = "python_version >= \\"3.8\\""
dependencies = [
    "colorama; sys_platform == \\"win32\\"",
    "iniconfig",
]
files = [
    {{file = "pytest-8.3.3-py3-none-any.whl", hash = "sha256:{H["p1"]}"}},
]

[[package]]
name = "helper"
version = "0.1.0"
requires_python = ">=3.11"
editable = true
path = "./packages/helper"
summary = ""
groups = ["test"]
"""


def test_pdm_lock(write: Writer) -> None:
    parsed = parse_path(write("pdm.lock", PDM_LOCK))
    assert parsed.kind is SourceKind.PDM_LOCK and parsed.skipped == ()
    deps = by_name(parsed.dependencies)
    assert deps["idna"].hashes == (f"sha256:{H['i1']}", f"sha256:{H['x1']}") and deps["idna"].group == "default"
    assert deps["pytest"].markers == 'python_version >= "3.8"' and deps["pytest"].source.line == 25
    assert deps["helper"].editable and deps["helper"].local


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("uv.lock", '[[package]]\nname = "x"\n', "no integer version"),
        ("pylock.toml", '[[packages]]\nname = "x"\n', "no lock-version"),
        ("poetry.lock", 'title = "x"\n', "not a Poetry lock file"),
        ("pdm.lock", 'title = "x"\n', "not a PDM lock file"),
        ("Pipfile.lock", '{"packages": {}}', "not a Pipfile.lock"),
        ("Pipfile.lock", "[1, 2]", "not a Pipfile.lock"),
        ("uv.lock", 'version = 1\npackage = "x"\n', r"\[\[package\]\] must be an array"),
    ],
)
def test_wrong_structure_is_a_parse_error(write: Writer, name: str, text: str, message: str) -> None:
    with pytest.raises(DependencyParseError, match=message) as caught:
        parse_path(write(name, text))
    assert caught.value.path == name


def test_entries_without_name_or_version_are_reported(write: Writer) -> None:
    text = 'version = 1\n[[package]]\nversion = "1.0"\n[[package]]\nname = "noversion"\n'
    parsed = parse_path(write("uv.lock", text))
    assert parsed.dependencies == ()
    assert [s.name for s in parsed.skipped] == [None, "noversion"]
