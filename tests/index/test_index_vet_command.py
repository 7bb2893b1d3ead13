"""`chainwatch vet NAME==VERSION` end to end: a real pypiserver on loopback serves the fixture packages."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import httpx
import pytest
from index_fixtures import PypiServer, StaticIndex, evil_sdist, free_port, sha256

from chainwatch.cli import main
from chainwatch.index import client, transport


def vet(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, dict[str, object]], str]:
    code = main(["vet", "--format", "json", "--no-progress", *args])
    captured = capsys.readouterr()
    results = {r["target"]: r for r in json.loads(captured.out)["results"]}
    return code, results, captured.err


def test_malicious_release_is_found_through_the_index(
    pypiserver: PypiServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, results, _ = vet(capsys, "cwfixture-evil==0.1", "--index-url", pypiserver.url)
    assert code == 1
    result = results["cwfixture-evil==0.1 (cwfixture_evil-0.1.tar.gz)"]
    assert result["verdict"] == "malicious"
    rules = {f["rule"] for f in result["findings"]}  # type: ignore[union-attr]
    assert any(rule.startswith("malware.install") for rule in rules), rules


def test_honest_release_vets_every_file_and_is_clean(
    pypiserver: PypiServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, results, _ = vet(capsys, "cwfixture_honest==1.0", "--index-url", pypiserver.url)
    assert code == 0
    assert set(results) == {
        "cwfixture-honest==1.0 (cwfixture_honest-1.0.tar.gz)",
        "cwfixture-honest==1.0 (cwfixture_honest-1.0-py3-none-any.whl)",
    }
    assert {r["verdict"] for r in results.values()} == {"clean"}


@pytest.mark.parametrize(
    ("selection", "expected"),
    [("sdist", "cwfixture_honest-1.0.tar.gz"), ("wheels", "cwfixture_honest-1.0-py3-none-any.whl")],
)
def test_artifacts_option_selects_files(
    pypiserver: PypiServer, capsys: pytest.CaptureFixture[str], selection: str, expected: str
) -> None:
    code, results, _ = vet(capsys, "cwfixture-honest==1.0", "--index-url", pypiserver.url, "--artifacts", selection)
    assert code == 0
    assert list(results) == [f"cwfixture-honest==1.0 ({expected})"]


def test_paths_and_requirements_mix_in_order(
    pypiserver: PypiServer, packages: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    local = str(packages["cwfixture_honest-0.9.tar.gz"])
    code, results, _ = vet(capsys, local, "cwfixture-evil==0.1", "--index-url", pypiserver.url)
    assert code == 1
    assert list(results) == [local, "cwfixture-evil==0.1 (cwfixture_evil-0.1.tar.gz)"]
    assert results[local]["verdict"] == "clean"


def test_second_run_is_served_from_the_cache(
    pypiserver: PypiServer, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vet(capsys, "cwfixture-evil==0.1", "--index-url", pypiserver.url)
    blobs = list((tmp_path / "cache" / "artifacts" / "sha256").glob("*/*/cwfixture_evil-0.1.tar.gz"))
    assert len(blobs) == 1

    def no_network(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"the cache should have answered, not {request.url}")

    offline = functools.partial(transport.make_client, transport=httpx.MockTransport(no_network))
    monkeypatch.setattr(client, "make_client", lambda timeout, cert, _transport=None: offline(timeout, cert))
    code, results, _ = vet(capsys, "cwfixture-evil==0.1", "--index-url", pypiserver.url)
    assert code == 1
    assert results["cwfixture-evil==0.1 (cwfixture_evil-0.1.tar.gz)"]["verdict"] == "malicious"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("cwfixture-nothing==1.0", "project 'cwfixture-nothing' not found"),
        ("cwfixture-honest==7.0", "no such version"),
        ("cwfixture-honest>=1.0,==1.0", "pin exactly one version"),
        ("cwfixture-honest==1.*", "pin exactly one version"),
    ],
)
def test_unknown_project_or_version_is_an_error_verdict(
    pypiserver: PypiServer, capsys: pytest.CaptureFixture[str], target: str, message: str
) -> None:
    code, results, _ = vet(capsys, target, "--index-url", pypiserver.url)
    assert code == 2
    (result,) = results.values()
    assert result["verdict"] == "error"
    assert message in json.dumps(result["errors"])
    assert not result["errors"][0]["reason"].startswith(result["target"])  # type: ignore[index]


def test_unavailable_version_lists_the_versions_there_are(
    pypiserver: PypiServer, capsys: pytest.CaptureFixture[str]
) -> None:
    _, results, _ = vet(capsys, "cwfixture-honest==7.0", "--index-url", pypiserver.url)
    (result,) = results.values()
    assert "latest versions listed: 1.0, 0.9" in result["errors"][0]["reason"]  # type: ignore[index]


def test_unreachable_index_is_an_error_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    dead = f"http://127.0.0.1:{free_port()}/simple/"
    code, results, _ = vet(capsys, "cwfixture-evil==0.1", "--index-url", dead)
    assert code == 2
    (result,) = results.values()
    assert result["target"] == "cwfixture-evil==0.1"
    assert "cannot reach" in result["errors"][0]["reason"]  # type: ignore[index]


def test_oversized_download_fails_closed(
    pypiserver: PypiServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "chainwatch.toml"
    config.write_text("[limits]\nmax-total-size = 200\n")
    code, results, _ = vet(capsys, "cwfixture-evil==0.1", "--index-url", pypiserver.url, "--config", str(config))
    assert code == 2
    (result,) = results.values()
    assert result["verdict"] == "error"
    assert "over the 200-byte limit" in result["errors"][0]["reason"]  # type: ignore[index]
    assert not list((tmp_path / "cache" / "artifacts" / "sha256").rglob("*.tar.gz"))


def test_existing_path_wins_over_requirement_syntax(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A directory literally named like a pin is vetted as a directory; no index is asked.
    folder = tmp_path / "weird==1.0"
    folder.mkdir()
    (folder / "mod.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    code, results, _ = vet(capsys, "weird==1.0", "--index-url", f"http://127.0.0.1:{free_port()}/simple/")
    assert code == 0
    assert results["weird==1.0"]["verdict"] == "clean"


def test_hash_mismatch_through_the_cli(static_index: StaticIndex, capsys: pytest.CaptureFixture[str]) -> None:
    data = evil_sdist()
    static_index.add_file("/f/cwfixture_evil-0.1.tar.gz", data)
    link = f'<a href="/f/cwfixture_evil-0.1.tar.gz#sha256={sha256(b"other bytes")}">x</a>'
    static_index.add("/simple/cwfixture-evil/", link)
    code, results, _ = vet(capsys, "cwfixture-evil==0.1", "--index-url", f"{static_index.base}/simple/")
    assert code == 2
    result = results["cwfixture-evil==0.1 (cwfixture_evil-0.1.tar.gz)"]
    assert result["verdict"] == "error"
    assert "the index lists" in result["summary"]  # type: ignore[operator]


def test_unhashed_file_needs_allow_unhashed(static_index: StaticIndex, capsys: pytest.CaptureFixture[str]) -> None:
    static_index.add_file("/f/cwfixture_evil-0.1.tar.gz", evil_sdist())
    static_index.add("/simple/cwfixture-evil/", '<a href="/f/cwfixture_evil-0.1.tar.gz">x</a>')
    index = f"{static_index.base}/simple/"
    code, results, _ = vet(capsys, "cwfixture-evil==0.1", "--index-url", index)
    assert code == 2
    assert "--allow-unhashed" in json.dumps(results)
    code, results, err = vet(capsys, "cwfixture-evil==0.1", "--index-url", index, "--allow-unhashed")
    assert code == 1
    assert results["cwfixture-evil==0.1 (cwfixture_evil-0.1.tar.gz)"]["verdict"] == "malicious"
    assert "accepted without a hash" in err


def test_credentials_never_reach_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    index = f"https://alice:tok3n-value@127.0.0.1:{free_port()}/simple/"
    code, results, err = vet(capsys, "cwfixture-evil==0.1", "--index-url", index)
    assert code == 2
    assert "tok3n-value" not in json.dumps(results) + err
    assert "alice" not in json.dumps(results) + err


def test_bad_pip_configuration_is_an_error_verdict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "pip.conf"
    broken.write_text("[global]\nindex-url = ftp://old.example/simple\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(broken))
    code, results, _ = vet(capsys, "cwfixture-evil==0.1")
    assert code == 2
    assert "scheme" in json.dumps(results)


def test_pip_configuration_supplies_the_index(
    pypiserver: PypiServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIP_INDEX_URL", pypiserver.url)
    code, results, _ = vet(capsys, "cwfixture-evil==0.1")
    assert code == 1
    assert results["cwfixture-evil==0.1 (cwfixture_evil-0.1.tar.gz)"]["verdict"] == "malicious"
