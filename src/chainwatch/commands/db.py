"""`chainwatch db update|info`: the known-vulnerability (OSV) database.

- `update` downloads an OSV zip export (default: osv.dev's PyPI `all.zip`; `--url` or
  `$CHAINWATCH_OSV_URL` change it) or reads a directory of OSV JSON/YAML (`--from-dir`), validates
  all of it, and writes the database to the user's cache, where it replaces the bundled snapshot.
  A rejected export changes nothing.
- `info` says which database is active, where it came from, when, and how many advisories it has.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..config import Config
from ..vulns.exports import ExportError
from ..vulns.records import RecordError
from ..vulns.snapshot import SnapshotError
from ..vulns.store import (
    BUNDLED_SNAPSHOT,
    DEFAULT_URL,
    URL_ENV,
    active_snapshot_path,
    cached_snapshot_path,
    default_db,
    update_from_dir,
    update_from_url,
)
from .common import EXIT_ERROR, EXIT_OK


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "db",
        help="known-vulnerability database: update it from an OSV export, or show what is in use",
        description="The OSV advisory database behind known-vulnerability checks.",
    )
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)

    update = actions.add_parser(
        "update",
        help="refresh the database from an OSV export (URL or directory)",
        description="Download an OSV zip export (or read a directory of OSV records), validate it and make it "
        f"the active database in the user's cache. Default URL: ${URL_ENV}, else {DEFAULT_URL}.",
    )
    source = update.add_mutually_exclusive_group()
    source.add_argument("--url", help=f"OSV zip export to download (default: ${URL_ENV} or {DEFAULT_URL})")
    source.add_argument("--from-dir", type=Path, metavar="DIR", help="directory of OSV JSON/YAML records")
    update.add_argument("--output", type=Path, help=f"where to write it (default: {cached_snapshot_path()})")
    update.add_argument("--timeout", type=float, default=60.0, help="download timeout in seconds (default 60)")
    update.add_argument("--config", type=Path, help=argparse.SUPPRESS)
    update.set_defaults(run=run_update)

    info = actions.add_parser("info", help="show the active database", description="Show the active database.")
    info.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    info.add_argument("--config", type=Path, help=argparse.SUPPRESS)
    info.set_defaults(run=run_info)


def run_update(args: argparse.Namespace, config: Config) -> int:
    try:
        if args.from_dir is not None:
            database, path = update_from_dir(args.from_dir, args.output)
        else:
            database, path = update_from_url(args.url, args.output, timeout=args.timeout)
    except (OSError, ExportError, RecordError, SnapshotError) as exc:
        print(f"chainwatch: database not updated: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(
        f"wrote {database.count} advisories for {database.package_count} packages to {path}"
        f" (source: {database.source}, {database.derived})"
    )
    return EXIT_OK


def run_info(args: argparse.Namespace, config: Config) -> int:
    path = active_snapshot_path()
    try:
        database = default_db()
    except (OSError, SnapshotError) as exc:
        print(f"chainwatch: cannot load the advisory database {path}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    document = {
        "path": str(path),
        "kind": "bundled" if path == BUNDLED_SNAPSHOT else "updated",
        "source": database.source,
        "derived": database.derived,
        "advisories": database.count,
        "withdrawn": database.withdrawn_count,
        "packages": database.package_count,
    }
    if args.format == "json":
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    else:
        width = max(len(k) for k in document)
        for key, value in document.items():
            print(f"{key:<{width}}  {value}")
    return EXIT_OK
