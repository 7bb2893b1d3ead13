"""Property test: mutated archives (bit flips, overwrites, truncation, splicing) never make a reader raise or hang.

Whatever the bytes, `ArchiveReader.read` and `iter_target` must end, yield only bounded files with clean
relative paths, and put every problem in the budget.
"""

from __future__ import annotations

import tarfile
import typing
from pathlib import Path

import pytest
from _archive_builders import Entry, make_tar, make_zip, pax_record, pax_tar, zip_symlink
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainwatch.sources import Budget, Limits, SourceFile, iter_target
from chainwatch.sources.archive import ArchiveReader
from chainwatch.sources.base import IssueKind

LIMITS = Limits(
    max_members=64,
    max_member_size=64 * 1024,
    max_total_size=256 * 1024,
    max_compression_ratio=50.0,
    ratio_floor=16 * 1024,
    max_depth=2,
    max_name_length=512,
)
ISSUE_KINDS = set(typing.get_args(IssueKind))


def _seeds() -> dict[str, bytes]:
    code = b"import os\nVALUE = os.environ.get('HOME')\n" * 4
    inner_zip = make_zip([("inner/mod.py", code), ("inner/data.txt", b"x" * 300)])
    entries: list[Entry | tuple[str, bytes]] = [
        Entry("demo-1.0", type=tarfile.DIRTYPE),
        ("demo-1.0/setup.py", code),
        ("demo-1.0/d\u00e9j\u00e0/" + "long" * 30 + ".py", code),
        Entry("demo-1.0/link", type=tarfile.SYMTYPE, linkname="../../etc/passwd"),
        Entry("demo-1.0/fifo", type=tarfile.FIFOTYPE),
        ("demo-1.0/vendor/inner-1.0-py3-none-any.whl", inner_zip),
    ]
    inner_tgz = make_tar([("lib-1.0/lib.py", code)])
    wheel = make_zip(
        [
            ("demo/__init__.py", code),
            ("demo/\u00e9t\u00e9.py", code),
            zip_symlink("demo/link", "/etc/passwd"),
            ("demo/vendor/lib-1.0.tar.gz", inner_tgz),
            ("demo-1.0.dist-info/RECORD", b"demo/__init__.py,,\n"),
        ],
        data={"demo/link": b"/etc/passwd"},
    )
    return {
        "demo-1.0.tar.gz": make_tar(entries, fmt=tarfile.PAX_FORMAT),
        "demo-1.0.tar": make_tar(entries, compression="", fmt=tarfile.GNU_FORMAT),
        "demo-1.0.tar.bz2": make_tar(entries[:3], compression="bz2"),
        "demo-1.0-py3-none-any.whl": wheel,
        "demo-1.0.zip": make_zip([(f"demo-1.0/{n}", b) for n, b in [("setup.py", code), ("inner.zip", inner_zip)]]),
        "pax-1.0.tar.gz": pax_tar(pax_record(b"path", b"demo-1.0/" + b"9" * 120 + b".py") + pax_record(b"uid", b"0")),
    }


SEEDS = _seeds()
NAMES = sorted(SEEDS)

# Positions favour the headers: the start of every format and the central directory at a zip's end.
positions = st.one_of(st.integers(0, 1535), st.integers(-400, -1), st.integers(0, 1 << 16))
operations = st.lists(
    st.tuples(
        st.sampled_from(["flip", "set", "truncate", "splice", "insert", "delete"]),
        positions,
        st.integers(0, 255),
        st.sampled_from(NAMES),
    ),
    min_size=1,
    max_size=6,
)


@st.composite
def mutated_archives(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(NAMES))
    data = bytearray(SEEDS[name])
    for op, position, value, other_name in draw(operations):
        if not data:
            break
        at = position % len(data)
        if op == "flip":
            data[at] ^= 1 << (value % 8)
        elif op == "set":
            data[at] = value
        elif op == "truncate":
            del data[at:]
        elif op == "splice":
            other = SEEDS[other_name]
            data[at:] = other[(position * 7 + value) % len(other) :]
        elif op == "insert":
            data[at:at] = bytes([value]) * (value % 17 + 1)
        else:
            del data[at : at + value % 64 + 1]
    return name, bytes(data)


def _check(files: list[SourceFile], budget: Budget) -> None:
    assert len(files) <= LIMITS.max_members
    assert sum(len(f.data) for f in files) <= LIMITS.max_total_size
    for f in files:
        assert isinstance(f.data, bytes) and len(f.data) <= LIMITS.max_member_size
        assert f.path and not f.path.startswith("/") and ".." not in f.path.split("/") and "\\" not in f.path
        assert f.display.endswith(f.path)
        assert 0 <= f.depth <= LIMITS.max_depth
    for issue in budget.issues:
        assert issue.kind in ISSUE_KINDS
        assert isinstance(issue.detail, str) and isinstance(issue.path, str)


@pytest.mark.parametrize("name", NAMES)
def test_seeds_are_valid(name: str) -> None:
    budget = Budget(LIMITS)
    files = list(ArchiveReader(budget).read(SEEDS[name], name))
    assert files
    assert not [i for i in budget.issues if i.fatal], budget.issues


@settings(max_examples=1500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_archives())
def test_archive_reader_survives_mutations(case: tuple[str, bytes]) -> None:
    name, data = case
    budget = Budget(LIMITS)
    files = list(ArchiveReader(budget).read(data, name))
    _check(files, budget)


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_archives())
def test_iter_target_survives_mutations(tmp_path_factory: pytest.TempPathFactory, case: tuple[str, bytes]) -> None:
    name, data = case
    target: Path = tmp_path_factory.mktemp("fuzz") / name
    target.write_bytes(data)
    budget = Budget(LIMITS)
    files = list(iter_target(target, budget))
    _check(files, budget)
    if not files and not budget.issues:
        # Nothing read and nothing said is only fine for an archive that really is empty.
        assert name.endswith((".tar.gz", ".tar.bz2", ".zip", ".whl"))


@settings(max_examples=300, deadline=None, database=None)
@given(st.binary(max_size=2048), st.sampled_from([".tar.gz", ".tar.bz2", ".tar.xz", ".tar", ".zip", ".whl"]))
def test_random_bytes_never_raise(data: bytes, suffix: str) -> None:
    budget = Budget(LIMITS)
    files = list(ArchiveReader(budget).read(data, f"junk{suffix}"))
    _check(files, budget)
