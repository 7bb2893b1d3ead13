"""Well-formed artifacts: what the archive reader yields, with which paths, and that it stays quiet."""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path

import pytest
from _archive_builders import SMALL, Entry, compress, kinds, make_tar, make_zip, paths, read

from chainwatch.sources import Budget, Limits, iter_target
from chainwatch.sources.archive import ArchiveReader, looks_like_archive, sniff_kind

SDIST = [
    ("demo-1.0/PKG-INFO", b"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"),
    ("demo-1.0/setup.py", b"from setuptools import setup\nsetup(name='demo')\n"),
    ("demo-1.0/src/demo/__init__.py", b"VERSION = '1.0'\n"),
]


@pytest.mark.parametrize(
    "compression,suffix", [("gz", ".tar.gz"), ("gz", ".tgz"), ("bz2", ".tar.bz2"), ("xz", ".tar.xz"), ("", ".tar")]
)
def test_sdist_tar_strips_the_top_directory(compression: str, suffix: str) -> None:
    data = make_tar([Entry("demo-1.0", type=tarfile.DIRTYPE), *SDIST], compression)
    files, issues = read(data, f"demo-1.0{suffix}")
    assert issues == []
    assert paths(files) == [name for name, _ in SDIST]
    assert [f.package_path for f in files] == ["PKG-INFO", "setup.py", "src/demo/__init__.py"]
    assert [f.data for f in files] == [body for _, body in SDIST]
    setup = files[1]
    assert setup.display == f"demo-1.0{suffix}!/demo-1.0/setup.py"
    assert setup.container == f"demo-1.0{suffix}"
    assert setup.depth == 0


def test_sdist_tar_with_dot_slash_names() -> None:
    data = make_tar([(f"./{name}", body) for name, body in SDIST])
    files, issues = read(data, "demo-1.0.tar.gz")
    assert issues == []
    assert paths(files) == [name for name, _ in SDIST]
    assert files[1].package_path == "setup.py"


def test_zip_sdist_strips_the_top_directory() -> None:
    files, issues = read(make_zip(SDIST), "demo-1.0.zip")
    assert issues == []
    assert [f.package_path for f in files] == ["PKG-INFO", "setup.py", "src/demo/__init__.py"]


def test_zip_with_loose_root_files_is_not_stripped() -> None:
    files, issues = read(make_zip([*SDIST, ("setup.cfg", b"[metadata]\n")]), "demo-1.0.zip")
    assert issues == []
    assert [f.package_path for f in files] == [f.path for f in files]


def test_wheel_is_not_stripped() -> None:
    wheel = make_zip(
        [
            ("demo/__init__.py", b"VERSION = '1.0'\n"),
            ("demo-1.0.dist-info/METADATA", b"Name: demo\n"),
            ("demo-1.0.dist-info/RECORD", b""),
        ]
    )
    for name in ("demo-1.0-py3-none-any.whl", "demo-1.0-py3.8.egg"):
        files, issues = read(wheel, name)
        assert issues == []
        assert [f.package_path for f in files] == [
            "demo/__init__.py",
            "demo-1.0.dist-info/METADATA",
            "demo-1.0.dist-info/RECORD",
        ]
        assert files[0].display == f"{name}!/demo/__init__.py"


def test_single_directory_wheel_is_still_not_stripped() -> None:
    files, _ = read(make_zip([("demo/__init__.py", b"")]), "demo-1.0-py3-none-any.whl")
    assert files[0].package_path == "demo/__init__.py"


