"""Build small, synthetic (and deliberately hostile) archives in memory for the source tests.

Nothing here touches the network or the real corpus; every payload is a harmless constant.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import stat
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from chainwatch.sources import Budget, Limits, SourceFile, SourceIssue
from chainwatch.sources.archive import ArchiveReader

# Limits small enough that every bomb stops after a few KiB of work.
SMALL = Limits(
    max_members=200,
    max_member_size=256 * 1024,
    max_total_size=1024 * 1024,
    max_compression_ratio=50.0,
    ratio_floor=64 * 1024,
    max_depth=3,
    max_name_length=1024,
)


@dataclass(frozen=True)
class Entry:
    """One tar member; `type` is a tarfile type flag (REGTYPE, SYMTYPE, FIFOTYPE, ...)."""

    name: str
    data: bytes = b""
    type: bytes = tarfile.REGTYPE
    linkname: str = ""


def make_tar(
    entries: Iterable[Entry | tuple[str, bytes]],
    compression: str = "gz",
    fmt: int = tarfile.GNU_FORMAT,
) -> bytes:
    """A tar (compression "", "gz", "bz2" or "xz") holding `entries`; names may carry surrogates."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=fmt, encoding="utf-8", errors="surrogateescape") as tar:
        for item in entries:
            entry = Entry(*item) if isinstance(item, tuple) else item
            info = tarfile.TarInfo(entry.name)
            info.type = entry.type
            info.linkname = entry.linkname
            info.mode = 0o755 if entry.type == tarfile.DIRTYPE else 0o644
            info.mtime = 1_700_000_000
            if entry.type not in (tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.DIRTYPE):
                info.size = len(entry.data)
            tar.addfile(info, io.BytesIO(entry.data) if info.size else None)
    return compress(raw.getvalue(), compression)


def compress(data: bytes, compression: str) -> bytes:
    if compression == "gz":
        return gzip.compress(data, compresslevel=6, mtime=0)
    if compression == "bz2":
        return bz2.compress(data)
    if compression == "xz":
        return lzma.compress(data)
    return data


