"""`audit --vet`: the files of every exactly pinned dependency, fetched through the index client and vetted with
the malware analyzer, the way `chainwatch vet NAME==VERSION` does it.

Which files: when the input records hashes (requirements `--hash`, lock files), exactly the files with those
hashes, because any other file is not the one an installer checking them would accept; otherwise the release's
files of the `--artifacts` selection. Verdicts are shared with the vetting proxy through its verdict store
(keyed by the artifact's sha256 and the analysis fingerprint), so a second audit of the same lock analyses
nothing. A dependency whose files cannot be fetched or analysed gets its problems, and the run goes on.

Offline nothing is fetched: a release whose input records sha256 hashes is answered from that store, file by file,
where a verdict made by the current analysis exists; what the store cannot answer (no sha256 recorded, no verdict
yet, or one made by other rules or limits) is listed as skipped, not as an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..deps import Dependency
from .indexes import resolves_from_index
from .inputs import AuditInput
from .vet_options import VetSettings

if TYPE_CHECKING:
    import httpx

    from ..index.client import IndexClient
    from ..index.models import Artifact
    from ..index.names import PinnedRequirement
    from ..index.pipconfig import IndexSettings
    from ..index.release import Release
    from ..model import TargetResult
    from ..proxy.verdicts import VerdictStore, VetRecord

# Offline, why a release's files were not vetted: the verdict cache is keyed by a file's sha256.
OFFLINE_NO_HASHES = "no file hashes recorded to look cached verdicts up by; skipped (--offline)"
OFFLINE_NO_SHA256 = "no sha256 file hash recorded to look cached verdicts up by; skipped (--offline)"


@dataclass(frozen=True, slots=True)
class VetKey:
    """One release as one installer would fetch it: where from, and which files (by recorded hash)."""

    name: str
    version: str
    indexes: tuple[str, ...]
    hashes: tuple[str, ...]  # "algo:hex", as the input records them; empty: the `--artifacts` selection

    @property
    def label(self) -> str:
        return f"{self.name}=={self.version}"

    def recorded(self) -> dict[str, frozenset[str]] | None:
        if not self.hashes:
            return None
        table: dict[str, set[str]] = {}
        for item in self.hashes:
            algorithm, _, digest = item.partition(":")
            table.setdefault(algorithm, set()).add(digest)
        return {algorithm: frozenset(digests) for algorithm, digests in table.items()}


@dataclass(slots=True)
class DependencyVet:
    """What vetting one release found: a record per vetted file, and every reason it fell short."""

    records: list[VetRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # fatal: the release could not be vetted (fails closed)
    skipped: str | None = None  # offline: why (some of) its files were not vetted; a note, not an error


@dataclass(slots=True)
class VetReport:
    outcomes: dict[VetKey, DependencyVet] = field(default_factory=dict)
    analysed: int = 0  # files the malware analyzer ran on in this run
    cached: int = 0  # files whose verdict came from the verdict store

    def summary(self) -> str:
        files = sum(len(o.records) for o in self.outcomes.values())
        failed = sum(1 for o in self.outcomes.values() if o.problems)
        text = (
            f"malware vetting: {files} file{'' if files == 1 else 's'} of {len(self.outcomes)} pinned "
            f"release{'' if len(self.outcomes) == 1 else 's'} ({self.analysed} analysed, {self.cached} verdicts "
            "from the cache)"
        )
        skipped = sum(1 for o in self.outcomes.values() if o.skipped)
        text += f"; {failed} could not be vetted" if failed else ""
        return text + (f"; {skipped} skipped or vetted in part (--offline)" if skipped else "")


def vet_key(dependency: Dependency, default_indexes: Sequence[str]) -> VetKey | str:
    """The release to vet for this dependency, or why it is not vetted."""
    if not resolves_from_index(dependency):
        return "a direct reference (URL, path or VCS) is not fetched from an index"
    if dependency.version is None:
        return "not pinned to one version"
    indexes = () if dependency.no_index else tuple(dependency.index_urls or default_indexes)
    if not indexes:
        return "installed from find-links locations only, not from an index"
    return VetKey(dependency.name, dependency.version, indexes, tuple(sorted(dependency.hashes)))


def vet_dependencies(
    inputs: Sequence[AuditInput],
    default_indexes: Sequence[str],
    settings: VetSettings,
    offline: bool,
    transport: httpx.BaseTransport | None = None,
) -> VetReport:
    keys = list(
        dict.fromkeys(
            key
            for item in inputs
            if item.parsed is not None
            for dependency in item.parsed.dependencies
            if isinstance(key := vet_key(dependency, default_indexes), VetKey)
        )
    )
    report = VetReport({key: DependencyVet() for key in keys})
    if not keys:
        return report
    if offline:
        _reuse_verdicts(keys, settings, report)
        return report
    artifacts = _fetch(keys, settings, report, transport)
    _analyse(artifacts, settings, report)
    return report


def _fetch(
    keys: Sequence[VetKey], settings: VetSettings, report: VetReport, transport: httpx.BaseTransport | None
) -> list[tuple[VetKey, Artifact]]:
    """Every file to vet, verified and cached; each release's failures recorded on it."""
    # Imported here: audits without --vet never load the HTTP stack.
    from ..index.cache import ArtifactCache
    from ..index.client import IndexClient
    from ..index.errors import IndexClientError
    from ..index.pipconfig import load_settings

    try:
        base = load_settings(settings.index_url, settings.extra_index_urls)
    except IndexClientError as exc:
        for key in keys:
            report.outcomes[key].problems.append(str(exc))
        return []
    cache = ArtifactCache()
    fetched: list[tuple[VetKey, Artifact]] = []
    by_indexes: dict[tuple[str, ...], list[VetKey]] = {}
    for key in keys:
        by_indexes.setdefault(key.indexes, []).append(key)
    for indexes, group in by_indexes.items():
        try:
            client = IndexClient(
                _settings_for(indexes, base), cache, transport=transport, max_file_size=settings.max_file_size
            )
        except IndexClientError as exc:
            for key in group:
                report.outcomes[key].problems.append(str(exc))
            continue
        with client:
            for key in group:
                release = _fetch_one(client, key, settings)
                if isinstance(release, str):
                    report.outcomes[key].problems.append(release)
                    continue
                for outcome in release.outcomes:
                    if outcome.artifact is None:
                        report.outcomes[key].problems.append(outcome.error or f"{outcome.filename}: not fetched")
                    else:
                        fetched.append((key, outcome.artifact))
    return fetched


