"""The built index kept on disk: read back when nothing changed, rebuilt when anything did or the file is bad,
and never a reason for a run to fail."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from chainwatch import built_cache
from chainwatch.analyzers.typosquat import PopularIndex, default_index, popular, refreshed_snapshot_path

SNAPSHOT = "# source: test\n1\trequests\t9000000\n2\tnumpy\t8000000\n3\tbarely-listed\t1000\n"
CACHE_FILE = Path(built_cache.FOLDER) / f"{popular.INDEX_CACHE_NAME}.pickle"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache directory holding a refreshed snapshot, and no index loaded in this process yet."""
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv("CHAINWATCH_CACHE_DIR", str(folder))
    refreshed_snapshot_path().write_text(SNAPSHOT, encoding="utf-8")
    popular._load_cached.cache_clear()
    yield folder
    popular._load_cached.cache_clear()


def _fresh_load() -> PopularIndex:
    popular._load_cached.cache_clear()  # what a new process would do
    return default_index()


def _no_building(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> PopularIndex:
        raise AssertionError("the index was built, not read back")

    monkeypatch.setattr(popular, "parse_snapshot", refuse)


def test_a_second_process_reads_the_index_back_unchanged(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = _fresh_load()
    assert (cache / CACHE_FILE).is_file()
    _no_building(monkeypatch)
    read_back = _fresh_load()
    assert read_back is not built
    assert vars(read_back) == vars(built)  # every attribute, whatever indexes the class grows


def test_the_bundled_index_read_back_equals_a_fresh_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAINWATCH_CACHE_DIR", str(tmp_path))
    popular._load_cached.cache_clear()
    try:
        first = popular.bundled_index()
        popular._load_cached.cache_clear()
        second = popular.bundled_index()
    finally:
        popular._load_cached.cache_clear()
    assert (tmp_path / CACHE_FILE).is_file()
    assert vars(second) == vars(popular.load_snapshot(popular.BUNDLED_SNAPSHOT)) == vars(first)


def test_a_changed_snapshot_is_indexed_afresh(cache: Path) -> None:
    assert "flask" not in _fresh_load()
    refreshed_snapshot_path().write_text(SNAPSHOT + "4\tflask\t7000000\n", encoding="utf-8")
    changed = _fresh_load()
    assert "flask" in changed and changed.get("flask") is not None
    assert "flask" in _fresh_load()  # and the new index is what is cached now


def test_edited_source_changes_the_key(tmp_path: Path) -> None:
    (tmp_path / "names.py").write_text("SEPARATORS = '-_.'\n")
    before = built_cache.source_fingerprint(tmp_path)
    (tmp_path / "names.py").write_text("SEPARATORS = '-_. '\n")
    assert built_cache.source_fingerprint(tmp_path) != before
    (tmp_path / "new_module.py").write_text("")
    assert built_cache.source_fingerprint(tmp_path) not in (before, built_cache.source_fingerprint(tmp_path / "x"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda header, body: b"not a cache file at all",
        lambda header, body: header + body[: len(body) // 2],  # cut short
        lambda header, body: header + bytes(len(body)),  # right key, garbage pickle
        lambda header, body: header[:-2] + b"x\n" + body,  # another key
    ],
)
def test_a_damaged_cache_file_is_rebuilt(cache: Path, damage: object) -> None:
    expected = vars(_fresh_load())
    data = (cache / CACHE_FILE).read_bytes()
    cut = data.index(b"\n", data.index(b"\n") + 1) + 1
    (cache / CACHE_FILE).write_bytes(damage(data[:cut], data[cut:]))  # type: ignore[operator]
    assert vars(_fresh_load()) == expected
    assert (cache / CACHE_FILE).read_bytes() == data  # and the good file written again


class _Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch planted-ran",))


def test_a_planted_cache_file_cannot_run_code(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    expected = vars(_fresh_load())
    data = (cache / CACHE_FILE).read_bytes()
    cut = data.index(b"\n", data.index(b"\n") + 1) + 1
    (cache / CACHE_FILE).write_bytes(data[:cut] + pickle.dumps(_Planted()))
    assert vars(_fresh_load()) == expected
    assert not (tmp_path / "planted-ran").exists()


def test_an_unwritable_cache_directory_only_costs_the_rebuild(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("CHAINWATCH_CACHE_DIR", str(blocker / "cache"))  # cannot be created, even by root
    popular._load_cached.cache_clear()
    try:
        index = popular.bundled_index()
    finally:
        popular._load_cached.cache_clear()
    assert "requests" in index and index.get("requests") is not None
    assert not (blocker / "cache").exists()


def test_no_temporary_files_are_left_behind(cache: Path) -> None:
    _fresh_load()
    refreshed_snapshot_path().write_text(SNAPSHOT + "4\tflask\t7000000\n", encoding="utf-8")
    _fresh_load()
    assert sorted(p.name for p in (cache / built_cache.FOLDER).iterdir()) == [CACHE_FILE.name]
