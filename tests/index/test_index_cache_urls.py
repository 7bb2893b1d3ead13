"""The content-addressed cache and the URL helpers that keep credentials out of sight."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from chainwatch.index.cache import ArtifactCache, CachedFile, ReleaseRecord, default_root
from chainwatch.index.errors import ConfigurationError, HashMismatch
from chainwatch.index.hashes import StreamingCheck, clean_hashes, strong_hash
from chainwatch.index.urls import parse_index_url, redact, scrub


def store(cache: ArtifactCache, data: bytes, filename: str) -> Path:
    with cache.incoming() as (handle, temporary):
        handle.write(data)
        handle.close()
        return cache.store(temporary, hashlib.sha256(data).hexdigest(), filename)


def test_layout_and_lookup(tmp_path: Path) -> None:
    cache = ArtifactCache(tmp_path)
    digest = hashlib.sha256(b"payload").hexdigest()
    path = store(cache, b"payload", "demo-1.0.tar.gz")
    assert path == tmp_path / "artifacts" / "sha256" / digest[:2] / digest[2:] / "demo-1.0.tar.gz"
    assert cache.lookup(digest, "demo-1.0.tar.gz") == path
    assert cache.lookup(digest, "other-1.0.tar.gz") is None
    assert cache.lookup(digest, "../../escape") is None
    assert not list((tmp_path / "artifacts" / "tmp").iterdir())
    path.write_bytes(b"changed")
    assert cache.lookup(digest, "demo-1.0.tar.gz") is None and not path.exists()


def test_refuses_unsafe_names_and_bad_digests(tmp_path: Path) -> None:
    cache = ArtifactCache(tmp_path)
    with pytest.raises(ValueError):
        cache.blob_dir("../" * 20)
    with pytest.raises(ValueError), cache.incoming() as (_handle, temporary):
        cache.store(temporary, "a" * 64, "../evil.tar.gz")


def test_release_records_round_trip(tmp_path: Path) -> None:
    cache = ArtifactCache(tmp_path)
    entry = CachedFile("demo-1.0.tar.gz", "https://i.example/f", {"sha256": "a" * 64}, yanked="", sha256="a" * 64)
    cache.write_release(ReleaseRecord("https://i.example/simple/", "Demo", "demo==1.0", (entry,)))
    record = cache.read_release("https://i.example/simple/", "demo", "demo==1.0")
    assert record is not None and record.files == (entry,)
    assert cache.read_release("https://other.example/simple/", "demo", "demo==1.0") is None
    assert cache.read_release("https://i.example/simple/", "demo", "demo==2.0") is None
    (written,) = (tmp_path / "artifacts" / "refs").rglob("*.json")
    written.write_text("{not json")
    assert cache.read_release("https://i.example/simple/", "demo", "demo==1.0") is None


def test_default_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHAINWATCH_CACHE_DIR", str(tmp_path / "explicit"))
    assert default_root() == tmp_path / "explicit"
    monkeypatch.delenv("CHAINWATCH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_root() == tmp_path / "xdg" / "chainwatch"


def test_redact_and_scrub() -> None:
    assert redact("https://user:pw@host.example/simple/") == "https://***@host.example/simple/"
    assert redact("https://token@host.example/") == "https://***@host.example/"
    assert redact("https://host.example/") == "https://host.example/"
    assert scrub("failed for pw and p%40ss", ("pw", "p@ss")) == "failed for *** and ***"


def test_parse_index_url() -> None:
    index = parse_index_url("HTTPS://User:P%40ss@Index.Example:8443/simple", "test")
    assert index.url == "https://index.example:8443/simple/"
    assert index.auth == ("User", "P@ss")
    assert index.project_url("Zope.Interface") == "https://index.example:8443/simple/zope-interface/"
    with pytest.raises(ConfigurationError, match="no host"):
        parse_index_url("https:///simple", "test")


def test_hashes() -> None:
    assert clean_hashes({"SHA256": "A" * 64, "md5": "short", "sha512": 5}) == {"sha256": "a" * 64}
    assert strong_hash({"md5": "0" * 32}) is None
    assert strong_hash({"sha512": "1" * 128, "sha256": "0" * 64}) == ("sha256", "0" * 64)
    check = StreamingCheck(("sha256", hashlib.sha256(b"ab").hexdigest()))
    check.update(b"a")
    check.update(b"b")
    assert check.finish("x") == hashlib.sha256(b"ab").hexdigest()
    wrong = StreamingCheck(("sha384", "0" * 96))
    wrong.update(b"ab")
    with pytest.raises(HashMismatch, match="sha384"):
        wrong.finish("x")


@pytest.mark.parametrize(
    ("field", "value"), [("hashes", ["x"]), ("hashes", {"sha256": 5}), ("size", True), ("url", None), ("sha256", 3)]
)
def test_tampered_release_record_is_ignored(tmp_path: Path, field: str, value: object) -> None:
    cache = ArtifactCache(tmp_path)
    entry = CachedFile("demo-1.0.tar.gz", "https://i.example/f", {"sha256": "a" * 64})
    cache.write_release(ReleaseRecord("https://i.example/simple/", "demo", "demo==1.0", (entry,)))
    (written,) = (tmp_path / "artifacts" / "refs").rglob("*.json")
    document = json.loads(written.read_text())
    document["files"][0][field] = value
    written.write_text(json.dumps(document))
    assert cache.read_release("https://i.example/simple/", "demo", "demo==1.0") is None
