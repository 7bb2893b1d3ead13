"""Engine behaviour: identical results on both backends, redaction, binary handling, anchoring, caching."""

from __future__ import annotations

import json
import random
import zlib
from pathlib import Path

import pytest

from chainwatch.analyzers.secrets import DETECTORS, Scanner, scan_bytes, to_finding
from chainwatch.analyzers.secrets.prefilter import HyperscanIndex, PythonIndex, hyperscan_available
from chainwatch.analyzers.secrets.scan import Blob, ScanSettings, cached_scan, default_scanner, scan_blobs
from chainwatch.analyzers.secrets.validate import base62_encode
from chainwatch.model import Report, TargetResult, Verdict
from chainwatch.reports import RENDERERS

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _github_token(seed: int) -> str:
    rng = random.Random(seed)
    body = "".join(rng.choice(ALNUM) for _ in range(30))
    return "gh" + "p_" + body + base62_encode(zlib.crc32(body.encode()), 6)


def _mixed_document() -> bytes:
    """All examples, in several formats, with noise between them: a broad equivalence input."""
    rng = random.Random(7)
    parts = []
    for detector in DETECTORS:
        if detector.path_pattern:
            continue
        parts.append(detector.positive)
        parts.append(detector.negative)
        parts.append("".join(rng.choice(ALNUM + " =:'\"\n") for _ in range(200)))
    return "\n".join(parts).encode()


def _signature(matches: list) -> list[tuple]:  # type: ignore[type-arg]
    return [(m.rule, m.line, m.column, m.start, m.end, m.confidence, m.snippet, m.check) for m in matches]


def test_backends_give_identical_results() -> None:
    if not hyperscan_available():
        return
    data = _mixed_document()
    python = Scanner(DETECTORS, backend="python")
    hyper = Scanner(DETECTORS, backend="hyperscan")
    for path in ("src/app.py", "conf/app.env", "docs/readme.md", "deploy/values.yaml"):
        assert _signature(python.scan_bytes(path, data)) == _signature(hyper.scan_bytes(path, data))


def test_prefilter_hits_are_identical_including_overlaps_and_case() -> None:
    if not hyperscan_available():
        return
    keywords = [b"aaa", b"key", b"AKIA", b"-----begin"]
    data = b"aaaaaaa KEY key Key AKIA akia -----BEGIN " * 50
    assert PythonIndex(keywords).hits(data) == HyperscanIndex(keywords).hits(data)


