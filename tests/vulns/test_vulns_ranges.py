"""OSV range semantics: the compiled intervals against the spec's evaluation loop."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from osv_reference import literal_events_affected
from packaging.version import Version

from chainwatch.vulns.ranges import compile_range

V = Version


def covers(events: list[tuple[str, str]], version: str) -> bool:
    return V(version) in compile_range(events)


@pytest.mark.parametrize(
    ("events", "inside", "outside"),
    [
        # introduced "0": everything below the fix, the earliest versions included
        (
            [("introduced", "0"), ("fixed", "2.3.0")],
            ["0", "0.0.1", "1.0a1", "2.2.99", "2.3.0rc1"],
            ["2.3.0", "2.3", "3"],
        ),
        # fixed excludes its version, last_affected includes it
        ([("introduced", "1.0"), ("fixed", "1.5")], ["1.0", "1.4.9"], ["0.9", "1.5", "1.5.0.post1"]),
        ([("introduced", "1.0"), ("last_affected", "1.5")], ["1.0", "1.5", "1.5.0"], ["1.5.0.post1", "1.5.1", "0.9"]),
        # no fix at all: open-ended
        ([("introduced", "1.0")], ["1.0", "99"], ["0.9"]),
        # limit caps an open range; "*" is infinity; several limits: below any of them
        ([("introduced", "1.0"), ("limit", "1.5")], ["1.4"], ["1.5", "2.0"]),
        ([("introduced", "1.0"), ("limit", "*")], ["1.4", "9.0"], ["0.1"]),
        ([("introduced", "1.0"), ("limit", "1.5"), ("limit", "3.0")], ["2.0"], ["3.0"]),
        # multiple introduced/fixed pairs in one range, written out of order
        (
            [("fixed", "3.2.5"), ("introduced", "3.0.0"), ("fixed", "1.0.2"), ("introduced", "1.0.0")],
            ["1.0.0", "1.0.1", "3.0.0", "3.2.4"],
            ["0.9", "1.0.2", "2.0", "3.2.5"],
        ),
        # a fix before the introduction: only from the (re-)introduction on
        ([("introduced", "0"), ("fixed", "1.0"), ("introduced", "2.0")], ["0.5", "2.0", "5"], ["1.0", "1.9"]),
        # pre-releases and dev releases order before their release
        (
            [("introduced", "2.0.0a1"), ("fixed", "2.0.0")],
            ["2.0.0a1", "2.0.0b3", "2.0.0rc1"],
            ["2.0.0.dev1", "1.9", "2.0"],
        ),
        # local versions order after their public version
        ([("introduced", "0"), ("fixed", "1.2")], ["1.1+ubuntu1"], ["1.2+ubuntu1"]),
        # post-releases order after their release
        ([("introduced", "0"), ("fixed", "1.2.post1")], ["1.2"], ["1.2.post1", "1.2.post2"]),
        # epochs dominate everything
        ([("introduced", "0"), ("fixed", "2.0")], ["1.9"], ["1!0.1"]),
        # no introduced at all: the loop never turns vulnerable
        ([("fixed", "2.0")], [], ["0.1", "1.9", "2.0"]),
    ],
)
def test_range_semantics(events: list[tuple[str, str]], inside: list[str], outside: list[str]) -> None:
    for version in inside:
        assert covers(events, version), (events, version)
        assert literal_events_affected(V(version), events)
    for version in outside:
        assert not covers(events, version), (events, version)
        assert not literal_events_affected(V(version), events)


def test_fixed_versions_are_collected_sorted() -> None:
    compiled = compile_range([("introduced", "3.0"), ("fixed", "3.2"), ("introduced", "0"), ("fixed", "2.2.1")])
    assert compiled.fixed == (V("2.2.1"), V("3.2"))


def test_unparsable_event_versions_resolve_towards_reporting() -> None:
    # An unreadable fix cannot end the range; an unreadable introduction starts it at "0".
    assert covers([("introduced", "0"), ("fixed", "2019-09-12")], "5.0")
    assert covers([("introduced", "not.a.version"), ("fixed", "2.0")], "0.1")
    assert not covers([("introduced", "not.a.version"), ("fixed", "2.0")], "2.0")
    # An unreadable limit is treated as "*" rather than hiding everything.
    assert covers([("introduced", "1.0"), ("limit", "junk!")], "7.0")
    assert compile_range([("introduced", "0"), ("fixed", "0.2.0-n653")]).fixed == ()


def test_ties_keep_written_order() -> None:
    # introduced and fixed at one version: the later event wins, as in `sorted()` (stable).
    assert not covers([("introduced", "1.0"), ("fixed", "1.0")], "1.0")
    assert covers([("fixed", "1.0"), ("introduced", "1.0")], "1.0")


_VERSIONS = st.builds(
    lambda major, minor, pre: f"{major}.{minor}{pre}",
    st.integers(0, 4),
    st.integers(0, 3),
    st.sampled_from(["", "", "", "rc1", "a1", ".post1", ".dev0", "+local"]),
)
_EVENTS = st.lists(
    st.tuples(st.sampled_from(["introduced", "introduced", "fixed", "last_affected", "limit"]), _VERSIONS)
    | st.just(("introduced", "0"))
    | st.just(("limit", "*")),
    min_size=0,
    max_size=7,
)


@settings(max_examples=400, deadline=None)
@given(events=_EVENTS, probes=st.lists(_VERSIONS, min_size=1, max_size=12))
def test_compiled_range_equals_the_spec_loop(events: list[tuple[str, str]], probes: list[str]) -> None:
    compiled = compile_range(events)
    points = probes + [v for _, v in events if v not in ("0", "*")]  # event bounds are where bugs hide
    for text in points:
        version = V(text)
        assert (version in compiled) == literal_events_affected(version, events), (events, text)
