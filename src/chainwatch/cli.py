"""Command line entry point. Each command lives in `chainwatch.commands.<name>` and registers itself.

Exit codes: 0 nothing at or above the fail threshold, 1 a target at or above it,
2 a usage error or a target that could not be analysed (fail closed).
"""

from __future__ import annotations

import argparse
import atexit
import os
import sys
import threading
from collections.abc import Sequence

from . import __version__
from .commands import NAMES, load
from .commands.common import EXIT_ERROR
from .config import ConfigError, load_config


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The full parser; given the command line, only the command it names (so start-up imports only that)."""
    parser = argparse.ArgumentParser(
        prog="chainwatch",
        description="Keep malicious and vulnerable code out of your Python supply chain.",
    )
    parser.add_argument("--version", action="version", version=f"chainwatch {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    first = next(iter(argv), "") if argv is not None else ""
    for name in (first,) if first in NAMES else NAMES:
        load(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as exc:
        print(f"chainwatch: {exc}", file=sys.stderr)
        return EXIT_ERROR
    code: int = args.run(args, config)
    return code


def entry() -> None:
    """The `chainwatch` console script: `main`, then a fast exit.

    Freeing every object of a run one by one (a large audit holds hundreds of thousands) takes longer
    than many a command itself, and the operating system reclaims the memory at once anyway. What a
    normal exit does that matters (exit hooks, flushed output) is done first; with other threads
    alive the normal exit, which waits for them, is kept.
    """
    code = main()  # argparse's --help and usage errors raise SystemExit: a normal exit, they are quick
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (`| head`) or stream: exit as Python would
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    entry()
