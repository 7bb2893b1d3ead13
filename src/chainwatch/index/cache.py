"""A content-addressed store of verified artifacts, plus what each index listed for a pinned release.

Layout under the cache root (`$CHAINWATCH_CACHE_DIR`, else `$XDG_CACHE_HOME/chainwatch`, else
`~/.cache/chainwatch` — the same root the rest of chainwatch uses):

    artifacts/sha256/ab/cdef…/<filename>      the bytes, in a folder named by their sha256; the file keeps
                                              its real name because analyzers and pip read meaning from it
    artifacts/refs/<index-id>/<project>/<pin-id>.json
                                              what one index listed for one `name==version`: file names,
                                              URLs, the index's hashes and the sha256 of what was stored
    artifacts/tmp/                            downloads in flight (renamed into place only once verified)

Every write is a rename of a finished temporary file, so readers never see half a file and two
chainwatch processes can share the cache without locks. Blobs are re-hashed when used: a damaged
file is dropped and fetched again rather than analysed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from packaging.utils import canonicalize_name

from ..paths import cache_root
from .models import IndexFile
from .names import safe_filename

RECORD_VERSION = 1
_CHUNK = 1 << 20


def default_root() -> Path:
    return cache_root()


@dataclass(frozen=True, slots=True)
class CachedFile:
    """One listed file of a release as remembered; `sha256` is known once its bytes were stored."""

    filename: str
    url: str
    hashes: dict[str, str]
    yanked: str | None = None
    requires_python: str | None = None
    size: int | None = None
    core_metadata: dict[str, str] | None = None
    sha256: str | None = None

    @classmethod
    def from_index(cls, file: IndexFile) -> CachedFile:
        return cls(
            filename=file.filename,
            url=file.url,
            hashes=dict(file.hashes),
            yanked=file.yanked,
            requires_python=file.requires_python,
            size=file.size,
            core_metadata=file.core_metadata,
            sha256=file.hashes.get("sha256"),
        )

    def to_index_file(self) -> IndexFile:
        return IndexFile(
            filename=self.filename,
            url=self.url,
            hashes=dict(self.hashes),
            requires_python=self.requires_python,
            yanked=self.yanked,
            core_metadata=self.core_metadata,
            size=self.size,
        )


@dataclass(frozen=True, slots=True)
class ReleaseRecord:
    index: str
    project: str
    pin: str
    files: tuple[CachedFile, ...]


def _cached_file(entry: Any) -> CachedFile:
    """A record entry, type-checked: a damaged record must fail here, not deep inside a download."""
    cached = CachedFile(**entry)
    texts = (cached.filename, cached.url)
    optional_texts = (cached.yanked, cached.requires_python, cached.sha256)
    hash_maps = (cached.hashes,) + (() if cached.core_metadata is None else (cached.core_metadata,))
    if (
        not all(isinstance(t, str) for t in texts)
        or not all(t is None or isinstance(t, str) for t in optional_texts)
        or not all(isinstance(m, dict) and all(isinstance(v, str) for v in m.values()) for m in hash_maps)
        or not (cached.size is None or (isinstance(cached.size, int) and not isinstance(cached.size, bool)))
    ):
        raise ValueError("malformed release record entry")
    return cached


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class ArtifactCache:
    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or default_root()) / "artifacts"

    # -- blobs ---------------------------------------------------------------------------------
    def blob_dir(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / "sha256" / sha256[:2] / sha256[2:]

    def lookup(self, sha256: str, filename: str) -> Path | None:
        """The stored file, if present and still intact; a damaged one is removed."""
        if not safe_filename(filename):
            return None
        path = self.blob_dir(sha256) / filename
        if not path.is_file():
            return None
        if sha256_of(path) != sha256:
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        return path

    @contextlib.contextmanager
    def incoming(self) -> Iterator[tuple[IO[bytes], Path]]:
        """A temporary file on the cache's filesystem; removed unless `store` moved it into place."""
        folder = self.root / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix="download-", delete=False) as handle:
            path = Path(handle.name)
            try:
                yield handle, path
            finally:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()

    def store(self, temporary: Path, sha256: str, filename: str) -> Path:
        if not safe_filename(filename):
            raise ValueError(f"unsafe file name {filename!r}")
        folder = self.blob_dir(sha256)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / filename
        os.replace(temporary, target)
        return target

    # -- release records -----------------------------------------------------------------------
    def _record_path(self, index_url: str, project: str, pin: str) -> Path:
        index_id = hashlib.sha256(index_url.encode()).hexdigest()[:16]
        pin_id = hashlib.sha256(pin.encode()).hexdigest()[:16]
        return self.root / "refs" / index_id / str(canonicalize_name(project)) / f"{pin_id}.json"

    def read_release(self, index_url: str, project: str, pin: str) -> ReleaseRecord | None:
        path = self._record_path(index_url, project, pin)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            if document.get("version") != RECORD_VERSION or document.get("index") != index_url:
                return None
            if document.get("pin") != pin:
                return None
            files = tuple(_cached_file(entry) for entry in document["files"])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None  # missing, unreadable or not of our making: just ask the index again
        return ReleaseRecord(index=index_url, project=project, pin=pin, files=files)

    def write_release(self, record: ReleaseRecord) -> None:
        path = self._record_path(record.index, record.project, record.pin)
        document: dict[str, Any] = {
            "version": RECORD_VERSION,
            "index": record.index,
            "project": record.project,
            "pin": record.pin,
            "files": [asdict(f) for f in record.files],
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False, encoding="utf-8") as out:
            json.dump(document, out, indent=1, sort_keys=True)
        os.replace(out.name, path)
