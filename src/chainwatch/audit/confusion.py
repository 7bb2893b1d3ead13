"""Dependency confusion: internal names a public index could serve, internal names already registered there,
lock files that took an internal package from a public index, squatter-style versions, and requirements that
more than one index may satisfy without a pin and hashes to tell their files apart."""

from __future__ import annotations

from packaging.version import InvalidVersion, Version

from ..deps import Dependency, SourceKind
from ..model import Finding, Severity
from .context import TargetContext
from .indexes import is_public, resolves_from_index
from .precedence import precedence
from .registry import Registration
from .rules import (
    CONFUSION_ATTACK,
    CONFUSION_CWE,
    CONFUSION_VERSION,
    CONFUSION_WHY,
    INTERNAL_LOCKED_FROM_PUBLIC,
    INTERNAL_PUBLIC_INDEX,
    INTERNAL_REGISTERED,
    MULTIPLE_INDEXES,
)

_PIN_AND_HASH = (
    "Serve internal packages from one index that proxies PyPI (so the private copy always wins), or pin them with "
    "`==` and `--hash` so no other file is accepted; register the name on PyPI yourself as a placeholder."
)


def check(dependency: Dependency, context: TargetContext) -> list[Finding]:
    findings: list[Finding] = []
    if resolves_from_index(dependency):
        if context.options.internal.matches(dependency.name):
            findings.extend(_internal(dependency, context))  # covers the several-indexes risk, and more
        elif context.installable_list and not dependency.constraint:
            findings.extend(_multiple_indexes(dependency, context))
    if dependency.version is not None and not dependency.local:
        findings.extend(_squatter_version(dependency, context))
    return [f for f in findings if context.options.enabled(f.rule)]


def _finding(
    rule: str,
    title: str,
    severity: Severity,
    confidence: float,
    message: str,
    dependency: Dependency,
    remediation: str = _PIN_AND_HASH,
) -> Finding:
    return Finding(
        rule=rule,
        title=title,
        severity=severity,
        message=message,
        location=dependency.source,
        confidence=confidence,
        why=CONFUSION_WHY,
        remediation=remediation,
        cwe=CONFUSION_CWE,
        attack=CONFUSION_ATTACK,
        tags=("dependency-confusion",),
        evidence_key=f"{dependency.name}:{rule}",
    )


