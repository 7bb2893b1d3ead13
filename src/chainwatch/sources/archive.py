"""Read sdists, wheels, eggs and archives nested in them — in memory, under limits, never extracted.

Every byte is hostile: decompression is capped by the target's budget (so gzip/bz2/xz bombs and
zip bombs stop at the cap), member names are never used as filesystem paths, links and device
files are reported and never followed, and a corrupt container ends as an issue, not a crash.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import re
import stat
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any, Self

from .base import Budget, SourceFile, SourceIssue
from .kinds import ARCHIVE_SUFFIXES, sniff_kind

# What one target may make tarfile's pax regexes scan, in squared digit-run lengths (see `_pax_cost`):
# about a tenth of a second. An ordinary pax header costs a few hundred.
MAX_PAX_WORK = 1 << 27


class LimitExceeded(Exception):
    """Raised inside a reader when a budget runs out; turned into a fatal `SourceIssue`."""


def looks_like_archive(name: str, head: bytes) -> bool:
    lowered = name.lower()
    if lowered.endswith(ARCHIVE_SUFFIXES):
        return sniff_kind(head) is not None
    return False


class _CappedReader(io.RawIOBase):
    """Wraps a decompressing stream and raises once more than `cap` bytes come out of it."""

    def __init__(self, inner: io.BufferedIOBase, cap: int) -> None:
        self._inner = inner
        self._left = cap

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer)
        chunk = self._inner.read(min(len(view), self._left + 1))
        if len(chunk) > self._left:
            raise LimitExceeded("decompressed size exceeds the target's total-size limit (decompression bomb?)")
        self._left -= len(chunk)
        view[: len(chunk)] = chunk
        return len(chunk)


def _is_unsafe_name(name: str) -> str | None:
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "absolute member name"
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        return "member name climbs out of the archive with '..'"
    return None


def _clean_name(name: str) -> str:
    """A display-safe relative path: no leading slashes, no `..`, no control characters."""
    name = name.replace("\\", "/")
    parts = [p for p in name.split("/") if p not in ("", ".", "..")]
    cleaned = "/".join(parts)
    return "".join(ch if ch.isprintable() else "?" for ch in cleaned)


def _strip_top(name: str, top: str | None) -> str:
    if top and name.startswith(top + "/"):
        return name[len(top) + 1 :]
    return name


class ArchiveReader:
    """Yields the files of one archive (recursing into nested archives) under a shared budget."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self._pax_work = 0

    # -- public -------------------------------------------------------------------------------
    def read(self, data: bytes, display: str, depth: int = 0) -> Iterator[SourceFile]:
        limits = self.budget.limits
        if depth > limits.max_depth:
            self._issue("limit", display, f"archive nesting deeper than {limits.max_depth} levels", fatal=True)
            return
        kind = sniff_kind(data[:512])
        try:
            if kind == "zip":
                yield from self._read_zip(data, display, depth)
            elif kind in ("gzip", "bzip2", "xz", "tar"):
                yield from self._read_tar(data, kind, display, depth)
            else:
                self._issue("corrupt", display, "not a recognised archive (zip, tar, gzip, bzip2, xz)", fatal=True)
        except LimitExceeded as exc:
            self._issue("limit", display, str(exc), fatal=True)
        except (tarfile.TarError, zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError) as exc:
            self._issue("corrupt", display, f"corrupt or truncated archive: {_short(exc)}", fatal=True)
        except (ValueError, NotImplementedError, RuntimeError, IndexError, KeyError, UnicodeError) as exc:
            # tarfile and zipfile raise these on malformed headers; the archive is unreadable.
            self._issue("corrupt", display, f"malformed archive: {_short(exc)}", fatal=True)

    # -- helpers ------------------------------------------------------------------------------
    def _issue(self, kind: str, path: str, detail: str, fatal: bool = False) -> None:
        self.budget.issues.append(SourceIssue(kind, path, detail, fatal))  # type: ignore[arg-type]

    def _count_member(self, display: str) -> None:
        self.budget.members += 1
        if self.budget.members > self.budget.limits.max_members:
            raise LimitExceeded(f"more than {self.budget.limits.max_members} members")

    def _take(self, size: int, display: str) -> None:
        limits = self.budget.limits
        if size > limits.max_member_size:
            raise LimitExceeded(f"member {display} is {size} bytes, over the {limits.max_member_size}-byte limit")
        self.budget.total += size
        if self.budget.total > limits.max_total_size:
            raise LimitExceeded(f"total uncompressed size exceeds {limits.max_total_size} bytes")

    def _check_name(self, raw: str, container: str) -> str | None:
        if len(raw) > self.budget.limits.max_name_length:
            # The member's bytes are skipped, so part of the target goes unanalysed: fail closed.
            self._issue("unsafe-name", container, "member name longer than the limit; member skipped", fatal=True)
            return None
        name = _clean_name(raw)
        reason = _is_unsafe_name(raw) or ("" if name else "member name is empty once cleaned")
        if not name:
            # Still analysed, under a placeholder: an empty path would read as the container itself.
            name = "?"
        if reason:
            self._issue("unsafe-name", f"{container}!/{name}", f"{reason} ({raw[:200]!r})")
        return name

    def _emit(self, name: str, payload: bytes, container: str, depth: int, top: str | None) -> Iterator[SourceFile]:
        display = f"{container}!/{name}"
        if looks_like_archive(name, payload[:512]):
            yield from self.read(payload, display, depth + 1)
            return
        yield SourceFile(
            path=name,
            display=display,
            data=payload,
            package_path=_strip_top(name, top),
            container=container,
            depth=depth,
        )

    # -- zip ----------------------------------------------------------------------------------
    def _read_zip(self, data: bytes, display: str, depth: int) -> Iterator[SourceFile]:
        limits = self.budget.limits
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if len(infos) + self.budget.members > limits.max_members:
            raise LimitExceeded(f"more than {limits.max_members} members")
        _check_no_overlap(data, infos, archive.start_dir)
        names = [i.filename for i in infos if not i.is_dir()]
        top = _single_top(names) if not display.lower().endswith((".whl", ".egg")) else None
        for info in infos:
            self._count_member(display)
            raw = info.filename
            if not (info.flag_bits & 0x800):
                # Not flagged UTF-8: zipfile decoded it as cp437. Undecodable bytes cannot occur
                # there, but we tell the user when non-ASCII names were guessed.
                if any(ord(c) > 127 for c in raw):
                    self._issue("undecodable-name", f"{display}!/{_clean_name(raw)}", "non-UTF-8 member name")
            # Checked before skipping directories: a `../` directory entry is as hostile as a file.
            name = self._check_name(raw, display)
            if name is None or info.is_dir():
                continue
            mode = (info.external_attr >> 16) & 0xFFFF
            if mode and stat.S_ISLNK(mode):
                self._issue("link", f"{display}!/{name}", "symbolic link stored in zip; not followed")
                continue
            if info.flag_bits & 0x1:
                self._issue("encrypted", f"{display}!/{name}", "encrypted member cannot be analysed", fatal=True)
                continue
            self._take(info.file_size, f"{display}!/{name}")
            if (
                info.file_size > limits.ratio_floor
                and info.compress_size > 0
                and info.file_size / info.compress_size > limits.max_compression_ratio
            ):
                raise LimitExceeded(f"member {name} expands {info.file_size / info.compress_size:.0f}x (zip bomb?)")
            with archive.open(info) as handle:
                # Never trust the declared size: read one byte past it to catch a lying header.
                payload = handle.read(info.file_size + 1)
            if len(payload) != info.file_size:
                # zipfile stops at the declared size and only checks the CRC of what it read, so a
                # shorter member passes; other unzippers would disagree on the content.
                declared = info.file_size
                raise zipfile.BadZipFile(f"member {name} holds {len(payload)} bytes, its header declares {declared}")
            yield from self._emit(name, payload, display, depth, top)

    # -- tar ----------------------------------------------------------------------------------
    def _open_stream(self, data: bytes, kind: str) -> io.BufferedIOBase:
        raw = io.BytesIO(data)
        cap = self.budget.limits.max_total_size - self.budget.total
        inner: io.BufferedIOBase
        if kind == "gzip":
            inner = gzip.GzipFile(fileobj=raw)
        elif kind == "bzip2":
            inner = bz2.BZ2File(raw)
        elif kind == "xz":
            inner = lzma.LZMAFile(raw)
        else:
            return raw
        return io.BufferedReader(_CappedReader(inner, cap + 1024 * 1024))

    def _charge_pax(self, buf: bytes) -> None:
        self._pax_work += _pax_cost(buf)
        if self._pax_work > MAX_PAX_WORK:
            raise LimitExceeded("pax headers too costly to parse (crafted to stall tar readers?)")

    def _read_tar(self, data: bytes, kind: str, display: str, depth: int) -> Iterator[SourceFile]:
        stream = self._open_stream(data, kind)
        limits = self.budget.limits
        # Stream mode: members are read strictly in order, nothing seeks or rewinds. Names are
        # decoded as UTF-8 whatever the locale, so "undecodable" means the same everywhere.
        archive: tarfile.TarFile = _GuardedTarFile.open(  # type: ignore[call-overload]  # pax_check: see __init__
            fileobj=stream, mode="r|", encoding="utf-8", errors="surrogateescape", pax_check=self._charge_pax
        )
        top: str | None = None
        first = True
        for member in archive:
            self._count_member(display)
            raw = member.name
            if first:
                top = _guess_tar_top(raw)
                first = False
            if _has_surrogates(raw):
                self._issue(
                    "undecodable-name", f"{display}!/{_clean_name(_safe(raw))}", "member name is not valid UTF-8"
                )
                raw = _safe(raw)
            # Checked before skipping directories: a `../` directory entry is as hostile as a file.
            name = self._check_name(raw, display)
            if name is None or member.isdir():
                continue
            if member.issym() or member.islnk():
                self._issue("link", f"{display}!/{name}", f"link to {_safe(member.linkname)[:200]!r}; not followed")
                continue
            if member.ischr() or member.isblk() or member.isfifo() or member.isdev():
                self._issue("special-file", f"{display}!/{name}", "device or FIFO entry; not read")
                continue
            if not member.isfile():
                if member.type in tarfile.SUPPORTED_TYPES:
                    continue
                # GNU tar and tarfile's extractall write unknown member types out as regular files,
                # so skipping them would hide installable content.
                detail = f"unknown member type {member.type!r}; read as a regular file"
                self._issue("special-file", f"{display}!/{name}", detail)
            self._take(member.size, f"{display}!/{name}")
            handle = archive.extractfile(member)
            if handle is None:
                continue
            payload = handle.read(limits.max_member_size + 1)
            if len(payload) != member.size:
                raise tarfile.ReadError(f"member {name} is truncated")
            yield from self._emit(name, payload, display, depth, top)


