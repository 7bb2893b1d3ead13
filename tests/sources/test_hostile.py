"""Hostile artifacts: every one ends as issues in the budget (fatal when content went unread), never as an
exception, a hang, a file on disk or an unbounded allocation. The last section runs them through the pipeline.
"""

from __future__ import annotations

import io
import os
import random
import stat
import tarfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from _archive_builders import (
    SMALL,
    Entry,
    compress,
    fatal,
    kinds,
    make_tar,
    make_zip,
    overlapping_zip_quoted,
    overlapping_zip_same_entry,
    patch_zip_member,
    paths,
    pax_record,
    pax_tar,
    read,
    tar_bomb,
    zip_symlink,
)

from chainwatch.analyzers.malware import MalwareAnalyzer
from chainwatch.model import TargetResult, Verdict
from chainwatch.pipeline import RunOptions, analyse_target
from chainwatch.sources import Limits, SourceIssue
from chainwatch.sources.base import MiB

KiB = 1024
CODE = b"VALUE = 1\n"


def only_fatal(issues: list[SourceIssue], kind: str, text: str) -> None:
    """Exactly one fatal issue, of `kind`, whose detail mentions `text`."""
    bad = fatal(issues)
    assert len(bad) == 1, issues
    assert bad[0].kind == kind, issues
    assert text in bad[0].detail, issues


# -- limits -----------------------------------------------------------------------------------


def test_member_count_limit_tar() -> None:
    entries = [(f"many-1.0/m{i}.py", CODE) for i in range(SMALL.max_members + 50)]
    files, issues = read(make_tar(entries), "many-1.0.tar.gz")
    only_fatal(issues, "limit", f"more than {SMALL.max_members} members")
    assert len(files) == SMALL.max_members


def test_member_count_limit_zip_stops_before_reading() -> None:
    entries = [(f"many/m{i}.py", CODE) for i in range(SMALL.max_members + 50)]
    files, issues = read(make_zip(entries), "many-1.0-py3-none-any.whl")
    only_fatal(issues, "limit", f"more than {SMALL.max_members} members")
    assert files == []


@pytest.mark.parametrize("container", ["tar", "zip"])
def test_member_size_limit(container: str) -> None:
    entries = [("big-1.0/small.py", CODE), ("big-1.0/big.bin", b"\x01" * (SMALL.max_member_size + 1))]
    data = make_tar(entries) if container == "tar" else make_zip(entries)
    files, issues = read(data, f"big-1.0.{'tar.gz' if container == 'tar' else 'zip'}")
    only_fatal(issues, "limit", f"over the {SMALL.max_member_size}-byte limit")
    assert paths(files) == ["big-1.0/small.py"]