def _settings_for(indexes: tuple[str, ...], base: IndexSettings) -> IndexSettings:
    """The installer's indexes as configured (credentials, trusted hosts, certificate, timeout from pip's
    configuration); an index only the dependency file names is taken as it is written there."""
    from dataclasses import replace

    from ..index.urls import parse_index_url

    configured = {index.url: index for index in base.indexes}
    chosen = [configured.get(url) or parse_index_url(url, "dependency file", base.trusted_hosts) for url in indexes]
    chosen = [configured.get(index.url, index) for index in chosen]  # the same index written without a slash
    return replace(base, index_url=chosen[0], extra_index_urls=tuple(chosen[1:]))


def _fetch_one(client: IndexClient, key: VetKey, settings: VetSettings) -> Release | str:
    from ..index.errors import IndexClientError
    from ..index.models import Selection
    from ..index.release import fetch_release

    selection = Selection.ALL if key.hashes else settings.selection
    try:
        return fetch_release(client, _pinned(key), selection, recorded=key.recorded())
    except IndexClientError as exc:
        return str(exc)
    except OSError as exc:  # the cache directory itself failed us (full disk, permissions)
        return f"{key.label}: cache error: {exc}"
    except Exception as exc:  # noqa: BLE001 - a bug fails this dependency closed, not the whole audit
        return f"{key.label}: internal error: {type(exc).__name__}: {exc}"


