"""The parsed advisory snapshot kept in the cache directory: read back while the snapshot file is the same,
parsed again when it changes or the cached copy is bad."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from vulns_fixtures import osv

from chainwatch import built_cache
from chainwatch.vulns import default_db, store
from chainwatch.vulns.snapshot import build_snapshot, write_snapshot

CACHED = Path(built_cache.FOLDER) / f"{store.DOCUMENT_CACHE_NAME}.pickle"


@pytest.fixture
def cache() -> Iterator[Path]:
    store._load.cache_clear()
    yield Path(os.environ["CHAINWATCH_CACHE_DIR"])
    store._load.cache_clear()


def _updated(*fixed: str) -> None:
    records = [osv(f"PYSEC-2099-{n}", "requests", [{"introduced": "0"}, {"fixed": v}]) for n, v in enumerate(fixed)]
    write_snapshot(build_snapshot(records, "tests", "2099-01-01"), store.cached_snapshot_path())


def _fresh_ids(name: str, version: str) -> list[str]:
    store._load.cache_clear()  # what a new process does
    return [m.id for m in default_db().affected(name, version)]


def test_a_second_process_reads_the_parsed_snapshot_back(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _updated("2.32.0")
    assert _fresh_ids("requests", "2.31.0") == ["PYSEC-2099-0"]
    assert (cache / CACHED).is_file()

    def refuse(*args: object) -> object:
        raise AssertionError("the snapshot was parsed again")

    monkeypatch.setattr(store, "parse_snapshot", refuse)
    assert _fresh_ids("requests", "2.31.0") == ["PYSEC-2099-0"]


def test_an_updated_snapshot_is_parsed_afresh(cache: Path) -> None:
    _updated("2.32.0")
    assert _fresh_ids("requests", "2.32.5") == []
    _updated("2.32.0", "2.33.0")
    assert _fresh_ids("requests", "2.32.5") == ["PYSEC-2099-1"]


def test_the_bundled_snapshot_reads_back_identical(cache: Path) -> None:
    parsed = store.parse_snapshot(store.BUNDLED_SNAPSHOT.read_bytes(), store.BUNDLED_SNAPSHOT)
    store._load.cache_clear()
    default_db()
    key = built_cache.fingerprint(str(store.BUNDLED_SNAPSHOT).encode(), store.BUNDLED_SNAPSHOT.read_bytes())
    assert built_cache.read(store.DOCUMENT_CACHE_NAME, key, dict) == parsed


@pytest.mark.parametrize(
    "body",
    [b"garbage", pickle.dumps({"format": "something else"}), pickle.dumps(["not", "a", "dict"])],
)
def test_a_bad_cached_copy_is_not_used(cache: Path, body: bytes) -> None:
    _updated("2.32.0")
    _fresh_ids("requests", "2.31.0")
    data = (cache / CACHED).read_bytes()
    cut = data.index(b"\n", data.index(b"\n") + 1) + 1
    (cache / CACHED).write_bytes(data[:cut] + body)
    assert _fresh_ids("requests", "2.31.0") == ["PYSEC-2099-0"]
