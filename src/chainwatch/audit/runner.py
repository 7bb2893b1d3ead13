"""One audit run: read the inputs, ask the public index about internal names (unless offline), check every
dependency, and give each input file (or environment) its `TargetResult`."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..deps import ParsedSource, SourceKind
from ..model import AnalysisError, Finding, TargetResult, Verdict
from ..vulns import SnapshotError, VulnDB, default_db
from . import confusion, hygiene, typosquats, vulnerabilities
from .context import TargetContext
from .indexes import resolves_from_index
from .inputs import AuditInput
from .options import AuditOptions
from .registry import RegistryReport, look_up, offline_report
from .rules import INTERNAL_REGISTERED, TYPOSQUAT, UNCHECKED
from .typosquat_answers import TyposquatAnswers
from .unchecked import skipped_finding, unchecked_finding
from .verdict import audit_verdict
from .vet_findings import VettedDependency, vet_findings
from .vetting import VetKey, VetReport, vet_dependencies, vet_key
from .vulnerabilities import VulnHit

if TYPE_CHECKING:
    import httpx


@dataclass(slots=True)
class AuditedTarget:
    """A report target plus what the CycloneDX report needs beyond findings: the inventory and the matches."""

    result: TargetResult
    parsed: ParsedSource | None
    vulnerabilities: list[VulnHit] = field(default_factory=list)
    vetted: list[VettedDependency] = field(default_factory=list)  # `--vet`: every dependency's vetting


@dataclass(slots=True)
class AuditRun:
    targets: list[AuditedTarget]
    registry: RegistryReport
    notes: list[str] = field(default_factory=list)  # run-wide things the user should hear
    vetting: VetReport | None = None  # `--vet` only

    @property
    def results(self) -> list[TargetResult]:
        return [t.result for t in self.targets]


def run_audit(
    inputs: Sequence[AuditInput], options: AuditOptions, transport: httpx.BaseTransport | None = None
) -> AuditRun:
    notes: list[str] = []
    database: VulnDB | None = None
    if options.check_vulnerabilities:
        try:
            database = default_db()
        except (SnapshotError, OSError) as exc:
            notes.append(f"advisory database unusable ({exc}); known vulnerabilities were not checked")
    registry = _registry(inputs, options, transport)
    answers = TyposquatAnswers.for_active_snapshot() if options.enabled(TYPOSQUAT) else TyposquatAnswers(None)
    vetting = None
    if options.vet is not None:
        vetting = vet_dependencies(inputs, options.default_indexes, options.vet, options.offline, transport)
        if vetting.outcomes:
            notes.append(vetting.summary())
    targets = [_audit_one(item, options, registry, database, answers, vetting) for item in inputs]
    answers.save()
    return AuditRun(targets, registry, notes, vetting)


def _registry(
    inputs: Sequence[AuditInput], options: AuditOptions, transport: httpx.BaseTransport | None
) -> RegistryReport:
    if not options.enabled(INTERNAL_REGISTERED):
        return RegistryReport(options.public_index, skipped="rule disabled")
    names = {
        d.name
        for item in inputs
        if item.parsed is not None
        for d in item.parsed.dependencies
        if options.internal.matches(d.name) and resolves_from_index(d)
    }
    if not names:
        return RegistryReport(options.public_index)
    if options.offline:
        return offline_report(options.public_index)
    return look_up(names, options.public_index, transport)


def _audit_one(
    item: AuditInput,
    options: AuditOptions,
    registry: RegistryReport,
    database: VulnDB | None,
    answers: TyposquatAnswers,
    vetting: VetReport | None = None,
) -> AuditedTarget:
    started = time.perf_counter()
    if item.parsed is None or item.kind is None:
        result = TargetResult(target=item.label, verdict=Verdict.ERROR, score=0.0)
        where = f"{item.label}:{item.line}" if item.line is not None else item.label
        result.errors.append(AnalysisError(where, item.error or "could not be read", fatal=True))
        result.summary = f"could not be read: {item.error}"
        result.seconds = time.perf_counter() - started
        return AuditedTarget(result, None)
    parsed = item.parsed
    context = TargetContext(item.kind, options, registry, item.compiled)
    findings: list[Finding] = []
    hits: list[VulnHit] = []
    vet_errors: list[AnalysisError] = []
    vetted: list[VettedDependency] = []
    for dependency in parsed.dependencies:
        findings += typosquats.check(dependency, context, answers)
        findings += confusion.check(dependency, context)
        findings += hygiene.check(dependency, context)
        if database is not None:
            outcome = vulnerabilities.check(dependency, context, database)
            findings += outcome.findings
            hits += outcome.hits
            if outcome.problem and options.enabled(UNCHECKED):
                findings.append(unchecked_finding(dependency.source, dependency.raw_name, outcome.problem))
        if vetting is not None:
            key = vet_key(dependency, options.default_indexes)
            if isinstance(key, VetKey):
                more, problems = vet_findings(dependency, vetting.outcomes[key])
                more = [f for f in more if options.enabled(f.rule)]
                findings += more
                vet_errors += problems
                vetted.append(VettedDependency(dependency, vetting.outcomes[key], None, tuple(more), tuple(problems)))
            else:
                vetted.append(VettedDependency(dependency, None, key))
    if options.enabled(UNCHECKED):
        findings += [skipped_finding(skipped) for skipped in parsed.skipped]
    findings.sort(key=lambda f: (-f.severity, -f.confidence, f.location.path, f.location.line or 0, f.rule))
    verdict, score = audit_verdict(findings, fatal_error=bool(vet_errors))
    result = TargetResult(
        target=item.label,
        verdict=verdict,
        score=score,
        findings=findings,
        errors=[*vet_errors, *_notes(parsed, options, registry, database), *_vet_notes(parsed, options, vetting)],
        files_analysed=len(parsed.files),
        bytes_analysed=0 if parsed.kind is SourceKind.ENVIRONMENT else sum(_size(path) for path in parsed.files),
        package={"format": parsed.kind.value},
        summary=_summary(parsed, findings),
    )
    result.seconds = time.perf_counter() - started
    return AuditedTarget(result, parsed, hits, vetted)


def _notes(
    parsed: ParsedSource, options: AuditOptions, registry: RegistryReport, database: VulnDB | None
) -> list[AnalysisError]:
    """Checks that did not run for this target, as non-fatal errors: the report says what it did not look at."""
    notes: list[AnalysisError] = []
    internal = sorted(
        {d.raw_name for d in parsed.dependencies if options.internal.matches(d.name) and resolves_from_index(d)}
    )
    if internal and registry.skipped is not None and options.enabled(INTERNAL_REGISTERED):
        notes.append(
            AnalysisError(
                parsed.path,
                f"dependency confusion: whether {', '.join(internal)} {'is' if len(internal) == 1 else 'are'} "
                f"registered on {registry.index} {registry.skipped}",
            )
        )
    problems = sorted({registry.problems[n] for n in (d.name for d in parsed.dependencies) if n in registry.problems})
    notes += [AnalysisError(parsed.path, f"dependency confusion: registration check {p}") for p in problems]
    if database is None and options.check_vulnerabilities:
        notes.append(AnalysisError(parsed.path, "known vulnerabilities were not checked: no usable advisory database"))
    return notes


def _vet_notes(parsed: ParsedSource, options: AuditOptions, vetting: VetReport | None) -> list[AnalysisError]:
    """`--vet`: what was not vetted and why, as non-fatal notes (never guessed: an unpinned entry has no files)."""
    if vetting is None:
        return []
    reasons: dict[str, list[str]] = {}
    skipped: dict[str, list[str]] = {}  # offline: pins the verdict cache could not (fully) answer, by reason
    for dependency in parsed.dependencies:
        key = vet_key(dependency, options.default_indexes)
        if not isinstance(key, VetKey):
            reasons.setdefault(key, []).append(dependency.raw_name)
        elif (why := vetting.outcomes[key].skipped) is not None:
            skipped.setdefault(why, []).append(key.label)
    notes = []
    for reason, pins in skipped.items():
        count = len(set(pins))
        subject = f"{count} pinned dependenc{'y' if count == 1 else 'ies'} ({_shown(pins)})"
        notes.append(AnalysisError(parsed.path, f"malware vetting of {subject}: {reason}"))
    for reason, names in reasons.items():
        notes.append(AnalysisError(parsed.path, f"malware vetting: {_shown(names)}: {reason}; not vetted"))
    return notes


def _shown(names: Sequence[str], most: int = 10) -> str:
    unique = sorted(set(names))
    return ", ".join(unique[:most]) + (", ..." if len(unique) > most else "")


def _summary(parsed: ParsedSource, findings: Sequence[Finding]) -> str:
    deps = parsed.dependencies
    pinned = sum(1 for d in deps if d.pinned)
    hashed = sum(1 for d in deps if d.hashed)
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    found = ", ".join(f"{n} {rule}" for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    unchecked = f", {len(parsed.skipped)} not checkable" if parsed.skipped else ""
    return f"{len(deps)} dependencies ({pinned} pinned, {hashed} hashed){unchecked}" + (
        f"; {found}" if found else "; nothing found"
    )


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
