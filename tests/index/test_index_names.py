"""Pinned requirements as typed, and what index file names claim."""

from __future__ import annotations

import pytest

from chainwatch.index.models import ArtifactKind, Selection
from chainwatch.index.names import NotPinned, parse_distribution_filename, parse_pinned, safe_filename


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("requests==2.31.0", "requests==2.31.0"),
        ("Requests[socks] == 2.31", "requests==2.31"),
        ("zope.interface===5.0-weird", "zope-interface===5.0-weird"),
    ],
)
def test_pinned(text: str, label: str) -> None:
    pinned = parse_pinned(text)
    assert pinned is not None and pinned.label() == label


@pytest.mark.parametrize("text", ["requests", "./dist/x.tar.gz", "foo.tar.gz", "requests>=2", "a b==1"])
def test_not_a_pin_is_left_alone(text: str) -> None:
    assert parse_pinned(text) is None


@pytest.mark.parametrize(
    "text", ["foo==1.*", "foo==1.0,<2", "foo==1.0; python_version>'3'", "foo @ https://example.invalid/f==1.whl"]
)
def test_requirements_that_cannot_be_vetted_say_why(text: str) -> None:
    with pytest.raises(NotPinned):
        parse_pinned(text)


def test_pin_matches_like_pip() -> None:
    pinned = parse_pinned("demo==1.0")
    assert pinned is not None
    assert pinned.matches("1.0") and pinned.matches("1.0.0") and pinned.matches("1.0+cpu")
    assert not pinned.matches("1.0.1") and not pinned.matches("not a version")


@pytest.mark.parametrize(
    ("filename", "project", "version", "kind"),
    [
        ("demo-1.0.tar.gz", "demo", "1.0", ArtifactKind.SDIST),
        ("Demo_Pkg-1.0.post1.zip", "demo-pkg", "1.0.post1", ArtifactKind.SDIST),
        ("demo_pkg-2.0-cp311-cp311-manylinux_2_17_x86_64.whl", "demo-pkg", "2.0", ArtifactKind.WHEEL),
        ("demo-1.0.tar.bz2", "demo", "1.0", ArtifactKind.SDIST),
        ("demo-0.4-py2.7.egg", "demo", "0.4", ArtifactKind.EGG),
        ("demo-1.0-weird.tar.gz", "demo-1-0", "weird", ArtifactKind.SDIST),
    ],
)
def test_distribution_filenames(filename: str, project: str, version: str, kind: ArtifactKind) -> None:
    parsed = parse_distribution_filename(filename)
    assert parsed is not None
    assert (parsed.project, parsed.version, parsed.kind) == (project, version, kind)


@pytest.mark.parametrize(
    "filename",
    [
        "demo-1.0.exe",
        "../demo-1.0.tar.gz",
        "a/b-1.0.tar.gz",
        ".demo-1.0.tar.gz",
        "demo-1.0.tar.gz\x00",
        "x" * 300 + ".whl",
    ],
)
def test_unsafe_or_foreign_filenames_are_refused(filename: str) -> None:
    assert parse_distribution_filename(filename) is None


def test_safe_filename() -> None:
    assert safe_filename("demo-1!2.0+local.tar.gz")
    assert not safe_filename("demo..tar.gz") and not safe_filename("") and not safe_filename("dé-1.0.tar.gz")


def test_selection() -> None:
    assert Selection.ALL.accepts(ArtifactKind.EGG)
    assert Selection.SDIST.accepts(ArtifactKind.SDIST) and not Selection.SDIST.accepts(ArtifactKind.WHEEL)
    assert Selection.WHEELS.accepts(ArtifactKind.WHEEL) and not Selection.WHEELS.accepts(ArtifactKind.EGG)
