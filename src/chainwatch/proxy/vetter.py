"""Vet one artifact: the malware analysis of its exact bytes, plus the typosquat check of the name asked for.

With `jobs > 1` analyses run in a pool of worker processes, so a client downloading in parallel
(uv, a team sharing the proxy) is not held to one core. Workers are spawned, not forked: the
proxy is multi-threaded, and a forked child could inherit a lock some other thread was holding.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..model import AnalysisError, Severity, TargetResult, Verdict
from ..pipeline import RunOptions, analyse_target
from ..verdict import decide


class Vetter:
    def __init__(self, options: RunOptions, jobs: int = 1) -> None:
        self.options = options
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def analyse(self, path: Path, project: str) -> TargetResult:
        """The analysis result, with a name-imitation finding added when the metadata did not carry one."""
        result = self._run(path)
        return with_name_check(result, project, path.name)

    def _run(self, path: Path) -> TargetResult:
        # Imported on first use: a warm run (every verdict cached) never needs the analyzers.
        from ..analyzers.malware import MalwareAnalyzer

        factories = [MalwareAnalyzer]
        if self.jobs == 1:
            return analyse_target(str(path), factories, self.options)
        try:
            return self._executor().submit(analyse_target, str(path), factories, self.options).result()
        except BrokenProcessPool:
            with self._lock:
                self._pool = None  # the next artifact gets a fresh pool; this one fails closed
            failed = TargetResult(target=str(path), verdict=Verdict.ERROR, score=0.0)
            failed.errors.append(AnalysisError(str(path), "the vetting worker process died", fatal=True))
            failed.summary = "could not be analysed: the vetting worker process died"
            return failed

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context)
            return self._pool

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def with_name_check(result: TargetResult, project: str, filename: str) -> TargetResult:
    """The malware analyzer checks the name in the metadata; the name the client asked for counts as well."""
    from ..analyzers.typosquat import RULE_ID as TYPOSQUAT_RULE
    from ..analyzers.typosquat import check_name, to_finding

    if any(f.rule == TYPOSQUAT_RULE for f in result.findings):
        return result
    match = check_name(project)
    if match is None:
        return result
    finding = to_finding(match, path=filename)
    result.findings.append(finding)
    fatal = any(e.fatal for e in result.errors)
    before = result.verdict
    result.verdict, result.score = decide(result.findings, fatal)
    if result.verdict is not before and finding.severity >= Severity.HIGH:
        result.summary = finding.title
    return result
