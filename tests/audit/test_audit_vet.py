"""`audit --vet` end to end: a real pypiserver on loopback serves the index tests' fixture packages (an honest
project with an sdist and a wheel, and a defanged malicious sdist that is never run); the malware analyzer vets
what the dependency files pin, and its verdicts land in the verdict store the vetting proxy uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from audit_fixtures import audit, write
from index_fixtures import PypiServer
from vet_fixtures import EVIL_SDIST, HONEST_SDIST, HONEST_WHEEL, hash_of, stored_verdicts, vet_audit, vet_findings

from chainwatch.audit import AuditOptions, collect_inputs, run_audit
from chainwatch.audit.vet_options import VetSettings
from chainwatch.index.cache import sha256_of
from chainwatch.index.models import Selection
from chainwatch.index.pipconfig import load_settings
from chainwatch.pipeline import RunOptions
from chainwatch.proxy.config import ProxyConfig
from chainwatch.proxy.gate import Gate, Refused

def vetted_files(path: str, index: PypiServer) -> dict[str, list[str]]:
    """The files each pinned release had vetted, through the API the command uses."""
    settings = VetSettings(Selection.ALL, RunOptions(), jobs=1, index_url=index.url)
    options = AuditOptions(default_indexes=(index.url,), vet=settings, check_vulnerabilities=False)
    run = run_audit(collect_inputs([path], []), options)
    assert run.vetting is not None
    return {key.label: sorted(r.filename for r in o.records) for key, o in run.vetting.outcomes.items()}


@pytest.mark.parametrize("hashed", [False, True], ids=["no-hashes", "hashes"])
def test_malicious_pin_is_flagged_and_the_honest_one_is_clean(
    work: Path, index: PypiServer, packages: dict[str, Path], capsys: pytest.CaptureFixture[str], hashed: bool
) -> None:
    honest = f" --hash={hash_of(packages, HONEST_SDIST)} --hash={hash_of(packages, HONEST_WHEEL)}" if hashed else ""
    evil = f" --hash={hash_of(packages, EVIL_SDIST)}" if hashed else ""
    write(work / "requirements.txt", f"cwfixture-honest==1.0{honest}\ncwfixture-evil==0.1{evil}\n")
    run = vet_audit(capsys, index, "requirements.txt")
    assert run.code == 1
    (result,) = run.json()["results"]
    assert result["verdict"] == "malicious"
    (finding,) = vet_findings(result)
    assert finding["rule"] == "audit.malicious-dependency"
    assert finding["severity"] == "critical"
    assert finding["line"] == 2  # on the evil pin; the honest one has none
    assert EVIL_SDIST in finding["title"] and EVIL_SDIST in finding["message"]
    assert "malware.install" in finding["message"]  # the strongest analyzer findings are quoted
    assert finding["why"] and "chainwatch vet cwfixture-evil==0.1" in finding["remediation"]
    assert not [e for e in result["errors"] if e["fatal"]]
    assert "malware vetting: 3 files of 2 pinned releases (3 analysed, 0 verdicts from the cache)" in run.err


def test_only_the_files_whose_hashes_a_lock_records_are_vetted(
    work: Path, index: PypiServer, packages: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # The lock records the wheel alone: the sdist the index also lists is not what an installer would accept.
    write(
        work / "poetry.lock",
        "[[package]]\n"
        'name = "cwfixture-honest"\nversion = "1.0"\ndescription = ""\noptional = false\npython-versions = "*"\n'
        f'files = [\n    {{file = "{HONEST_WHEEL}", hash = "{hash_of(packages, HONEST_WHEEL)}"}},\n]\n\n'
        '[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "0"\n',
    )
    run = vet_audit(capsys, index, "poetry.lock")
    assert run.code == 0
    (result,) = run.json()["results"]
    assert result["verdict"] == "clean" and not vet_findings(result) and not result["errors"]
    assert "malware vetting: 1 file of 1 pinned release (1 analysed" in run.err
    assert vetted_files("poetry.lock", index) == {"cwfixture-honest==1.0": [HONEST_WHEEL]}


def test_artifacts_selects_files_when_no_hashes_are_recorded(
    work: Path, index: PypiServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write(work / "requirements.txt", "cwfixture-honest==1.0\n")
    run = vet_audit(capsys, index, "requirements.txt", "--artifacts", "wheels")
    assert run.code == 0
    assert "malware vetting: 1 file of 1 pinned release" in run.err
    (record,) = stored_verdicts(work.parent / "cache")
    assert HONEST_WHEEL in record.read_text()


def test_a_second_run_is_answered_by_the_verdict_store(
    work: Path, index: PypiServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write(work / "requirements.txt", "cwfixture-honest==1.0\ncwfixture-evil==0.1\n")
    first = vet_audit(capsys, index, "requirements.txt")
    stored = stored_verdicts(work.parent / "cache")
    assert len(stored) == 3
    contents = [p.read_bytes() for p in stored]
    second = vet_audit(capsys, index, "requirements.txt")
    assert "(0 analysed, 3 verdicts from the cache)" in second.err
    assert [p.read_bytes() for p in stored_verdicts(work.parent / "cache")] == contents  # nothing re-analysed
    assert second.code == first.code == 1
    assert vet_findings(second.json()["results"][0]) == vet_findings(first.json()["results"][0])


def test_offline_vetting_is_skipped_without_a_socket(
    work: Path, capsys: pytest.CaptureFixture[str], no_network: list[Any]
) -> None:
    write(work / "requirements.txt", "cwfixture-honest==1.0\ncwfixture-evil==0.1\nsix>=1.0\n")
    run = audit(capsys, "requirements.txt", "--vet", "--offline", "--index-url", "https://index.invalid/simple/")
    assert no_network == []
    (result,) = run.json()["results"]
    reasons = [e["reason"] for e in result["errors"]]
    assert (
        "malware vetting of 2 pinned dependencies (cwfixture-evil==0.1, cwfixture-honest==1.0): no file hashes "
        "recorded to look cached verdicts up by; skipped (--offline)"
    ) in reasons
    assert "malware vetting: six: not pinned to one version; not vetted" in reasons
    assert not [e for e in result["errors"] if e["fatal"]] and not vet_findings(result)
    assert not stored_verdicts(work.parent / "cache")


def test_a_release_that_cannot_be_fetched_fails_closed_alone(
    work: Path, index: PypiServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        work / "requirements.txt",
        "cwfixture-honest==1.0\ncwfixture-missing==1.0\ncwfixture-honest==0.9 --hash=sha256:" + "0" * 64 + "\n",
    )
    run = vet_audit(capsys, index, "requirements.txt")
    assert run.code == 2
    (result,) = run.json()["results"]
    assert result["verdict"] == "error"
    fatal = {e["path"]: e["reason"] for e in result["errors"] if e["fatal"]}
    assert set(fatal) == {"requirements.txt:2", "requirements.txt:3"}
    assert "cwfixture-missing==1.0" in fatal["requirements.txt:2"] and "not found" in fatal["requirements.txt:2"]
    assert "no file" in fatal["requirements.txt:3"] and "hash the input records" in fatal["requirements.txt:3"]
    # The rest of the run went on: the honest release was vetted.
    assert "malware vetting: 2 files of 3 pinned releases (2 analysed, 0 verdicts from the cache); 2 could not" in (
        run.err
    )
    assert vet_audit(capsys, index, "requirements.txt", "--allow-errors").code == 0


def test_config_turns_vetting_on(work: Path, index: PypiServer, capsys: pytest.CaptureFixture[str]) -> None:
    write(work / "chainwatch.toml", "[audit]\nvet = true\n")
    write(work / "requirements.txt", "cwfixture-evil==0.1\n")
    run = audit(
        capsys, "requirements.txt", "--index-url", index.url, "-j", "1", "--disable", "vuln.known-vulnerability"
    )
    assert run.code == 1
    assert [f["rule"] for f in vet_findings(run.json()["results"][0])] == ["audit.malicious-dependency"]
    write(work / "chainwatch.toml", '[audit]\nvet = "yes"\n')
    assert audit(capsys, "requirements.txt").code == 2


def test_the_vetting_proxy_reuses_the_audits_verdicts(
    work: Path, index: PypiServer, packages: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    write(work / "requirements.txt", "cwfixture-evil==0.1\n")
    vet_audit(capsys, index, "requirements.txt")
    gate = Gate(ProxyConfig(settings=load_settings(index.url)), lambda _line: None)
    try:
        outcome = gate.artifact(sha256_of(packages[EVIL_SDIST]), EVIL_SDIST)
        assert isinstance(outcome, Refused) and outcome.status == 403  # blocked on the audit's verdict...
        assert gate.vet_count == 0  # ...without analysing the file again
    finally:
        gate.close()
