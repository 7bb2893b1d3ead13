"""pyproject.toml: PEP 621, PEP 735, Poetry, PDM and uv tables; Poetry constraint conversion."""

from __future__ import annotations

import pytest
from deps_fixtures import Writer, names

from chainwatch.deps import DEFAULT_INDEX, Dependency, DependencyParseError, IndexStrategy, SourceKind, parse_path
from chainwatch.deps.poetry_constraints import poetry_to_pep440

PEP621 = """\
[build-system]
requires = ["setuptools>=68", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "acme-app"
version = "1.0.0"
requires-python = ">=3.11"
dependencies = [
    "requests[socks]>=2.31",
    "rich==13.7.1",
    "tomli; python_version < '3.11'",
    "wheel>=0.40",
    "vendored @ https://files.example.org/vendored-0.2.0-py3-none-any.whl",
    "mono-lib",
    "sibling",
    "private-thing",
]

[project.optional-dependencies]
socks = ["PySocks!=1.5.7,>=1.5.6"]
docs = ["sphinx>=7", "furo"]
all = ["acme_app[socks,docs]"]

[dependency-groups]
test = ["pytest>=8", "coverage[toml]"]
lint = ["ruff==0.6.9"]
dev = [{include-group = "test"}, {include-group = "lint"}, "ipython"]
broken = [{include-group = "missing"}]
loop-a = [{include-group = "loop-b"}]
loop-b = [{include-group = "loop-a"}]

[tool.uv]
dev-dependencies = ["pre-commit"]

[[tool.uv.index]]
name = "acme"
url = "https://pkgs.acme.example/simple"
explicit = true

[[tool.uv.index]]
name = "mirror"
url = "https://mirror.acme.example/simple"

[tool.uv.sources]
mono-lib = { workspace = true }
sibling = { path = "../sibling", editable = true }
private-thing = { index = "acme" }
"""


def dep_map(deps: tuple[Dependency, ...]) -> dict[tuple[str, str | None], Dependency]:
    return {(d.name, d.group): d for d in deps}


def test_pep621_pep735_and_uv(write: Writer) -> None:
    parsed = parse_path(write("pyproject.toml", PEP621))
    assert parsed.kind is SourceKind.PYPROJECT
    deps = dep_map(parsed.dependencies)
    assert ("setuptools", "main") not in deps  # build requirements are not dependencies
    requests = deps[("requests", "main")]
    assert requests.extras == ("socks",) and requests.specifier == ">=2.31" and requests.version is None
    assert requests.source.line == 10  # the line of its string, not the build-system's
    assert deps[("rich", "main")].version == "13.7.1"
    assert deps[("tomli", "main")].markers == 'python_version < "3.11"'
    assert deps[("wheel", "main")].source.line == 13
    assert deps[("vendored", "main")].version == "0.2.0"
    assert deps[("pysocks", "socks")].specifier == "!=1.5.7,>=1.5.6"
    assert {("sphinx", "docs"), ("furo", "docs"), ("pytest", "test"), ("coverage", "test")} <= set(deps)
    assert deps[("ruff", "lint")].version == "0.6.9"
    assert ("ipython", "dev") in deps and ("pre-commit", "dev") in deps
    # uv indexes: the non-explicit one first, then PyPI; the explicit one serves only what names it.
    assert requests.index_urls == ("https://mirror.acme.example/simple", DEFAULT_INDEX)
    assert deps[("private-thing", "main")].index_urls == ("https://pkgs.acme.example/simple",)
    skipped = {s.name: s.reason for s in parsed.skipped}
    assert "workspace member" in skipped["mono-lib"]
    assert "path ../sibling" in skipped["sibling"]
    assert skipped["acme-app"] == "refers to this project itself"
    group_problems = [s.reason for s in parsed.skipped if s.name is None]
    assert any("unknown group 'missing'" in r for r in group_problems)
    assert sum("include cycle" in r for r in group_problems) == 2


