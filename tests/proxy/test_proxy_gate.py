"""Artifacts through the proxy: served only after vetting those exact bytes, blocked with an explanation,
verdicts cached by hash (and re-made when the analysis changes), each hash vetted once under concurrency."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import httpx
import pytest
from proxy_fixtures import (
    APP_WHEEL,
    BROKEN_WHEEL,
    EVIL_SDIST,
    HONEST_WHEEL,
    SQUAT_WHEEL,
    ProxyFactory,
    PypiServer,
    StaticIndex,
    digest_of,
    honest_wheel,
    sha256,
)

from chainwatch.index.names import parse_pinned
from chainwatch.model import Severity, Verdict
from chainwatch.proxy import Action, Allowance, Policy, ProxyUsageError, VetRecord, parse_allowances
from chainwatch.proxy.verdicts import FindingBrief


def file_url(proxy_url: str, packages: dict[str, Path], filename: str) -> str:
    return f"{proxy_url}/files/{digest_of(packages[filename])}/{filename}"


def get_via_page(proxy_index: str, project: str, filename: str) -> httpx.Response:
    """What an installer does: read the page, follow the file's link."""
    page_url = f"{proxy_index}{project}/"
    files = httpx.get(page_url, headers={"Accept": "application/vnd.pypi.simple.v1+json"}).json()["files"]
    (entry,) = [f for f in files if f["filename"] == filename]
    return httpx.get(httpx.URL(page_url).join(entry["url"]))


def test_benign_artifact_is_served_byte_for_byte(
    upstream: PypiServer, make_proxy: ProxyFactory, packages: dict[str, Path]
) -> None:
    proxy = make_proxy(upstream.url)
    answer = get_via_page(proxy.index_url, "cwfixture-honest", HONEST_WHEEL)
    assert answer.status_code == 200
    assert answer.content == packages[HONEST_WHEEL].read_bytes()
    assert answer.headers["x-chainwatch-verdict"] == "clean; serve"
    assert answer.headers["cache-control"] == "no-store"
    assert proxy.gate.vet_count == 1


def test_malicious_sdist_is_blocked_with_the_reasons(
    upstream: PypiServer, make_proxy: ProxyFactory, marker: Path
) -> None:
    log: list[str] = []
    proxy = make_proxy(upstream.url, log)
    answer = get_via_page(proxy.index_url, "cwproxy-evil", EVIL_SDIST)
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("text/plain")
    assert answer.reason_phrase.startswith("Blocked by chainwatch: cwproxy-evil 0.1 is malicious (malware.")
    body = answer.text
    assert "verdict: malicious" in body
    assert "malware.install-time-exfiltration" in body
    assert "setup.py" in body
    assert "--allow cwproxy-evil==0.1 --reason" in body
    assert any(line.startswith("BLOCK cwproxy_evil-0.1.tar.gz: malicious") for line in log)
    (event,) = proxy.gate.events
    assert event.action is Action.BLOCK and event.record.verdict is Verdict.MALICIOUS
    assert not marker.exists()


def test_typosquat_is_blocked_even_though_only_suspicious(
    upstream: PypiServer, make_proxy: ProxyFactory, packages: dict[str, Path]
) -> None:
    proxy = make_proxy(upstream.url)
    answer = httpx.get(file_url(proxy.url, packages, SQUAT_WHEEL))
    assert answer.status_code == 403
    assert "typosquat.imitates-popular-project" in answer.reason_phrase
    assert "imitates the popular project 'requests'" in answer.text
    assert "verdict: suspicious" in answer.text


def test_unanalysable_artifact_fails_closed(
    upstream: PypiServer, make_proxy: ProxyFactory, packages: dict[str, Path]
) -> None:
    proxy = make_proxy(upstream.url)
    answer = httpx.get(file_url(proxy.url, packages, BROKEN_WHEEL))
    assert answer.status_code == 403
    assert "is error" in answer.reason_phrase
    assert "could not be fully analysed" in answer.text
    assert "could not analyse:" in answer.text


def test_allow_serves_a_blocked_release_and_records_why(
    upstream: PypiServer, make_proxy: ProxyFactory, packages: dict[str, Path], tmp_path: Path
) -> None:
    log: list[str] = []
    allowances = parse_allowances(["reqeusts==1.0"], ["our internal shim, reviewed in TICKET-1"])
    proxy = make_proxy(upstream.url, log, allowances=allowances)
    answer = httpx.get(file_url(proxy.url, packages, SQUAT_WHEEL))
    assert answer.status_code == 200
    assert answer.content == packages[SQUAT_WHEEL].read_bytes()
    assert answer.headers["x-chainwatch-verdict"] == "suspicious; override"
    assert any(line.startswith("OVERRIDE reqeusts-1.0-py3-none-any.whl") and "TICKET-1" in line for line in log)
    records = (tmp_path / "cache" / "proxy" / "overrides.jsonl").read_text().splitlines()
    (record,) = [json.loads(line) for line in records]
    assert record["allow"] == "reqeusts==1.0"
    assert record["reason"] == "our internal shim, reviewed in TICKET-1"
    assert record["sha256"] == digest_of(packages[SQUAT_WHEEL])
    assert record["rules"] == ["typosquat.imitates-popular-project"]
    # The allowance covers that release only.
    assert httpx.get(file_url(proxy.url, packages, BROKEN_WHEEL)).status_code == 403