@pytest.mark.parametrize("container", ["tar", "zip"])
def test_total_size_limit(container: str) -> None:
    part = random.Random(2).randbytes(SMALL.max_member_size - 1)  # incompressible: no ratio alarm
    entries = [(f"big-1.0/part{i}.bin", part) for i in range(SMALL.max_total_size // len(part) + 2)]
    data = make_tar(entries) if container == "tar" else make_zip(entries)
    files, issues = read(data, f"big-1.0.{'tar.gz' if container == 'tar' else 'zip'}")
    only_fatal(issues, "limit", f"total uncompressed size exceeds {SMALL.max_total_size} bytes")
    assert sum(len(f.data) for f in files) <= SMALL.max_total_size


def test_total_size_limit_counts_nested_archives() -> None:
    part = random.Random(3).randbytes(SMALL.max_member_size // 2)
    inner = make_zip([(f"p{i}.bin", part) for i in range(3)])
    outer = make_zip([(f"nest/inner{i}.zip", inner) for i in range(4)])
    files, issues = read(outer, "nest.zip")
    assert fatal(issues) and {i.kind for i in fatal(issues)} == {"limit"}
    assert sum(len(f.data) for f in files) <= SMALL.max_total_size


def test_nesting_deeper_than_max_depth() -> None:
    files, issues = read(_nested_zips(SMALL.max_depth + 2), "outer.zip")
    only_fatal(issues, "limit", f"nesting deeper than {SMALL.max_depth} levels")
    assert files == []


def test_nesting_mixed_formats_deeper_than_max_depth() -> None:
    data = make_tar([("x-1.0/deep.py", CODE)])
    for level in range(SMALL.max_depth + 1):
        data = make_zip([(f"level{level}.tar.gz", data)]) if level % 2 else make_tar([(f"l{level}/level.whl", data)])
    files, issues = read(data, "outer.tar.gz")
    assert [i.kind for i in fatal(issues)] == ["limit"]
    assert files == []


# -- decompression bombs ----------------------------------------------------------------------


def test_gzip_bomb_member_stops_at_its_header() -> None:
    bomb = tar_bomb(50 * MiB)  # 50 MiB of zeros, ~50 KiB compressed
    assert len(bomb) < 100 * KiB
    started = time.perf_counter()
    files, issues = read(bomb, "bomb-1.0.tar.gz")
    assert time.perf_counter() - started < 2
    only_fatal(issues, "limit", "52428800 bytes")
    assert files == []


def test_gzip_bomb_with_generous_member_limit_hits_the_total_limit() -> None:
    limits = Limits(max_member_size=64 * MiB, max_total_size=MiB)
    files, issues = read(tar_bomb(50 * MiB), "bomb-1.0.tar.gz", limits)
    only_fatal(issues, "limit", "total uncompressed size exceeds")
    assert files == []


def test_gzip_bomb_in_a_header_is_capped_while_decompressing() -> None:
    # A 50 MiB GNU long-name header is never a member, so only the decompression cap can stop it.
    files, issues = read(tar_bomb(50 * MiB, member_type=tarfile.GNUTYPE_LONGNAME), "bomb-1.0.tar.gz")
    only_fatal(issues, "limit", "decompression bomb")
    assert files == []


@pytest.mark.parametrize("compression,suffix", [("bz2", ".tar.bz2"), ("xz", ".tar.xz")])
def test_bz2_and_xz_bombs(compression: str, suffix: str) -> None:
    for member_type in (tarfile.REGTYPE, tarfile.GNUTYPE_LONGNAME):
        bomb = tar_bomb(8 * MiB, compression, member_type)
        files, issues = read(bomb, f"bomb-1.0{suffix}")
        assert [i.kind for i in fatal(issues)] == ["limit"], issues
        assert files == []


def test_plain_gzip_of_zeros_is_an_empty_archive() -> None:
    assert read(compress(bytes(4 * MiB), "gz"), "zeros.tar.gz") == ([], [])


def test_zip_bomb_by_compression_ratio() -> None:
    limits = Limits(max_member_size=64 * MiB, ratio_floor=MiB, max_compression_ratio=100.0)
    raw = make_zip([("bomb/zeros.bin", bytes(8 * MiB)), ("bomb/ok.py", CODE)])
    assert len(raw) < 64 * KiB
    started = time.perf_counter()
    files, issues = read(raw, "bomb-1.0.zip", limits)
    assert time.perf_counter() - started < 2
    only_fatal(issues, "limit", "(zip bomb?)")
    assert files == []


def test_small_highly_compressible_files_are_not_bombs() -> None:
    files, issues = read(make_zip([("pkg/blank.txt", bytes(SMALL.ratio_floor))]), "pkg.zip")
    assert issues == []
    assert len(files[0].data) == SMALL.ratio_floor


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_zip_header_declaring_fewer_bytes_than_stored(compression: int) -> None:
    raw = make_zip([("pkg/a.py", b"print('hello')\n" * 10)], compression)
    files, issues = read(patch_zip_member(raw, b"pkg/a.py", file_size=10), "pkg.zip")
    only_fatal(issues, "corrupt", "CRC")
    assert files == []


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_zip_header_declaring_more_bytes_than_stored(compression: int) -> None:
    raw = make_zip([("pkg/a.py", b"print('hello')\n" * 10)], compression)
    files, issues = read(patch_zip_member(raw, b"pkg/a.py", file_size=200), "pkg.zip")
    only_fatal(issues, "corrupt", "holds 150 bytes, its header declares 200")
    assert files == []


def test_zip_header_declaring_a_huge_size() -> None:
    raw = make_zip([("pkg/a.py", CODE)])
    files, issues = read(patch_zip_member(raw, b"pkg/a.py", file_size=0xFFFF_FFF0), "pkg.zip")
    only_fatal(issues, "limit", "over the")
    assert files == []


@pytest.mark.parametrize("builder", [overlapping_zip_same_entry, overlapping_zip_quoted])
def test_overlapping_zip_entries(builder: Callable[[], bytes]) -> None:
    raw = builder()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        assert len(archive.infolist()) >= 2  # zipfile itself (3.11) accepts the listing
    files, issues = read(raw, "overlap.zip")
    only_fatal(issues, "corrupt", "overlaps another entry")
    assert files == []


# -- names ------------------------------------------------------------------------------------

UNSAFE = {
    "/etc/cron.d/evil.py": "etc/cron.d/evil.py",
    "../../outside.py": "outside.py",
    "demo-1.0/../../../up.py": "demo-1.0/up.py",
    "C:\\Windows\\evil.py": "C:/Windows/evil.py",
    "\\\\server\\share\\x.py": "server/share/x.py",
}


@pytest.mark.parametrize("container", ["tar", "zip"])
def test_absolute_and_dotdot_names_are_reported_and_cleaned(container: str) -> None:
    entries = [("demo-1.0/ok.py", CODE), *((name, name.encode()) for name in UNSAFE)]
    data = make_tar(entries) if container == "tar" else make_zip(entries)
    files, issues = read(data, "demo-1.0.pkg")
    assert fatal(issues) == []
    unsafe = [i for i in issues if i.kind == "unsafe-name"]
    assert len(unsafe) == len(UNSAFE), issues
    # Content is still analysed, under the cleaned name; the raw name is evidence in the issue.
    by_path = {f.path: f.data for f in files}
    for raw, cleaned in UNSAFE.items():
        assert by_path[cleaned] == raw.encode()
        assert any(repr(raw)[1:-1] in i.detail for i in unsafe), raw
    for f in files:
        assert not f.path.startswith("/") and ".." not in f.path.split("/") and "\\" not in f.path


def test_unsafe_directory_entries_are_reported() -> None:
    tar = make_tar([Entry("../../etc/", type=tarfile.DIRTYPE), ("demo-1.0/ok.py", CODE)])
    files, issues = read(tar, "demo-1.0.tar.gz")
    assert kinds(issues) == {"unsafe-name"} and fatal(issues) == []
    zipped = make_zip([zipfile.ZipInfo("/abs/dir/"), ("demo/ok.py", CODE)])
    files, issues = read(zipped, "demo.zip")
    assert kinds(issues) == {"unsafe-name"} and fatal(issues) == []
    assert paths(files) == ["demo/ok.py"]


def test_names_that_clean_to_nothing_get_a_placeholder() -> None:
    files, issues = read(make_tar([(".", CODE), ("demo-1.0/ok.py", CODE)]), "demo-1.0.tar.gz")
    assert kinds(issues) == {"unsafe-name"} and fatal(issues) == []
    assert paths(files) == ["?", "demo-1.0/ok.py"]
    assert all(f.path and not f.display.endswith("!/") for f in files)


def test_control_characters_in_names_are_neutralised() -> None:
    files, issues = read(make_zip([("pkg/evil\x1b[2J\r.py", CODE)]), "pkg.zip")
    assert issues == []
    assert files[0].path == "pkg/evil?[2J?.py"


def test_name_over_the_length_limit_fails_closed() -> None:
    limits = Limits(max_name_length=64)
    long_name = "demo-1.0/" + "a" * 100 + ".py"
    for data in (make_tar([(long_name, CODE), ("demo-1.0/ok.py", CODE)]), make_zip([(long_name, CODE)])):
        files, issues = read(data, "demo-1.0.pkg", limits)
        only_fatal(issues, "unsafe-name", "longer than the limit")
        assert long_name not in paths(files)


def test_undecodable_tar_name() -> None:
    files, issues = read(make_tar([("demo-1.0/bad\udcff\udcfe.py", CODE)]), "demo-1.0.tar.gz")
    assert kinds(issues) == {"undecodable-name"} and fatal(issues) == []
    assert paths(files) == ["demo-1.0/bad\ufffd\ufffd.py"]
    assert files[0].data == CODE


def test_undecodable_zip_name_without_utf8_flag() -> None:
    raw = patch_zip_member(make_zip([("pkg/badXX.py", CODE)]), b"pkg/badXX.py", new_name=b"pkg/bad\xff\xfe.py")
    files, issues = read(raw, "pkg.zip")
    assert kinds(issues) == {"undecodable-name"} and fatal(issues) == []
    assert len(files) == 1 and files[0].data == CODE


def test_invalid_utf8_in_a_zip_name_flagged_utf8_fails_closed() -> None:
    raw = make_zip([("pkg/badXX.py", CODE)])
    raw = patch_zip_member(raw, b"pkg/badXX.py", flags=0x800, new_name=b"pkg/bad\xff\xfe.py")
    files, issues = read(raw, "pkg.zip")
    only_fatal(issues, "corrupt", "")
    assert files == []


# -- links, devices, unknown members ----------------------------------------------------------


def test_tar_links_are_reported_not_followed() -> None:
    tar = make_tar(
        [
            ("demo-1.0/real.py", CODE),
            Entry("demo-1.0/passwd", type=tarfile.SYMTYPE, linkname="/etc/passwd"),
            Entry("demo-1.0/up", type=tarfile.SYMTYPE, linkname="../../../../home"),
            Entry("demo-1.0/hard.py", type=tarfile.LNKTYPE, linkname="demo-1.0/real.py"),
            Entry("demo-1.0/shadow", type=tarfile.LNKTYPE, linkname="/etc/shadow"),
        ]
    )
    files, issues = read(tar, "demo-1.0.tar.gz")
    assert paths(files) == ["demo-1.0/real.py"]
    links = [i for i in issues if i.kind == "link"]
    assert [i.path for i in links] == [
        "demo-1.0.tar.gz!/demo-1.0/passwd",
        "demo-1.0.tar.gz!/demo-1.0/up",
        "demo-1.0.tar.gz!/demo-1.0/hard.py",
        "demo-1.0.tar.gz!/demo-1.0/shadow",
    ]
    assert "/etc/passwd" in links[0].detail and "not followed" in links[0].detail
    assert fatal(issues) == []


def test_zip_symlink_is_reported_not_followed() -> None:
    raw = make_zip([zip_symlink("pkg/passwd", "/etc/passwd"), ("pkg/ok.py", CODE)], data={"pkg/passwd": b"/etc/passwd"})
    files, issues = read(raw, "pkg-1.0-py3-none-any.whl")
    assert paths(files) == ["pkg/ok.py"]
    assert [(i.kind, i.path) for i in issues] == [("link", "pkg-1.0-py3-none-any.whl!/pkg/passwd")]
    assert fatal(issues) == []


def test_device_and_fifo_members_are_reported_not_read() -> None:
    tar = make_tar(
        [
            Entry("demo-1.0/fifo", type=tarfile.FIFOTYPE),
            Entry("demo-1.0/null", type=tarfile.CHRTYPE),
            Entry("demo-1.0/sda", type=tarfile.BLKTYPE),
            ("demo-1.0/ok.py", CODE),
        ]
    )
    files, issues = read(tar, "demo-1.0.tar.gz")
    assert paths(files) == ["demo-1.0/ok.py"]
    assert [i.kind for i in issues] == ["special-file"] * 3
    assert fatal(issues) == []


def test_unknown_tar_member_type_is_read_like_a_file() -> None:
    # tarfile.extractall and GNU tar write unknown types out as regular files: skipping would hide them.
    tar = make_tar([Entry("demo-1.0/setup.py", b"import os\n", type=b"Q"), ("demo-1.0/ok.py", CODE)])
    files, issues = read(tar, "demo-1.0.tar.gz")
    assert paths(files) == ["demo-1.0/setup.py", "demo-1.0/ok.py"]
    assert files[0].data == b"import os\n" and files[0].package_path == "setup.py"
    assert [(i.kind, i.fatal) for i in issues] == [("special-file", False)]


def test_encrypted_zip_member_fails_closed() -> None:
    raw = patch_zip_member(make_zip([("pkg/secret.py", CODE), ("pkg/ok.py", CODE)]), b"pkg/secret.py", flags=0x1)
    files, issues = read(raw, "pkg.zip")
    only_fatal(issues, "encrypted", "cannot be analysed")
    assert paths(files) == ["pkg/ok.py"]


# -- corrupt, truncated and junk input --------------------------------------------------------


def _sample(compression: str) -> bytes:
    rng = random.Random(7)
    entries = [(f"demo-1.0/m{i}.py", bytes(rng.randrange(32, 127) for _ in range(700))) for i in range(8)]
    return make_tar(entries, compression)


@pytest.mark.parametrize(
    "name,data",
    [
        ("demo-1.0.tar.gz", _sample("gz")),
        ("demo-1.0.tar.bz2", _sample("bz2")),
        ("demo-1.0.tar.xz", _sample("xz")),
        ("demo-1.0.tar", _sample("")),
        ("demo-1.0.zip", make_zip([(f"demo-1.0/m{i}.py", CODE * 70) for i in range(8)])),
    ],
)
def test_truncated_archives_fail_closed(name: str, data: bytes) -> None:
    cuts = [len(data) // 2, len(data) // 3, 600]
    if not name.endswith(".tar"):
        cuts.append(len(data) - 1)  # a plain tar's tail is zero padding after its end marker
    for cut in cuts:
        files, issues = read(data[:cut], name)
        assert [i.kind for i in fatal(issues)] == ["corrupt"], (cut, issues)
        assert len(files) < 8


def test_plain_tar_cut_at_a_header_boundary_fails_closed() -> None:
    # tarfile quietly ends an archive at a missing or damaged header; the reader must not.
    data = make_tar([(f"demo-1.0/m{i}.py", CODE * 60) for i in range(6)], compression="")
    member_blocks = 1 + 2  # header + 600 bytes of data
    cut = 512 * member_blocks * 3
    files, issues = read(data[:cut], "demo-1.0.tar")
    only_fatal(issues, "corrupt", "truncated or corrupt tar")
    assert len(files) == 3


def test_tar_with_a_bad_checksum_mid_archive_fails_closed() -> None:
    data = bytearray(make_tar([(f"demo-1.0/m{i}.py", CODE * 60) for i in range(6)], compression=""))
    data[512 * 3 * 2 + 148] ^= 0x01  # checksum field of the third header
    files, issues = read(bytes(data), "demo-1.0.tar")
    only_fatal(issues, "corrupt", "bad checksum")
    assert len(files) == 2


JUNK_PREFIXES = [b"", b"\x1f\x8b\x08\x00", b"BZh9", b"\xfd7zXZ\x00", b"PK\x03\x04", b"PK\x05\x06"]


@pytest.mark.parametrize("suffix", [".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip", ".whl", ".egg"])
def test_junk_bytes_with_archive_suffixes_fail_closed(suffix: str) -> None:
    rng = random.Random(suffix)
    for prefix in JUNK_PREFIXES:
        junk = prefix + rng.randbytes(4096)
        files, issues = read(junk, f"junk{suffix}")
        assert files == []
        assert [i.kind for i in fatal(issues)] == ["corrupt"], (prefix, issues)
    files, issues = read(b"", f"empty{suffix}")
    assert files == [] and [i.kind for i in fatal(issues)] == ["corrupt"]


def test_junk_inside_a_tar_with_ustar_magic() -> None:
    rng = random.Random(3)
    junk = bytearray(rng.randbytes(4096))
    junk[257:263] = b"ustar\x00"
    files, issues = read(bytes(junk), "junk.tar")
    assert files == [] and [i.kind for i in fatal(issues)] == ["corrupt"]


def test_corrupt_nested_archive_fails_closed_but_outer_files_survive() -> None:
    broken = make_zip([("a.py", CODE * 50)])[:-30]
    outer = make_tar([("demo-1.0/vendor/broken.whl", broken), ("demo-1.0/ok.py", CODE)])
    files, issues = read(outer, "demo-1.0.tar.gz")
    assert paths(files) == ["demo-1.0/ok.py"]
    (bad,) = fatal(issues)
    assert bad.kind == "corrupt" and bad.path == "demo-1.0.tar.gz!/demo-1.0/vendor/broken.whl"


# -- pax headers (CVE-2024-6232: quadratic parsing in tarfile before 3.11.10 / 3.12.6) ------------


PAX_ATTACKS = {
    # A run of digits: each start position makes tarfile's `\d+ hdrcharset=` search rescan it.
    "digits": b"1" * 1_000_000,
    # Records that claim 2 bytes: each restarts a `[^=]+` scan to the far `=` (time and memory).
    "short-records": b"2 " * 500_000 + b"=",
    # hdrcharset keys with no newline after them: each match attempt scans to the end.
    "hdrcharset": pax_record(b"path", b"demo-1.0/x.py") + b"1 hdrcharset=" * 80_000,
}


@pytest.mark.parametrize("attack", list(PAX_ATTACKS))
def test_malformed_pax_headers_are_rejected_quickly(attack: str) -> None:
    data = pax_tar(PAX_ATTACKS[attack])
    assert len(data) < 20 * KiB
    started = time.perf_counter()
    files, issues = read(data, "demo-1.0.tar.gz", Limits())
    assert time.perf_counter() - started < 2
    only_fatal(issues, "corrupt", "pax header")
    assert files == []


def test_well_framed_pax_header_with_huge_digit_runs_is_over_budget() -> None:
    data = pax_tar(pax_record(b"comment", b"7" * 1_000_000))
    started = time.perf_counter()
    files, issues = read(data, "demo-1.0.tar.gz", Limits())
    assert time.perf_counter() - started < 2
    only_fatal(issues, "limit", "pax headers too costly")
    assert files == []


def test_pax_budget_is_per_target_not_per_header() -> None:
    # Many headers each just under a per-header bound must still add up.
    value = b"9" * 3000
    entries = [(f"demo-1.0/{value.decode()}/m{i}.py", CODE) for i in range(SMALL.max_members - 1)]
    started = time.perf_counter()
    files, issues = read(make_tar(entries, fmt=tarfile.PAX_FORMAT), "demo-1.0.tar.gz", Limits())
    assert time.perf_counter() - started < 5
    only_fatal(issues, "limit", "pax headers too costly")
    assert len(files) < len(entries)


def test_ordinary_pax_header_still_applies() -> None:
    files, issues = read(pax_tar(pax_record(b"path", b"demo-1.0/renamed.py")), "demo-1.0.tar.gz")
    assert issues == []
    assert paths(files) == ["demo-1.0/renamed.py"]


# -- the whole pipeline -----------------------------------------------------------------------

OPTIONS = RunOptions(limits=SMALL, seconds_per_target=60.0)


def _nested_zips(levels: int) -> bytes:
    data = make_zip([("deep.py", CODE)])
    for level in range(levels):
        data = make_zip([(f"level{level}.zip", data)])
    return data


def _analyse(tmp_path: Path, name: str, data: bytes) -> TargetResult:
    target = tmp_path / name
    target.write_bytes(data)
    started = time.perf_counter()
    result = analyse_target(str(target), [MalwareAnalyzer], OPTIONS)
    assert time.perf_counter() - started < 10, name
    return result


FATAL_CASES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "gzip-bomb": ("bomb-1.0.tar.gz", lambda: tar_bomb(50 * MiB), "limit: member"),
    "header-bomb": ("bomb-1.0.tar.gz", lambda: tar_bomb(50 * MiB, member_type=tarfile.GNUTYPE_LONGNAME), "limit:"),
    "zip-bomb": ("bomb-1.0.zip", lambda: make_zip([("bomb/zeros.bin", bytes(2 * MiB))]), "limit:"),
    "too-many-members": ("many.zip", lambda: make_zip([(f"m{i}.py", CODE) for i in range(300)]), "limit: more than"),
    "too-deep": ("deep.zip", lambda: _nested_zips(SMALL.max_depth + 1), "limit: archive nesting deeper"),
    "overlap": ("overlap.whl", overlapping_zip_quoted, "corrupt: corrupt or truncated archive: entry"),
    "lying-size": (
        "lie.zip",
        lambda: patch_zip_member(make_zip([("a.py", CODE * 20)]), b"a.py", file_size=500),
        "corrupt:",
    ),
    "truncated-tgz": ("cut-1.0.tar.gz", lambda: _sample("gz")[:2000], "corrupt: corrupt or truncated archive"),
    "truncated-tar": ("cut-1.0.tar", lambda: _sample("")[: 512 * 6], "corrupt: corrupt or truncated archive"),
    "junk": ("junk-1.0.tar.gz", lambda: random.Random(1).randbytes(8192), "corrupt: not a recognised archive"),
    "encrypted": (
        "enc.zip",
        lambda: patch_zip_member(make_zip([("a.py", CODE)]), b"a.py", flags=0x1),
        "encrypted: encrypted member",
    ),
    "pax-redos": ("pax-1.0.tar.gz", lambda: pax_tar(PAX_ATTACKS["digits"]), "corrupt:"),
    "empty": ("empty-1.0.tar.gz", lambda: make_tar([]), "no files found"),
}


@pytest.mark.parametrize("case", list(FATAL_CASES))
def test_pipeline_fails_closed_on_hostile_artifacts(tmp_path: Path, case: str) -> None:
    name, build, reason = FATAL_CASES[case]
    result = _analyse(tmp_path, name, build())
    assert result.verdict is Verdict.ERROR
    fatal_reasons = [e.reason for e in result.errors if e.fatal]
    assert any(reason in r for r in fatal_reasons), fatal_reasons
    assert result.summary.startswith("could not be fully analysed: ")
    assert reason.split(":")[0] in result.summary


NON_FATAL_CASES: dict[str, tuple[str, bytes, str]] = {
    "dotdot": (
        "demo-1.0.tar.gz",
        make_tar([("../../evil.py", CODE), ("demo-1.0/ok.py", CODE)]),
        "archive.unsafe-member-name",
    ),
    "absolute": (
        "demo-1.0.zip",
        make_zip([("/etc/evil.py", CODE), ("demo/ok.py", CODE)]),
        "archive.unsafe-member-name",
    ),
    "symlink": (
        "demo-1.0.tar.gz",
        make_tar([Entry("demo-1.0/l", type=tarfile.SYMTYPE, linkname="/etc/passwd"), ("demo-1.0/ok.py", CODE)]),
        "archive.link",
    ),
    "hardlink": (
        "demo-1.0.tar.gz",
        make_tar([("demo-1.0/ok.py", CODE), Entry("demo-1.0/h", type=tarfile.LNKTYPE, linkname="demo-1.0/ok.py")]),
        "archive.link",
    ),
    "zip-symlink": ("demo.whl", make_zip([zip_symlink("demo/l", "/"), ("demo/ok.py", CODE)]), "archive.link"),
    "fifo": (
        "demo-1.0.tar.gz",
        make_tar([Entry("demo-1.0/f", type=tarfile.FIFOTYPE), ("demo-1.0/ok.py", CODE)]),
        "archive.special-file",
    ),
    "undecodable": ("demo-1.0.tar.gz", make_tar([("demo-1.0/\udcff.py", CODE)]), "archive.undecodable-name"),
}


@pytest.mark.parametrize("case", list(NON_FATAL_CASES))
def test_pipeline_reports_suspicious_structure_without_failing(tmp_path: Path, case: str) -> None:
    name, data, rule = NON_FATAL_CASES[case]
    result = _analyse(tmp_path, name, data)
    assert result.verdict is not Verdict.ERROR, result.errors
    assert not [e for e in result.errors if e.fatal]
    assert rule in {f.rule for f in result.findings}
    assert result.files_analysed >= 1


def test_pipeline_on_a_fifo_target_does_not_block(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "demo-1.0.tar.gz"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    result = analyse_target(str(fifo), [MalwareAnalyzer], OPTIONS)
    assert result.verdict is Verdict.ERROR
    assert any("not a regular file" in e.reason for e in result.errors if e.fatal)