@pytest.mark.parametrize(
    ("setting", "strategy"),
    [
        ("", IndexStrategy.UV_FIRST_INDEX),
        ('index-strategy = "first-index"\n', IndexStrategy.UV_FIRST_INDEX),
        ('index-strategy = "unsafe-first-match"\n', IndexStrategy.UV_FIRST_MATCH),
        ('index-strategy = "unsafe-best-match"\n', IndexStrategy.UV_BEST_MATCH),
        ('index-strategy = "something-new"\n', IndexStrategy.UV_BEST_MATCH),  # unknown: the riskiest reading
    ],
)
def test_uv_index_priority_and_strategy(write: Writer, setting: str, strategy: IndexStrategy) -> None:
    text = (
        '[project]\nname = "x"\nversion = "1"\ndependencies = ["six"]\n\n[tool.uv]\n'
        f'{setting}extra-index-url = ["https://legacy.example/simple"]\n\n'
        '[[tool.uv.index]]\nname = "first"\nurl = "https://first.example/simple"\n'
    )
    (six,) = parse_path(write("pyproject.toml", text)).dependencies
    # uv ranks [[tool.uv.index]] above the legacy extra-index-url, and both above the default index.
    assert six.index_urls == ("https://first.example/simple", "https://legacy.example/simple", DEFAULT_INDEX)
    assert six.index_strategy is strategy


def test_indexes_of_other_tools_keep_pips_merge(write: Writer) -> None:
    text = '[project]\nname = "x"\nversion = "1"\ndependencies = ["six"]\n\n[[tool.pdm.source]]\nname = "a"\n'
    (six,) = parse_path(write("pyproject.toml", text + 'url = "https://a.example/simple"\n')).dependencies
    assert six.index_urls == (DEFAULT_INDEX, "https://a.example/simple")
    assert six.index_strategy is IndexStrategy.PIP


def test_dynamic_dependencies_are_skipped_not_built(write: Writer) -> None:
    parsed = parse_path(
        write(
            "pyproject.toml",
            '[project]\nname = "x"\nversion = "1"\ndynamic = ["dependencies", "optional-dependencies"]\n',
        )
    )
    assert parsed.dependencies == ()
    assert len(parsed.skipped) == 2 and all("never run" in s.reason for s in parsed.skipped)


POETRY = """\
[tool.poetry]
name = "acme-service"
version = "0.4.0"
description = ""
authors = ["Acme <dev@acme.example>"]

[tool.poetry.dependencies]
python = "^3.11"
requests = "^2.31.0"
pendulum = "~2.1"
attrs = "23.2.0"
click = { version = ">=8.0 <9", extras = ["colors"] }
uvloop = { version = "^0.19", markers = "sys_platform != 'win32'" }
tomli = { version = "^2.0.1", python = "<3.11" }
internal-sdk = { version = "^1.2", source = "acme" }
gitdep = { git = "https://github.com/acme/gitdep.git", tag = "v1.0.0" }
localdep = { path = "../localdep", develop = true }
anyversion = "*"
either = "^1.0 || ^2.0"
psycopg = { version = "^3.1", optional = true }
numpy = [
    { version = "^1.26", python = "<3.12" },
    { version = "^2.0", python = ">=3.12" },
]

[tool.poetry.extras]
postgres = ["psycopg"]

[tool.poetry.group.dev.dependencies]
pytest = "^8.0.0"
black = { version = "^24.4", allow-prereleases = true }

[tool.poetry.dev-dependencies]
mypy = "^0.990"

[[tool.poetry.source]]
name = "acme"
url = "https://deploy:t0ken@pkgs.acme.example/simple"
priority = "explicit"

[[tool.poetry.source]]
name = "mirror"
url = "https://mirror.acme.example/simple"
priority = "supplemental"
"""


