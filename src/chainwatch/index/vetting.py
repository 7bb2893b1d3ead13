"""`chainwatch vet NAME==VERSION`: turn pinned requirements into cached, verified files to analyse.

A target that exists on disk is always a path. Otherwise, text that parses as a PEP 508 requirement
pinned with `==` is fetched through the index client; each selected file becomes one target,
reported as `name==version (file)`. Anything that goes wrong while fetching becomes an `error`
result for that target (exit 2), never an exception.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..model import AnalysisError, TargetResult, Verdict
from .models import Selection
from .names import NotPinned, PinnedRequirement, parse_pinned

if TYPE_CHECKING:
    import httpx

    from .release import Release


def add_index_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "package index (for NAME==VERSION targets; default: pip's own index configuration)"
    )
    group.add_argument("--index-url", metavar="URL", help="base URL of a PEP 503/691 simple index")
    group.add_argument(
        "--extra-index-url", action="append", default=[], metavar="URL", help="another index to vet files from"
    )
    group.add_argument(
        "--artifacts",
        choices=[s.value for s in Selection],
        default=Selection.ALL.value,
        help="which files of the release to vet (default: all)",
    )
    group.add_argument(
        "--allow-unhashed",
        action="store_true",
        help="accept files the index lists without a sha256 hash (their integrity then rests on TLS alone)",
    )


@dataclass(frozen=True, slots=True)
class PlannedTarget:
    """What the report calls a target, and the file to analyse (None when it could not be fetched)."""

    label: str
    path: str | None
    error: str | None = None


Runner = Callable[[list[str]], list[TargetResult]]


def vet_targets(
    args: argparse.Namespace,
    max_file_size: int,
    run: Runner,
    transport: httpx.BaseTransport | None = None,
    notes: TextIO | None = None,
) -> list[TargetResult]:
    """Plan the targets, run the analysable ones, and give every planned target its result, in order."""
    plan = plan_targets(args, max_file_size, transport, notes or sys.stderr)
    analysed = iter(run([p.path for p in plan if p.path is not None]))
    results = []
    for planned in plan:
        if planned.path is None:
            results.append(_error_result(planned.label, planned.error or "could not be fetched"))
            continue
        result = next(analysed)
        result.target = planned.label
        results.append(result)
    return results


def plan_targets(
    args: argparse.Namespace,
    max_file_size: int,
    transport: httpx.BaseTransport | None = None,
    notes: TextIO = sys.stderr,
) -> list[PlannedTarget]:
    pinned: dict[int, PinnedRequirement | str] = {}
    for position, target in enumerate(args.targets):
        if Path(target).exists():
            continue
        try:
            requirement = parse_pinned(target)
        except NotPinned as exc:
            pinned[position] = str(exc)
            continue
        if requirement is not None:
            pinned[position] = requirement
    fetched = _fetch_all(
        [r for r in pinned.values() if isinstance(r, PinnedRequirement)], args, max_file_size, transport
    )
    plan: list[PlannedTarget] = []
    for position, target in enumerate(args.targets):
        item = pinned.get(position)
        if item is None:
            plan.append(PlannedTarget(target, target))
        elif isinstance(item, str):
            plan.append(PlannedTarget(target, None, item))
        else:
            plan.extend(_expand(item, fetched[item.text], notes))
    return plan


def _fetch_all(
    requirements: Sequence[PinnedRequirement],
    args: argparse.Namespace,
    max_file_size: int,
    transport: httpx.BaseTransport | None,
) -> dict[str, Release | str]:
    """One client for the run; each requirement ends as a Release or an error message."""
    if not requirements:
        return {}
    # Imported here: runs without NAME==VERSION targets never pay for the HTTP stack.
    from .cache import ArtifactCache
    from .client import IndexClient
    from .errors import IndexClientError
    from .pipconfig import load_settings
    from .release import fetch_release

    try:
        settings = load_settings(args.index_url, args.extra_index_url)
        client = IndexClient(
            settings,
            ArtifactCache(),
            transport=transport,
            max_file_size=max_file_size,
            allow_unhashed=args.allow_unhashed,
        )
    except IndexClientError as exc:
        return {r.text: str(exc) for r in requirements}
    outcome: dict[str, Release | str] = {}
    with client:
        for requirement in requirements:
            try:
                outcome[requirement.text] = fetch_release(client, requirement, Selection(args.artifacts))
            except IndexClientError as exc:
                outcome[requirement.text] = str(exc)
            except OSError as exc:  # the cache directory itself failed us (full disk, permissions)
                outcome[requirement.text] = f"{requirement.label()}: cache error: {exc}"
            except Exception as exc:  # noqa: BLE001 - a bug fails this target closed, not the whole run
                outcome[requirement.text] = f"{requirement.label()}: internal error: {type(exc).__name__}: {exc}"
    return outcome


def _expand(requirement: PinnedRequirement, release: Release | str, notes: TextIO) -> list[PlannedTarget]:
    if isinstance(release, str):
        return [PlannedTarget(requirement.label(), None, release)]
    for note in release.notes:
        print(f"chainwatch: note: {note}", file=notes)
    names = [o.filename for o in release.outcomes]
    planned = []
    for outcome in release.outcomes:
        # The index is named only when two indexes offer different files under the same name.
        where = f" from {outcome.index}" if names.count(outcome.filename) > 1 else ""
        label = f"{requirement.label()} ({outcome.filename}){where}"
        path = str(outcome.artifact.path) if outcome.artifact is not None else None
        planned.append(PlannedTarget(label, path, outcome.error))
    return planned


def _error_result(label: str, reason: str) -> TargetResult:
    # Library messages start with the requirement for callers without context; the report already shows it.
    reason = reason.removeprefix(f"{label.partition(' (')[0]}: ")
    result = TargetResult(target=label, verdict=Verdict.ERROR, score=0.0)
    result.errors.append(AnalysisError(label, reason, fatal=True))
    result.summary = f"could not be fetched: {reason[:500]}"
    return result
