"""Each technique: a squat it must catch and a look-alike it must leave alone."""

from __future__ import annotations

import pytest

from chainwatch.analyzers.typosquat import PopularIndex, check_name

POSITIVES = [
    # (name, imitated project, technique)
    ("requets", "requests", "one-letter deletion"),
    ("matplotlb", "matplotlib", "one-letter deletion"),
    ("reqxuests", "requests", "one-letter insertion"),
    ("panadas", "pandas", "one-letter insertion"),
    ("requestss", "requests", "doubled letter"),
    ("numpyy", "numpy", "doubled letter"),
    ("reqeusts", "requests", "transposition"),
    ("pandsa", "pandas", "transposition"),
    ("rewuests", "requests", "keyboard slip"),
    ("setuptoolz", "setuptools", "keyboard slip"),
    ("requebts", "requests", "one-letter substitution"),
    ("bo3to", "boto3", "moved character"),
    ("tenorsflow", "tensorflow", "moved character"),
    ("requstsss", "requests", "repeated letter"),
    ("pi11ow", "pillow", "homoglyph"),
    ("tensorfl0w", "tensorflow", "homoglyph"),
    ("rnatplotlib", "matplotlib", "homoglyph"),
    ("vvheel", "wheel", "homoglyph"),
    ("r\u0435quests", "requests", "homoglyph"),  # Cyrillic 'е'
    ("djang\u043e", "django", "homoglyph"),  # Cyrillic 'о'
    ("scikitlearn", "scikit-learn", "separator change"),
    ("python-requests", "requests", "prefix/suffix"),
    ("pyrequests", "requests", "prefix/suffix"),
    ("requests-py", "requests", "prefix/suffix"),
    ("dateutil", "python-dateutil", "prefix/suffix"),
    ("requests2", "requests", "prefix/suffix"),
    ("requests-toolbelt-stealer", "requests-toolbelt", "combosquat"),
    ("beautifulsoup-new", "beautifulsoup4", "combosquat"),
    ("numpy-latest", "numpy", "combosquat"),
    ("colorama-update", "colorama", "combosquat"),
]

NEGATIVES = [
    # (name, technique it resembles, why it is left alone)
    ("tqm", "one-letter deletion", "three letters: too short to tell a slip from another name"),
    ("smclarifyx", "one-letter insertion", "the target is barely in the snapshot: not worth imitating"),
    ("pytest-cov", "doubled letter", "a real extension"),
    ("tdqm", "transposition", "popular itself (popularity-ratio rule)"),
    ("toolz", "keyboard slip", "popular itself (popularity-ratio rule)"),
    ("scapy", "one-letter substitution", "popular itself (popularity-ratio rule)"),
    ("dosk", "one-letter substitution", "four letters: only slips, not arbitrary letters, are trusted"),
    ("nmpuy", "moved character", "a letter moved in a five-letter name is too often another word"),
    ("smclarifyyy", "repeated letter", "the target is barely in the snapshot"),
    ("sm0larify", "homoglyph", "the target is barely in the snapshot"),
    ("python_dateutil", "separator change", "the same project under PEP 503"),
    ("Python.Dateutil", "separator change", "the same project under PEP 503"),
    ("pathlib3", "prefix/suffix", "version digits alone make forks; only the very top projects count"),
    ("pyjwt", "prefix/suffix", "popular itself"),
    ("jwt", "prefix/suffix", "popular itself"),
    ("requests-oauthlib", "combosquat", "extension by an ordinary word"),
    ("types-requests", "combosquat", "typing stubs"),
    ("requests-mock", "combosquat", "extension by an ordinary word"),
    ("my-requests-helper", "combosquat", "ordinary words only"),
]


@pytest.mark.parametrize(("name", "target", "technique"), POSITIVES)
def test_catches(index: PopularIndex, name: str, target: str, technique: str) -> None:
    match = check_name(name, popular=index)
    assert match is not None, name
    assert match.imitates == target
    assert technique in match.techniques
    assert match.details and all(match.details)
    assert 0.5 <= match.confidence <= 1.0


@pytest.mark.parametrize(("name", "technique", "why"), NEGATIVES)
def test_leaves_alone(index: PopularIndex, name: str, technique: str, why: str) -> None:
    assert check_name(name, popular=index) is None, why


def test_every_technique_has_both_kinds() -> None:
    caught = {technique for _, _, technique in POSITIVES}
    spared = {technique for _, technique, _ in NEGATIVES}
    from chainwatch.analyzers.typosquat import TECHNIQUES

    assert set(TECHNIQUES) <= caught
    assert set(TECHNIQUES) <= spared


def test_explains_how(index: PopularIndex) -> None:
    match = check_name("reqeusts", popular=index)
    assert match is not None
    assert match.how == "'u' and 'e' swapped"
    assert match.distance == 1
    assert match.imitated_rank == index.get("requests").rank  # type: ignore[union-attr]


def test_prefers_the_simplest_explanation(index: PopularIndex) -> None:
    # One letter from python-dateutil beats an affix game on the much less popular dateutils.
    match = check_name("python-dateutils", popular=index)
    assert match is not None and match.imitates == "python-dateutil"


def test_names_too_short_or_empty(index: PopularIndex) -> None:
    for name in ("", "-", "ab", "__"):
        assert check_name(name, popular=index) is None
