"""`chainwatch secrets PATH...`: find credentials in files, directories, archives and stdin.

Every path given becomes one target in the report. Directories are walked as git sees them
(`.gitignore` honoured unless `--no-gitignore`); archives are read in memory through the shared
sources. Exit codes: 0 nothing at or above the thresholds, 1 a finding at or above them, 2 an error.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import __version__
from ..analyzers.secrets import to_finding
from ..analyzers.secrets.cache import CleanBlobStore, default_cache_dir
from ..analyzers.secrets.scan import Blob, BlobResult, ScanSettings, default_scanner, scan_blobs
from ..analyzers.secrets.walk import WalkIssue, walk_tree
from ..config import Config
from ..model import AnalysisError, Finding, Report, Severity, TargetResult, Verdict
from ..reports import RENDERERS
from ..sources import Budget, SourceIssue
from ..sources.archive import ARCHIVE_SUFFIXES, ArchiveReader, sniff_kind
from .common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, add_report_options, emit

DEFAULT_MIN_CONFIDENCE = 0.5


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "secrets",
        help="find credentials (API keys, tokens, passwords, private keys) in files, trees and archives",
        description="Find hard-coded credentials. Secrets are never printed whole: reports show a redacted form.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file, directory or archive; '-' reads stdin")
    add_report_options(parser)
    parser.add_argument(
        "--min-confidence",
        type=float,
        default=DEFAULT_MIN_CONFIDENCE,
        help=f"report (and fail on) findings at least this confident, 0..1 (default {DEFAULT_MIN_CONFIDENCE})",
    )
    parser.add_argument(
        "--min-severity",
        type=Severity.parse,
        default=Severity.LOW,
        help="report (and fail on) findings at least this severe (default low)",
    )
    parser.add_argument("-j", "--jobs", type=int, help="parallel workers (default: all cores)")
    parser.add_argument("--disable", action="append", default=[], metavar="RULE", help="turn a rule off (repeatable)")
    parser.add_argument("--include-binary", action="store_true", help="also scan files that look binary")
    parser.add_argument("--no-gitignore", action="store_true", help="scan files that .gitignore excludes too")
    parser.add_argument(
        "--cache",
        action="store_true",
        help=f"remember clean files by content hash across runs (in {default_cache_dir()})",
    )
    parser.add_argument("--engine", choices=["auto", "hyperscan", "python"], default="auto", help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


@dataclass(slots=True)
class _Target:
    name: str
    blobs: list[Blob] = field(default_factory=list)
    errors: list[AnalysisError] = field(default_factory=list)


def run(args: argparse.Namespace, config: Config) -> int:
    if args.jobs is not None and args.jobs < 1:
        print("chainwatch: --jobs must be at least 1", file=sys.stderr)
        return EXIT_ERROR
    if not 0.0 <= args.min_confidence <= 1.0:
        print("chainwatch: --min-confidence must be between 0 and 1", file=sys.stderr)
        return EXIT_ERROR
    config = replace(
        config,
        fail_on_error=config.fail_on_error and not args.allow_errors,
        jobs=args.jobs or config.jobs,
        format=args.format or config.format,
        disabled_rules=config.disabled_rules | frozenset(args.disable),
    )
    if config.format not in ("text", *RENDERERS):
        print(f"chainwatch: unknown format {config.format!r}", file=sys.stderr)
        return EXIT_ERROR
    started = time.perf_counter()
    targets = [_collect(path, config, not args.no_gitignore) for path in args.paths]
    store = (
        CleanBlobStore(default_cache_dir(), default_scanner(args.engine, args.include_binary).fingerprint)
        if args.cache
        else None
    )
    settings = ScanSettings(
        backend=args.engine,
        include_binary=args.include_binary,
        max_size=config.limits.max_member_size,
        clean_digests=frozenset(store._known) if store else frozenset(),
    )
    flat = [blob for target in targets for blob in target.blobs]
    scanned = scan_blobs(flat, settings, jobs=config.jobs)
    results: list[TargetResult] = []
    cursor = 0
    for target in targets:
        chunk = scanned[cursor : cursor + len(target.blobs)]
        cursor += len(target.blobs)
        results.append(_result(target, chunk, args, config))
        if store:
            for item in chunk:
                if item.digest and not item.matches and not item.error:
                    store.add(item.digest)
    if store:
        store.close()
    report = Report(command="secrets", results=results, tool_version=__version__, seconds=time.perf_counter() - started)
    emit(report, config.format, args.output, args.verbose)
    return _exit_code(results, config)


def _collect(raw: str, config: Config, use_gitignore: bool) -> _Target:
    target = _Target(raw)
    if raw == "-":
        target.blobs.append(Blob(display="<stdin>", data=sys.stdin.buffer.read()))
        return target
    path = Path(raw)
    if path.is_dir():
        issues: list[WalkIssue] = []
        for entry in walk_tree(path, use_gitignore, issues):
            if entry.rel.lower().endswith(ARCHIVE_SUFFIXES):
                _add_archive(target, entry.path, entry.rel, config)
            else:
                target.blobs.append(Blob(display=entry.rel, path=entry.path))
        target.errors.extend(AnalysisError(i.rel, i.detail, i.fatal) for i in issues)
        return target
    if not path.is_file():
        target.errors.append(AnalysisError(raw, "no such file or directory", fatal=True))
        return target
    if raw.lower().endswith(ARCHIVE_SUFFIXES) or _sniff(path) is not None:
        _add_archive(target, raw, path.name, config)
    else:
        target.blobs.append(Blob(display=raw, path=raw))
    return target


def _sniff(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return sniff_kind(handle.read(512))
    except OSError:
        return None


def _add_archive(target: _Target, disk_path: str, display: str, config: Config) -> None:
    budget = Budget(config.limits)
    try:
        data = Path(disk_path).read_bytes()
    except OSError as exc:
        target.errors.append(AnalysisError(display, f"unreadable: {exc.strerror}", fatal=True))
        return
    if sniff_kind(data[:512]) is None:
        target.blobs.append(Blob(display=display, data=data))  # named like an archive, but plain text
        return
    for member in ArchiveReader(budget).read(data, display):
        target.blobs.append(Blob(display=member.display, data=member.data))
    target.errors.extend(_issue_error(issue) for issue in budget.issues)


def _issue_error(issue: SourceIssue) -> AnalysisError:
    return AnalysisError(issue.path, f"{issue.kind}: {issue.detail}", issue.fatal)


def _result(target: _Target, scanned: list[BlobResult], args: argparse.Namespace, config: Config) -> TargetResult:
    result = TargetResult(target=target.name, verdict=Verdict.CLEAN, score=0.0, errors=list(target.errors))
    findings: list[Finding] = []
    for item in scanned:
        if item.error:
            result.errors.append(AnalysisError(item.display, item.error, fatal=True))
            continue
        result.files_analysed += 1
        result.bytes_analysed += item.size
        for match in item.matches:
            if match.rule in config.disabled_rules:
                continue
            if match.confidence < args.min_confidence or match.severity < args.min_severity:
                continue
            findings.append(to_finding(match))
    findings.sort(key=lambda f: (f.location.path, f.location.line or 0, f.location.column or 0, f.rule))
    result.findings = findings
    fatal = any(e.fatal for e in result.errors)
    result.score = max((f.confidence for f in findings), default=0.0)
    if fatal:
        result.verdict = Verdict.ERROR
    elif findings:
        result.verdict = Verdict.SUSPICIOUS
    worst = max((f.severity for f in findings), default=None)
    if fatal:
        result.summary = "could not be fully analysed: " + "; ".join(e.reason for e in result.errors if e.fatal)[:300]
    elif findings and worst is not None:
        result.summary = f"{len(findings)} secret(s) found, worst {worst.label}"
    else:
        result.summary = "no secrets found"
    if result.files_analysed == 0 and not fatal and not target.blobs:
        result.summary = "no files to scan"
    return result


def _exit_code(results: list[TargetResult], config: Config) -> int:
    if config.fail_on_error and any(r.verdict is Verdict.ERROR for r in results):
        return EXIT_ERROR
    if any(r.findings for r in results):
        return EXIT_FINDINGS
    return EXIT_OK
