"""Adoption workflow: baselines (count-aware, edit-proof, versioned), inline allow comments, pre-commit, SARIF."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema.validators import validator_for
from secret_fixtures import Repo, github_token

from chainwatch.analyzers.secrets import baseline as baseline_module
from chainwatch.analyzers.secrets.allow import AllowStatus, check_allow, parse_comment
from chainwatch.analyzers.secrets.baseline import Baseline, BaselineError
from chainwatch.cli import main

ROOT = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["secrets", *args, "--format", "json", "-j", "1"])
    return code, json.loads(capsys.readouterr().out)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# -- baselines --------------------------------------------------------------------------------------------
@pytest.fixture()
def legacy(tmp_path: Path) -> Path:
    root = tmp_path / "code"
    _write(root / "app" / "settings.py", f'TOKEN = "{github_token(41)}"\nOTHER = "{github_token(42)}"\n')
    _write(root / "app" / "clean.py", "x = 1\n")
    return root


def test_baseline_adoption_then_only_new_secrets_fail(
    legacy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    code, report = _run(capsys, str(legacy), "--baseline", str(baseline), "--update-baseline")
    assert code == 0 and "2 accepted by baseline" in report["results"][0]["summary"]
    text = baseline.read_text()
    assert github_token(41) not in text and github_token(42) not in text
    document = json.loads(text)
    assert document["version"] == 1 and [e["count"] for e in document["findings"]] == [1, 1]
    assert all("line" not in e for e in document["findings"])
    # Old code passes the gate…
    assert _run(capsys, str(legacy), "--baseline", str(baseline))[0] == 0
    # …even after edits move the secrets around (no line numbers in fingerprints)…
    settings = legacy / "app" / "settings.py"
    settings.write_text("# header\n\n" + settings.read_text())
    assert _run(capsys, str(legacy), "--baseline", str(baseline))[0] == 0
    # …but a new secret fails it, and only the new one is reported.
    _write(legacy / "app" / "new.py", f'KEY = "{github_token(43)}"\n')
    code, report = _run(capsys, str(legacy), "--baseline", str(baseline))
    assert code == 1 and [f["path"] for f in report["results"][0]["findings"]] == ["app/new.py"]


def test_count_aware_an_accepted_finding_cannot_hide_a_new_identical_one(
    legacy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    _run(capsys, str(legacy), "--baseline", str(baseline), "--update-baseline")
    settings = legacy / "app" / "settings.py"
    settings.write_text(settings.read_text() + f'COPY = "{github_token(41)}"\n')  # same rule, path and value
    code, report = _run(capsys, str(legacy), "--baseline", str(baseline))
    assert code == 1 and len(report["results"][0]["findings"]) == 1
    assert "2 accepted by baseline" in report["results"][0]["summary"]


def test_partial_update_keeps_entries_of_files_not_scanned(
    legacy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pre-commit run sees only staged files; updating must not forget the rest of the repository."""
    baseline = tmp_path / "baseline.json"
    monkeypatch.chdir(legacy)
    _run(capsys, ".", "--baseline", str(baseline), "--update-baseline")
    _write(legacy / "lib" / "extra.py", f'K = "{github_token(44)}"\n')
    _run(capsys, "lib/extra.py", "./app/clean.py", "--baseline", str(baseline), "--update-baseline")
    paths = sorted(e["path"] for e in json.loads(baseline.read_text())["findings"])
    assert paths == ["app/settings.py", "app/settings.py", "lib/extra.py"]
    # Single files and whole trees produce the same fingerprints for the same file.
    assert _run(capsys, "./app/settings.py", "--baseline", str(baseline))[0] == 0
    assert _run(capsys, ".", "--baseline", str(baseline))[0] == 0


def test_baseline_errors(legacy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.json"
    assert main(["secrets", str(legacy), "--baseline", str(missing)]) == 2
    assert main(["secrets", str(legacy), "--update-baseline"]) == 2
    future = _write(tmp_path / "future.json", json.dumps({"kind": "chainwatch-secrets-baseline", "version": 99}))
    assert main(["secrets", str(legacy), "--baseline", str(future)]) == 2
    assert "upgrade chainwatch" in capsys.readouterr().err
    for bad in ["[]", "{", json.dumps({"kind": "other", "version": 1})]:
        with pytest.raises(BaselineError):
            Baseline.from_document(json.loads(bad) if bad != "{" else bad)
    with pytest.raises(BaselineError):
        Baseline.from_document(
            {"kind": "chainwatch-secrets-baseline", "version": 1, "findings": [{"fingerprint": "x", "count": 1}]}
        )


def test_migration_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    """A future version 2 plugs a migration in; version-1 files are upgraded on load."""

    def one_to_two(document: dict[str, Any]) -> dict[str, Any]:
        entries = [{**e, "count": e.get("count", 1) * 1} for e in document["findings"]]
        return {**document, "version": 2, "findings": entries}

    monkeypatch.setattr(baseline_module, "VERSION", 2)
    monkeypatch.setitem(baseline_module.MIGRATIONS, 1, one_to_two)
    fingerprint = "0123456789abcdef" * 2
    loaded = Baseline.from_document(
        {
            "kind": "chainwatch-secrets-baseline",
            "version": 1,
            "findings": [{"fingerprint": fingerprint, "rule": "secret.x", "path": "a", "count": 3}],
        }
    )
    assert loaded.entries[fingerprint].count == 3
    monkeypatch.setitem(baseline_module.MIGRATIONS, 1, lambda d: d)  # a broken step never loops
    with pytest.raises(BaselineError):
        Baseline.from_document({"kind": "chainwatch-secrets-baseline", "version": 1, "findings": []})


# -- inline allow comments ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        '# chainwatch: allow secret.github-pat reason="test fixture"\nT = "{token}"\n',
        'T = "{token}"  # chainwatch: allow secret.github-pat reason="test fixture"\n',
        "const t = \"{token}\"; // chainwatch: allow secret.github-pat reason='docs example'\n",
        '<!-- chainwatch: allow secret.github-pat, secret.slack-bot-token reason="sample page" -->\n<p>{token}</p>\n',
        '  /* chainwatch: allow secret.github-pat reason="fixture" */\n  t = "{token}";\n',
    ],
)
def test_allow_comment_forms(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "t" / "f.txt", text.format(token=github_token(45)))
    code, report = _run(capsys, str(tmp_path / "t"))
    assert code == 0 and report["results"][0]["findings"] == []
    assert "1 allowed by inline comment" in report["results"][0]["summary"]
    code, report = _run(capsys, str(tmp_path / "t"), "--no-inline-allow")
    assert code == 1 and len(report["results"][0]["findings"]) == 1


