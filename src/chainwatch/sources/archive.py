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
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO

from .base import Budget, SourceFile, SourceIssue

ARCHIVE_SUFFIXES = (
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz2",
    ".tar.xz",
    ".txz",
    ".tar",
    ".zip",
    ".whl",
    ".egg",
)


class LimitExceeded(Exception):
    """Raised inside a reader when a budget runs out; turned into a fatal `SourceIssue`."""


def looks_like_archive(name: str, head: bytes) -> bool:
    lowered = name.lower()
    if lowered.endswith(ARCHIVE_SUFFIXES):
        return sniff_kind(head) is not None
    return False


def sniff_kind(head: bytes) -> str | None:
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh"):
        return "bzip2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if len(head) > 262 and head[257:262] == b"ustar":
        return "tar"
    return None


class _CappedReader(io.RawIOBase):
    """Wraps a decompressing stream and raises once more than `cap` bytes come out of it."""

    def __init__(self, inner: IO[bytes], cap: int) -> None:
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
            self._issue("unsafe-name", container, "member name longer than the limit; member skipped")
            return None
        reason = _is_unsafe_name(raw)
        if reason:
            self._issue("unsafe-name", f"{container}!/{_clean_name(raw)}", f"{reason} ({raw[:200]!r})")
        return _clean_name(raw)

    def _emit(
        self, name: str, payload: bytes, container: str, depth: int, top: str | None
    ) -> Iterator[SourceFile]:
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
        names = [i.filename for i in infos if not i.is_dir()]
        top = _single_top(names) if not display.lower().endswith((".whl", ".egg")) else None
        for info in infos:
            self._count_member(display)
            if info.is_dir():
                continue
            raw = info.filename
            if not (info.flag_bits & 0x800):
                # Not flagged UTF-8: zipfile decoded it as cp437. Undecodable bytes cannot occur
                # there, but we tell the user when non-ASCII names were guessed.
                if any(ord(c) > 127 for c in raw):
                    self._issue("undecodable-name", f"{display}!/{_clean_name(raw)}", "non-UTF-8 member name")
            name = self._check_name(raw, display)
            if name is None:
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
                raise LimitExceeded(
                    f"member {name} expands {info.file_size / info.compress_size:.0f}x (zip bomb?)"
                )
            with archive.open(info) as handle:
                # Never trust the declared size: read one byte past it to catch a lying header.
                payload = handle.read(info.file_size + 1)
            if len(payload) > info.file_size:
                raise LimitExceeded(f"member {name} is larger than its header declares")
            yield from self._emit(name, payload, display, depth, top)

    # -- tar ----------------------------------------------------------------------------------
    def _open_stream(self, data: bytes, kind: str) -> IO[bytes]:
        raw = io.BytesIO(data)
        cap = self.budget.limits.max_total_size - self.budget.total
        inner: IO[bytes]
        if kind == "gzip":
            inner = gzip.GzipFile(fileobj=raw)
        elif kind == "bzip2":
            inner = bz2.BZ2File(raw)
        elif kind == "xz":
            inner = lzma.LZMAFile(raw)
        else:
            return raw
        return io.BufferedReader(_CappedReader(inner, cap + 1024 * 1024))

    def _read_tar(self, data: bytes, kind: str, display: str, depth: int) -> Iterator[SourceFile]:
        stream = self._open_stream(data, kind)
        limits = self.budget.limits
        # Stream mode: members are read strictly in order, nothing seeks or rewinds.
        archive = tarfile.open(fileobj=stream, mode="r|", errors="surrogateescape")
        top: str | None = None
        first = True
        for member in archive:
            self._count_member(display)
            raw = member.name
            if first:
                top = _guess_tar_top(raw)
                first = False
            if _has_surrogates(raw):
                self._issue("undecodable-name", f"{display}!/{_clean_name(_safe(raw))}", "member name is not valid UTF-8")
                raw = _safe(raw)
            if member.isdir():
                continue
            name = self._check_name(raw, display)
            if name is None:
                continue
            if member.issym() or member.islnk():
                self._issue("link", f"{display}!/{name}", f"link to {_safe(member.linkname)[:200]!r}; not followed")
                continue
            if member.ischr() or member.isblk() or member.isfifo() or member.isdev():
                self._issue("special-file", f"{display}!/{name}", "device or FIFO entry; not read")
                continue
            if not member.isfile():
                continue
            self._take(member.size, f"{display}!/{name}")
            handle = archive.extractfile(member)
            if handle is None:
                continue
            payload = handle.read(limits.max_member_size + 1)
            if len(payload) != member.size:
                raise tarfile.ReadError(f"member {name} is truncated")
            yield from self._emit(name, payload, display, depth, top)


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