def test_nested_archives_get_chained_display_paths() -> None:
    wheel = make_zip([("inner/mod.py", b"A = 1\n")])
    tgz = make_tar([("lib/vendored.py", b"B = 2\n")])
    outer = make_tar(
        [*SDIST, ("demo-1.0/vendor/inner-1.0-py3-none-any.whl", wheel), ("demo-1.0/vendor/lib.tar.gz", tgz)]
    )
    files, issues = read(outer, "demo-1.0.tar.gz")
    assert issues == []
    by_display = {f.display: f for f in files}
    inner = by_display["demo-1.0.tar.gz!/demo-1.0/vendor/inner-1.0-py3-none-any.whl!/inner/mod.py"]
    assert inner.data == b"A = 1\n"
    assert inner.depth == 1
    assert inner.container == "demo-1.0.tar.gz!/demo-1.0/vendor/inner-1.0-py3-none-any.whl"
    assert inner.package_path == "inner/mod.py"  # a wheel keeps its paths
    vendored = by_display["demo-1.0.tar.gz!/demo-1.0/vendor/lib.tar.gz!/lib/vendored.py"]
    assert vendored.package_path == "vendored.py"  # a nested sdist-like tar is stripped like any other
    # The nested archives themselves are opened, not handed on as opaque files.
    assert not any(f.path.endswith((".whl", ".tar.gz")) for f in files)


def test_nesting_within_max_depth_is_read() -> None:
    data = make_zip([("deep.py", b"X = 1\n")])
    for level in range(SMALL.max_depth):
        data = make_zip([(f"level{level}.zip", data)])
    files, issues = read(data, "outer.zip")
    assert issues == []
    assert files[0].display == "outer.zip!/level2.zip!/level1.zip!/level0.zip!/deep.py"
    assert files[0].depth == SMALL.max_depth


def test_file_with_archive_suffix_but_other_content_is_a_plain_file() -> None:
    outer = make_zip([("pkg/tests/data/not-really.zip", b"just text\n")])
    files, issues = read(outer, "pkg.zip")
    assert issues == []
    assert files[0].data == b"just text\n"


def test_non_ascii_utf8_names_are_not_reported() -> None:
    names = ["demo-1.0/données/été.py", "demo-1.0/文档/说明.txt"]
    for fmt in (tarfile.PAX_FORMAT, tarfile.GNU_FORMAT):
        files, issues = read(make_tar([(n, b"x") for n in names], fmt=fmt), "demo-1.0.tar.gz")
        assert issues == []
        assert paths(files) == names
    files, issues = read(make_zip([(n, b"x") for n in names]), "demo-1.0.zip")
    assert issues == []
    assert paths(files) == names


def test_long_names_in_pax_and_gnu_headers() -> None:
    name = "demo-1.0/" + "/".join(["segment" * 5] * 12) + "/module.py"
    assert len(name) > 400
    for fmt in (tarfile.PAX_FORMAT, tarfile.GNU_FORMAT):
        files, issues = read(make_tar([(name, b"X = 1\n")], fmt=fmt), "demo-1.0.tar.gz")
        assert issues == []
        assert paths(files) == [name]


def test_many_ordinary_pax_headers_stay_within_the_pax_budget() -> None:
    # Every member gets a pax header (non-ASCII name, digits in names): none of it may count as hostile.
    entries = [(f"demo-1.0/pkg_{i:05d}/модуль_{i}_20240101123456.py", b"x") for i in range(SMALL.max_members - 1)]
    files, issues = read(make_tar(entries, fmt=tarfile.PAX_FORMAT), "demo-1.0.tar.gz")
    assert issues == []
    assert len(files) == len(entries)


def test_empty_archives_yield_nothing_and_report_nothing() -> None:
    assert read(make_tar([]), "empty.tar.gz") == ([], [])
    # An empty plain tar is only zero blocks, indistinguishable from junk: it fails closed.
    files, issues = read(make_tar([], compression=""), "empty.tar")
    assert files == [] and kinds(issues) == {"corrupt"} and issues[0].fatal
    assert read(make_zip([]), "empty.zip") == ([], [])


def test_directories_are_not_yielded() -> None:
    data = make_tar([Entry("demo-1.0", type=tarfile.DIRTYPE), Entry("demo-1.0/pkg", type=tarfile.DIRTYPE)])
    assert read(data, "demo-1.0.tar.gz") == ([], [])
    zipped = make_zip([zipfile.ZipInfo("demo-1.0/"), zipfile.ZipInfo("demo-1.0/pkg/")])
    assert read(zipped, "demo-1.0.zip") == ([], [])