def test_fail_on_suspicious_blocks_suspicious(
    upstream: PypiServer, make_proxy: ProxyFactory, packages: dict[str, Path]
) -> None:
    record = _record(Verdict.SUSPICIOUS, [("malware.obfuscation", Severity.HIGH, 0.7)])
    assert Policy("malicious").judge(record).action is Action.WARN
    assert Policy("suspicious").judge(record).action is Action.BLOCK
    proxy = make_proxy(upstream.url, fail_on="suspicious")
    assert httpx.get(file_url(proxy.url, packages, HONEST_WHEEL)).status_code == 200


def test_second_request_is_a_verdict_cache_hit(
    upstream: PypiServer, make_proxy: ProxyFactory, packages: dict[str, Path], tmp_path: Path
) -> None:
    proxy = make_proxy(upstream.url)
    for filename in (HONEST_WHEEL, EVIL_SDIST, HONEST_WHEEL, EVIL_SDIST):
        httpx.get(file_url(proxy.url, packages, filename))
    assert proxy.gate.vet_count == 2
    stored = list((tmp_path / "cache" / "proxy" / "verdicts").rglob("*.json"))
    assert len(stored) == 2

    # A restarted proxy trusts the stored verdicts: it serves and blocks without vetting again.
    restarted = make_proxy(upstream.url)
    assert httpx.get(file_url(restarted.url, packages, HONEST_WHEEL)).status_code == 200
    assert httpx.get(file_url(restarted.url, packages, EVIL_SDIST)).status_code == 403
    assert restarted.gate.vet_count == 0


def test_a_changed_analysis_vets_again(
    upstream: PypiServer, make_proxy: ProxyFactory, packages: dict[str, Path]
) -> None:
    first = make_proxy(upstream.url)
    httpx.get(file_url(first.url, packages, HONEST_WHEEL))
    from chainwatch.pipeline import RunOptions

    # Disabling a rule changes what analysis can find, so old verdicts no longer hold.
    changed = make_proxy(upstream.url, run_options=RunOptions(disabled_rules=frozenset({"malware.exfiltration"})))
    assert httpx.get(file_url(changed.url, packages, HONEST_WHEEL)).status_code == 200
    assert changed.gate.vet_count == 1


def test_error_verdicts_are_not_cached(
    upstream: PypiServer, make_proxy: ProxyFactory, packages: dict[str, Path]
) -> None:
    proxy = make_proxy(upstream.url)
    httpx.get(file_url(proxy.url, packages, BROKEN_WHEEL))
    restarted = make_proxy(upstream.url)
    assert httpx.get(file_url(restarted.url, packages, BROKEN_WHEEL)).status_code == 403
    assert restarted.gate.vet_count == 1


