"""`chainwatch vet TARGET...`: static malware analysis of artifacts and directories."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import __version__
from ..analyzers.malware import MalwareAnalyzer
from ..config import Config
from ..index.vetting import add_index_options, vet_targets
from ..model import Report, TargetResult
from ..pipeline import RunOptions, run_targets
from ..reports import RENDERERS
from .common import EXIT_ERROR, add_report_options, emit, exit_code

PROGRESS_THRESHOLD = 4


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "vet",
        help="static malware analysis of sdists, wheels, eggs and directories",
        description="Static malware analysis of PyPI artifacts. Nothing is installed, extracted or executed.",
    )
    parser.add_argument(
        "targets",
        nargs="+",
        metavar="TARGET",
        help="artifact file (.tar.gz, .zip, .whl, .egg), directory, or NAME==VERSION to fetch from the package index",
    )
    add_report_options(parser)
    add_index_options(parser)
    parser.add_argument("-j", "--jobs", type=int, help="parallel workers (default: all cores)")
    parser.add_argument("--disable", action="append", default=[], metavar="RULE", help="turn a rule off (repeatable)")
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, config: Config) -> int:
    if args.jobs is not None and args.jobs < 1:
        print("chainwatch: --jobs must be at least 1", file=sys.stderr)
        return EXIT_ERROR
    config = replace(
        config,
        fail_on=args.fail_on or config.fail_on,
        fail_on_error=config.fail_on_error and not args.allow_errors,
        jobs=args.jobs or config.jobs,
        format=args.format or config.format,
        disabled_rules=config.disabled_rules | frozenset(args.disable),
    )
    if config.format not in ("text", *RENDERERS):
        print(f"chainwatch: unknown format {config.format!r}", file=sys.stderr)
        return EXIT_ERROR
    options = RunOptions(limits=config.limits, disabled_rules=config.disabled_rules)
    started = time.perf_counter()
    # NAME==VERSION targets are fetched (hash-verified, cached) first; the cached files are vetted like any other.
    console = Console(stderr=True)
    results = vet_targets(
        args, config.limits.max_total_size, lambda targets: _run_with_progress(args, targets, config, options, console)
    )
    report = Report(command="vet", results=results, tool_version=__version__, seconds=time.perf_counter() - started)
    emit(report, config.format, args.output, args.verbose)
    return exit_code(results, config)


def _run_with_progress(
    args: argparse.Namespace, targets: list[str], config: Config, options: RunOptions, console: Console
) -> list[TargetResult]:
    factories = [MalwareAnalyzer]
    show = not args.no_progress and len(targets) >= PROGRESS_THRESHOLD and console.is_terminal
    if not show:
        return run_targets(targets, factories, options, jobs=config.jobs)
    with Progress(
        TextColumn("[bold]vetting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("vet", total=len(targets), last="")
        return run_targets(
            targets,
            factories,
            options,
            jobs=config.jobs,
            on_result=lambda r: progress.update(task, advance=1, last=Path(r.target).name[:40]),
        )