def test_allow_without_reason_keeps_the_finding_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path / "t" / "a.py", f'T = "{github_token(46)}"  # chainwatch: allow secret.github-pat\n')
    _write(tmp_path / "t" / "b.py", f'T = "{github_token(47)}"  # chainwatch: allow secret.aws-key reason="x"\n')
    code, report = _run(capsys, str(tmp_path / "t"))
    messages = {f["path"]: f["message"] for f in report["results"][0]["findings"]}
    assert code == 1 and "a reason is required" in messages["a.py"]
    assert "names other rules (secret.aws-key)" in messages["b.py"]


def test_allow_comment_is_not_honoured_inside_archives(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pkg/conf.py", f'T = "{github_token(48)}"  # chainwatch: allow secret.github-pat reason="x"\n')
    (tmp_path / "pkg-1.0-py3-none-any.whl").write_bytes(buffer.getvalue())
    code, report = _run(capsys, str(tmp_path / "pkg-1.0-py3-none-any.whl"))
    assert code == 1 and len(report["results"][0]["findings"]) == 1


def test_allow_line_above_only_when_it_is_a_comment_line() -> None:
    data = f'x = 1  # chainwatch: allow secret.github-pat reason="r"\nT = "{github_token(49)}"\n'.encode()
    assert check_allow(data, data.index(b"ghp_"), "secret.github-pat") is None
    data = f'#chainwatch:allow secret.github-pat reason="r"\nT = "{github_token(49)}"\n'.encode()
    decision = check_allow(data, data.index(b"ghp_"), "secret.github-pat")
    assert decision is not None and decision.status is AllowStatus.ALLOWED and decision.reason == "r"
    malformed = parse_comment(b"# chainwatch: allow secret.github-pat reason=unquoted")
    assert malformed is not None and malformed.status is AllowStatus.MALFORMED
    assert check_allow(b"a" * 100_000, 99_000, "secret.x") is None  # long lines stay cheap


# -- pre-commit and reports --------------------------------------------------------------------------------
def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = [h for h in hooks if h["id"] == "chainwatch-secrets"]
    assert hook["entry"].split() == ["chainwatch", "secrets"]
    assert hook["language"] == "python" and hook["pass_filenames"] is True


def test_pre_commit_style_run_on_staged_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What pre-commit does: run the hook's entry with the staged file names from the repository root."""
    repo = Repo(tmp_path / "r")
    repo.write("ok.py", "x = 1\n")
    repo.write("leak.py", f'T = "{github_token(50)}"\n')
    repo.git("add", "ok.py", "leak.py")
    staged = repo.git("diff", "--cached", "--name-only").split()
    monkeypatch.chdir(repo.path)
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    code = main([*hook["entry"].split()[1:], *hook.get("args", []), *staged])
    out = capsys.readouterr().out
    assert code == 1 and "leak.py" in out and github_token(50) not in out


def test_sarif_carries_history_facts_as_result_properties(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "r")
    repo.write("conf.py", f'T = "{github_token(51)}"\n')
    sha = repo.commit("leak", author="Bob", email="bob@example.com", date="2020-01-02T03:04:05+00:00")
    code = main(["secrets", str(repo.path), "--history", "--format", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_for(schema)(schema).validate(sarif)
    (result,) = sarif["runs"][0]["results"]
    assert code == 1 and result["properties"]["git-commit"] == sha
    assert result["properties"]["git-author"] == "Bob <bob@example.com>"
    (rule,) = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert not any(t.startswith("git-") for t in rule["properties"]["tags"])  # rules stay per-rule


def test_text_output_is_redacted_and_counts_allowed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "t" / "a.py", f'T = "{github_token(52)}"\n')
    _write(tmp_path / "t" / "b.py", f'T = "{github_token(53)}"  # chainwatch: allow secret.github-pat reason="ok"\n')
    code = main(["secrets", str(tmp_path / "t"), "-v"])
    out = capsys.readouterr().out
    assert code == 1 and "1 allowed by inline comment" in out
    assert github_token(52) not in out and github_token(53) not in out and "ghp_…(40)" in out