def test_poetry_tables(write: Writer) -> None:
    parsed = parse_path(write("pyproject.toml", POETRY))
    deps = {d.name: d for d in parsed.dependencies}
    assert "python" not in deps
    assert deps["requests"].specifier == "<3,>=2.31.0" and deps["requests"].group == "main"
    assert deps["requests"].source.line == 9
    assert deps["pendulum"].specifier == "<2.2,>=2.1"
    assert deps["attrs"].version == "23.2.0"
    assert deps["click"].specifier == "<9,>=8.0" and deps["click"].extras == ("colors",)
    assert deps["uvloop"].specifier == "<0.20,>=0.19" and deps["uvloop"].markers == 'sys_platform != "win32"'
    assert deps["tomli"].markers == 'python_version < "3.11"'
    assert deps["internal-sdk"].index_urls == ("https://deploy:****@pkgs.acme.example/simple",)
    assert deps["requests"].index_urls == (DEFAULT_INDEX, "https://mirror.acme.example/simple")
    assert deps["anyversion"].specifier == ""
    assert deps["either"].specifier == ""  # `||` has no PEP 440 form: treated as unconstrained
    assert deps["psycopg"].group == "postgres"
    assert deps["pytest"].group == "dev" and deps["black"].group == "dev" and deps["mypy"].group == "dev"
    numpy = [d for d in parsed.dependencies if d.name == "numpy"]
    assert [(d.specifier, d.markers) for d in numpy] == [
        ("<2,>=1.26", 'python_version < "3.12"'),
        ("<3,>=2.0", 'python_version >= "3.12"'),
    ]
    skipped = {s.name: s.reason for s in parsed.skipped}
    assert "git https://github.com/acme/gitdep.git" in skipped["gitdep"]
    assert "path ../localdep" in skipped["localdep"]
    assert "t0ken" not in repr(parsed)


PDM = """\
[project]
name = "pdm-app"
version = "0.1.0"
dependencies = ["httpx>=0.27"]

[[tool.pdm.source]]
name = "acme"
url = "https://pkgs.acme.example/simple"

[tool.pdm.dev-dependencies]
test = ["pytest>=8", "-e file:///${PROJECT_ROOT}/packages/helper#egg=helper"]
lint = ["ruff"]
"""


def test_pdm_tables(write: Writer) -> None:
    parsed = parse_path(write("pyproject.toml", PDM))
    deps = {d.name: d for d in parsed.dependencies}
    assert deps["httpx"].group == "main"
    assert deps["httpx"].index_urls == (DEFAULT_INDEX, "https://pkgs.acme.example/simple")
    assert deps["pytest"].group == "test" and deps["ruff"].group == "lint"
    assert names(parsed.skipped) == ["helper"]


def test_structural_errors_name_the_file(write: Writer) -> None:
    path = write("pyproject.toml", '[project]\nname = "x"\ndependencies = "requests"\n')
    with pytest.raises(DependencyParseError, match=r"pyproject.toml: \[project\] dependencies must be an array"):
        parse_path(path)
    parsed = parse_path(write("sub/pyproject.toml", "[project]\ndependencies = [1, 'ok', 'not valid!']\n"))
    assert names(parsed.dependencies) == ["ok"]
    assert [s.reason.split(":")[0] for s in parsed.skipped] == ["not a requirement string", "not a valid requirement"]


@pytest.mark.parametrize(
    ("poetry", "pep440"),
    [
        ("^1.2.3", "<2,>=1.2.3"),
        ("^1.2", "<2,>=1.2"),
        ("^1", "<2,>=1"),
        ("^0.2.3", "<0.3,>=0.2.3"),
        ("^0.0.3", "<0.0.4,>=0.0.3"),
        ("^0.0", "<0.1,>=0.0"),
        ("^0", "<1,>=0"),
        ("^1.2.3b1", "<2,>=1.2.3b1"),
        ("~1.2.3", "<1.3,>=1.2.3"),
        ("~1.2", "<1.3,>=1.2"),
        ("~1", "<2,>=1"),
        ("~=1.2", "~=1.2"),
        ("1.2.3", "==1.2.3"),
        ("=1.2.3", "==1.2.3"),
        ("==1.2.*", "==1.2.*"),
        ("1.2.*", "==1.2.*"),
        (">= 1.2, < 1.5", "<1.5,>=1.2"),
        (">=1.2 <1.5 !=1.3", "!=1.3,<1.5,>=1.2"),
        ("*", ""),
        ("", ""),
        ("^1.0 || ^2.0", None),
        ("^not-a-version", None),
        (">=", None),
    ],
)
def test_poetry_constraint_conversion(poetry: str, pep440: str | None) -> None:
    assert poetry_to_pep440(poetry) == pep440
