"""`chainwatch secrets --history`: real git repositories, secrets deleted long ago, each blob scanned once."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from secret_fixtures import Repo, github_token

from chainwatch.analyzers.secrets import history
from chainwatch.analyzers.secrets.history import HistoryError, list_introductions, scan_history
from chainwatch.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["secrets", *args, "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def _tags(finding: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return dict(t.split(":", 1) for t in finding["tags"] if ":" in t)


@pytest.fixture()
def repo(tmp_path: Path) -> tuple[Repo, dict[str, str]]:
    """main: a token added by Bob and deleted by Alice; a branch that was never merged adds another."""
    repo = Repo(tmp_path / "project")
    repo.write("README.md", "# project\n")
    repo.write("src/app.py", "print('hello')\n")
    first = repo.commit("start", date="2021-03-04T10:00:00+00:00")
    repo.write("src/settings.py", f'API = "https://api.example.com"\nTOKEN = "{github_token(1)}"\n')
    leak = repo.commit("add settings", author="Bob", email="bob@example.com", date="2022-05-06T07:08:09+02:00")
    (repo.path / "src" / "settings.py").unlink()
    removed = repo.commit("remove the token", date="2022-05-07T00:00:00+00:00")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("deploy/.env", f"GITHUB_TOKEN={github_token(2)}\n")
    side = repo.commit("deploy config", author="Carol", email="carol@example.com", date="2023-01-01T12:00:00+00:00")
    repo.git("checkout", "-q", "main")
    return repo, {"first": first, "leak": leak, "removed": removed, "side": side}


def test_deleted_secret_found_with_commit_author_date_and_path(
    repo: tuple[Repo, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    project, commits = repo
    # The working tree is clean now…
    code, report = _run(capsys, str(project.path))
    assert code == 0 and report["results"][0]["findings"] == []
    # …but the history is not.
    code, report = _run(capsys, str(project.path), "--history", "-j", "1")
    assert code == 1
    (result,) = report["results"]
    by_path = {f["path"]: f for f in result["findings"]}
    assert sorted(by_path) == ["deploy/.env", "src/settings.py"]
    leaked = by_path["src/settings.py"]
    assert leaked["rule"] == "secret.github-pat" and leaked["line"] == 2
    tags = _tags(leaked)
    assert tags["git-commit"] == commits["leak"]
    assert tags["git-author"] == "Bob <bob@example.com>"
    assert tags["git-date"] == "2022-05-06T07:08:09+02:00"
    assert commits["leak"][:12] in leaked["message"] and "Bob" in leaked["message"]
    # A branch that was never merged is history too (all refs).
    assert _tags(by_path["deploy/.env"])["git-commit"] == commits["side"]
    assert _tags(by_path["deploy/.env"])["git-author"] == "Carol <carol@example.com>"
    text = json.dumps(report)
    assert github_token(1) not in text and github_token(2) not in text
    assert "commit(s)" in result["summary"]


def test_each_blob_once_at_its_first_commit_and_path(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "r")
    content = f'token = "{github_token(3)}"\n'
    repo.write("a/config.py", content)
    first = repo.commit("one")
    repo.write("b/copy.py", content)  # the same blob at a second path
    repo.write("a/other.py", "x = 1\n")
    repo.commit("two")
    repo.git("mv", "a/config.py", "a/moved.py")  # and a rename
    repo.commit("three")
    listed = list_introductions(repo.path)
    shas = [b.sha for b in listed.blobs]
    assert len(shas) == len(set(shas)) == 2  # the token blob and a/other.py, each once
    found = scan_history(repo.path, jobs=1)
    assert found.blobs == 2 and found.scanned == 2
    (hit,) = found.hits
    assert hit.blob.path == "a/config.py" and hit.commit.sha == first


def test_merge_resolution_that_introduces_a_secret(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "r")
    repo.write("conf.py", "A = 1\n")
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "topic")
    repo.write("conf.py", "A = 2\n")
    repo.commit("topic change")
    repo.git("checkout", "-q", "main")
    repo.write("conf.py", "A = 3\n")
    repo.commit("main change")
    done = subprocess.run(
        ["git", "-C", str(repo.path), "merge", "-q", "topic"],
        check=False,
        env=repo.env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0  # a conflict, resolved by hand with content neither parent had
    repo.write("conf.py", f'A = 4\ntoken = "{github_token(4)}"\n')
    merge = repo.commit("merge topic", author="Dana", email="dana@example.com")
    (hit,) = scan_history(repo.path, jobs=1).hits
    assert hit.commit.sha == merge and hit.commit.author == "Dana" and hit.blob.path == "conf.py"


def test_binary_blobs_skipped_and_odd_names_kept(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "r")
    repo.write("img/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00" + f"token={github_token(5)}".encode() + b"\x00" * 64)
    repo.write("dir with space/ünïcode.env", f"GITHUB_TOKEN={github_token(6)}\n")
    repo.commit("assets")
    found = scan_history(repo.path, jobs=1)
    assert found.skipped_binary == 1
    assert [h.blob.path for h in found.hits] == ["dir with space/ünïcode.env"]
    assert scan_history(repo.path, jobs=1, include_binary=True).skipped_binary == 0


def test_parallel_batches_match_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Repo(tmp_path / "r")
    for index in range(12):
        repo.write(
            f"pkg/m{index}.py", f"value = {index}\n" + (f'token = "{github_token(10 + index)}"\n' * (index % 3 == 0))
        )
    repo.commit("many files")
    serial = scan_history(repo.path, jobs=1)
    monkeypatch.setattr(history, "BATCH_BLOBS", 2)  # force several batches through the process pool
    parallel = scan_history(repo.path, jobs=2)
    assert [(h.blob.path, h.blob.sha) for h in parallel.hits] == [(h.blob.path, h.blob.sha) for h in serial.hits]
    assert len(parallel.hits) == 4 and parallel.scanned == serial.scanned == 12


def test_many_blobs_stream_without_deadlock(tmp_path: Path) -> None:
    """Thousands of blobs through one cat-file pipe (written and read at once); fast-import builds the repo."""
    repo = Repo(tmp_path / "big")
    count = 3000
    stream = []
    for index in range(count):
        body = (
            f"# module {index}\n"
            + "x = 1\n" * (index % 50)
            + (f"k = '{github_token(index)}'\n" if index == 2999 else "")
        )
        data = body.encode()
        stream.append(f"blob\nmark :{index + 1}\ndata {len(data)}\n".encode() + data + b"\n")
    stream.append(b"commit refs/heads/main\ncommitter Eve <eve@example.com> 1700000000 +0000\ndata 4\nbulk\n")
    stream.extend(f"M 100644 :{index + 1} src/f{index:04d}.py\n".encode() for index in range(count))
    subprocess.run(
        ["git", "-C", str(repo.path), "fast-import", "--quiet"], input=b"".join(stream), check=True, env=repo.env()
    )
    found = scan_history(repo.path, jobs=2)
    assert found.blobs == count and found.scanned == count
    (hit,) = found.hits
    assert hit.blob.path == "src/f2999.py" and hit.commit.author == "Eve"


def test_oversized_blob_is_an_error_not_a_silent_skip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "r")
    repo.write("big.txt", "a" * 2000)
    repo.commit("big")
    (tmp_path / "chainwatch.toml").write_text("[limits]\nmax-member-size = 1000\n")
    code, report = _run(capsys, str(repo.path), "--history", "--config", str(tmp_path / "chainwatch.toml"))
    assert code == 2 and report["results"][0]["verdict"] == "error"
    assert report["results"][0]["errors"][0]["path"].startswith("big.txt@")


def test_not_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "plain").mkdir()
    with pytest.raises(HistoryError):
        list_introductions(tmp_path / "plain")
    code, report = _run(capsys, str(tmp_path / "plain"), "--history")
    assert code == 2 and "git log failed" in report["results"][0]["errors"][0]["reason"]


def test_empty_repository_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "empty")
    code, report = _run(capsys, str(repo.path), "--history")
    assert code == 0 and report["results"][0]["verdict"] == "clean"


def test_inline_allow_in_history(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "r")
    repo.write(
        "tests/fixture.py",
        f'# chainwatch: allow secret.github-pat reason="revoked test token"\nT = "{github_token(7)}"\n',
    )
    repo.commit("fixture")
    code, report = _run(capsys, str(repo.path), "--history")
    assert code == 0 and "1 allowed by inline comment" in report["results"][0]["summary"]


def test_missing_blob_is_reported_and_the_rest_still_scanned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "r")
    repo.write("gone.txt", "this object will be lost\n")
    repo.write("kept.py", f'T = "{github_token(8)}"\n')
    repo.commit("two files")
    lost = repo.git("rev-parse", "HEAD:gone.txt")
    (repo.path / ".git" / "objects" / lost[:2] / lost[2:]).unlink()  # a damaged (or partial) clone
    code, report = _run(capsys, str(repo.path), "--history")
    (result,) = report["results"]
    assert code == 2 and result["errors"][0]["path"].startswith("gone.txt@")
    assert "missing" in result["errors"][0]["reason"]
    assert [f["path"] for f in result["findings"]] == ["kept.py"]
