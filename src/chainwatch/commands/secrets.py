"""`chainwatch secrets TARGET...`: find credentials in files, trees, archives, stdin, git history and web pages.

Every target given becomes one result in the report. Directories are walked as git sees them
(`.gitignore` honoured unless `--no-gitignore`); archives are read in memory through the shared
sources; `--history` scans every blob of a repository's history once; `http(s)://` targets fetch a
page, its scripts and their source maps. Then, in order: thresholds, inline allow comments (the
user's own files only), `--verify`, the baseline. Exit codes: 0 nothing at or above the thresholds,
1 a finding at or above them, 2 a usage or analysis error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import __version__
from ..analyzers.secrets import to_finding
from ..analyzers.secrets.allow import AllowDecision, AllowStatus, check_allow
from ..analyzers.secrets.annotate import split_tags, with_commit, with_note, with_verification
from ..analyzers.secrets.cache import CleanBlobStore, default_cache_dir
from ..analyzers.secrets.engine import SecretMatch
from ..analyzers.secrets.scan import Blob, BlobResult, ScanSettings, default_scanner, scan_blobs
from ..analyzers.secrets.walk import WalkIssue, walk_tree
from ..analyzers.secrets.webtarget import WebLimits, is_web_target
from ..config import Config
from ..model import AnalysisError, Finding, Report, Severity, TargetResult, Verdict
from ..reports import RENDERERS
from ..sources import Budget, SourceIssue
from ..sources.kinds import ARCHIVE_SUFFIXES, sniff_kind
from .common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, add_report_options, emit

if TYPE_CHECKING:  # baselines, archives, web pages, git history and verification: imported by runs that use them
    from ..analyzers.secrets.baseline import Baseline
    from ..analyzers.secrets.history import Commit
    from ..analyzers.secrets.verify import VerifySettings

DEFAULT_MIN_CONFIDENCE = 0.5
_WEB = WebLimits()


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "secrets",
        help="find credentials (API keys, tokens, passwords, private keys) in files, history, archives and web pages",
        description=(
            "Find hard-coded credentials. Secrets are never printed whole: every report shows a redacted form. "
            "TARGET is a file, directory, archive, '-' for stdin, or an http(s) URL; with --history, a git repository."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="TARGET", help="file, directory, archive, URL; '-' reads stdin")
    add_report_options(parser)
    parser.add_argument(
        "--min-confidence",
        type=float,
        default=DEFAULT_MIN_CONFIDENCE,
        help=f"report (and fail on) findings at least this confident, 0..1 (default {DEFAULT_MIN_CONFIDENCE}); "
        "0.3 also lists bare UUIDs, which some services use as API keys",
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
    workflow = parser.add_argument_group("workflow")
    workflow.add_argument(
        "--history",
        action="store_true",
        help="scan every blob in the git history of each TARGET repository (all refs) instead of its files",
    )
    workflow.add_argument("--baseline", type=Path, metavar="FILE", help="report only findings not accepted in FILE")
    workflow.add_argument(
        "--update-baseline",
        action="store_true",
        help="write the current findings to the --baseline FILE (entries for paths not scanned are kept)",
    )
    workflow.add_argument(
        "--no-inline-allow",
        action="store_true",
        help='ignore `chainwatch: allow RULE reason="…"` comments',
    )
    verify = parser.add_argument_group("live verification (sends found credentials to their provider)")
    verify.add_argument("--verify", action="store_true", help="ask each provider whether found credentials are live")
    verify.add_argument(
        "--verify-endpoint",
        action="append",
        default=[],
        metavar="PROVIDER=URL",
        help="API base URL for a provider (github, slack, stripe, openai); repeatable",
    )
    verify.add_argument("--verify-timeout", type=float, metavar="SECONDS", help="per request (default 5)")
    web = parser.add_argument_group("web targets")
    web.add_argument("--web-cross-origin", action="store_true", help="also fetch scripts and maps of other origins")
    web.add_argument(
        "--web-max-scripts",
        type=int,
        default=_WEB.max_scripts,
        metavar="N",
        help="scripts per page (default %(default)s)",
    )
    web.add_argument(
        "--web-max-bytes",
        type=int,
        default=_WEB.max_total_bytes,
        metavar="BYTES",
        help="total bytes fetched per target (default %(default)s)",
    )
    web.add_argument(
        "--web-timeout", type=float, default=_WEB.timeout, metavar="SECONDS", help="per request (default %(default)s)"
    )
    parser.add_argument("--engine", choices=["auto", "hyperscan", "python"], default="auto", help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


@dataclass(slots=True)
class _Hit:
    """A match that passed the thresholds, with what the later stages need."""

    match: SecretMatch
    display: str
    own_code: bool  # the user's own file: inline allow comments count
    data: bytes | None = None  # content for allow comments (None: read `disk_path` on demand)
    disk_path: str | None = None
    commit: Commit | None = None
    allow: AllowDecision | None = None  # the allow comment, when the scan already read it
    allow_read: bool = False


@dataclass(slots=True)
class _Target:
    name: str
    kind: str = "files"  # "files", "history", "web"
    blobs: list[Blob] = field(default_factory=list)
    own: list[bool] = field(default_factory=list)  # per blob: the user's own file?
    shown: list[str] = field(default_factory=list)  # per blob: display path when it differs from the scan path
    errors: list[AnalysisError] = field(default_factory=list)
    hits: list[_Hit] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
    scanned_paths: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    allowed: int = 0
    baselined: int = 0
    seconds: float = 0.0

    def add(self, blob: Blob, own: bool, shown: str = "") -> None:
        self.blobs.append(blob)
        self.own.append(own)
        self.shown.append(shown)


def _fail(message: str) -> int:
    print(f"chainwatch: {message}", file=sys.stderr)
    return EXIT_ERROR


def run(args: argparse.Namespace, config: Config) -> int:
    if args.jobs is not None and args.jobs < 1:
        return _fail("--jobs must be at least 1")
    if not 0.0 <= args.min_confidence <= 1.0:
        return _fail("--min-confidence must be between 0 and 1")
    if args.update_baseline and args.baseline is None:
        return _fail("--update-baseline needs --baseline FILE")
    if args.web_max_scripts < 0 or args.web_max_bytes < 1 or args.web_timeout <= 0:
        return _fail("--web-max-scripts, --web-max-bytes and --web-timeout must be positive")
    config = replace(
        config,
        fail_on_error=config.fail_on_error and not args.allow_errors,
        jobs=args.jobs or config.jobs,
        format=args.format or config.format,
        disabled_rules=config.disabled_rules | frozenset(args.disable),
    )
    if config.format not in ("text", *RENDERERS):
        return _fail(f"unknown format {config.format!r}")
    baseline: Baseline | None = None
    if args.baseline is not None:  # every use of Baseline below is under a --baseline
        from ..analyzers.secrets.baseline import Baseline, BaselineError
    if args.baseline is not None and (args.baseline.exists() or not args.update_baseline):
        try:
            baseline = Baseline.load(args.baseline)
        except BaselineError as exc:
            return _fail(str(exc))
    verify_settings: VerifySettings | None = None
    if args.verify:
        from ..analyzers.secrets.verify import VERIFIERS, VerifySettingsError, build_settings, read_config_table

        try:
            verify_settings = build_settings(
                VERIFIERS, read_config_table(config.source), os.environ, args.verify_endpoint, args.verify_timeout
            )
        except VerifySettingsError as exc:
            return _fail(str(exc))

    started = time.perf_counter()
    targets = _collect_all(args, config)
    findings = _judge(targets, args, config, verify_settings)
    if args.update_baseline:
        scanned = frozenset(p for t in targets for p in t.scanned_paths)
        current = [f for per_target in findings for f in per_target]
        baseline = Baseline.from_findings(current, previous=baseline, scanned=scanned)
        try:
            baseline.write(args.baseline)
        except OSError as exc:
            return _fail(f"cannot write baseline {args.baseline}: {exc.strerror or exc}")
        print(f"chainwatch: wrote {args.baseline} ({len(baseline.entries)} accepted finding(s))", file=sys.stderr)
    if baseline is not None:
        budget = baseline.budget()
        for index, target in enumerate(targets):
            findings[index], accepted = Baseline.split(findings[index], budget)
            target.baselined = len(accepted)
    results = [_result(target, found) for target, found in zip(targets, findings, strict=True)]
    report = Report(command="secrets", results=results, tool_version=__version__, seconds=time.perf_counter() - started)
    _emit(report, config.format, args.output, args.verbose)
    return _exit_code(results, config)


# -- collecting ---------------------------------------------------------------------------------------
def _collect_all(args: argparse.Namespace, config: Config) -> list[_Target]:
    targets: list[_Target] = []
    for raw in args.paths:
        started = time.perf_counter()
        if args.history and raw != "-" and not is_web_target(raw):
            targets.append(_Target(raw, kind="history"))
        elif is_web_target(raw):
            targets.append(_collect_web(raw, args))
        else:
            targets.append(_collect(raw, config, not args.no_gitignore))
        targets[-1].seconds = time.perf_counter() - started
    started = time.perf_counter()
    _scan_files(targets, args, config)
    # Files of all targets are scanned together (one pool); each target gets its share by bytes.
    spent, total = time.perf_counter() - started, sum(t.bytes for t in targets) or 1
    for target in targets:
        target.seconds += spent * target.bytes / total
        if target.kind == "history":
            started = time.perf_counter()
            _scan_history(target, args, config)
            target.seconds += time.perf_counter() - started
    return targets


def _display(raw: str) -> str:
    # `./src/a.py` and `src/a.py` are the same file: one fingerprint, one baseline entry.
    return raw if os.path.isabs(raw) else os.path.normpath(raw)


def _collect(raw: str, config: Config, use_gitignore: bool) -> _Target:
    target = _Target(raw)
    if raw == "-":
        target.add(Blob(display="<stdin>", data=sys.stdin.buffer.read()), own=True)
        return target
    path = Path(raw)
    if path.is_dir():
        issues: list[WalkIssue] = []
        for entry in walk_tree(path, use_gitignore, issues):
            if entry.rel.lower().endswith(ARCHIVE_SUFFIXES):
                _add_archive(target, entry.path, entry.rel, config)
            else:
                target.add(Blob(display=entry.rel, path=entry.path), own=True)
        target.errors.extend(AnalysisError(i.rel, i.detail, i.fatal) for i in issues)
        return target
    if not path.is_file():
        target.errors.append(AnalysisError(raw, "no such file or directory", fatal=True))
        return target
    if raw.lower().endswith(ARCHIVE_SUFFIXES) or _sniff(path) is not None:
        _add_archive(target, raw, path.name, config)
    else:
        target.add(Blob(display=_display(raw), path=raw), own=True)
    return target


def _sniff(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return sniff_kind(handle.read(512))
    except OSError:
        return None


def _add_archive(target: _Target, disk_path: str, display: str, config: Config) -> None:
    from ..sources.archive import ArchiveReader

    budget = Budget(config.limits)
    try:
        data = Path(disk_path).read_bytes()
    except OSError as exc:
        target.errors.append(AnalysisError(display, f"unreadable: {exc.strerror}", fatal=True))
        return
    if sniff_kind(data[:512]) is None:
        target.add(Blob(display=display, data=data), own=True)  # named like an archive, but plain text
        return
    for member in ArchiveReader(budget).read(data, display):
        # Third-party content: nothing inside an archive may allow its own findings.
        target.add(Blob(display=member.display, data=member.data), own=False)
    target.errors.extend(_issue_error(issue) for issue in budget.issues)


def _issue_error(issue: SourceIssue) -> AnalysisError:
    return AnalysisError(issue.path, f"{issue.kind}: {issue.detail}", issue.fatal)


def _collect_web(url: str, args: argparse.Namespace) -> _Target:
    from ..analyzers.secrets.web import fetch_web

    limits = WebLimits(
        max_scripts=args.web_max_scripts,
        max_total_bytes=args.web_max_bytes,
        timeout=args.web_timeout,
        cross_origin=args.web_cross_origin,
    )
    fetched = fetch_web(url, limits)
    target = _Target(url, kind="web")
    for asset in fetched.assets:
        # The engine reads the URL's path (format, test/doc trust); the report shows the URL.
        target.add(Blob(display=asset.scan_path, data=asset.data), own=False, shown=asset.display)
    target.errors.extend(AnalysisError(i.url, i.detail, i.fatal) for i in fetched.issues)
    target.notes.append(f"{fetched.requests} request(s), {fetched.bytes} bytes fetched")
    return target


# -- scanning -----------------------------------------------------------------------------------------
def _scan_files(targets: list[_Target], args: argparse.Namespace, config: Config) -> None:
    store = (
        CleanBlobStore(
            default_cache_dir(), default_scanner(args.engine, args.include_binary, _wants_candidates(args)).fingerprint
        )
        if args.cache
        else None
    )
    settings = ScanSettings(
        backend=args.engine,
        include_binary=args.include_binary,
        max_size=config.limits.max_member_size,
        clean_digests=frozenset(store._known) if store else frozenset(),
        allow_comments=not args.no_inline_allow,
        candidates=_wants_candidates(args),
    )
    flat = [blob for target in targets for blob in target.blobs]
    scanned = scan_blobs(flat, settings, jobs=config.jobs)
    cursor = 0
    for target in targets:
        chunk = scanned[cursor : cursor + len(target.blobs)]
        cursor += len(target.blobs)
        for blob, own, shown, item in zip(target.blobs, target.own, target.shown, chunk, strict=True):
            _take(target, blob, own, shown or item.display, item, args, config)
        if store:
            for item in chunk:
                if item.digest and not item.matches and not item.error:
                    store.add(item.digest)
    if store:
        store.close()


def _take(
    target: _Target, blob: Blob, own: bool, display: str, item: BlobResult, args: argparse.Namespace, config: Config
) -> None:
    if item.error:
        target.errors.append(AnalysisError(display, item.error, fatal=True))
        return
    target.files += 1
    target.bytes += item.size
    target.scanned_paths.add(display)
    allows = item.allows
    for number, match in enumerate(item.matches):
        if _keep(match, args, config):
            hit = _Hit(match, display, own, data=blob.data, disk_path=blob.path)
            if allows is not None:
                hit.allow, hit.allow_read = allows[number], True
            target.hits.append(hit)


def _keep(match: SecretMatch, args: argparse.Namespace, config: Config) -> bool:
    return (
        match.rule not in config.disabled_rules
        and match.confidence >= args.min_confidence
        and match.severity >= args.min_severity
    )


def _wants_candidates(args: argparse.Namespace) -> bool:
    """Low-confidence candidates (bare UUIDs) are computed only when the threshold would show them."""
    from ..analyzers.secrets.rules import CANDIDATE_CONFIDENCE

    return bool(args.min_confidence <= CANDIDATE_CONFIDENCE)


def _scan_history(target: _Target, args: argparse.Namespace, config: Config) -> None:
    from ..analyzers.secrets.history import HistoryError, scan_history

    try:
        found = scan_history(
            Path(target.name),
            backend=args.engine,
            include_binary=args.include_binary,
            max_size=config.limits.max_member_size,
            jobs=config.jobs,
            candidates=_wants_candidates(args),
        )
    except HistoryError as exc:
        target.errors.append(AnalysisError(target.name, str(exc), fatal=True))
        return
    target.files, target.bytes = found.scanned, found.bytes_scanned
    for hit in found.hits:
        target.scanned_paths.add(hit.blob.path)
        for match in hit.matches:
            if _keep(match, args, config):
                target.hits.append(_Hit(match, hit.blob.path, True, data=hit.data, commit=hit.commit))
    target.errors.extend(AnalysisError(where, why, fatal=True) for where, why in found.unread)
    target.notes.append(
        f"{found.commits} commit(s), {found.blobs} distinct blob(s), {found.skipped_binary} binary skipped"
    )


# -- judging ------------------------------------------------------------------------------------------
def _judge(
    targets: list[_Target], args: argparse.Namespace, config: Config, verify: VerifySettings | None
) -> list[list[Finding]]:
    """Findings per target after inline allow comments and verification (the baseline comes later)."""
    kept: list[list[tuple[_Hit, Finding]]] = []
    for target in targets:
        pairs: list[tuple[_Hit, Finding]] = []
        contents: dict[str, bytes] = {}  # files re-read for their comments, once each
        for hit in target.hits:
            finding = to_finding(hit.match, hit.display)
            if hit.own_code and not args.no_inline_allow:
                decision = hit.allow if hit.allow_read else _allow_comment(hit, contents)
                if decision is not None and decision.status is AllowStatus.ALLOWED:
                    target.allowed += 1
                    continue
                if decision is not None:
                    finding = with_note(finding, decision.note)
            if hit.commit is not None:
                finding = with_commit(finding, hit.commit)
            pairs.append((hit, finding))
        kept.append(pairs)
    if verify is not None:
        from ..analyzers.secrets.verify import VERIFIERS, verify_matches

        every = [hit.match for pairs in kept for hit, _ in pairs]
        answers = iter(verify_matches(every, VERIFIERS, verify))
        kept = [[(hit, with_verification(finding, next(answers))) for hit, finding in pairs] for pairs in kept]
    ordered: list[list[Finding]] = []
    for pairs in kept:
        findings = [finding for _, finding in pairs]
        findings.sort(key=lambda f: (f.location.path, f.location.line or 0, f.location.column or 0, f.rule))
        ordered.append(findings)
    return ordered


def _allow_comment(hit: _Hit, contents: dict[str, bytes]) -> AllowDecision | None:
    data = hit.data
    if data is None:
        data = contents.get(hit.display)
        if data is None:
            data = contents[hit.display] = _read(hit)
    return check_allow(_intact(data, hit.match), hit.match.start, hit.match.rule)


def _read(hit: _Hit) -> bytes:
    """A scanned file's bytes again, for the lines around its matches (only files with matches are re-read)."""
    try:
        with open(hit.disk_path or hit.display, "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def _intact(data: bytes, match: SecretMatch) -> bytes:
    # A file edited since it was scanned: its comments no longer describe the match.
    return data if data[match.start : match.end] == match.value else b""


def _result(target: _Target, findings: list[Finding]) -> TargetResult:
    result = TargetResult(
        target=target.name,
        verdict=Verdict.CLEAN,
        score=0.0,
        errors=list(target.errors),
        findings=findings,
        files_analysed=target.files,
        bytes_analysed=target.bytes,
        seconds=target.seconds,
    )
    fatal = any(e.fatal for e in result.errors)
    result.score = max((f.confidence for f in findings), default=0.0)
    if fatal:
        result.verdict = Verdict.ERROR
    elif findings:
        result.verdict = Verdict.SUSPICIOUS
    worst = max((f.severity for f in findings), default=None)
    if fatal:
        summary = "could not be fully analysed: " + "; ".join(e.reason for e in result.errors if e.fatal)[:300]
    elif findings and worst is not None:
        summary = f"{len(findings)} secret(s) found, worst {worst.label}"
    elif result.files_analysed == 0 and not target.blobs and target.kind == "files":
        summary = "no files to scan"
    else:
        summary = "no secrets found"
    extras = [*target.notes]
    live = sum(1 for f in findings if "verified:true" in f.tags)
    if live:
        extras.append(f"{live} verified live")
    if target.allowed:
        extras.append(f"{target.allowed} allowed by inline comment")
    if target.baselined:
        extras.append(f"{target.baselined} accepted by baseline")
    result.summary = summary + (f" ({'; '.join(extras)})" if extras else "")
    return result


def _exit_code(results: list[TargetResult], config: Config) -> int:
    if config.fail_on_error and any(r.verdict is Verdict.ERROR for r in results):
        return EXIT_ERROR
    if any(r.findings for r in results):
        return EXIT_FINDINGS
    return EXIT_OK


# -- output -------------------------------------------------------------------------------------------
def _emit(report: Report, fmt: str, output: Path | None, verbose: bool) -> None:
    if fmt != "sarif":
        emit(report, fmt, output, verbose)
        return
    rendered = _sarif(report)
    if output is None:
        sys.stdout.write(rendered)
    else:
        output.write_text(rendered, encoding="utf-8")


def _sarif(report: Report) -> str:
    """The shared SARIF, with per-finding facts moved from rule tags to result properties, and URLs as URIs."""
    sarif = json.loads(RENDERERS["sarif"](report))
    run = sarif["runs"][0]
    findings = [(target, finding) for target in report.results for finding in target.findings]
    for (target, finding), result in zip(findings, run["results"], strict=True):
        _, properties = split_tags(finding.tags)
        result["properties"].update(properties)
        if is_web_target(target.target):
            location = result["locations"][0]["physicalLocation"]["artifactLocation"]
            location["uri"] = quote(finding.location.path, safe=":/?&=#!@$'()*+,;%-._~")
    for rule in run["tool"]["driver"]["rules"]:
        tags = rule.get("properties", {}).get("tags")
        if tags is not None:
            rule["properties"]["tags"] = split_tags(tags)[0]
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
