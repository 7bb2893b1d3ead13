"""Where the advisory database lives, which copy is active, and how `chainwatch db update` refreshes it.

The bundled snapshot (`chainwatch/data/osv-pypi.json.gz`, derived from the PyPA advisory
database) works offline. `db update` builds a snapshot of the same format from an OSV export and
writes it to the user's cache (`$CHAINWATCH_CACHE_DIR`, else `$XDG_CACHE_HOME/chainwatch`, else
`~/.cache/chainwatch`); once there it is used instead of the bundled one. An update is validated
completely (every record parsed, the result loaded back) before it replaces anything.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from pathlib import Path

from .. import built_cache
from ..paths import cache_root
from .database import VulnDB
from .exports import ExportError, ExportLimits, read_directory, read_zip
from .fetch import download
from .snapshot import SnapshotError, build_snapshot, check_document, parse_snapshot, write_snapshot

SNAPSHOT_NAME = "osv-pypi.json.gz"
BUNDLED_SNAPSHOT = Path(__file__).resolve().parent.parent / "data" / SNAPSHOT_NAME
URL_ENV = "CHAINWATCH_OSV_URL"
DEFAULT_URL = "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip"
DEFAULT_LIMITS = ExportLimits()
DOCUMENT_CACHE_NAME = "advisory-document"


def cache_dir() -> Path:
    return cache_root()


def cached_snapshot_path() -> Path:
    return cache_dir() / SNAPSHOT_NAME


def active_snapshot_path() -> Path:
    """An updated snapshot in the user's cache wins over the bundled one."""
    cached = cached_snapshot_path()
    return cached if cached.is_file() else BUNDLED_SNAPSHOT


def export_url(explicit: str | None = None) -> str:
    """--url, else $CHAINWATCH_OSV_URL, else osv.dev's PyPI export."""
    return explicit or os.environ.get(URL_ENV) or DEFAULT_URL


@functools.cache
def _load(path: Path, mtime_ns: int) -> VulnDB:
    try:
        data = path.read_bytes()
    except OSError:
        return VulnDB.load(path)  # the error it reports
    # Decompressing and parsing take ~15 ms a process; the parsed document (mostly JSON texts, decoded
    # when used) reads back from the cache in ~2.
    key = built_cache.fingerprint(str(path).encode(), data)
    document = built_cache.load_or_build(DOCUMENT_CACHE_NAME, key, functools.partial(parse_snapshot, data, path), dict)
    try:
        return VulnDB(document, path)
    except SnapshotError:  # a cached "document" of another shape: the file itself decides
        return VulnDB(parse_snapshot(data, path), path)


def default_db() -> VulnDB:
    """The active database, loaded once per process (reloaded if the file changed)."""
    path = active_snapshot_path()
    return _load(path, path.stat().st_mtime_ns if path.exists() else 0)


def derivation_date() -> str:
    # SOURCE_DATE_EPOCH makes derived files reproducible (same input, same bytes).
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.date().isoformat()


def _install(document: dict[str, object], output: Path | None) -> tuple[VulnDB, Path]:
    check_document(document, "the new snapshot", deep=True)
    database = VulnDB(document)  # proves it loads before anything is replaced
    if not database.count:
        raise ExportError("the export holds no PyPI advisories")
    target = output or cached_snapshot_path()
    write_snapshot(document, target)
    _load.cache_clear()
    return database, target


def update_from_url(
    url: str | None = None, output: Path | None = None, limits: ExportLimits = DEFAULT_LIMITS, timeout: float = 60.0
) -> tuple[VulnDB, Path]:
    """Download an OSV zip export, validate it and make it the active database."""
    source = export_url(url)
    records = read_zip(download(source, limits.max_archive_bytes, timeout), limits)
    return _install(build_snapshot(records, source, derivation_date()), output)


def update_from_dir(
    directory: Path, output: Path | None = None, limits: ExportLimits = DEFAULT_LIMITS
) -> tuple[VulnDB, Path]:
    """Build the database from a directory of OSV JSON/YAML records and make it the active one."""
    records = read_directory(directory, limits)
    return _install(build_snapshot(records, str(directory), derivation_date()), output)