def make_zip(
    entries: Iterable[zipfile.ZipInfo | tuple[str, bytes]],
    compression: int = zipfile.ZIP_DEFLATED,
    data: dict[str, bytes] | None = None,
) -> bytes:
    """A zip of `(name, bytes)` pairs or prepared ZipInfos (their bytes come from `data[name]`)."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", compression) as archive:
        for item in entries:
            if isinstance(item, zipfile.ZipInfo):
                archive.writestr(item, (data or {}).get(item.filename, b""))
            else:
                archive.writestr(item[0], item[1])
    return raw.getvalue()


def zip_symlink(name: str, target: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def central_directory(data: bytes) -> tuple[int, int, bytearray]:
    """(offset of the central directory, offset of the end record, the end record) of a zip."""
    end = data.rfind(b"PK\x05\x06")
    record = bytearray(data[end:])
    (offset,) = struct.unpack("<I", record[16:20])
    return offset, end, record


def patch_zip_member(
    data: bytes, name: bytes, *, flags: int = 0, file_size: int | None = None, new_name: bytes | None = None
) -> bytes:
    """Rewrite member `name` in both its local and central headers (zipfile itself never writes these).

    `flags` are OR-ed into the general-purpose bits, `file_size` replaces the declared uncompressed
    size (a lying header), `new_name` (same length) replaces the raw name bytes.
    """
    assert new_name is None or len(new_name) == len(name)
    patched = bytearray(data)
    for signature, name_at, flags_at, size_at in ((b"PK\x03\x04", 30, 6, 22), (b"PK\x01\x02", 46, 8, 24)):
        at = patched.index(signature)
        while patched[at + name_at : at + name_at + len(name)] != name:
            at = patched.index(signature, at + 4)
        (old_flags,) = struct.unpack_from("<H", patched, at + flags_at)
        struct.pack_into("<H", patched, at + flags_at, old_flags | flags)
        if file_size is not None:
            struct.pack_into("<I", patched, at + size_at, file_size)
        if new_name is not None:
            patched[at + name_at : at + name_at + len(name)] = new_name
    return bytes(patched)


def _local_header(name: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(body)
    return struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, len(body), len(body), len(name), 0) + name


def _central_header(name: bytes, body: bytes, offset: int) -> bytes:
    crc = zlib.crc32(body)
    fixed = struct.pack(
        "<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, crc, len(body), len(body), len(name), 0, 0, 0, 0, 0, offset
    )
    return fixed + name


def _end_record(count: int, directory: bytes, offset: int) -> bytes:
    return struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)


def overlapping_zip_same_entry(copies: int = 3) -> bytes:
    """One stored member listed `copies` times in the central directory (the classic overlap bomb)."""
    name, body = b"pkg/a.py", b"print('a')\n" * 8
    local = _local_header(name, body) + body
    directory = _central_header(name, body, 0) * copies
    return local + directory + _end_record(copies, directory, len(local))


def overlapping_zip_quoted() -> bytes:
    """Member a.py's stored bytes quote b.py's local header and data: every entry is valid, yet they overlap."""
    inner_name, inner_body = b"pkg/b.py", b"print('b')\n" * 8
    inner = _local_header(inner_name, inner_body) + inner_body
    outer_name = b"pkg/a.py"
    outer_header = _local_header(outer_name, inner)
    local = outer_header + inner
    directory = _central_header(outer_name, inner, 0) + _central_header(inner_name, inner_body, len(outer_header))
    return local + directory + _end_record(2, directory, len(local))


class Zeros(io.RawIOBase):
    """`size` zero bytes, produced on demand so a bomb never sits in memory uncompressed."""

    def __init__(self, size: int) -> None:
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = min(len(buffer), self._left)
        buffer[:count] = bytes(count)
        self._left -= count
        return count


def tar_bomb(size: int, compression: str = "gz", member_type: bytes = tarfile.REGTYPE) -> bytes:
    """A compressed tar whose first member (of `member_type`) is `size` zero bytes, then a small file."""
    raw = io.BytesIO()
    sink: io.BufferedIOBase
    if compression == "gz":
        sink = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0)
    elif compression == "bz2":
        sink = bz2.BZ2File(raw, "wb")
    else:
        sink = lzma.LZMAFile(raw, "wb")
    with sink, tarfile.open(fileobj=sink, mode="w", format=tarfile.GNU_FORMAT) as tar:
        longname = member_type == tarfile.GNUTYPE_LONGNAME
        info = tarfile.TarInfo("././@LongLink" if longname else "bomb-1.0/zeros.bin")
        info.type = member_type
        info.size = size
        tar.addfile(info, Zeros(size))
        after = tarfile.TarInfo("bomb-1.0/setup.py")
        after.size = 4
        tar.addfile(after, io.BytesIO(b"x=1\n"))
    return raw.getvalue()


def pax_record(key: bytes, value: bytes) -> bytes:
    """One well-framed pax record: `<len> <key>=<value>\\n`, where len counts itself."""
    body = b" " + key + b"=" + value + b"\n"
    length = len(body) + 1
    while len(str(length)) + len(body) != length:
        length = len(str(length)) + len(body)
    return str(length).encode() + body


def pax_tar(payload: bytes, compression: str = "gz") -> bytes:
    """A tar whose first member carries `payload` as its pax extended header, verbatim."""
    header = tarfile.TarInfo("././@PaxHeader")
    header.type = tarfile.XHDTYPE
    header.size = len(payload)
    member = tarfile.TarInfo("demo-1.0/setup.py")
    member.size = 4
    blocks = [
        header.tobuf(format=tarfile.USTAR_FORMAT),
        payload + bytes(-len(payload) % 512),
        member.tobuf(format=tarfile.USTAR_FORMAT),
        b"x=1\n" + bytes(508),
        bytes(1024),
    ]
    return compress(b"".join(blocks), compression)


def read(data: bytes, name: str, limits: Limits = SMALL) -> tuple[list[SourceFile], list[SourceIssue]]:
    budget = Budget(limits)
    files = list(ArchiveReader(budget).read(data, name))
    return files, budget.issues


def kinds(issues: Iterable[SourceIssue]) -> set[str]:
    return {i.kind for i in issues}


def fatal(issues: Iterable[SourceIssue]) -> list[SourceIssue]:
    return [i for i in issues if i.fatal]


def paths(files: Iterable[SourceFile]) -> list[str]:
    return [f.path for f in files]