def _check_no_overlap(data: bytes, infos: list[zipfile.ZipInfo], end: int) -> None:
    """Entries must not share bytes: overlapping entries build the densest zip bombs and hide files.

    zipfile only refuses them from Python 3.12; this is the same check (each entry's data ends
    before the next local header, the last one before the central directory).
    """
    for info in sorted(infos, key=lambda i: i.header_offset, reverse=True):
        header = data[info.header_offset : info.header_offset + 30]
        if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
            raise zipfile.BadZipFile(f"bad local header offset for {info.filename[:200]!r}")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        if info.header_offset + 30 + name_length + extra_length + info.compress_size > end:
            raise zipfile.BadZipFile(f"entry {info.filename[:200]!r} overlaps another entry (zip bomb?)")
        end = info.header_offset


_PAX_LENGTH = re.compile(rb"(\d+) ")
_DIGIT_RUN = re.compile(rb"\d+")


def _pax_cost(buf: bytes) -> int:
    """Check a pax header's framing and return what tarfile's regexes will spend on it.

    Before 3.11.10/3.12.6, tarfile parses pax records with regexes that take quadratic time and
    memory on crafted headers (CVE-2024-6232): a few hundred compressed bytes stall it for hours.
    With records framed as `<len> <key>=<value>\\n` and only padding after them, the remaining cost
    is quadratic only in runs of digits, which the caller charges to the target.
    """
    pos = 0
    while (match := _PAX_LENGTH.match(buf, pos)) is not None:
        length = int(match.group(1)) if len(match.group(1)) <= 20 else 0
        end = pos + length
        # The `=` bounds tarfile's keyword scan, the newline its hdrcharset scan, to this record.
        if length < 5 or end > len(buf) or buf[end - 1] != 0x0A or b"=" not in buf[match.end() : end]:
            raise tarfile.ReadError("malformed pax header record")
        pos = end
    if buf[pos:].strip(b"\0"):
        raise tarfile.ReadError("unexpected data after the pax header records")
    return sum(len(run) ** 2 for run in _DIGIT_RUN.findall(buf))


