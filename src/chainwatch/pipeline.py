"""Run analyzers over targets: each file read once, handed to every analyzer that wants it.

Targets run in parallel worker processes; results come back in input order so reports are
deterministic. Nothing here raises for hostile input: every problem becomes part of the result.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .analyzers.base import Analyzer, TargetContext
from .model import AnalysisError, Finding, Location, Severity, TargetResult, Verdict
from .sources import Budget, Limits, SourceIssue, iter_target
from .verdict import decide

AnalyzerFactory = Callable[[TargetContext], Analyzer]


@dataclass(frozen=True, slots=True)
class RunOptions:
    limits: Limits = field(default_factory=Limits)
    # Cooperative wall-clock budget per target, checked between files.
    seconds_per_target: float = 300.0
    disabled_rules: frozenset[str] = frozenset()


def target_kind(path: Path) -> str:
    name = path.name.lower()
    if path.is_dir():
        return "directory"
    if name.endswith(".whl"):
        return "wheel"
    if name.endswith(".egg"):
        return "egg"
    if name.endswith((".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar", ".zip")):
        return "sdist"
    return "file"


# Source issues the user must hear about even when nothing is fatal: they are facts about the artifact.
_ISSUE_RULES: dict[str, tuple[str, Severity, str, str]] = {
    "unsafe-name": (
        "archive.unsafe-member-name",
        Severity.HIGH,
        "An archive member is named to escape the extraction folder (absolute path or '..').",
        "Build tools never produce such names; they exist to overwrite files on the installing machine.",
    ),
    "link": (
        "archive.link",
        Severity.INFO,
        "The artifact contains a symbolic or hard link; it was reported, not followed.",
        "Links can point outside the package when extracted by careless tools.",
    ),
    "special-file": (
        "archive.special-file",
        Severity.MEDIUM,
        "The artifact contains a device file or FIFO.",
        "Packages have no reason to carry device nodes; extracting one can affect the host.",
    ),
    "undecodable-name": (
        "archive.undecodable-name",
        Severity.LOW,
        "A member name is not valid UTF-8.",
        "Undecodable names can hide files from reviewers and confuse tools.",
    ),
}


def _issue_finding(issue: SourceIssue) -> Finding | None:
    spec = _ISSUE_RULES.get(issue.kind)
    if spec is None:
        return None
    rule, severity, title, why = spec
    return Finding(
        rule=rule,
        title=title,
        severity=severity,
        message=f"{title} {issue.detail}",
        location=Location(path=issue.path),
        confidence=0.9,
        why=why,
        remediation="Do not install this artifact; rebuild it from source with a standard build backend.",
        cwe=("CWE-22",) if issue.kind == "unsafe-name" else (),
        evidence_key=issue.detail,
    )


def analyse_target(target: str, factories: Sequence[AnalyzerFactory], options: RunOptions) -> TargetResult:
    """Analyse one target completely. Never raises: crashes become fatal analysis errors."""
    started = time.perf_counter()
    path = Path(target)
    result = TargetResult(target=target, verdict=Verdict.ERROR, score=0.0)
    if not path.exists():
        result.errors.append(AnalysisError(target, "no such file or directory", fatal=True))
        result.seconds = time.perf_counter() - started
        result.summary = "target not found"
        return result
    context = TargetContext(target=target, kind=target_kind(path))
    budget = Budget(options.limits)
    analyzers = [factory(context) for factory in factories]
    deadline = started + options.seconds_per_target
    try:
        for file in iter_target(path, budget):
            result.files_analysed += 1
            result.bytes_analysed += len(file.data)
            for analyzer in analyzers:
                if not analyzer.wants(file):
                    continue
                try:
                    analyzer.feed(file)
                except (RecursionError, MemoryError) as exc:
                    result.errors.append(
                        AnalysisError(file.display, f"{analyzer.name}: input too complex ({type(exc).__name__})", True)
                    )
                except Exception as exc:  # noqa: BLE001 - a bug on one file must not silence the rest
                    result.errors.append(
                        AnalysisError(file.display, f"{analyzer.name} failed: {_describe(exc)}", fatal=True)
                    )
            if time.perf_counter() > deadline:
                result.errors.append(
                    AnalysisError(target, f"analysis exceeded {options.seconds_per_target:.0f}s; stopped", True)
                )
                break
        for analyzer in analyzers:
            try:
                result.findings.extend(analyzer.finish())
            except Exception as exc:  # noqa: BLE001
                result.errors.append(AnalysisError(target, f"{analyzer.name} failed: {_describe(exc)}", True))
    except Exception as exc:  # noqa: BLE001 - the source itself blew up: fail closed for this target only
        result.errors.append(AnalysisError(target, f"could not read target: {_describe(exc)}", fatal=True))

    for issue in budget.issues:
        result.errors.append(AnalysisError(issue.path, f"{issue.kind}: {issue.detail}", issue.fatal))
        finding = _issue_finding(issue)
        if finding is not None:
            result.findings.append(finding)
    if result.files_analysed == 0 and not any(e.fatal for e in result.errors):
        result.errors.append(AnalysisError(target, "no files found in target", fatal=True))

    result.findings = [f for f in result.findings if f.rule not in options.disabled_rules]
    result.findings.sort(key=lambda f: (-f.severity, -f.confidence, f.location.path, f.location.line or 0, f.rule))
    result.package = dict(context.package)
    fatal = any(e.fatal for e in result.errors)
    result.verdict, result.score = decide(result.findings, fatal)
    result.summary = _summarise(result)
    result.seconds = time.perf_counter() - started
    return result


def _summarise(result: TargetResult) -> str:
    if result.verdict is Verdict.ERROR:
        reasons = "; ".join(e.reason for e in result.errors if e.fatal)
        return f"could not be fully analysed: {reasons[:500]}"
    top = [f for f in result.findings if f.severity >= Severity.HIGH]
    if not top:
        return "no malicious behaviour found"
    return "; ".join(dict.fromkeys(f.title for f in top[:3]))


def _describe(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {Path(frame[0].filename).name}:{frame[0].lineno}" if frame else ""
    return f"{type(exc).__name__}: {str(exc)[:200]}{where}"


def run_targets(
    targets: Sequence[str],
    factories: Sequence[AnalyzerFactory],
    options: RunOptions,
    jobs: int | None = None,
    on_result: Callable[[TargetResult], None] | None = None,
) -> list[TargetResult]:
    """Analyse every target, in parallel when there is more than one; results in input order."""
    workers = max(1, jobs or os.cpu_count() or 1)
    if workers == 1 or len(targets) <= 1:
        results = []
        for target in targets:
            result = analyse_target(target, factories, options)
            if on_result:
                on_result(result)
            results.append(result)
        return results
    ordered: list[TargetResult | None] = [None] * len(targets)
    with ProcessPoolExecutor(max_workers=min(workers, len(targets))) as pool:
        for index, result in _completed(pool, targets, factories, options):
            ordered[index] = result
            if on_result:
                on_result(result)
    return [r for r in ordered if r is not None]


def _completed(
    pool: ProcessPoolExecutor,
    targets: Sequence[str],
    factories: Sequence[AnalyzerFactory],
    options: RunOptions,
) -> Iterator[tuple[int, TargetResult]]:
    from concurrent.futures import as_completed

    futures = {pool.submit(analyse_target, t, factories, options): i for i, t in enumerate(targets)}
    for future in as_completed(futures):
        index = futures[future]
        try:
            yield index, future.result()
        except Exception as exc:  # noqa: BLE001 - a dead worker fails only its own target
            failed = TargetResult(target=targets[index], verdict=Verdict.ERROR, score=0.0)
            failed.errors.append(AnalysisError(targets[index], f"worker failed: {_describe(exc)}", fatal=True))
            failed.summary = "could not be analysed: worker failed"
            yield index, failed
