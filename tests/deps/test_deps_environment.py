"""Installed environments: the running one through importlib.metadata, another through its interpreter's search
path only — its .pth files and sitecustomize must never run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from chainwatch.deps import DependencyParseError, Limits, SourceKind, installed_environment
from chainwatch.deps.environment import read_distributions


def test_current_environment_lists_installed_packages() -> None:
    parsed = installed_environment().collect()
    assert parsed.kind is SourceKind.ENVIRONMENT
    deps = {d.name: d for d in parsed.dependencies}
    assert deps["rich"].version == metadata.version("rich")
    assert deps["packaging"].version == metadata.version("packaging")
    assert deps["rich"].source.path.endswith(".dist-info")
    assert deps["chainwatch"].editable  # `./run setup` installs the project itself in editable mode


def test_other_interpreter_by_path() -> None:
    parsed = installed_environment(sys.executable).collect()
    deps = {d.name: d for d in parsed.dependencies}
    assert deps["rich"].version == metadata.version("rich")
    assert parsed.path == f"environment of {sys.executable}"


def _make_env(tmp_path: Path) -> tuple[Path, Path]:
    env = tmp_path / "target-env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True, timeout=120)
    site = env / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    # Never write the hostile fixtures anywhere but the throw-away environment.
    assert site.is_dir() and site.resolve().is_relative_to(tmp_path.resolve())
    return env / "bin" / "python", site


def _dist_info(site: Path, name: str, version: str, extra: str = "") -> None:
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{extra}\n")


@pytest.mark.skipif(sys.platform == "win32", reason="venv layout")
def test_target_environment_start_up_code_never_runs(tmp_path: Path) -> None:
    python, site = _make_env(tmp_path)
    marker = tmp_path / "PWNED"
    payload = f"import pathlib; pathlib.Path({str(marker)!r}).write_text('ran')"
    _dist_info(site, "Evil-Startup", "6.6.6")
    (site / "evil.pth").write_text(payload + "\n")
    (site / "sitecustomize.py").write_text(payload + "\n")
    (site / "usercustomize.py").write_text(payload + "\n")
    _dist_info(site, "noversion", "0", extra="")
    (site / "noversion-0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: noversion\n")
    egg = site / "legacy_pkg.egg-info"
    egg.mkdir()
    (egg / "PKG-INFO").write_text("Metadata-Version: 1.0\nName: legacy-pkg\nVersion: 0.9\n")

    parsed = installed_environment(str(python)).collect()

    assert not marker.exists(), "a .pth file or sitecustomize of the target environment ran"
    deps = {d.name: d for d in parsed.dependencies}
    assert deps["evil-startup"].version == "6.6.6"
    assert deps["legacy-pkg"].version == "0.9"
    assert "rich" not in deps  # the auditor's own packages are not the target's
    assert [(s.name, s.reason) for s in parsed.skipped] == [("noversion", "metadata has no Version")]


def test_editable_and_url_installs_come_from_direct_url_json(tmp_path: Path) -> None:
    _dist_info(tmp_path, "mine", "0.1.0")
    (tmp_path / "mine-0.1.0.dist-info" / "direct_url.json").write_text(
        json.dumps({"url": "file:///home/dev/mine", "dir_info": {"editable": True}})
    )
    _dist_info(tmp_path, "fromurl", "2.0")
    (tmp_path / "fromurl-2.0.dist-info" / "direct_url.json").write_text(
        json.dumps({"url": "https://u:secret@files.example/fromurl-2.0.tar.gz", "archive_info": {}})
    )
    deps = {d.name: d for d in read_distributions([str(tmp_path)], "test").dependencies}
    assert deps["mine"].editable and deps["mine"].local
    assert deps["fromurl"].url == "https://u:****@files.example/fromurl-2.0.tar.gz"


def test_first_distribution_on_the_path_wins(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    _dist_info(first, "dup", "2.0")
    _dist_info(second, "dup", "1.0")
    deps = read_distributions([str(first), str(second)], "test").dependencies
    assert [(d.name, d.version) for d in deps] == [("dup", "2.0")]


def test_bad_interpreters_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(DependencyParseError, match="not an executable file"):
        installed_environment(str(tmp_path / "nope")).collect()
    liar = tmp_path / "liar"
    liar.write_text("#!/bin/sh\necho hello\n")
    liar.chmod(0o755)
    with pytest.raises(DependencyParseError, match="is not a Python interpreter"):
        installed_environment(str(liar)).collect()
    failing = tmp_path / "failing"
    failing.write_text("#!/bin/sh\necho boom >&2\nexit 3\n")
    failing.chmod(0o755)
    with pytest.raises(DependencyParseError, match="exited with status 3: boom"):
        installed_environment(str(failing)).collect()
    slow = tmp_path / "slow"
    slow.write_text("#!/bin/sh\nexec sleep 30\n")
    slow.chmod(0o755)
    with pytest.raises(DependencyParseError, match="no answer within 1s"):
        installed_environment(str(slow), Limits(interpreter_timeout=1)).collect()


def test_target_interpreter_gets_no_python_environment_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = tmp_path / "recorder"
    out = tmp_path / "env.txt"
    recorder.write_text(f'#!/bin/sh\nenv > {out}\necho \'{{"path": [], "site": [], "venv": []}}\'\n')
    recorder.chmod(0o755)
    monkeypatch.setenv("PYTHONSTARTUP", "/tmp/evil.py")
    monkeypatch.setenv("SECRET_TOKEN", "x")
    installed_environment(str(recorder)).collect()
    seen = out.read_text()
    assert "PYTHONSTARTUP" not in seen and "SECRET_TOKEN" not in seen
    assert os.environ["PATH"] in seen
