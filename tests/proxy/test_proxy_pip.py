"""`chainwatch pip install` end to end against a loopback pypiserver, and the command-line guard in front of it.

Installs go into `--target` folders. pip never reaches the internet: the proxy is its only index and
its upstream is the loopback pypiserver; the malicious sdist is fetched with `--no-build-isolation`
so that, were it ever let through, its setup.py would really run (and leave the marker behind).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from proxy_fixtures import (
    EVIL_SDIST,
    HONEST_WHEEL,
    ProxyFactory,
    PypiServer,
    StaticIndex,
    honest_wheel,
    pkg_info,
    sha256,
)

from chainwatch.cli import main
from chainwatch.proxy.pip_runner import pip_command, pip_environment
from chainwatch.proxy.pipargs import PipArgsError, check_requirement_files, plan_pip


def pip_install(upstream: PypiServer, target: Path, *args: str) -> int:
    return main(["pip", "install", "--index-url", upstream.url, "--target", str(target), "--no-cache-dir", *args])


def test_benign_install_with_a_dependency_succeeds(
    upstream: PypiServer, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "site"
    assert pip_install(upstream, target, "cwproxy-app") == 0
    out, err = capfd.readouterr()
    assert (target / "cwproxy_app" / "__init__.py").is_file()
    assert (target / "cwfixture_honest" / "__init__.py").is_file()
    assert "Successfully installed cwfixture-honest-1.0 cwproxy-app-2.0" in out
    assert "Looking in indexes: http://127.0.0.1:" in out
    assert "chainwatch blocked" not in err


def test_malicious_sdist_stops_the_install_and_never_runs(
    upstream: PypiServer, tmp_path: Path, capfd: pytest.CaptureFixture[str], marker: Path
) -> None:
    target = tmp_path / "site"
    assert pip_install(upstream, target, "--no-build-isolation", "cwproxy-evil==0.1") == 1
    out, err = capfd.readouterr()
    assert "403 Client Error: Blocked by chainwatch: cwproxy-evil 0.1 is malicious" in out + err
    assert f"chainwatch blocked {EVIL_SDIST}" in err
    assert "malware.install-time-exfiltration" in err
    assert not marker.exists()
    assert not (target / "cwproxy_evil").exists()


def test_typosquat_is_blocked_then_allowed_with_a_recorded_reason(
    upstream: PypiServer, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert pip_install(upstream, tmp_path / "first", "reqeusts") == 1
    assert "imitates the popular project 'requests'" in capfd.readouterr().err

    # chainwatch's own options may sit among pip's.
    code = pip_install(upstream, tmp_path / "second", "reqeusts", "--allow", "reqeusts==1.0", "--reason=internal shim")
    assert code == 0
    err = capfd.readouterr().err
    assert "override: reqeusts-1.0-py3-none-any.whl" in err and "internal shim" in err
    assert (tmp_path / "second" / "reqeusts" / "__init__.py").is_file()
    (record,) = [
        json.loads(line) for line in (tmp_path / "cache" / "proxy" / "overrides.jsonl").read_text().splitlines()
    ]
    assert record["allow"] == "reqeusts==1.0" and record["reason"] == "internal shim"


def test_local_archive_is_vetted_before_pip_runs(
    packages: dict[str, Path], tmp_path: Path, capfd: pytest.CaptureFixture[str], marker: Path, upstream: PypiServer
) -> None:
    code = pip_install(upstream, tmp_path / "site", "--no-build-isolation", str(packages[EVIL_SDIST]))
    assert code == 1
    out, err = capfd.readouterr()
    assert "Looking in indexes" not in out  # pip was never started
    assert f"chainwatch blocked {EVIL_SDIST}" in err
    assert not marker.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--find-links", "/tmp/wheels", "x"], "--find-links"),
        (["-f/tmp/wheels", "x"], "--find-links"),
        (["--find=/tmp/wheels", "x"], "--find-links"),
        (["--no-index", "x"], "--no-index"),
        (["https://example.invalid/x-1.0.tar.gz"], "direct URL"),
        (["git+https://example.invalid/x.git"], "VCS"),
        (["x @ https://example.invalid/x-1.0.tar.gz"], "direct"),
        (["-e", "git+https://example.invalid/x.git#egg=x"], "VCS"),
    ],
)
def test_bypassing_arguments_are_refused(args: list[str], message: str) -> None:
    with pytest.raises(PipArgsError, match=message):
        plan_pip("install", args)


def test_index_options_become_upstreams_and_leave_pip_alone(tmp_path: Path) -> None:
    plan = plan_pip(
        "install",
        [
            "-i",
            "https://a.example/simple",
            "--extra-index=https://b.example/simple",
            "-Ur",
            "req.txt",
            "--target",
            str(tmp_path),
            "--timeout",
            "5",
            "requests>=2",
        ],
    )
    assert plan.index_url == "https://a.example/simple"
    assert plan.extra_index_urls == ["https://b.example/simple"]
    assert plan.pip_args == [
        "-U",
        "--requirement",
        "req.txt",
        "--target",
        str(tmp_path),
        "--timeout",
        "5",
        "requests>=2",
    ]
    assert plan.requirement_files == [Path("req.txt")]
    assert plan.has_timeout
    assert plan.local_trees == []  # an option's value is not a requirement
    command = pip_command("python", plan, "http://127.0.0.1:1/simple/")
    assert command[:6] == ["python", "-m", "pip", "install", "--index-url", "http://127.0.0.1:1/simple/"]


def test_local_trees_and_archives_are_sorted(tmp_path: Path, packages: dict[str, Path]) -> None:
    plan = plan_pip("install", ["-e", str(tmp_path), str(packages[EVIL_SDIST]), "--", "cwproxy-app"])
    assert plan.local_trees == [str(tmp_path)]
    assert plan.local_archives == [packages[EVIL_SDIST]]
    with pytest.raises(PipArgsError, match="not supported"):
        plan_pip("uninstall", ["x"])


def test_requirements_files_may_not_move_the_index(tmp_path: Path) -> None:
    (tmp_path / "base.txt").write_text("--extra-index-url https://elsewhere.example/simple\nsix\n")
    (tmp_path / "req.txt").write_text("-r base.txt\nrequests==2.31.0\n")
    with pytest.raises(PipArgsError, match="sets index options"):
        check_requirement_files([tmp_path / "req.txt"])
    (tmp_path / "links.txt").write_text("--find-links /tmp/wheels\nsix\n")
    with pytest.raises(PipArgsError, match="sets index options"):
        check_requirement_files([tmp_path / "links.txt"])
    (tmp_path / "url.txt").write_text("six @ https://example.invalid/six-1.0.tar.gz\n")
    with pytest.raises(PipArgsError, match="direct URL"):
        check_requirement_files([tmp_path / "url.txt"])
    (tmp_path / "vcs.txt").write_text("git+https://example.invalid/six.git#egg=six\n")
    with pytest.raises(PipArgsError, match="VCS"):
        check_requirement_files([tmp_path / "vcs.txt"])
    (tmp_path / "fine.txt").write_text("requests==2.31.0 --hash=sha256:" + "a" * 64 + "\n-e .\n")
    assert len(check_requirement_files([tmp_path / "fine.txt"])) == 1


def test_refused_command_line_is_a_usage_error(capfd: pytest.CaptureFixture[str], upstream: PypiServer) -> None:
    assert main(["pip", "install", "--index-url", upstream.url, "--no-index", "x"]) == 2
    assert "--no-index" in capfd.readouterr().err
    assert main(["pip", "install", "x", "--allow", "x==1"]) == 2
    assert "--reason" in capfd.readouterr().err


def test_pip_is_isolated_from_its_own_index_configuration() -> None:
    env = pip_environment(
        {
            "PATH": "/bin",
            "PIP_INDEX_URL": "https://elsewhere.example/simple",
            "PIP_EXTRA_INDEX_URL": "https://more.example/simple",
            "PIP_FIND_LINKS": "/tmp/wheels",
            "PIP_CONFIG_FILE": "/home/me/pip.conf",
            "PIP_REQUIRE_VIRTUALENV": "1",
            "NO_PROXY": "internal.example",
        },
        has_timeout=False,
    )
    assert env["PIP_CONFIG_FILE"] == os.devnull
    assert not {"PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS"} & set(env)
    assert env["PIP_REQUIRE_VIRTUALENV"] == "1"  # settings that do not touch indexes stay
    assert env["NO_PROXY"].split(",")[:2] == ["internal.example", "127.0.0.1"]
    assert env["PIP_DEFAULT_TIMEOUT"] == "330"
    assert "PIP_DEFAULT_TIMEOUT" not in pip_environment({}, has_timeout=True)


def _uv() -> str:
    # requirements/test.in installs uv: a missing one is a broken set-up, not a reason to skip.
    found = shutil.which("uv", path=str(Path(sys.executable).parent))
    assert found is not None, "uv is missing from the test environment: run ./run setup"
    return found


def test_uv_installs_through_the_proxy_and_is_blocked_by_it(
    upstream: PypiServer, make_proxy: ProxyFactory, tmp_path: Path, marker: Path
) -> None:
    proxy = make_proxy(upstream.url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("UV_")}
    env.update(UV_NO_CONFIG="1", UV_CACHE_DIR=str(tmp_path / "uv-cache"), UV_OFFLINE="0")

    def uv_install(target: str, requirement: str) -> subprocess.CompletedProcess[str]:
        command = [
            _uv(),
            "pip",
            "install",
            "--no-cache",
            "--python",
            sys.executable,
            "--target",
            str(tmp_path / target),
            "--index-url",
            proxy.index_url,
            requirement,
        ]
        return subprocess.run(command, check=False, capture_output=True, text=True, env=env, timeout=120)

    installed = uv_install("ok", "cwproxy-app")
    assert installed.returncode == 0, installed.stderr
    assert (tmp_path / "ok" / "cwfixture_honest" / "__init__.py").is_file()
    blocked = uv_install("evil", "cwproxy-evil")
    assert blocked.returncode != 0
    assert "403 Blocked by chainwatch: cwproxy-evil 0.1 is malicious" in blocked.stderr
    assert not marker.exists()


def test_pip_uses_pep658_metadata_through_the_proxy(
    static_index: StaticIndex, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    data = honest_wheel()
    metadata = pkg_info("cwfixture-honest", "1.0").encode()  # exactly the wheel's METADATA, as pip checks
    static_index.add_file(f"/f/{HONEST_WHEEL}", data)
    static_index.add_file(f"/f/{HONEST_WHEEL}.metadata", metadata)
    entry = {
        "filename": HONEST_WHEEL,
        "url": f"/f/{HONEST_WHEEL}",
        "hashes": {"sha256": sha256(data)},
        "core-metadata": {"sha256": sha256(metadata)},
    }
    page = {"meta": {"api-version": "1.1"}, "name": "cwfixture-honest", "files": [entry]}
    static_index.add("/simple/cwfixture-honest/", json.dumps(page), "application/vnd.pypi.simple.v1+json")
    index = f"{static_index.base}/simple/"
    code = main(
        ["pip", "download", "--index-url", index, "--no-cache-dir", "-d", str(tmp_path / "d"), "cwfixture-honest"]
    )
    assert code == 0, capfd.readouterr()
    assert (tmp_path / "d" / HONEST_WHEEL).read_bytes() == data
    fetched = [request.path for request in static_index.seen]
    assert f"/f/{HONEST_WHEEL}.metadata" in fetched and f"/f/{HONEST_WHEEL}" in fetched
