"""The index: lookups, the deletion and pigeonhole neighbourhoods, snapshot selection."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainwatch.analyzers.typosquat import PopularIndex, SnapshotError, default_index, load_snapshot
from chainwatch.analyzers.typosquat.edits import describe, distance
from chainwatch.analyzers.typosquat.names import core, fold, shape, skeleton
from chainwatch.analyzers.typosquat.popular import (
    PopularProject,
    active_snapshot_path,
    max_edits,
    parse_snapshot,
    refreshed_snapshot_path,
)
from chainwatch.data.derive_popular import BUNDLED_SNAPSHOT


def _reference(a: str, b: str) -> int:
    rows = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


@settings(max_examples=500, deadline=None)
@given(st.text("abcd", max_size=9), st.text("abcd", max_size=9), st.integers(0, 3))
def test_banded_distance_matches_the_full_table(a: str, b: str, limit: int) -> None:
    assert distance(a, b, limit) == min(_reference(a, b), limit + 1)


@settings(max_examples=200, deadline=None)
@given(st.text("abcdefgh", min_size=9, max_size=20), st.data())
def test_neighbours_within_two_edits_are_found(target: str, data: st.DataObject) -> None:
    candidate = target
    for _ in range(2):
        k = data.draw(st.integers(0, max(0, len(candidate) - 1)))
        op = data.draw(st.sampled_from(["del", "ins", "sub"]))
        letter = data.draw(st.sampled_from("xyz"))
        candidate = {
            "del": candidate[:k] + candidate[k + 1 :],
            "ins": candidate[:k] + letter + candidate[k:],
            "sub": candidate[:k] + letter + candidate[k + 1 :],
        }[op]
    index = PopularIndex([PopularProject(target, 1, 10**9), PopularProject("filler", 2, 1)])
    if distance(candidate, target, 2) <= max_edits(len(target)):
        assert PopularProject(target, 1, 10**9) in index.near(candidate)


def test_describe_labels() -> None:
    assert [e.technique for e in describe("reqeusts", "requests")] == ["transposition"]
    assert [e.technique for e in describe("requestss", "requests")] == ["doubled letter"]
    assert [e.technique for e in describe("rewuests", "requests")] == ["keyboard slip"]
    assert [e.technique for e in describe("requets", "requests")] == ["one-letter deletion"]
    assert [e.technique for e in describe("pi1low", "pillow")] == ["homoglyph"]
    assert [e.technique for e in describe("tensxoflow", "tensorflow")] == ["keyboard slip", "one-letter deletion"]
    assert describe("pypdf3", "pypdf2")[0].digits_only


def test_name_forms() -> None:
    assert fold("R\u0435quests").normalized == "requests" and fold("R\u0435quests").unicode_lookalikes
    assert fold("Ｒequests").normalized == "requests"  # full-width folds under NFKC
    assert skeleton("rnatplotlib") == skeleton("matplotlib")
    assert shape("pi11ow") == shape("pillow")
    assert core("python-dateutil") == core("dateutil") == "dateutll"
    assert core("pyyaml") == shape("yaml")


def test_lookups(index: PopularIndex) -> None:
    assert "Requests" in index and "no-such-project-here" not in index
    assert index.get("PyYAML") is not None
    assert index.floor == index.projects[-1].downloads
    assert [p.name for p in index.by_skeleton(skeleton("scikitlearn"))] == ["scikit-learn"]


def test_malformed_snapshot() -> None:
    with pytest.raises(SnapshotError):
        parse_snapshot("# header only\n")
    with pytest.raises(SnapshotError):
        parse_snapshot("1\trequests\n")
    with pytest.raises(SnapshotError):
        load_snapshot(Path("/nonexistent/popular.txt"))


def test_a_refreshed_snapshot_takes_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAINWATCH_CACHE_DIR", str(tmp_path))
    assert active_snapshot_path() == BUNDLED_SNAPSHOT
    refreshed_snapshot_path().write_text("1\tonly-one\t100\n")
    assert active_snapshot_path() == tmp_path / "popular-pypi.txt"
    assert [p.name for p in default_index().projects] == ["only-one"]


def test_a_check_is_fast(index: PopularIndex) -> None:
    import time

    from chainwatch.analyzers.typosquat import check_name

    rng = random.Random(5)
    names = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 14))) for _ in range(300)]
    started = time.perf_counter()
    for name in names:
        check_name(name, popular=index)
    assert (time.perf_counter() - started) / len(names) < 0.01  # generous: ~0.3 ms on a laptop