class _Replay:
    """A file object that first hands back bytes already read from `inner`, then reads on."""

    def __init__(self, head: bytes, inner: Any) -> None:
        self._head: bytes | None = head
        self._inner = inner

    def read(self, size: int = -1) -> bytes:
        if self._head is not None:
            # tarfile asks again for exactly the block that was checked.
            head, self._head = self._head, None
            return head
        return bytes(self._inner.read(size))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _GuardedTarInfo(tarfile.TarInfo):
    """TarInfo whose header parsing fails loudly instead of quietly, and whose pax headers are vetted."""

    @classmethod
    def frombuf(cls, buf: bytes | bytearray, encoding: str, errors: str) -> Self:
        if len(buf) == tarfile.BLOCKSIZE and not any(buf):
            return super().frombuf(buf, encoding, errors)  # the zero block that ends an archive
        try:
            return super().frombuf(buf, encoding, errors)
        except tarfile.HeaderError as exc:
            # After the first member tarfile takes an empty, short or damaged header for the end of
            # the archive, so a truncated tar or a bad checksum would quietly hide every later member.
            raise tarfile.ReadError(f"{exc} (truncated or corrupt tar)") from None

    def _proc_pax(self, tar: tarfile.TarFile) -> tarfile.TarInfo:
        if not isinstance(tar, _GuardedTarFile) or tar.fileobj is None:
            raise tarfile.ReadError("pax header outside a guarded reader")
        inner = tar.fileobj
        buf = inner.read(-(-self.size // tarfile.BLOCKSIZE) * tarfile.BLOCKSIZE)  # data padded to whole blocks
        tar.pax_check(buf)
        tar.fileobj = _Replay(buf, inner)
        try:
            parsed: tarfile.TarInfo = super()._proc_pax(tar)  # type: ignore[misc]  # private, not in typeshed
        finally:
            tar.fileobj = inner
        return parsed


class _GuardedTarFile(tarfile.TarFile):
    """A TarFile reading `_GuardedTarInfo` headers; `pax_check` vets each pax header's bytes first."""

    def __init__(self, *args: Any, pax_check: Callable[[bytes], None], **kwargs: Any) -> None:
        self.pax_check = pax_check
        kwargs["tarinfo"] = _GuardedTarInfo
        super().__init__(*args, **kwargs)


def _single_top(names: list[str]) -> str | None:
    tops = {n.replace("\\", "/").lstrip("/").split("/", 1)[0] for n in names if "/" in n.strip("/")}
    loose = [n for n in names if "/" not in n.strip("/")]
    if len(tops) == 1 and not loose:
        return _clean_name(tops.pop())
    return None


def _guess_tar_top(first_name: str) -> str | None:
    cleaned = _clean_name(_safe(first_name))
    head = cleaned.split("/", 1)[0]
    return head or None


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _safe(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text[:300]
