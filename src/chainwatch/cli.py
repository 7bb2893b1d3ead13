"""Command line: `chainwatch vet TARGET...` (more commands join as their analyzers land).

Exit codes: 0 nothing at or above the fail threshold, 1 a target at or above it,
2 a usage error or a target that could not be analysed (fail closed).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__
from .analyzers.malware import MalwareAnalyzer
from .config import FAIL_ON, Config, ConfigError, load_config
from .model import Report, TargetResult, Verdict
from .pipeline import RunOptions, run_targets
from .reports import RENDERERS
from .reports.text import print_text

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
PROGRESS_THRESHOLD = 4


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chainwatch",
        description="Keep malicious and vulnerable code out of your Python supply chain.",
    )
    parser.add_argument("--version", action="version", version=f"chainwatch {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    vet = commands.add_parser(
        "vet",
        help="static malware analysis of sdists, wheels, eggs and directories",
        description="Static malware analysis of PyPI artifacts. Nothing is installed, extracted or executed.",
    )
    vet.add_argument("targets", nargs="+", metavar="TARGET", help="artifact file (.tar.gz, .zip, .whl, .egg) or directory")
    vet.add_argument("--format", choices=["text", *RENDERERS], help="report format (default: text)")
    vet.add_argument("-o", "--output", type=Path, help="write the report to this file instead of stdout")
    vet.add_argument("--fail-on", choices=FAIL_ON, help="lowest verdict that fails the run (default: suspicious)")
    vet.add_argument(
        "--allow-errors",
        action="store_true",
        help="do not fail the run on targets that could not be analysed (they still show as 'error')",
    )
    vet.add_argument("-j", "--jobs", type=int, help="parallel workers (default: all cores)")
    vet.add_argument("--config", type=Path, help="config file (default: ./chainwatch.toml or ./pyproject.toml)")
    vet.add_argument("--disable", action="append", default=[], metavar="RULE", help="turn a rule off (repeatable)")
    vet.add_argument("-v", "--verbose", action="store_true", help="show every finding, clean targets too")
    vet.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"chainwatch: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.command == "vet":
        return _vet(args, config)
    parser.error(f"unknown command {args.command}")
    return EXIT_ERROR


def _vet(args: argparse.Namespace, config: Config) -> int:
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
    err_console = Console(stderr=True)
    results = _run_with_progress(args, config, options, err_console)
    report = Report(command="vet", results=results, tool_version=__version__, seconds=time.perf_counter() - started)
    _emit(report, config.format, args.output, args.verbose)
    return exit_code(results, config)


def _run_with_progress(
    args: argparse.Namespace, config: Config, options: RunOptions, console: Console
) -> list[TargetResult]:
    factories = [MalwareAnalyzer]
    show = not args.no_progress and len(args.targets) >= PROGRESS_THRESHOLD and console.is_terminal
    if not show:
        return run_targets(args.targets, factories, options, jobs=config.jobs)
    with Progress(
        TextColumn("[bold]vetting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("vet", total=len(args.targets), last="")
        return run_targets(
            args.targets,
            factories,
            options,
            jobs=config.jobs,
            on_result=lambda r: progress.update(task, advance=1, last=Path(r.target).name[:40]),
        )


def _emit(report: Report, fmt: str, output: Path | None, verbose: bool) -> None:
    if fmt == "text":
        if output is None:
            print_text(report, Console(), verbose)
        else:
            with output.open("w", encoding="utf-8") as handle:
                print_text(report, Console(file=handle, no_color=True, width=120), verbose)
        return
    rendered = RENDERERS[fmt](report)
    if output is None:
        sys.stdout.write(rendered)
    else:
        output.write_text(rendered, encoding="utf-8")


def exit_code(results: Sequence[TargetResult], config: Config) -> int:
    threshold = Verdict.MALICIOUS if config.fail_on == "malicious" else Verdict.SUSPICIOUS
    if config.fail_on_error and any(r.verdict is Verdict.ERROR for r in results):
        return EXIT_ERROR
    if any(r.verdict is not Verdict.ERROR and r.verdict.rank >= threshold.rank for r in results):
        return EXIT_FINDINGS
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
