"""sdists installed with build isolation: pip fetches the build backend through the proxy, which vets it too.

The fixture index serves a real setuptools wheel (rebuilt from the test environment's own, so no
network is needed) beside synthetic sdists. With build isolation pip installs setuptools into a
throw-away build environment from the same index — the proxy — before it runs the sdist's build.
A malicious sdist, or a malicious build requirement, must be refused before any of its code runs.
"""

from __future__ import annotations

import sysconfig
from collections.abc import Iterator
from pathlib import Path

import pytest
from index_fixtures import sdist_bytes
from proxy_fixtures import (
    EVIL_SDIST,
    HONEST_SDIST,
    PypiServer,
    evil_sdist,
    honest_sdist,
    installed_wheel,
    start_pypiserver,
    stop,
)

from chainwatch.cli import main
from chainwatch.index.pipconfig import load_settings
from chainwatch.proxy import ProxyConfig
from chainwatch.proxy.gate import Gate
from chainwatch.proxy.policy import Action

MODERN_PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "cwproxy-built"
version = "1.0"
"""

# Looks harmless itself; its build needs the malicious project, which pip would fetch and run.
NEEDS_EVIL_PYPROJECT = """\
[build-system]
requires = ["setuptools>=61", "cwproxy-evil"]
build-backend = "setuptools.build_meta"

[project]
name = "cwproxy-needs-evil"
version = "1.0"
"""


@pytest.fixture(scope="module")
def build_upstream(tmp_path_factory: pytest.TempPathFactory, marker: Path) -> Iterator[PypiServer]:
    folder = tmp_path_factory.mktemp("build-packages")
    backend_name, backend = installed_wheel("setuptools")
    made = {
        backend_name: backend,
        HONEST_SDIST: honest_sdist("1.0"),  # setup.py only: pip's default backend requirement applies
        "cwproxy_built-1.0.tar.gz": sdist_bytes(
            "cwproxy-built", "1.0", {"pyproject.toml": MODERN_PYPROJECT, "cwproxy_built/__init__.py": "VALUE = 1\n"}
        ),
        EVIL_SDIST: evil_sdist(marker),
        "cwproxy_needs_evil-1.0.tar.gz": sdist_bytes(
            "cwproxy-needs-evil", "1.0", {"pyproject.toml": NEEDS_EVIL_PYPROJECT, "cwproxy_needs_evil/__init__.py": ""}
        ),
    }
    for filename, data in made.items():
        (folder / filename).write_bytes(data)
    server = start_pypiserver(folder, tmp_path_factory.mktemp("build-pypiserver") / "server.log")
    try:
        yield server
    finally:
        stop(server.process)


def isolated_install(upstream: PypiServer, target: Path, *requirements: str) -> int:
    # Build isolation is pip's default; nothing here turns it off.
    args = ["--index-url", upstream.url, "--target", str(target), "--no-cache-dir", *requirements]
    return main(["pip", "install", *args])


def test_sdists_build_with_a_backend_fetched_and_vetted_through_the_proxy(
    build_upstream: PypiServer, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "site"
    assert isolated_install(build_upstream, target, "cwproxy-built", "cwfixture-honest") == 0
    out, err = capfd.readouterr()
    assert "Installing build dependencies" in out
    assert "Successfully installed cwfixture-honest-1.0 cwproxy-built-1.0" in out
    assert (target / "cwproxy_built" / "__init__.py").read_text() == "VALUE = 1\n"
    assert (target / "cwfixture_honest" / "__init__.py").is_file()
    # The backend came from the proxy, which vetted it like any other download (and served it).
    assert "chainwatch proxy: vetted setuptools-" in err and "-py3-none-any.whl: clean" in err
    assert "vetted cwproxy_built-1.0.tar.gz: clean" in err and "chainwatch blocked" not in err


def test_malicious_sdist_is_refused_before_an_isolated_build_runs_it(
    build_upstream: PypiServer, tmp_path: Path, capfd: pytest.CaptureFixture[str], marker: Path
) -> None:
    assert isolated_install(build_upstream, tmp_path / "site", "cwproxy-evil==0.1") == 1
    err = capfd.readouterr().err
    assert f"chainwatch blocked {EVIL_SDIST}" in err and "malware.install-time-exfiltration" in err
    assert not marker.exists()
    assert not (tmp_path / "site" / "cwproxy_evil").exists()


def test_malicious_build_requirement_is_refused_inside_the_build_environment(
    build_upstream: PypiServer, tmp_path: Path, capfd: pytest.CaptureFixture[str], marker: Path
) -> None:
    assert isolated_install(build_upstream, tmp_path / "site", "cwproxy-needs-evil") == 1
    out, err = capfd.readouterr()
    # pip's build-environment subprocess asked the proxy for it; the block is reported all the same.
    assert "installing build dependencies" in (out + err).lower()
    assert "Blocked by chainwatch: cwproxy-evil 0.1 is malicious" in out + err
    assert f"chainwatch blocked {EVIL_SDIST}" in err
    assert not marker.exists()
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").iterdir())


def _bundled_wheels() -> list[Path]:
    bundled = Path(sysconfig.get_paths()["stdlib"]) / "ensurepip" / "_bundled"
    return sorted(bundled.glob("*.whl")) if bundled.is_dir() else []


@pytest.mark.parametrize("wheel", _bundled_wheels(), ids=lambda p: p.name)
def test_the_wheels_python_bundles_for_pip_are_served(wheel: Path, tmp_path: Path) -> None:
    """setuptools and pip as CPython ships them: real, large build tooling that must pass the gate.

    (The bundled setuptools 65 needs the `wheel` project to build, which no offline fixture has: hence
    the installs above use the rebuilt, current setuptools.)"""
    config = ProxyConfig(settings=load_settings("http://127.0.0.1:9/simple/"), cache_root=tmp_path / "cache")
    gate = Gate(config, lambda _line: None)
    try:
        outcome = gate.vet_local(wheel)
    finally:
        gate.close()
    assert not isinstance(outcome, str), outcome
    record, judgement = outcome
    assert (record.verdict.value, judgement.action) == ("clean", Action.SERVE), record.findings


def test_pip_wheel_builds_a_vetted_sdist_with_a_vetted_backend(
    build_upstream: PypiServer, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    wheels = tmp_path / "wheelhouse"
    args = ["--index-url", build_upstream.url, "-w", str(wheels), "--no-cache-dir", "cwproxy-built"]
    assert main(["pip", "wheel", *args]) == 0
    err = capfd.readouterr().err
    assert [p.name for p in wheels.iterdir()] == ["cwproxy_built-1.0-py3-none-any.whl"]
    assert "vetted cwproxy_built-1.0.tar.gz: clean" in err and "vetted setuptools-" in err