def _pinned(key: VetKey) -> PinnedRequirement:
    from packaging.specifiers import InvalidSpecifier, Specifier

    from ..index.names import PinnedRequirement

    try:
        specifier = Specifier(f"=={key.version}")
    except InvalidSpecifier:
        specifier = Specifier(f"==={key.version}")  # a legacy version: matched as written
    return PinnedRequirement(key.name, specifier, f"{key.name}{specifier}")


def _reuse_verdicts(keys: Sequence[VetKey], settings: VetSettings, report: VetReport) -> None:
    """Offline: each recorded sha256 answered by the verdict store (current analysis only), the rest skipped."""
    from ..index.cache import default_root
    from ..proxy.verdicts import VerdictStore, analysis_fingerprint

    store = VerdictStore(default_root(), analysis_fingerprint(settings.run_options))
    for key in keys:
        outcome = report.outcomes[key]
        digests = [digest for algorithm, _, digest in (h.partition(":") for h in key.hashes) if algorithm == "sha256"]
        if not digests:
            outcome.skipped = OFFLINE_NO_SHA256 if key.hashes else OFFLINE_NO_HASHES
            continue
        missing = 0
        for digest in digests:
            record = store.get_any_name(digest)
            if record is None:
                missing += 1
            else:
                report.cached += 1
                outcome.records.append(record)
        if missing:
            outcome.skipped = (
                f"{missing} of {len(digests)} recorded files without a verdict cached by an online --vet run of "
                "the current analysis; skipped (--offline)"
            )


def _analyse(artifacts: Iterable[tuple[VetKey, Artifact]], settings: VetSettings, report: VetReport) -> None:
    """Verdicts from the store where the current analysis made them; the rest analysed (in parallel) and stored."""
    from ..analyzers.malware import MalwareAnalyzer
    from ..index.cache import default_root
    from ..pipeline import analyse_target, run_targets
    from ..proxy.verdicts import VerdictStore, analysis_fingerprint

    store = VerdictStore(default_root(), analysis_fingerprint(settings.run_options))
    pending: dict[str, list[tuple[VetKey, Artifact]]] = {}
    for key, artifact in artifacts:
        record = store.get(artifact.sha256, artifact.filename)
        if record is not None:
            report.cached += 1
            report.outcomes[key].records.append(record)
        else:
            pending.setdefault(artifact.sha256, []).append((key, artifact))
    if not pending:
        return
    firsts = [users[0][1] for users in pending.values()]
    paths = [str(artifact.path) for artifact in firsts]
    if len(paths) == 1:  # no worker pool for one file
        results = [analyse_target(paths[0], [MalwareAnalyzer], settings.run_options)]
    else:
        results = run_targets(paths, [MalwareAnalyzer], settings.run_options, jobs=settings.jobs)
    for artifact, result in zip(firsts, results, strict=True):
        report.analysed += 1
        record = _record(store, artifact, result)
        for key, _ in pending[artifact.sha256]:
            report.outcomes[key].records.append(record)


def _record(store: VerdictStore, artifact: Artifact, result: TargetResult) -> VetRecord:
    from ..index.names import DistributionName
    from ..proxy.verdicts import VetRecord
    from ..proxy.vetter import with_name_check

    # The same record the proxy makes (the name check included), so either may answer for the other later.
    result = with_name_check(result, artifact.project, artifact.filename)
    dist = DistributionName(artifact.project, artifact.version, artifact.kind)
    record = VetRecord.from_result(result, artifact.sha256, artifact.filename, dist, store.fingerprint)
    try:
        store.put(record)
    except OSError:
        pass  # an unwritable cache costs a re-analysis next time, not this verdict
    return record
