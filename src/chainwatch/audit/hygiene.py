"""Hygiene of installable lists: every requirement pinned with `==`, every pin tied to its files by hashes.

Only requirements files that are installed as they are get `audit.unpinned` (a `pyproject.toml` states ranges on
purpose, and a `.in` file compiled into a `.txt` beside it is only the input of that `.txt`); lock files get
`audit.no-hashes` for index packages recorded without hashes. Environments have neither: nothing is resolved there.
"""

from __future__ import annotations

from ..deps import Dependency
from ..model import Finding, Severity
from .context import TargetContext
from .indexes import resolves_from_index
from .rules import NO_HASHES, UNPINNED

_UNPINNED_WHY = (
    "An unpinned requirement installs whatever the index offers on the day: a new release (or a malicious one "
    "published by a hijacked account) enters the build without review, and two installs of the same file differ."
)
_NO_HASHES_WHY = (
    "Without hashes pip accepts any file that carries the pinned version, from any index it consults: a replaced "
    "file or a same-version upload to another index goes unnoticed."
)
_REMEDIATION = (
    "Compile pinned, hashed requirements (`uv pip compile --generate-hashes` or `pip-compile --generate-hashes`) "
    "and install them with `pip install --require-hashes`."
)


def check(dependency: Dependency, context: TargetContext) -> list[Finding]:
    if dependency.constraint or not resolves_from_index(dependency):
        return []
    if context.installable_list and dependency.version is None:
        return _finding(UNPINNED, context, dependency, "is not pinned", f"'{dependency}' is not pinned with `==`.")
    if (context.installable_list or context.lock) and dependency.version is not None and not dependency.hashed:
        return _finding(
            NO_HASHES, context, dependency, "is pinned without hashes", f"'{dependency}' is pinned but has no hashes."
        )
    return []


def _finding(rule: str, context: TargetContext, dependency: Dependency, what: str, message: str) -> list[Finding]:
    if not context.options.enabled(rule):
        return []
    return [
        Finding(
            rule=rule,
            title=f"'{dependency.raw_name}' {what}",
            severity=Severity.LOW,
            message=message,
            location=dependency.source,
            confidence=1.0,
            why=_UNPINNED_WHY if rule == UNPINNED else _NO_HASHES_WHY,
            remediation=_REMEDIATION,
            cwe=("CWE-1357",) if rule == UNPINNED else ("CWE-494",),
            tags=("hygiene",),
            evidence_key=f"{dependency.name}:{rule}",
        )
    ]
