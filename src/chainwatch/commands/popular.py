"""`chainwatch popular refresh|check`: the popular-project snapshot behind typosquat detection.

- `refresh --source CSV` re-derives the snapshot from a top-PyPI-packages export into the user's
  cache directory (or `--output`). It is explicit and offline: it reads only the given file.
- `check NAME...` says which popular project each name imitates, and how; exit 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..analyzers.typosquat import SnapshotError, TyposquatMatch, check_name, load_snapshot, severity_for
from ..analyzers.typosquat.popular import PopularIndex, active_snapshot_path, default_index, refreshed_snapshot_path
from ..config import Config
from ..data.derive_popular import DEFAULT_TOP, SourceError, derive_file
from .common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "popular",
        help="popular-project snapshot: refresh it, or check names for typosquatting",
        description="The snapshot of popular PyPI projects that typosquat detection compares names with.",
    )
    actions = parser.add_subparsers(dest="popular_command", metavar="ACTION", required=True)

    refresh = actions.add_parser(
        "refresh",
        help="re-derive the snapshot from a top-PyPI-packages CSV or JSON export",
        description="Re-derive the snapshot from a local export (no network). By default it goes to the user's "
        "cache directory, where it takes precedence over the bundled snapshot.",
    )
    refresh.add_argument("--source", type=Path, required=True, help="top-pypi-packages CSV or JSON file")
    refresh.add_argument("--output", type=Path, help=f"where to write it (default: {refreshed_snapshot_path()})")
    refresh.add_argument("--top", type=int, default=DEFAULT_TOP, help=f"projects to keep (default {DEFAULT_TOP})")
    refresh.add_argument("--config", type=Path, help=argparse.SUPPRESS)
    refresh.set_defaults(run=run_refresh)

    check = actions.add_parser(
        "check",
        help="say whether names imitate popular projects (exit 1 if any does)",
        description="Check package names for typosquatting of popular PyPI projects.",
    )
    check.add_argument("names", nargs="+", metavar="NAME", help="package name(s) to check")
    check.add_argument("--snapshot", type=Path, help="snapshot file to compare with (default: the active one)")
    check.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    check.add_argument("--config", type=Path, help="config file (default: ./chainwatch.toml or ./pyproject.toml)")
    check.set_defaults(run=run_check)


def run_refresh(args: argparse.Namespace, config: Config) -> int:
    if args.top < 1:
        print("chainwatch: --top must be at least 1", file=sys.stderr)
        return EXIT_ERROR
    output: Path = args.output or refreshed_snapshot_path()
    try:
        count = derive_file(args.source, output, args.top)
    except (OSError, SourceError) as exc:
        print(f"chainwatch: cannot refresh the popular-project snapshot: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"wrote {count} popular projects to {output}")
    return EXIT_OK


def run_check(args: argparse.Namespace, config: Config) -> int:
    try:
        index: PopularIndex = load_snapshot(args.snapshot) if args.snapshot else default_index()
    except SnapshotError as exc:
        print(f"chainwatch: {exc}", file=sys.stderr)
        return EXIT_ERROR
    results = [(name, check_name(name, popular=index)) for name in args.names]
    if args.format == "json":
        document = {
            "snapshot": {"path": str(args.snapshot or active_snapshot_path()), "derived": index.derived},
            "results": [_as_json(name, match) for name, match in results],
        }
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    else:
        for name, match in results:
            print(_as_text(name, match))
    return EXIT_FINDINGS if any(match is not None for _, match in results) else EXIT_OK


def _as_text(name: str, match: TyposquatMatch | None) -> str:
    if match is None:
        return f"{name}: ok"
    return (
        f"{name}: imitates '{match.imitates}' (rank {match.imitated_rank}) by {', '.join(match.techniques)}"
        f" - {match.how} [{severity_for(match).label}, confidence {match.confidence:.2f}]"
    )


def _as_json(name: str, match: TyposquatMatch | None) -> dict[str, Any]:
    if match is None:
        return {"name": name, "typosquat": False}
    return {
        "name": name,
        "typosquat": True,
        "imitates": match.imitates,
        "imitated_rank": match.imitated_rank,
        "imitated_downloads": match.imitated_downloads,
        "techniques": list(match.techniques),
        "details": list(match.details),
        "distance": match.distance,
        "confidence": match.confidence,
        "severity": severity_for(match).label,
    }
