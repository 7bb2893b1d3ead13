"""Derive the bundled advisory snapshot from an OSV tree (the PyPA advisory database's YAML).

    python -m chainwatch.data.derive_osv --source ../shared/data/pypa-advisory-database [--output PATH]

Reads every `*.yaml`/`*.yml`/`*.json` OSV record under `--source` (for the PyPA database that is
`vulns/<project>/PYSEC-*.yaml`), normalises them (`chainwatch.vulns.records`) and writes the
compact gzipped snapshot (`chainwatch.vulns.snapshot`) that `chainwatch.vulns` loads. The file
records its source, the derivation date (`SOURCE_DATE_EPOCH` pins it) and the advisory count.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

from ..vulns.exports import ExportError, iter_directory
from ..vulns.records import RecordError
from ..vulns.snapshot import build_snapshot, write_snapshot
from ..vulns.store import BUNDLED_SNAPSHOT, derivation_date

DEFAULT_SOURCE_LABEL = "pypa-advisory-database"


def derive(source: Path, output: Path, label: str | None = None) -> dict[str, object]:
    """Derive and write the snapshot; returns its header (everything but the tables)."""
    records = []
    digest = hashlib.sha256()  # of every record file's path and bytes: which tree this came from
    for path, record in iter_directory(source):
        if not isinstance(record, dict):
            raise ExportError(f"{path} is not an OSV record (a mapping)")
        records.append(record)
        digest.update(path.relative_to(source).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    name = label or (DEFAULT_SOURCE_LABEL if source.name == DEFAULT_SOURCE_LABEL else str(source))
    document = build_snapshot(records, f"{name} sha256={digest.hexdigest()[:16]}", derivation_date())
    size = write_snapshot(document, output)
    header = {k: v for k, v in document.items() if k not in ("advisories", "packages")}
    header["bytes"] = size
    return header


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, required=True, help="OSV tree: a directory of YAML/JSON records")
    parser.add_argument("--output", type=Path, default=BUNDLED_SNAPSHOT, help=f"default: {BUNDLED_SNAPSHOT}")
    parser.add_argument("--label", help="source description stored in the snapshot")
    args = parser.parse_args(argv)
    try:
        header = derive(args.source, args.output, args.label)
    except (OSError, ExportError, RecordError) as exc:
        print(f"derive_osv: {exc}", file=sys.stderr)
        return 2
    print(
        f"wrote {header['count']} advisories ({header['withdrawn_count']} withdrawn) for "
        f"{header['package_count']} packages to {args.output} ({header['bytes']} bytes)"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