def test_concurrent_requests_vet_once(
    upstream: PypiServer, make_proxy: ProxyFactory, packages: dict[str, Path]
) -> None:
    proxy = make_proxy(upstream.url)
    urls = [file_url(proxy.url, packages, name) for name in (EVIL_SDIST, APP_WHEEL)]
    answers: list[int] = []
    barrier = threading.Barrier(16)

    def fetch(url: str) -> None:
        barrier.wait()
        answers.append(httpx.get(url, timeout=60).status_code)

    threads = [threading.Thread(target=fetch, args=(urls[i % 2],)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200] * 8 + [403] * 8
    assert proxy.gate.vet_count == 2
    assert len([e for e in proxy.gate.events if e.action is Action.BLOCK]) == 1
    assert proxy.gate._locks == {}  # per-hash locks do not outlive their requests


def test_vetting_in_worker_processes(upstream: PypiServer, make_proxy: ProxyFactory, packages: dict[str, Path]) -> None:
    proxy = make_proxy(upstream.url, jobs=2)
    assert httpx.get(file_url(proxy.url, packages, HONEST_WHEEL), timeout=120).status_code == 200
    assert httpx.get(file_url(proxy.url, packages, EVIL_SDIST), timeout=120).status_code == 403


def test_hash_known_only_from_an_earlier_run_is_found_again(
    upstream: PypiServer, make_proxy: ProxyFactory, packages: dict[str, Path]
) -> None:
    # A lock file written against an earlier proxy names the file URL directly, without the page.
    proxy = make_proxy(upstream.url)
    assert httpx.get(file_url(proxy.url, packages, APP_WHEEL)).status_code == 200
    wrong_hash = f"{proxy.url}/files/{'0' * 64}/{APP_WHEEL}"
    assert httpx.get(wrong_hash).status_code == 404
    wrong_name = f"{proxy.url}/files/{digest_of(packages[APP_WHEEL])}/cwproxy_app-2.1-py3-none-any.whl"
    assert httpx.get(wrong_name).status_code == 404


def test_upstream_bytes_that_do_not_match_their_hash_are_refused(
    static_index: StaticIndex, make_proxy: ProxyFactory
) -> None:
    data = honest_wheel()
    static_index.add_file("/f/" + HONEST_WHEEL, data + b"tampered")
    static_index.add("/simple/cwfixture-honest/", f'<a href="/f/{HONEST_WHEEL}#sha256={sha256(data)}">x</a>')
    proxy = make_proxy(f"{static_index.base}/simple/")
    answer = httpx.get(f"{proxy.url}/files/{sha256(data)}/{HONEST_WHEEL}")
    assert answer.status_code == 403
    assert "discarded" in answer.text
    assert proxy.gate.vet_count == 0


def test_allowances_need_reasons_and_exact_pins() -> None:
    (allowance,) = parse_allowances(["Reqeusts==1.0"], ["shim"])
    assert allowance.matches("reqeusts", "1.0") and allowance.matches("reqeusts", "1.0.0")
    assert not allowance.matches("reqeusts", "1.1")
    assert len(parse_allowances(["a==1", "b==2"], ["one reason for both"])) == 2
    assert [a.reason for a in parse_allowances(["a==1", "b==2"], ["x", "y"])] == ["x", "y"]
    for pins, reasons in (
        (["a==1"], []),
        (["a==1"], ["  "]),
        (["a>=1"], ["r"]),
        (["a==1", "b==2", "c==3"], ["x", "y"]),
        ([], ["r"]),
    ):
        with pytest.raises(ProxyUsageError):
            parse_allowances(pins, reasons)


@pytest.mark.parametrize(
    ("verdict", "findings", "fail_on", "expected"),
    [
        (Verdict.CLEAN, [], "malicious", Action.SERVE),
        (Verdict.MALICIOUS, [("malware.install-network", Severity.CRITICAL, 0.9)], "malicious", Action.BLOCK),
        (Verdict.ERROR, [], "malicious", Action.BLOCK),
        (Verdict.SUSPICIOUS, [("malware.obfuscation", Severity.HIGH, 0.9)], "malicious", Action.WARN),
        (Verdict.SUSPICIOUS, [("typosquat.imitates-popular-project", Severity.HIGH, 0.9)], "malicious", Action.BLOCK),
        (Verdict.CLEAN, [("typosquat.imitates-popular-project", Severity.MEDIUM, 0.7)], "malicious", Action.SERVE),
        (Verdict.CLEAN, [("typosquat.imitates-popular-project", Severity.HIGH, 0.4)], "malicious", Action.SERVE),
    ],
)
def test_policy(verdict: Verdict, findings: list[tuple[str, Severity, float]], fail_on: str, expected: Action) -> None:
    assert Policy(fail_on).judge(_record(verdict, findings)).action is expected


def test_policy_override_keeps_the_reasons() -> None:
    pin = parse_pinned("cwtest==1.0")
    assert pin is not None
    policy = Policy("malicious", [Allowance(pin, "vendored and reviewed")])
    judgement = policy.judge(_record(Verdict.MALICIOUS, [("malware.install-network", Severity.CRITICAL, 0.9)]))
    assert judgement.action is Action.OVERRIDE
    assert judgement.reasons == ("its verdict is malicious",)
    assert judgement.allowance is not None and judgement.allowance.reason == "vendored and reviewed"


def _record(verdict: Verdict, findings: list[tuple[str, Severity, float]]) -> VetRecord:
    briefs = tuple(
        FindingBrief(rule, severity, confidence, rule, rule, "x.py") for rule, severity, confidence in findings
    )
    return VetRecord("0" * 64, "cwtest-1.0.tar.gz", "cwtest", "1.0", verdict, 0.5, "", briefs, (), 0.0, "f")


def test_records_survive_a_round_trip() -> None:
    record = _record(Verdict.SUSPICIOUS, [("malware.obfuscation", Severity.HIGH, 0.75)])
    assert VetRecord.from_json(json.loads(json.dumps(record.to_json()))) == record
