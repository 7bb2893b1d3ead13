"""Reading OSV exports: a zip (osv.dev's `PyPI/all.zip`) held in memory, or a directory tree.

Exports come from the network or from a user's disk, so they are hostile input. Nothing is
extracted: the zip is read from bytes, member by member, with limits checked against the
central directory *and* against the bytes actually produced while reading (headers can lie).
The whole export is rejected, with the reason, on any of: not a zip, too many members, an unsafe
member name (`..`, absolute, drive letter, backslash, NUL), duplicate names, encryption, a member
or total that is too large, a compression ratio typical of a bomb, or a member that is not valid
JSON. Rejecting all of it keeps the previous database in place rather than half an update.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import zipfile


class ExportError(ValueError):
    """An OSV export that was rejected; the message says why."""


@dataclass(frozen=True, slots=True)
class ExportLimits:
    max_archive_bytes: int = 512 * 1024 * 1024
    max_members: int = 500_000
    max_member_bytes: int = 16 * 1024 * 1024
    max_total_bytes: int = 2 * 1024 * 1024 * 1024
    max_ratio: float = 200.0  # uncompressed/compressed, checked for members over `ratio_floor`
    ratio_floor: int = 64 * 1024


RECORD_SUFFIXES = (".json", ".yaml", ".yml")


def _unsafe_name(name: str) -> str | None:
    if not name or "\x00" in name:
        return "empty name or NUL byte"
    if "\\" in name:
        return "backslash in name"
    path = PurePosixPath(name)
    if path.is_absolute() or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    if ".." in path.parts:
        return "parent-directory component"
    return None


def read_zip(data: bytes, limits: ExportLimits | None = None) -> list[Any]:
    """The OSV records (parsed JSON values) in a zip export; raises ExportError on hostile input."""
    import zipfile  # only updates read zips; importing it costs every query's start-up

    limits = limits or ExportLimits()
    if len(data) > limits.max_archive_bytes:
        raise ExportError(f"the export is {len(data)} bytes, over the {limits.max_archive_bytes}-byte limit")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ExportError(f"the export is not a readable zip archive: {exc}") from exc
    if len(members) > limits.max_members:
        raise ExportError(f"the export has {len(members)} members, over the {limits.max_members} limit")
    names: set[str] = set()
    declared = 0
    for info in members:
        problem = _unsafe_name(info.filename)
        if problem:
            raise ExportError(f"unsafe member name {info.filename!r} ({problem}); the export was rejected")
        if info.filename in names:
            raise ExportError(f"duplicate member name {info.filename!r}; the export was rejected")
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise ExportError(f"member {info.filename!r} is encrypted")
        _check_size(info, limits)
        declared += info.file_size
        if declared > limits.max_total_bytes:
            raise ExportError(f"the export expands to over {limits.max_total_bytes} bytes (zip bomb?)")
    records = []
    produced = 0
    with archive:
        for info in members:
            if info.is_dir() or not info.filename.lower().endswith(".json"):
                continue  # osv.dev exports hold only `<ID>.json`; anything else is not ours to read
            payload = _read_member(archive, info, limits)
            produced += len(payload)
            if produced > limits.max_total_bytes:
                raise ExportError(f"the export expands to over {limits.max_total_bytes} bytes (zip bomb?)")
            records.append(_json(payload, info.filename))
    if not records:
        raise ExportError("the export holds no OSV JSON records")
    return records


def _check_size(info: zipfile.ZipInfo, limits: ExportLimits) -> None:
    if info.file_size > limits.max_member_bytes:
        raise ExportError(f"member {info.filename!r} is {info.file_size} bytes, over the per-member limit")
    if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        raise ExportError(
            f"member {info.filename!r} expands {info.file_size / max(info.compress_size, 1):.0f}x (zip bomb?)"
        )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ExportLimits) -> bytes:
    import zipfile

    try:
        with archive.open(info) as handle:
            payload = handle.read(limits.max_member_bytes + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ExportError(f"member {info.filename!r} cannot be read: {exc}") from exc
    if len(payload) > limits.max_member_bytes:
        raise ExportError(f"member {info.filename!r} expands past the per-member limit (zip bomb?)")
    return payload


def _json(payload: bytes, where: str) -> Any:
    try:
        return json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ExportError(f"{where} is not valid JSON: {exc}") from exc


def _yaml(payload: bytes, where: str) -> Any:
    import yaml  # type: ignore[import-untyped, unused-ignore]  # only directories need it; stubs optional

    try:
        # BaseLoader keeps every scalar a string: YAML would read `version: 1.10` as the float 1.1.
        return yaml.load(payload.decode("utf-8"), Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ExportError(f"{where} is not valid YAML: {exc}") from exc


def iter_directory(root: Path, limits: ExportLimits | None = None) -> Iterator[tuple[Path, Any]]:
    """(path, parsed record) for every OSV JSON/YAML file under `root`; symlinks are not followed."""
    limits = limits or ExportLimits()
    if not root.is_dir():
        raise ExportError(f"{root} is not a directory")
    count = 0
    total = 0
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for filename in sorted(files):
            path = Path(folder, filename)
            if not filename.lower().endswith(RECORD_SUFFIXES) or path.is_symlink() or not path.is_file():
                continue
            count += 1
            if count > limits.max_members:
                raise ExportError(f"{root} holds more than {limits.max_members} advisory files")
            size = path.stat().st_size
            if size > limits.max_member_bytes:
                raise ExportError(f"{path} is {size} bytes, over the per-file limit")
            total += size
            if total > limits.max_total_bytes:
                raise ExportError(f"{root} holds more than {limits.max_total_bytes} bytes of advisories")
            payload = path.read_bytes()
            where = str(path)
            yield path, (_json(payload, where) if filename.lower().endswith(".json") else _yaml(payload, where))


def read_directory(root: Path, limits: ExportLimits | None = None) -> list[Any]:
    records = [record for _, record in iter_directory(root, limits)]
    if not records:
        raise ExportError(f"{root} holds no OSV JSON or YAML records")
    return records
