"""Fetch every file of one pinned release from every configured index, cache first.

pip merges the files of all its indexes, so vetting what pip could install means vetting the files
of every index that lists the release: a file with the same name but other bytes on a second index
is exactly how dependency confusion looks, and it is fetched and reported rather than hidden.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from packaging.version import InvalidVersion, Version

from .cache import CachedFile, ReleaseRecord
from .client import IndexClient
from .errors import IndexClientError, ProjectNotFound, VersionNotFound
from .models import Artifact, Selection
from .names import PinnedRequirement, parse_distribution_filename
from .urls import IndexURL


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """One selected file: its verified artifact, or why it could not be had."""

    filename: str
    index: str
    artifact: Artifact | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Release:
    requirement: PinnedRequirement
    outcomes: tuple[FileOutcome, ...]
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class _Listing:
    index: IndexURL
    files: list[CachedFile]
    cached: bool
    other_versions: set[str] = field(default_factory=set)


def fetch_release(
    client: IndexClient,
    requirement: PinnedRequirement,
    selection: Selection = Selection.ALL,
    use_cache: bool = True,
    recorded: Mapping[str, frozenset[str]] | None = None,
) -> Release:
    """Fetch and verify the selected files of `requirement`.

    `recorded` (algorithm -> hex digests, as a requirements `--hash` or a lock file states them) narrows the
    selection to the files with those hashes: any other file is not the one an installer would accept.
    The release as a whole fails with ProjectNotFound, VersionNotFound or another IndexClientError;
    a problem with one file (hash mismatch, too big, unhashed) becomes that file's outcome.
    """
    listings = [_listing(client, index, requirement, use_cache) for index in client.settings.indexes]
    found = [listing for listing in listings if listing is not None]
    indexes = ", ".join(i.display for i in client.settings.indexes)
    if not found:
        raise ProjectNotFound(f"{requirement.label()}: project {requirement.name!r} not found on {indexes}")
    if not any(listing.files for listing in found):
        raise VersionNotFound(f"{requirement.label()}: no such version on {indexes}{_available(found)}")
    outcomes: list[FileOutcome] = []
    notes: list[str] = []
    by_hash: set[str] = set()
    by_name: dict[str, str] = {}
    for listing in found:
        updated, failed = [], False
        for entry in listing.files:
            dist = parse_distribution_filename(entry.filename)
            if dist is None or not selection.accepts(dist.kind) or _listed_unwanted(entry, recorded):
                updated.append(entry)
                continue
            try:
                artifact = client.download(listing.index, entry.to_index_file(), dist, known_sha256=entry.sha256)
            except IndexClientError as exc:
                failed = True
                updated.append(entry)
                outcomes.append(FileOutcome(entry.filename, listing.index.display, error=str(exc)))
                continue
            updated.append(replace(entry, sha256=artifact.sha256))
            if recorded is not None and not _has_recorded_hash(artifact.path, artifact.sha256, recorded):
                continue  # the index named no comparable hash; the bytes themselves did not match
            if artifact.sha256 in by_hash:
                continue  # the same bytes from another index: vetted once
            notes.extend(_notes(artifact, by_name.get(artifact.filename)))
            by_hash.add(artifact.sha256)
            by_name.setdefault(artifact.filename, artifact.index)
            outcomes.append(FileOutcome(entry.filename, listing.index.display, artifact=artifact))
        # Only a listing whose files all arrived intact is remembered; after a failure the index is asked again.
        if listing.files and not failed:
            record = ReleaseRecord(listing.index.url, requirement.canonical_name, requirement.label(), tuple(updated))
            client.cache.write_release(record)
    if not outcomes and recorded is not None:
        raise VersionNotFound(
            f"{requirement.label()}: no file on {indexes} has a hash the input records, so no file there is "
            "what an installer checking those hashes would accept"
        )
    if not outcomes:
        kinds = sorted(
            {d.kind.value for item in found for f in item.files if (d := parse_distribution_filename(f.filename))}
        )
        raise VersionNotFound(
            f"{requirement.label()}: no {selection.value} files on {indexes} "
            f"(the release has: {', '.join(kinds) or 'no usable files'}); see --artifacts"
        )
    return Release(requirement, tuple(outcomes), tuple(dict.fromkeys([*client.notes, *notes])))


def _listed_unwanted(entry: CachedFile, recorded: Mapping[str, frozenset[str]] | None) -> bool:
    """The index's own hash already shows the file is not one of the recorded ones (no download needed)."""
    if recorded is None:
        return False
    known = {**entry.hashes, **({"sha256": entry.sha256} if entry.sha256 else {})}
    comparable = [algorithm for algorithm in recorded if algorithm in known]
    return bool(comparable) and not any(known[a] in recorded[a] for a in comparable)


def _has_recorded_hash(path: Path, sha256: str, recorded: Mapping[str, frozenset[str]]) -> bool:
    if sha256 in recorded.get("sha256", frozenset()):
        return True
    for algorithm, digests in recorded.items():
        if algorithm == "sha256" or algorithm not in hashlib.algorithms_guaranteed:
            continue
        digest = hashlib.new(algorithm)
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        if digest.hexdigest() in digests:
            return True
    return False


def _listing(client: IndexClient, index: IndexURL, requirement: PinnedRequirement, use_cache: bool) -> _Listing | None:
    """The release's files on one index (the cached record, else the live page); None if the index lacks the project."""
    if use_cache:
        record = client.cache.read_release(index.url, requirement.canonical_name, requirement.label())
        if record is not None:
            return _Listing(index, list(record.files), cached=True)
    page = client.project_page(index, requirement.name)
    if page is None:
        return None
    listing = _Listing(index, [], cached=False)
    for file in page.files:
        dist = parse_distribution_filename(file.filename)
        if dist is None or dist.project != requirement.canonical_name:
            continue  # as pip does: links to other projects' files are ignored
        if requirement.matches(dist.version):
            listing.files.append(CachedFile.from_index(file))
        else:
            listing.other_versions.add(dist.version)
    return listing


def _available(listings: list[_Listing]) -> str:
    versions = {v for listing in listings for v in listing.other_versions}
    if not versions:
        return ""
    newest = sorted(versions, key=_sort_key)[-8:]
    return f"; latest versions listed: {', '.join(reversed(newest))}"


def _sort_key(version: str) -> tuple[int, Version | str]:
    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def _notes(artifact: Artifact, first_index_with_name: str | None) -> list[str]:
    notes = []
    if artifact.yanked is not None:
        reason = f": {artifact.yanked}" if artifact.yanked else ""
        notes.append(f"{artifact.filename} is yanked on {artifact.index}{reason}")
    if not artifact.verified:
        notes.append(f"{artifact.filename} from {artifact.index} was accepted without a hash (--allow-unhashed)")
    if first_index_with_name is not None:
        notes.append(
            f"{artifact.filename} differs between {first_index_with_name} and {artifact.index} "
            "(same name, other bytes): a sign of dependency confusion; both were vetted"
        )
    return notes
