"""Facts that travel with a secret finding beyond the engine's: where in git history, live or not, notes.

The shared `Finding` has no free-form property bag, so these facts go where every report already
shows them: a sentence in the message (text, SARIF) and `key:value` tags (JSON, SARIF properties).
Fingerprints are unaffected (they hash rule, path and the secret), so baselines match with or
without `--history` or `--verify`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...model import Finding, Severity

if TYPE_CHECKING:  # git history and live verification are imported only by runs that use them
    from .history import Commit
    from .verify import Verification

COMMIT_TAG, AUTHOR_TAG, DATE_TAG, VERIFIED_TAG, VERIFY_DETAIL_TAG = (
    "git-commit",
    "git-author",
    "git-date",
    "verified",
    "verification",
)
PROPERTY_TAGS = (COMMIT_TAG, AUTHOR_TAG, DATE_TAG, VERIFIED_TAG, VERIFY_DETAIL_TAG)


def with_commit(finding: Finding, commit: Commit) -> Finding:
    author = f"{commit.author} <{commit.email}>" if commit.email else commit.author
    return replace(
        finding,
        message=f"{finding.message} Introduced in commit {commit.sha[:12]} by {author} on {commit.date}.",
        tags=(*finding.tags, f"{COMMIT_TAG}:{commit.sha}", f"{AUTHOR_TAG}:{author}", f"{DATE_TAG}:{commit.date}"),
        remediation=(
            f"{finding.remediation} It is in the git history: deleting the file does not remove it; revoke it, "
            "and rewrite history (git filter-repo) only after revoking."
        ).strip(),
    )


def with_verification(finding: Finding, verification: Verification) -> Finding:
    """A live credential is certain and one step more severe; a rejected one is one step less."""
    from .verify import Status

    severity, confidence = finding.severity, finding.confidence
    if verification.status is Status.VALID:
        severity, confidence = Severity(min(Severity.CRITICAL, severity + 1)), 1.0
        sentence = f"Verified LIVE: {verification.detail}."
    elif verification.status is Status.INVALID:
        severity = Severity(max(Severity.LOW, severity - 1))
        sentence = f"Live check: {verification.detail}."
    else:
        sentence = f"Live check inconclusive: {verification.detail}."
    return replace(
        finding,
        severity=severity,
        confidence=confidence,
        message=f"{finding.message} {sentence}",
        tags=(
            *finding.tags,
            f"{VERIFIED_TAG}:{verification.status.value}",
            f"{VERIFY_DETAIL_TAG}:{verification.detail}",
        ),
    )


def with_note(finding: Finding, note: str) -> Finding:
    return replace(finding, message=f"{finding.message} {note}") if note else finding


def split_tags(tags: tuple[str, ...] | list[str]) -> tuple[list[str], dict[str, str]]:
    """(plain tags, properties) — for reports that have a place for properties (SARIF)."""
    plain: list[str] = []
    properties: dict[str, str] = {}
    for tag in tags:
        key, sep, value = tag.partition(":")
        if sep and key in PROPERTY_TAGS:
            properties[key] = value
        else:
            plain.append(tag)
    return plain, properties
