"""`chainwatch secrets` end to end: targets, .gitignore, archives, stdin, formats and exit codes."""

from __future__ import annotations

import io
import json
import random
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from chainwatch.analyzers.secrets.cache import CleanBlobStore, digest
from chainwatch.analyzers.secrets.scan import default_scanner
from chainwatch.analyzers.secrets.validate import base62_encode
from chainwatch.cli import main

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _token(seed: int) -> str:
    rng = random.Random(seed)
    body = "".join(rng.choice(ALNUM) for _ in range(30))
    return "gh" + "p_" + body + base62_encode(zlib.crc32(body.encode()), 6)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["secrets", *args])
    return code, capsys.readouterr().out


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "settings.py").write_text(f'TOKEN = "{_token(1)}"\n')
    (tmp_path / "src" / "clean.py").write_text("print('hello')\n")
    (tmp_path / ".gitignore").write_text("build/\n*.log\n!keep.log\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "out.py").write_text(f'TOKEN = "{_token(2)}"\n')
    (tmp_path / "debug.log").write_text(f"token={_token(3)}\n")
    (tmp_path / "keep.log").write_text(f"token={_token(4)}\n")
    return tmp_path


def test_directory_json_respects_gitignore(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, str(tree), "--format", "json", "-j", "1")
    assert code == 1
    report = json.loads(out)
    (result,) = report["results"]
    paths = sorted(f["path"] for f in result["findings"])
    assert paths == ["keep.log", "src/settings.py"]
    assert _token(1) not in out and _token(4) not in out


def test_no_gitignore_scans_everything(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = _run(capsys, str(tree), "--format", "json", "--no-gitignore", "-j", "1")
    paths = sorted(f["path"] for f in json.loads(out)["results"][0]["findings"])
    assert paths == ["build/out.py", "debug.log", "keep.log", "src/settings.py"]


def test_clean_tree_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    code, _ = _run(capsys, str(tmp_path), "--format", "json")
    assert code == 0


def test_missing_path_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = _run(capsys, str(tmp_path / "nope"), "--format", "json")
    assert code == 2


def test_one_target_per_root_and_sarif(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    single = tmp_path / "single.env"
    single.write_text(f"GITHUB_TOKEN={_token(5)}\n")
    code, out = _run(capsys, str(tree / "src"), str(single), "--format", "sarif")
    sarif = json.loads(out)
    assert code == 1
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"secret.github-pat"}
    assert len(results) == 2
    assert _token(5) not in out


def test_archive_members_are_scanned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pkg/config.py", f'token = "{_token(6)}"\n')
        archive.writestr("pkg/other.py", "x = 1\n")
    wheel = tmp_path / "pkg-1.0-py3-none-any.whl"
    wheel.write_bytes(buffer.getvalue())
    code, out = _run(capsys, str(wheel), "--format", "json")
    (finding,) = json.loads(out)["results"][0]["findings"]
    assert code == 1 and finding["path"].endswith("pkg/config.py")


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"t = '{_token(7)}'\n".encode())))
    code, out = _run(capsys, "-", "--format", "json")
    assert code == 1 and json.loads(out)["results"][0]["findings"][0]["path"] == "<stdin>"


def test_min_confidence_threshold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _token(8)[:-1] + "0"  # checksum fails: lower confidence
    (tmp_path / "a.py").write_text(f'token = "{bad}"\n')
    assert _run(capsys, str(tmp_path), "--format", "json", "--min-confidence", "0.95")[0] == 0
    assert _run(capsys, str(tmp_path), "--format", "json", "--min-confidence", "0.3")[0] == 1


def test_text_report_is_redacted(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, str(tree), "--format", "text", "-v")
    assert code == 1 and "ghp_…(40)" in out and _token(1) not in out


def test_disk_cache_of_clean_blobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text("x = 1\n")
    (tmp_path / "src" / "b.py").write_text(f"t = '{_token(9)}'\n")
    for _ in range(2):
        code, _ = _run(capsys, str(tmp_path / "src"), "--format", "json", "--cache")
        assert code == 1
    folder = tmp_path / "cache" / "chainwatch" / "secrets"
    assert (folder / "clean.sqlite3").exists()
    # A later run knows the clean file (and only it) by content: what it stored, it reads back.
    store = CleanBlobStore(folder, default_scanner().fingerprint)
    assert store.is_clean(digest((tmp_path / "src" / "a.py").read_bytes()))
    assert not store.is_clean(digest((tmp_path / "src" / "b.py").read_bytes()))
    store.close()
