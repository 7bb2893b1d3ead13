"""Derive the bundled snapshot of popular PyPI projects from a download-count export.

    python -m chainwatch.data.derive_popular --source top-pypi-packages.csv [--output PATH] [--top N]

The source is the usual "top PyPI packages" export: a CSV with a download-count column and a
project-name column (`download_count,project`), or the same data as JSON (`{"rows": [...]}`).
The snapshot is a small tab-separated text file, one project a line, ordered by rank:

    # chainwatch popular-pypi snapshot
    # source: top-pypi-packages.csv sha256=...
    # derived: 2026-11-23
    # columns: rank name downloads
    1	boto3	1880218825

Names are PEP 503-normalised; duplicates after normalisation keep the larger count. The run is
deterministic for a given source and date, so a refresh only changes the file when the data did.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

SNAPSHOT_NAME = "popular-pypi.txt"
BUNDLED_SNAPSHOT = Path(__file__).with_name(SNAPSHOT_NAME)
HEADER_TITLE = "# chainwatch popular-pypi snapshot"
DEFAULT_TOP = 15_000

_NAME_COLUMNS = ("project", "name", "package", "package_name")
_COUNT_COLUMNS = ("download_count", "downloads", "count")
_SEPARATORS = re.compile(r"[-_.]+")


class SourceError(ValueError):
    """The source export could not be read or has no usable rows."""


@dataclass(frozen=True, slots=True)
class PopularRow:
    rank: int
    name: str
    downloads: int


def normalize(name: str) -> str:
    """PEP 503: lower case, runs of `-_.` become one `-`."""
    return _SEPARATORS.sub("-", name).lower().strip("-")


def read_source(data: bytes) -> list[tuple[str, int]]:
    """(raw name, downloads) pairs from a CSV or JSON export."""
    text = data.decode("utf-8-sig")
    if text.lstrip().startswith(("{", "[")):
        return _read_json(text)
    return _read_csv(text)


def _read_csv(text: str) -> list[tuple[str, int]]:
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    name_col = _pick(fields, _NAME_COLUMNS, reader.fieldnames)
    count_col = _pick(fields, _COUNT_COLUMNS, reader.fieldnames)
    pairs = []
    for line, row in enumerate(reader, start=2):
        pairs.append((row[name_col] or "", _count(row[count_col], line)))
    return pairs


def _read_json(text: str) -> list[tuple[str, int]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"invalid JSON: {exc}") from exc
    rows = document.get("rows") if isinstance(document, dict) else document
    if not isinstance(rows, list):
        raise SourceError("JSON source has no 'rows' list")
    pairs = []
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise SourceError(f"row {index} is not an object")
        name = next((row[k] for k in _NAME_COLUMNS if k in row), None)
        count = next((row[k] for k in _COUNT_COLUMNS if k in row), None)
        if not isinstance(name, str) or count is None:
            raise SourceError(f"row {index} lacks a project name or download count")
        pairs.append((name, _count(str(count), index)))
    return pairs


def _pick(fields: list[str], wanted: Sequence[str], original: Sequence[str] | None) -> str:
    for candidate in wanted:
        if candidate in fields and original is not None:
            return original[fields.index(candidate)]
    raise SourceError(f"no column named any of {list(wanted)}; columns are {list(original or [])}")


def _count(text: str | None, where: int) -> int:
    try:
        value = int((text or "").strip())
    except ValueError:
        raise SourceError(f"row {where}: download count {text!r} is not an integer") from None
    if value < 0:
        raise SourceError(f"row {where}: negative download count")
    return value


def derive(pairs: Iterable[tuple[str, int]], top: int = DEFAULT_TOP) -> list[PopularRow]:
    """Normalise, merge duplicates, rank by downloads (ties by name, for stable output)."""
    counts: dict[str, int] = {}
    for raw, downloads in pairs:
        name = normalize(raw)
        if name and not name.isspace():
            counts[name] = max(downloads, counts.get(name, 0))
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
    return [PopularRow(rank, name, downloads) for rank, (name, downloads) in enumerate(ordered, start=1)]


def render(rows: Sequence[PopularRow], source_name: str, source_sha256: str, derived: dt.date) -> str:
    lines = [
        HEADER_TITLE,
        f"# source: {source_name} sha256={source_sha256}",
        f"# derived: {derived.isoformat()}",
        f"# projects: {len(rows)}",
        "# columns: rank name downloads (tab-separated; names PEP 503-normalised)",
    ]
    lines.extend(f"{row.rank}\t{row.name}\t{row.downloads}" for row in rows)
    return "\n".join(lines) + "\n"


def derive_file(source: Path, output: Path, top: int = DEFAULT_TOP, today: dt.date | None = None) -> int:
    """Read `source`, write the snapshot to `output` atomically; return the number of projects."""
    data = source.read_bytes()
    rows = derive(read_source(data), top)
    if not rows:
        raise SourceError(f"{source}: no projects found")
    text = render(rows, source.name, hashlib.sha256(data).hexdigest(), today or dt.datetime.now(dt.UTC).date())
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(output)  # readers never see a half-written snapshot
    return len(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m chainwatch.data.derive_popular", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--source", type=Path, required=True, help="top-pypi-packages CSV or JSON export")
    parser.add_argument("--output", type=Path, default=BUNDLED_SNAPSHOT, help=f"default: the bundled {SNAPSHOT_NAME}")
    parser.add_argument("--top", type=int, default=DEFAULT_TOP, help=f"keep this many projects (default {DEFAULT_TOP})")
    args = parser.parse_args(argv)
    if args.top < 1:
        parser.error("--top must be at least 1")
    try:
        count = derive_file(args.source, args.output, args.top)
    except (OSError, SourceError) as exc:
        print(f"derive_popular: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {count} projects to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
