"""`chainwatch audit [PATH|FILE...]`: typosquats, dependency confusion, known vulnerabilities and pinning hygiene
of a project's dependency files or of an installed environment. One report target per input file."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..config import Config
from ..index.urls import PYPI_SIMPLE
from ..model import Report
from ..reports import CYCLONEDX_SPEC_VERSION, RENDERERS
from .common import EXIT_ERROR, add_report_options, emit, exit_code

if TYPE_CHECKING:
    from ..audit import AuditRun
    from ..audit.vet_options import VetSettings

CYCLONEDX = "cyclonedx"
FORMATS = ("text", *RENDERERS, CYCLONEDX)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="audit dependencies: typosquats, dependency confusion, known vulnerabilities, pins and hashes",
        description="Audit the dependencies declared in requirements files, pyproject.toml and lock files (found "
        "under directories or named), or installed in an environment. Nothing is installed, built or run.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="directory to search for dependency files, or a dependency file (default: the current directory)",
    )
    add_report_options(parser)
    _allow_format(parser, CYCLONEDX)
    environment = parser.add_argument_group("installed environments")
    environment.add_argument(
        "--python", action="append", default=[], metavar="PATH", help="audit what this interpreter has installed"
    )
    environment.add_argument("--installed", action="store_true", help="audit the environment chainwatch runs in")
    confusion = parser.add_argument_group("dependency confusion")
    confusion.add_argument(
        "--internal",
        action="append",
        default=[],
        metavar="PATTERN",
        help="a name only your private index serves (glob, e.g. 'acme-*'; adds to [tool.chainwatch.audit] internal)",
    )
    confusion.add_argument(
        "--public-index",
        default=PYPI_SIMPLE,
        metavar="URL",
        help=f"the public index internal names are looked up on (default: {PYPI_SIMPLE})",
    )
    confusion.add_argument(
        "--index-url", metavar="URL", help="the installer's index for files that name none (default: pip's own)"
    )
    confusion.add_argument(
        "--extra-index-url", action="append", default=[], metavar="URL", help="another index the installer uses"
    )
    vetting = parser.add_argument_group("malware vetting (--vet)")
    vetting.add_argument(
        "--vet",
        action="store_true",
        default=None,
        help="fetch the files of every exactly pinned dependency from its index and vet them for malware "
        "(also [tool.chainwatch.audit] vet = true); files with hashes recorded in the input are vetted exactly",
    )
    vetting.add_argument(
        "--artifacts",
        choices=["all", "sdist", "wheels"],
        default="all",
        help="which files of a release to vet when the input records no hashes (default: all)",
    )
    vetting.add_argument("-j", "--jobs", type=int, help="parallel vetting workers (default: all cores)")
    parser.add_argument(
        "--offline",
        action="store_true",
        help="no network at all; checks that need it are reported as skipped (--vet answers pins with recorded "
        "sha256 hashes from the verdicts earlier online runs stored)",
    )
    parser.add_argument("--disable", action="append", default=[], metavar="RULE", help="turn a rule off (repeatable)")
    parser.set_defaults(run=run)


def _allow_format(parser: argparse.ArgumentParser, name: str) -> None:
    # The shared report options offer the renderers of a bare Report; a BOM needs the audit's inventory too.
    for action in parser._actions:
        if "--format" in action.option_strings and action.choices is not None:
            action.choices = [*action.choices, name]
            action.help = f"report format (default: text; {name}: a CycloneDX {CYCLONEDX_SPEC_VERSION} JSON BOM)"


def run(args: argparse.Namespace, config: Config) -> int:
    config = replace(
        config,
        fail_on=args.fail_on or config.fail_on,
        fail_on_error=config.fail_on_error and not args.allow_errors,
        format=args.format or config.format,
        disabled_rules=config.disabled_rules | frozenset(args.disable),
    )
    if args.jobs is not None and args.jobs < 1:
        print("chainwatch: --jobs must be at least 1", file=sys.stderr)
        return EXIT_ERROR
    if config.format not in FORMATS:
        print(f"chainwatch: unknown format {config.format!r}; expected one of {', '.join(FORMATS)}", file=sys.stderr)
        return EXIT_ERROR
    # Imported here: every command registers on start-up, and the audit machinery is only needed by this one.
    from ..audit import AuditOptions, InternalNames, collect_inputs, run_audit
    from ..audit.indexes import default_index_list
    from ..index.errors import ConfigurationError

    try:
        default_indexes, index_note = default_index_list(args.index_url, args.extra_index_url)
    except ConfigurationError as exc:
        print(f"chainwatch: {exc}", file=sys.stderr)
        return EXIT_ERROR
    options = AuditOptions(
        internal=InternalNames((*config.audit_internal, *args.internal)),
        offline=args.offline,
        public_index=args.public_index,
        default_indexes=default_indexes,
        disabled_rules=config.disabled_rules,
        vet=_vet_settings(args, config) if (args.vet or config.audit_vet) else None,
    )
    pythons: list[str | None] = [*args.python, *([None] if args.installed else [])]
    paths: list[str] = args.paths or ([] if pythons else ["."])
    started = time.perf_counter()
    audit = run_audit(collect_inputs(paths, pythons), options)
    if index_note:
        audit.notes.insert(0, index_note)
    report = Report("audit", audit.results, __version__, seconds=time.perf_counter() - started)
    _emit(audit, report, config.format, args.output, args.verbose)
    _print_notes(audit, config.format, args.verbose)
    return exit_code(report.results, config)


def _vet_settings(args: argparse.Namespace, config: Config) -> VetSettings:
    from ..audit.vet_options import VetSettings
    from ..index.models import Selection
    from ..pipeline import RunOptions

    # Audit-only rules do not change an analysis: kept out, they would split the verdict store needlessly.
    analysis_rules = frozenset(r for r in config.disabled_rules if not r.startswith(("audit.", "vuln.")))
    return VetSettings(
        selection=Selection(args.artifacts),
        run_options=RunOptions(limits=config.limits, disabled_rules=analysis_rules),
        jobs=args.jobs or config.jobs,
        index_url=args.index_url,
        extra_index_urls=tuple(args.extra_index_url),
    )


def _emit(audit: AuditRun, report: Report, fmt: str, output: Path | None, verbose: bool) -> None:
    if fmt != CYCLONEDX:
        emit(report, fmt, output, verbose)
        return
    from ..audit.bom import build_bom  # packaging.specifiers: only BOMs need it
    from ..reports.cyclonedx import render_cyclonedx

    rendered = render_cyclonedx(build_bom(audit, __version__))
    if output is None:
        sys.stdout.write(rendered)
    else:
        output.write_text(rendered, encoding="utf-8")


def _print_notes(audit: AuditRun, fmt: str, verbose: bool) -> None:
    """What the report holds but the text view leaves out goes to stderr, so it is never silent."""
    from ..audit.rules import UNCHECKED

    for note in audit.notes:
        print(f"chainwatch: note: {note}", file=sys.stderr)
    if fmt != "text":
        return
    for result in audit.results:
        for error in result.errors:
            if not error.fatal:
                print(f"chainwatch: note: {error.path}: {error.reason}", file=sys.stderr)
        unchecked = sum(1 for f in result.findings if f.rule == UNCHECKED)
        if unchecked and not verbose:
            print(
                f"chainwatch: note: {result.target}: {unchecked} entr{'y' if unchecked == 1 else 'ies'} could not be "
                "checked (see --verbose or --format json)",
                file=sys.stderr,
            )
