"""Matching against a database: explicit versions, withdrawn, aliases, fixes, invalid versions, specifiers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from osv_reference import is_vulnerable
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from vulns_fixtures import database, osv

from chainwatch.model import Severity
from chainwatch.vulns import UnparsableVersion

INTRO0_FIX = [{"introduced": "0"}, {"fixed": "2.3.0"}]


def ids(matches: list) -> list[str]:  # type: ignore[type-arg]
    return [m.id for m in matches]


def test_names_are_normalised_both_ways() -> None:
    db = database(osv("PYSEC-1", "Foo_Bar.baz", INTRO0_FIX))
    assert ids(db.affected("foo-bar-baz", "1.0")) == ["PYSEC-1"]
    assert ids(db.affected("FOO.BAR_BAZ", "1.0")) == ["PYSEC-1"]
    assert db.affected("foo-bar", "1.0") == []


def test_explicit_versions_match_by_pep440_equality() -> None:
    db = database(osv("PYSEC-1", "pkg", versions=["1.0", "1.1.0", "2.0rc1", "1.5+deb1", "2004d"]))
    assert ids(db.affected("pkg", "1.0.0")) == ["PYSEC-1"]  # 1.0.0 == 1.0
    assert ids(db.affected("pkg", "1.1")) == ["PYSEC-1"]
    assert ids(db.affected("pkg", "2.0.0-rc.1")) == ["PYSEC-1"]  # normalised spelling
    assert ids(db.affected("pkg", "1.5+deb1")) == ["PYSEC-1"]
    assert db.affected("pkg", "1.5") == []  # a local label is significant for equality
    assert db.affected("pkg", "1.0.1") == []
    assert db.affected("pkg", "2.0") == []
    assert db.affected("pkg", "1.0")[0].matched_by == ("version",)


def test_versions_and_ranges_are_a_union() -> None:
    db = database(osv("PYSEC-1", "pkg", [{"introduced": "1.0"}, {"fixed": "1.2"}], versions=["0.5", "1.1"]))
    assert ids(db.affected("pkg", "0.5")) == ["PYSEC-1"]
    assert ids(db.affected("pkg", "1.1.5")) == ["PYSEC-1"]
    assert db.affected("pkg", "0.6") == []


def test_withdrawn_advisories_never_match() -> None:
    db = database(
        osv("PYSEC-1", "pkg", INTRO0_FIX, withdrawn="2024-02-02T00:00:00Z"),
        osv("PYSEC-2", "pkg", INTRO0_FIX),
    )
    assert ids(db.affected("pkg", "1.0")) == ["PYSEC-2"]
    assert [a.id for a in db.advisories_for("pkg")] == ["PYSEC-1", "PYSEC-2"]


def test_aliases_are_merged_under_the_pysec_id() -> None:
    db = database(
        osv("GHSA-aaaa-bbbb-cccc", "pkg", INTRO0_FIX, aliases=["CVE-2024-1"]),
        osv("PYSEC-2024-9", "pkg", INTRO0_FIX, aliases=["CVE-2024-1", "GHSA-aaaa-bbbb-cccc"]),
        osv("GHSA-zzzz-yyyy-xxxx", "pkg", INTRO0_FIX, aliases=["CVE-2024-7"]),  # no PYSEC: its CVE leads
        osv("MAL-2024-5", "pkg", INTRO0_FIX),
    )
    matches = db.affected("pkg", "2.0")
    assert ids(matches) == ["CVE-2024-7", "MAL-2024-5", "PYSEC-2024-9"]
    pysec = matches[2]
    assert pysec.aliases == ("CVE-2024-1", "GHSA-aaaa-bbbb-cccc")
    assert {a.id for a in pysec.advisories} == {"PYSEC-2024-9", "GHSA-aaaa-bbbb-cccc"}
    assert matches[0].aliases == ("GHSA-zzzz-yyyy-xxxx",)


def test_fix_version_is_the_smallest_fix_above_the_installed_version() -> None:
    events = [
        {"introduced": "0"},
        {"fixed": "1.2.5"},
        {"introduced": "2.0"},
        {"fixed": "2.1.3"},
        {"introduced": "3.0"},
        {"fixed": "3.0.1"},
    ]
    db = database(osv("PYSEC-1", "pkg", events))
    assert db.affected("pkg", "1.0")[0].fix_version == "1.2.5"
    assert db.affected("pkg", "1.0")[0].fix_versions == ("1.2.5", "2.1.3", "3.0.1")
    assert db.affected("pkg", "2.1")[0].fix_version == "2.1.3"
    assert db.affected("pkg", "2.1")[0].fix_versions == ("2.1.3", "3.0.1")
    assert db.affected("pkg", "3.0")[0].fix_version == "3.0.1"


def test_a_fix_that_is_itself_listed_as_affected_is_skipped() -> None:
    db = database(osv("PYSEC-1", "pkg", [{"introduced": "0"}, {"fixed": "1.1"}, {"fixed": "1.3"}], versions=["1.1"]))
    # the range says fixed at 1.1, but the explicit list says 1.1 is affected: recommend 1.3
    assert db.affected("pkg", "1.0")[0].fix_version == "1.3"


def test_last_affected_only_has_no_fix() -> None:
    db = database(osv("PYSEC-1", "pkg", [{"introduced": "0"}, {"last_affected": "1.11.0"}]))
    match = db.affected("pkg", "1.11.0")[0]
    assert (match.fix_version, match.fix_versions) == (None, ())
    assert db.affected("pkg", "1.11.1") == []


def test_merged_aliases_recommend_the_fix_that_clears_all() -> None:
    db = database(
        osv("PYSEC-1", "pkg", [{"introduced": "0"}, {"fixed": "2.0"}], aliases=["GHSA-a"]),
        osv("GHSA-a", "pkg", [{"introduced": "0"}, {"fixed": "2.1"}]),
    )
    match = db.affected("pkg", "1.0")[0]
    assert (match.id, match.fix_version, match.fix_versions) == ("PYSEC-1", "2.1", ("2.0", "2.1"))


def test_pre_release_and_local_installed_versions() -> None:
    db = database(osv("PYSEC-1", "pkg", [{"introduced": "1.0"}, {"fixed": "2.0"}]))
    assert ids(db.affected("pkg", "2.0rc2")) == ["PYSEC-1"]
    assert ids(db.affected("pkg", "1.0.dev3")) == []
    assert ids(db.affected("pkg", "1.9+corp.2")) == ["PYSEC-1"]
    assert db.affected("pkg", "2.0+corp.2") == []
    assert ids(db.affected("pkg", Version("1.5"))) == ["PYSEC-1"]


def test_invalid_installed_versions_fail_closed() -> None:
    db = database(
        osv("PYSEC-1", "pkg", INTRO0_FIX),
        osv("PYSEC-2", "pkg", versions=["2004d"]),
        osv("PYSEC-3", "only-lists", versions=["2004d"]),
    )
    with pytest.raises(UnparsableVersion) as raised:
        db.affected("pkg", "2004d")
    assert ids(raised.value.partial) == ["PYSEC-2"]  # what could be decided is kept
    assert "not a PEP 440 version" in str(raised.value)
    # Without ranges there is nothing left undecided: exact string matches are the whole answer.
    assert ids(db.affected("only-lists", "2004d")) == ["PYSEC-3"]
    assert db.affected("only-lists", "2004e") == []
    assert db.affected("unknown", "whatever") == []


def test_severity_comes_from_cvss_then_database_label() -> None:
    db = database(
        osv(
            "PYSEC-1",
            "a",
            INTRO0_FIX,
            severity=[{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
        ),
        osv("GHSA-b", "b", INTRO0_FIX, database_specific={"severity": "MODERATE", "cwe_ids": ["CWE-79"]}),
        osv("PYSEC-3", "c", INTRO0_FIX),
    )
    a = db.affected("a", "1")[0]
    assert (a.severity, a.advisories[0].cvss_score) == (Severity.CRITICAL, 9.8)
    b = db.affected("b", "1")[0]
    assert (b.severity, b.advisories[0].cwe) == (Severity.MEDIUM, ("CWE-79",))
    assert db.affected("c", "1")[0].severity is None


@pytest.mark.parametrize(
    ("specifier", "expected"),
    [
        ("", ["PYSEC-1", "PYSEC-2", "PYSEC-3"]),
        (">=2.3", ["PYSEC-2", "PYSEC-3"]),
        (">=2.3,<3", []),
        ("~=3.1", ["PYSEC-2", "PYSEC-3"]),
        ("==3.1.*", ["PYSEC-2"]),
        ("==3.5", ["PYSEC-3"]),  # an explicit version only
        ("==2.2.9", ["PYSEC-1"]),
        (">2.3.0,<=3.0", ["PYSEC-2"]),  # last_affected is inclusive
        ("<1", ["PYSEC-1"]),
        ("!=1.0", ["PYSEC-1", "PYSEC-2", "PYSEC-3"]),
        (">=4", []),
    ],
)
def test_possibly_affected(specifier: str, expected: list[str]) -> None:
    db = database(
        osv("PYSEC-1", "pkg", INTRO0_FIX),
        osv("PYSEC-2", "pkg", [{"introduced": "3.0"}, {"last_affected": "3.1.4"}]),
        osv("PYSEC-3", "pkg", versions=["3.5"]),
        osv("PYSEC-4", "pkg", INTRO0_FIX, withdrawn="2024-01-02T00:00:00Z"),
    )
    assert ids(db.possibly_affected("pkg", specifier)) == expected


def test_possibly_affected_suggests_a_lower_bound() -> None:
    db = database(
        osv("PYSEC-1", "pkg", [{"introduced": "0"}, {"fixed": "2.3.0"}, {"introduced": "3"}, {"fixed": "3.0.2"}])
    )
    (match,) = db.possibly_affected("pkg", ">=2.0")
    assert (match.version, match.specifier, match.fix_version) == (None, ">=2.0", "2.3.0")
    with pytest.raises(ValueError, match="invalid version specifier"):
        db.possibly_affected("pkg", "=>2")


_V = st.builds(
    lambda a, b, s: f"{a}.{b}{s}", st.integers(0, 3), st.integers(0, 3), st.sampled_from(["", "", "rc1", ".post1"])
)
_EVENT = st.one_of(
    st.builds(lambda v: {"introduced": v}, _V | st.just("0")),
    st.builds(lambda v: {"fixed": v}, _V),
    st.builds(lambda v: {"last_affected": v}, _V),
    st.builds(lambda v: {"limit": v}, _V),
)
_SPEC = st.builds(
    lambda op, v: f"{op}{v}",
    st.sampled_from([">=", ">", "<", "<=", "==", "~=", "!="]),
    _V.filter(lambda v: "post" not in v),
)


@settings(max_examples=250, deadline=None)
@given(
    events=st.lists(_EVENT, max_size=5),
    listed=st.lists(_V, max_size=3),
    clauses=st.lists(_SPEC, min_size=1, max_size=2),
    probes=st.lists(_V, min_size=1, max_size=10),
)
def test_affected_agrees_with_the_spec_and_possibly_affected_never_misses(
    events: list[dict[str, str]], listed: list[str], clauses: list[str], probes: list[str]
) -> None:
    record = osv("PYSEC-1", "pkg", events, versions=listed)
    db = database(record)
    spec = SpecifierSet(",".join(clauses))
    possible = ids(db.possibly_affected("pkg", spec))
    for version in probes + listed:
        expected = is_vulnerable("pkg", version, record)
        assert (ids(db.affected("pkg", version)) == ["PYSEC-1"]) == expected, (events, listed, version)
        if expected and spec.contains(version, prereleases=True):
            assert possible == ["PYSEC-1"], (events, listed, str(spec), version)
