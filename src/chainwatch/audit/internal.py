"""Which package names are internal: glob patterns from `[tool.chainwatch.audit] internal` and `--internal`.

Patterns are compared with PEP 503-normalised names, so `Acme_Billing`, `acme.billing` and `acme-billing` are one
name, and a pattern written either way (`acme_*`) matches all of them.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[-_.]+")


def normalise_pattern(pattern: str) -> str:
    return _SEPARATORS.sub("-", pattern.strip()).lower()


@dataclass(frozen=True, slots=True)
class InternalNames:
    patterns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "patterns", tuple(dict.fromkeys(normalise_pattern(p) for p in self.patterns)))

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def matches(self, name: str) -> bool:
        """`name` must already be PEP 503-normalised (as every `Dependency.name` is)."""
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in self.patterns)