def test_keyword_database_is_cached_and_a_damaged_cache_is_rebuilt(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if not hyperscan_available():
        return
    import hyperscan

    keywords = [b"aaa", b"key", b"AKIA", b"-----begin"]
    data = b"aaaaaaa KEY key Key AKIA akia -----BEGIN " * 50
    expected = PythonIndex(keywords).hits(data)
    assert HyperscanIndex(keywords, tmp_path).hits(data) == expected
    (stored,) = tmp_path.glob("keywords-*.hsdb")
    whole = stored.read_bytes()
    with monkeypatch.context() as patched:  # a second index cannot compile: it must load the stored one
        patched.setattr(hyperscan, "Database", None)
        assert HyperscanIndex(keywords, tmp_path).hits(data) == expected
    # Damage Hyperscan itself does not notice (a zeroed tail) is caught by the stored checksum: rebuilt.
    stored.write_bytes(whole[:-50] + bytes(50))
    assert HyperscanIndex(keywords, tmp_path).hits(data) == expected
    assert stored.read_bytes() == whole
    assert HyperscanIndex(keywords[:2], tmp_path).hits(data) == PythonIndex(keywords[:2]).hits(data)  # own file
    assert len(list(tmp_path.glob("keywords-*.hsdb"))) == 2


def test_github_checksum_raises_confidence(scanner: Scanner) -> None:
    good = _github_token(1)
    bad = good[:-1] + ("A" if good[-1] != "A" else "B")
    (valid,) = scanner.scan_bytes("a.py", f'token = "{good}"'.encode())
    (invalid,) = scanner.scan_bytes("a.py", f'token = "{bad}"'.encode())
    assert valid.rule == invalid.rule == "secret.github-pat"
    assert valid.check == "valid" and invalid.check == "bad-checksum"
    assert valid.confidence > invalid.confidence


def test_secret_is_never_rendered(scanner: Scanner) -> None:
    token = _github_token(2)
    password = "Qz8" + "wK2" + "pL9" + "xR4"
    data = f'token = "{token}"\ndb_password = "{password}"  # same line: {token}\n'.encode()
    matches = scanner.scan_bytes("src/settings.py", data)
    assert {m.rule for m in matches} >= {"secret.github-pat", "secret.generic-password"}
    findings = [to_finding(m) for m in matches]
    result = TargetResult("src", Verdict.SUSPICIOUS, 0.9, findings=findings)
    report = Report("secrets", [result], "test")
    rendered = [renderer(report) for renderer in RENDERERS.values()]
    rendered.append(json.dumps([f.to_dict() for f in findings]))
    rendered.extend(repr(m) for m in matches)
    for text in rendered:
        assert token not in text and password not in text
        assert token[4:20] not in text
    assert all("…(" in m.snippet for m in matches)
    assert matches[0].redacted.startswith("ghp_")


def test_evidence_key_is_stable_and_opaque(scanner: Scanner) -> None:
    token = _github_token(3)
    first = scanner.scan_bytes("a.py", f'x = "{token}"'.encode())[0]
    moved = scanner.scan_bytes("b.py", f'\n\n    y = "{token}"'.encode())[0]
    assert first.evidence_key == moved.evidence_key
    assert token not in first.evidence_key
    assert to_finding(first).fingerprint != to_finding(moved).fingerprint  # path is part of the fingerprint


def test_binary_files_are_skipped_unless_asked() -> None:
    token = _github_token(4)
    data = b"\x00\x01\x02binary" + f' token = "{token}" '.encode()
    assert Scanner(DETECTORS, backend="python").scan_bytes("blob.bin", data) == []
    assert Scanner(DETECTORS, backend="python", include_binary=True).scan_bytes("blob.bin", data)


def test_keystore_detected_by_name_and_magic(scanner: Scanner) -> None:
    der = b"0\x82\x0a\x10\x02\x01\x03" + bytes(range(256))
    assert [m.rule for m in scanner.scan_bytes("certs/server.p12", der)] == ["secret.pkcs12-keystore"]
    assert scanner.scan_bytes("certs/server.bin", der) == []


def test_long_lines_are_matched_in_windows(scanner: Scanner) -> None:
    token = _github_token(5)
    line = "var a=1;" * 20000 + f'var t="{token}";' + "var b=2;" * 20000
    (match,) = scanner.scan_bytes("bundle.min.js", line.encode())
    assert match.rule == "secret.github-pat" and match.line == 1
    assert len(match.snippet) < 400


def test_a_verified_token_is_reported_even_if_its_body_spells_a_placeholder_word(scanner: Scanner) -> None:
    body = "Zk4TodoQ9wLm2Xr7Fake1Bn8Cv3Dp6"  # random tokens spell `todo`, `fake`, `xxxxx` about once in 10,000
    valid = "gh" + "p_" + body + base62_encode(zlib.crc32(body.encode()), 6)
    bad = valid[:-1] + ("0" if valid[-1] != "0" else "1")
    assert [m.rule for m in scanner.scan_bytes("app.py", f'token = "{valid}"'.encode())] == ["secret.github-pat"]
    # Without the checksum the placeholder reading stands: a doc's `ghp_…Fake…` is not reported.
    assert not [m for m in scanner.scan_bytes("app.py", f'token = "{bad}"'.encode()) if m.rule == "secret.github-pat"]
    assert not scanner.scan_bytes("app.py", b'token = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"')


def test_test_paths_lower_confidence(scanner: Scanner) -> None:
    data = f'token = "{_github_token(6)}"'.encode()
    prod = scanner.scan_bytes("src/app.py", data)[0]
    test = scanner.scan_bytes("tests/test_app.py", data)[0]
    assert test.confidence < prod.confidence


def test_lines_and_columns_are_one_based_lines_zero_based_columns(scanner: Scanner) -> None:
    token = _github_token(7)
    data = f"# é header\n\n  x = '{token}'\n".encode()
    (match,) = scanner.scan_bytes("a.py", data)
    assert (match.line, match.column) == (3, 7)


def test_multiline_private_key_spans_lines(scanner: Scanner) -> None:
    detector = next(d for d in DETECTORS if d.id == "secret.private-key")
    data = ("config = 1\n" + detector.positive).encode()
    (match,) = scanner.scan_bytes("id_rsa", data)
    assert match.line == 2 and match.end_line > match.line
    assert match.snippet.startswith("-----BEGIN RSA PRIVATE KEY-----…(")


def test_module_level_api_and_cache() -> None:
    token = _github_token(8)
    data = f'token = "{token}"'.encode()
    assert [m.rule for m in scan_bytes("a.py", data)] == ["secret.github-pat"]
    scanner = default_scanner()
    first, digest_a = cached_scan(scanner, "a.py", data)
    again, digest_b = cached_scan(scanner, "other/b.py", data)
    assert digest_a == digest_b and again[0].path == "other/b.py" and first[0].path == "a.py"


def test_scan_blobs_keeps_input_order_in_parallel(tmp_path) -> None:  # type: ignore[no-untyped-def]
    blobs = []
    for i in range(24):
        path = tmp_path / f"f{i:02}.py"
        path.write_text(f'token = "{_github_token(100 + i)}"\n' if i % 3 == 0 else "x = 1\n")
        blobs.append(Blob(display=path.name, path=str(path)))
    serial = scan_blobs(blobs, ScanSettings(backend="python"), jobs=1)
    parallel = scan_blobs(blobs, ScanSettings(backend="python"), jobs=2)
    assert [r.display for r in serial] == [r.display for r in parallel] == [b.display for b in blobs]
    assert [len(r.matches) for r in serial] == [len(r.matches) for r in parallel]
    assert sum(len(r.matches) for r in serial) == 8


def test_scan_blobs_reads_files_up_to_the_size_limit_and_special_files_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = f'token = "{_github_token(11)}"\n'.encode()
    at_limit = tmp_path / "at_limit.py"
    at_limit.write_bytes(secret.ljust(200, b"#"))
    over = tmp_path / "over.py"
    over.write_bytes(secret.ljust(201, b"#"))
    empty = tmp_path / "empty.py"
    empty.write_bytes(b"")
    blobs = [Blob(display=p.name, path=str(p)) for p in (at_limit, over, empty)]
    results = scan_blobs(blobs, ScanSettings(backend="python", max_size=200), jobs=1)
    assert [len(r.matches) for r in results[:3]] == [1, 0, 0]
    assert results[0].size == 200 and not results[0].error
    assert results[1].error == "larger than 200 bytes; not scanned"
    assert results[2].size == 0 and not results[2].error
    # /proc files report size 0 yet have content: read whole, and held to the limit like any file.
    if Path("/proc/self/status").exists():
        status = Blob(display="status", path="/proc/self/status")
        whole, capped = (
            scan_blobs([status], ScanSettings(backend="python", max_size=n), jobs=1)[0] for n in (1 << 20, 50)
        )
        assert whole.size > 50 and not whole.error
        assert capped.error == "larger than 50 bytes; not scanned"
    missing = scan_blobs([Blob(display="gone", path=str(tmp_path / "gone"))], ScanSettings(backend="python"), jobs=1)
    assert missing[0].error.startswith("unreadable:")


def test_scan_blobs_reads_allow_comments_beside_matches_when_asked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    allowed = f'token = "{_github_token(7)}"  # chainwatch: allow secret.github-pat reason="fixture"\n'
    other = f'token = "{_github_token(8)}"  # chainwatch: allow secret.slack-token reason="x"\n'
    plain = f'token = "{_github_token(9)}"\n'
    blobs = [Blob(display=f"f{i}.py", data=text.encode()) for i, text in enumerate([allowed, other, plain] * 4)]
    for jobs in (1, 2):
        asked = scan_blobs(blobs, ScanSettings(backend="python", allow_comments=True), jobs=jobs)
        statuses = [[a.status.value if a else None for a in r.allows or []] for r in asked[:3]]
        assert statuses == [["allowed"], ["other-rules"], [None]]
        assert all(r.allows is None for r in scan_blobs(blobs, ScanSettings(backend="python"), jobs=jobs))


def test_missing_binding_falls_back_to_python(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import builtins

    from chainwatch.analyzers.secrets.prefilter import build_index

    real_import = builtins.__import__

    def no_hyperscan(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "hyperscan":
            raise ImportError("not installed")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_hyperscan)
    assert build_index([b"key"]).backend == "python"
    monkeypatch.setenv("CHAINWATCH_NO_HYPERSCAN", "1")
    assert build_index([b"key"]).backend == "python"


# Published examples, assembled here so the repository holds no credential-shaped literal.
_RFC6749_ACCESS_TOKEN = "2YotnFZ" + "FEjr1zCsicMWpAA"
_JWT_IO_SAMPLE = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
    + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)


@pytest.mark.parametrize(
    "line",
    [f'"access_token":"{_RFC6749_ACCESS_TOKEN}",', f"Authorization: Bearer {_JWT_IO_SAMPLE}"],
)
def test_published_examples_are_not_reported_but_look_alikes_are(scanner: Scanner, line: str) -> None:
    assert scanner.scan_bytes("docs/oauth.md", line.encode()) == []
    # One character changed: no longer the public example, so a credential again.
    changed = line.replace("ZFE", "ZFF").replace("w5c", "w5d")
    assert changed != line
    assert scanner.scan_bytes("docs/oauth.md", changed.encode())


def test_every_snippet_of_a_line_full_of_secrets_is_redacted(scanner: Scanner) -> None:
    # Hundreds of tokens on one line (a minified bundle, a dump): each snippet shows its own redacted form
    # and its neighbours' redacted forms, never a value, with no token dropped by the overlap pass.
    tokens = [_github_token(1000 + i) for i in range(300)]
    matches = scanner.scan_bytes("dist/bundle.js", ("var t=[" + ",".join(f'"{t}"' for t in tokens) + "];").encode())
    assert [m.start for m in matches] == sorted(m.start for m in matches)
    assert len(matches) == len(tokens)
    for match in matches:
        assert match.redacted in match.snippet
        assert not any(token in match.snippet for token in tokens)
