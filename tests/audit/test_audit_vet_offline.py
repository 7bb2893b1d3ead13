"""`audit --vet --offline`: no connection is made, and the verdicts an earlier online `--vet` run stored (keyed by
file sha256 and the analysis fingerprint) answer for every file whose hash the input records; the rest is listed
as skipped, never guessed and never an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_fixtures import Run, audit, write
from index_fixtures import PypiServer
from vet_fixtures import EVIL_SDIST, HONEST_SDIST, HONEST_WHEEL, hash_of, stored_verdicts, vet_audit, vet_findings

from chainwatch.proxy import verdicts

UNKNOWN_SHA256 = "sha256:" + "0" * 64


def offline_audit(capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest, *args: str) -> Run:
    no_network: list[object] = request.getfixturevalue("no_network")  # from here on every connection fails
    run = audit(
        capsys, "requirements.txt", "--vet", "--offline", "--index-url", "https://index.invalid/simple/",
        "--disable", "vuln.known-vulnerability", *args,
    )  # fmt: skip
    assert no_network == []
    return run


def notes(run: Run) -> list[str]:
    (result,) = run.json()["results"]
    assert not [e for e in result["errors"] if e["fatal"]]  # skipped offline is a note, not a failure
    return [e["reason"] for e in result["errors"]]


def test_offline_run_reuses_the_online_verdicts_and_lists_the_rest_as_skipped(
    work: Path,
    index: PypiServer,
    packages: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    honest = f"cwfixture-honest==1.0 --hash={hash_of(packages, HONEST_SDIST)} --hash={hash_of(packages, HONEST_WHEEL)}"
    evil = f"cwfixture-evil==0.1 --hash={hash_of(packages, EVIL_SDIST)}"
    write(work / "requirements.txt", f"{honest}\n{evil}\n")
    online = vet_audit(capsys, index, "requirements.txt")
    assert online.code == 1
    stored = {p: p.read_bytes() for p in stored_verdicts(work.parent / "cache")}
    assert len(stored) == 3

    # Offline, the same pins plus what the cache cannot answer: a recorded file never vetted, a pin without
    # hashes, a pin whose only hash is not a sha256, and a range.
    write(
        work / "requirements.txt",
        f"{honest} --hash={UNKNOWN_SHA256}\n{evil}\ncwfixture-later==2.0\n"
        f"cwfixture-sha512==1.0 --hash=sha512:{'a' * 128}\nsix>=1.0\n",
    )
    run = offline_audit(capsys, request)
    assert run.code == 1
    assert vet_findings(run.json()["results"][0]) == vet_findings(online.json()["results"][0])
    (finding,) = vet_findings(run.json()["results"][0])
    assert finding["rule"] == "audit.malicious-dependency" and EVIL_SDIST in finding["title"]
    assert sorted(notes(run)) == [
        "malware vetting of 1 pinned dependency (cwfixture-honest==1.0): 1 of 3 recorded files without a verdict "
        "cached by an online --vet run of the current analysis; skipped (--offline)",
        "malware vetting of 1 pinned dependency (cwfixture-later==2.0): no file hashes recorded to look cached "
        "verdicts up by; skipped (--offline)",
        "malware vetting of 1 pinned dependency (cwfixture-sha512==1.0): no sha256 file hash recorded to look "
        "cached verdicts up by; skipped (--offline)",
        "malware vetting: six: not pinned to one version; not vetted",
    ]
    assert (
        "malware vetting: 3 files of 4 pinned releases (0 analysed, 3 verdicts from the cache); "
        "3 skipped or vetted in part (--offline)"
    ) in run.err
    assert {p: p.read_bytes() for p in stored_verdicts(work.parent / "cache")} == stored  # read, never rewritten


def test_offline_without_any_cached_verdict_skips_every_pin(
    work: Path, packages: dict[str, Path], capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest
) -> None:
    write(work / "requirements.txt", f"cwfixture-evil==0.1 --hash={hash_of(packages, EVIL_SDIST)}\n")
    run = offline_audit(capsys, request)
    assert run.code == 0 and not vet_findings(run.json()["results"][0])
    assert notes(run) == [
        "malware vetting of 1 pinned dependency (cwfixture-evil==0.1): 1 of 1 recorded files without a verdict "
        "cached by an online --vet run of the current analysis; skipped (--offline)"
    ]


@pytest.mark.parametrize("change", ["analyzer rules", "disabled rule"])
def test_verdicts_of_other_analysis_rules_are_not_reused(
    work: Path,
    index: PypiServer,
    packages: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
) -> None:
    write(work / "requirements.txt", f"cwfixture-evil==0.1 --hash={hash_of(packages, EVIL_SDIST)}\n")
    assert vet_audit(capsys, index, "requirements.txt").code == 1
    assert offline_audit(capsys, request).code == 1  # the same analysis: answered from the cache

    if change == "analyzer rules":  # what an upgrade or an edited rule does to the fingerprint's code digest
        monkeypatch.setattr(verdicts, "_code_digest", lambda: "rules of another chainwatch")
        run = offline_audit(capsys, request)
    else:
        run = offline_audit(capsys, request, "--disable", "malware.install-network")
    assert run.code == 0 and not vet_findings(run.json()["results"][0])
    assert notes(run) == [
        "malware vetting of 1 pinned dependency (cwfixture-evil==0.1): 1 of 1 recorded files without a verdict "
        "cached by an online --vet run of the current analysis; skipped (--offline)"
    ]
    assert "(0 analysed, 0 verdicts from the cache); 1 skipped or vetted in part (--offline)" in run.err


def test_a_lock_files_recorded_hashes_are_answered_offline(
    work: Path,
    index: PypiServer,
    packages: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    write(
        work / "poetry.lock",
        "[[package]]\n"
        'name = "cwfixture-evil"\nversion = "0.1"\ndescription = ""\noptional = false\npython-versions = "*"\n'
        f'files = [\n    {{file = "{EVIL_SDIST}", hash = "{hash_of(packages, EVIL_SDIST)}"}},\n]\n\n'
        '[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "0"\n',
    )
    assert vet_audit(capsys, index, "poetry.lock").code == 1
    request.getfixturevalue("no_network")
    run = audit(capsys, "poetry.lock", "--vet", "--offline", "--disable", "vuln.known-vulnerability")
    assert run.code == 1
    (result,) = run.json()["results"]
    assert [f["rule"] for f in vet_findings(result)] == ["audit.malicious-dependency"] and not result["errors"]
    assert "malware vetting: 1 file of 1 pinned release (0 analysed, 1 verdicts from the cache)\n" in run.err