def test_budget_is_shared_with_nested_archives() -> None:
    inner = make_zip([("a.py", b"a" * 100), ("b.py", b"b" * 100)])
    outer = make_tar([("demo-1.0/inner.zip", inner), ("demo-1.0/c.py", b"c" * 100)])
    budget = Budget(SMALL)
    files = list(ArchiveReader(budget).read(outer, "demo-1.0.tar.gz"))
    assert len(files) == 3
    assert budget.members == 4  # inner.zip, its two members, c.py
    assert budget.total == len(inner) + 300


def test_sniffing() -> None:
    assert sniff_kind(make_zip([("a", b"")])[:512]) == "zip"
    assert sniff_kind(make_zip([])[:512]) == "zip"
    assert sniff_kind(compress(b"x", "gz")) == "gzip"
    assert sniff_kind(compress(b"x", "bz2")) == "bzip2"
    assert sniff_kind(compress(b"x", "xz")) == "xz"
    assert sniff_kind(make_tar([("a", b"")], compression="")[:512]) == "tar"
    assert sniff_kind(b"print('hello')\n") is None
    assert looks_like_archive("x.whl", b"PK\x03\x04")
    assert not looks_like_archive("x.py", b"PK\x03\x04")
    assert not looks_like_archive("x.zip", b"not a zip")


def test_iter_target_reads_archives_and_lone_files(tmp_path: Path) -> None:
    sdist = tmp_path / "demo-1.0.tar.gz"
    sdist.write_bytes(make_tar(SDIST))
    budget = Budget(SMALL)
    assert [f.package_path for f in iter_target(sdist, budget)] == ["PKG-INFO", "setup.py", "src/demo/__init__.py"]
    assert budget.issues == []

    lone = tmp_path / "setup.py"
    lone.write_bytes(b"print('hi')\n")
    budget = Budget(SMALL)
    (only,) = iter_target(lone, budget)
    assert (only.path, only.display, only.package_path) == ("setup.py", "setup.py", "setup.py")
    assert only.data == b"print('hi')\n"

    # An archive without its usual suffix is still recognised by its magic bytes.
    renamed = tmp_path / "download"
    renamed.write_bytes(make_zip([("a.py", b"A = 1\n")]))
    budget = Budget(SMALL)
    assert [f.display for f in iter_target(renamed, budget)] == ["download!/a.py"]


def test_iter_target_refuses_a_file_over_the_total_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.whl"
    big.write_bytes(make_zip([("a.py", b"A = 1\n")]) + bytes(4096))
    budget = Budget(Limits(max_total_size=1024))
    assert list(iter_target(big, budget)) == []
    assert kinds(budget.issues) == {"limit"}
    assert budget.issues[0].fatal


def test_iter_target_reports_a_missing_file(tmp_path: Path) -> None:
    budget = Budget(SMALL)
    assert list(iter_target(tmp_path / "missing.tar.gz", budget)) == []
    assert kinds(budget.issues) == {"unreadable"}
    assert budget.issues[0].fatal


def test_reader_reads_from_bytes_not_from_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Reading an archive must never create files: run it from an empty working directory and look.
    monkeypatch.chdir(tmp_path)
    absolute = tmp_path.parent / f"{tmp_path.name}-absolute.py"
    data = make_tar([*SDIST, Entry(str(absolute), b"x"), Entry("../escape.py", b"x")])
    read(data, "demo-1.0.tar.gz")
    read(make_zip([*SDIST, (str(absolute), b"x"), ("../escape.py", b"x")]), "demo-1.0.zip")
    assert list(tmp_path.iterdir()) == []
    assert not absolute.exists()
    assert not (tmp_path.parent / "escape.py").exists()


def test_tar_stream_is_read_once_in_order() -> None:
    # Stream mode: members come in archive order even when names would sort differently.
    names = ["demo-1.0/z.py", "demo-1.0/a.py", "demo-1.0/m/b.py"]
    files, _ = read(make_tar([(n, b"") for n in names]), "demo-1.0.tar.gz")
    assert paths(files) == names