def _internal(dependency: Dependency, context: TargetContext) -> list[Finding]:
    sources = context.sources(dependency)
    public = [s for s in sources if is_public(s, context.options.public_hosts)]
    name = dependency.raw_name
    protected = dependency.pinned and dependency.hashed
    order = precedence(dependency, sources, public)  # uv's first-index keeps a lower-ranked public index at bay
    how = f" {order.explanation}" if order.explanation else ""
    registry = context.registry
    if context.lock and dependency.index_urls and public:
        # The lock says where this file came from: the confusion already happened once.
        return [
            _finding(
                INTERNAL_LOCKED_FROM_PUBLIC,
                f"Internal package '{name}' was locked from a public index",
                Severity.CRITICAL,
                0.85,
                f"'{name}' matches an internal-name pattern, but the lock file records it from {public[0]}: "
                "whatever was published there under this name is what gets installed.",
                dependency,
                remediation="Check what the public package contains (chainwatch vet NAME==VERSION) and treat "
                "machines that installed it as compromised; re-lock against the private index only. " + _PIN_AND_HASH,
            )
        ]
    status = registry.status(dependency.name)
    if status is Registration.REGISTERED:
        where = f"registered on the public index {registry.index}"
        if public and not protected and order.fallback_only:
            return [
                _finding(
                    INTERNAL_REGISTERED,
                    f"Internal name '{name}' is {where}",
                    Severity.HIGH,
                    0.6,
                    f"'{name}' matches an internal-name pattern, is {where}, and {', '.join(public)} is among the "
                    f"indexes of this file.{how} A squatter is waiting for that to happen: find out who owns it.",
                    dependency,
                )
            ]
        if public and not protected:
            return [
                _finding(
                    INTERNAL_REGISTERED,
                    f"Internal name '{name}' is {where}",
                    Severity.CRITICAL,
                    0.9,
                    f"'{name}' matches an internal-name pattern, is {where}, and this file lets the installer "
                    f"take it from {', '.join(public)}: the public package can win.{how}",
                    dependency,
                )
            ]
        exposure = "pins and hashes stop the public copy here" if public else "no public index is in use here"
        return [
            _finding(
                INTERNAL_REGISTERED,
                f"Internal name '{name}' is {where}",
                Severity.HIGH if public else Severity.MEDIUM,
                0.6,
                f"'{name}' matches an internal-name pattern and somebody has {where} ({exposure}). Find out who "
                "owns it: a squatter is waiting for a configuration that reaches the public index.",
                dependency,
            )
        ]
    if not public or context.kind is SourceKind.ENVIRONMENT:
        return []  # an environment is already resolved: only a public registration (above) says something
    checked = {
        Registration.ABSENT: f"The name is not (yet) registered on {registry.index}; anyone may register it.",
        Registration.UNKNOWN: f"Whether it is registered on {registry.index} was not checked: "
        f"{registry.unchecked_reason(dependency.name) or 'no answer'}.",
    }[status]
    if protected:
        return [
            _finding(
                INTERNAL_PUBLIC_INDEX,
                f"Internal name '{name}' is looked up on a public index (pinned with hashes)",
                Severity.LOW,
                0.7,
                f"'{name}' matches an internal-name pattern and may be fetched from {', '.join(public)}; its `==` pin "
                f"and hashes reject any other file, so keep them. {checked}",
                dependency,
            )
        ]
    if order.fallback_only:
        return [
            _finding(
                INTERNAL_PUBLIC_INDEX,
                f"Internal name '{name}' can fall back to a public index",
                Severity.MEDIUM,
                0.5,
                f"'{name}' matches an internal-name pattern and {', '.join(public)} is among the indexes of this "
                f"file.{how} {checked}",
                dependency,
            )
        ]
    return [
        _finding(
            INTERNAL_PUBLIC_INDEX,
            f"Internal name '{name}' can resolve from a public index",
            Severity.HIGH,
            0.7,
            f"'{name}' matches an internal-name pattern, but the installer may fetch it from {', '.join(public)} "
            f"without a pin and hashes that would reject a public impostor.{how} {checked}",
            dependency,
        )
    ]


def _multiple_indexes(dependency: Dependency, context: TargetContext) -> list[Finding]:
    sources = context.sources(dependency)
    if len(sources) < 2 or (dependency.pinned and dependency.hashed):
        return []
    missing = "a `==` pin and hashes" if not dependency.pinned else "hashes"
    return [
        _finding(
            MULTIPLE_INDEXES,
            f"'{dependency.raw_name}' can come from {len(sources)} indexes without {missing}",
            Severity.MEDIUM,
            0.9,
            f"'{dependency}' may be served by any of {', '.join(sources)}; pip takes the best version from all of "
            f"them, so a higher version published on any one wins. Without {missing} nothing ties it to one file.",
            dependency,
            remediation="Pin with `==` and `--hash` (pip-compile --generate-hashes, uv pip compile "
            "--generate-hashes), or use a single index that proxies the others.",
        )
    ]


def squatter_major(version: str) -> bool:
    """99.x, 999.x, 9999.x: the versions confusion attacks publish so that they beat any real release."""
    try:
        major = Version(version).release[0]
    except (InvalidVersion, IndexError):
        return False
    return major >= 99 and set(str(major)) == {"9"}


def _squatter_version(dependency: Dependency, context: TargetContext) -> list[Finding]:
    assert dependency.version is not None
    if not squatter_major(dependency.version):
        return []
    internal = context.options.internal.matches(dependency.name)
    return [
        _finding(
            CONFUSION_VERSION,
            f"'{dependency.raw_name}' is at the confusion-attack version {dependency.version}",
            Severity.HIGH,
            0.9 if internal else 0.6,
            f"{dependency.raw_name} {dependency.version}: versions like 99.x and 999.x are what dependency-confusion "
            "packages publish to outrank every real release"
            + (", and this name is internal." if internal else ". Check that this release is the project's own."),
            dependency,
            remediation="Find which index served this version and what it contains (chainwatch vet NAME==VERSION); "
            "re-lock against the intended index and pin with hashes.",
        )
    ]
