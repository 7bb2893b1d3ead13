"""What every command shares: exit codes, report output, the fail-threshold decision."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..config import FAIL_ON, Config
from ..model import Report, TargetResult, Verdict
from ..reports import RENDERERS

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def add_report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", *RENDERERS], help="report format (default: text)")
    parser.add_argument("-o", "--output", type=Path, help="write the report to this file instead of stdout")
    parser.add_argument("--fail-on", choices=FAIL_ON, help="lowest verdict that fails the run (default: suspicious)")
    parser.add_argument(
        "--allow-errors",
        action="store_true",
        help="do not fail the run on targets that could not be analysed (they still show as 'error')",
    )
    parser.add_argument("--config", type=Path, help="config file (default: ./chainwatch.toml or ./pyproject.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every finding, clean targets too")


def emit(report: Report, fmt: str, output: Path | None, verbose: bool) -> None:
    if fmt == "text":
        # Imported here: rich costs more start-up time than a JSON report takes to write.
        from rich.console import Console

        from ..reports.text import print_text

        if output is None:
            # Pipes and CI logs get a wide fixed width instead of rich's 80-column default.
            print_text(report, Console(width=None if sys.stdout.isatty() else 140), verbose)
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
