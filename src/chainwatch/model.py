"""The one vocabulary every analyzer speaks and every reporter reads.

Findings are frozen dataclasses so they can cross process boundaries (pickled by the
parallel pipeline) and be hashed into stable fingerprints.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How bad a finding is if true. Ordered so thresholds compare naturally."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}; expected one of {[s.label for s in cls]}") from None


class Verdict(enum.Enum):
    """The answer for one target. `ERROR` means it could not be analysed: it fails closed."""

    CLEAN = "clean"
    SUSPICIOUS = "suspicious"
    MALICIOUS = "malicious"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _VERDICT_RANK[self]


_VERDICT_RANK = {Verdict.CLEAN: 0, Verdict.SUSPICIOUS: 1, Verdict.MALICIOUS: 2, Verdict.ERROR: 3}


@dataclass(frozen=True, slots=True)
class Location:
    """Where evidence sits. `path` is relative to the target; archive chains use `!/`."""

    path: str
    line: int | None = None
    column: int | None = None
    snippet: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    title: str
    severity: Severity
    message: str
    location: Location
    confidence: float = 0.8
    why: str = ""
    remediation: str = ""
    cwe: tuple[str, ...] = ()
    attack: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    evidence_key: str = ""

    @property
    def fingerprint(self) -> str:
        """Stable across edits: rule, path and the matched content, never line numbers."""
        material = "\x00".join(
            (self.rule, self.location.path, self.evidence_key or (self.location.snippet or "").strip())
        )
        return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "severity": self.severity.label,
            "confidence": round(self.confidence, 3),
            "message": self.message,
            "why": self.why,
            "remediation": self.remediation,
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "snippet": self.location.snippet,
            "cwe": list(self.cwe),
            "attack": list(self.attack),
            "tags": list(self.tags),
            "fingerprint": self.fingerprint,
        }


@dataclass(frozen=True, slots=True)
class AnalysisError:
    """A part of a target that could not be read or analysed, and why."""

    path: str
    reason: str
    fatal: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "reason": self.reason, "fatal": self.fatal}


@dataclass(slots=True)
class TargetResult:
    target: str
    verdict: Verdict
    score: float
    findings: list[Finding] = field(default_factory=list)
    errors: list[AnalysisError] = field(default_factory=list)
    files_analysed: int = 0
    bytes_analysed: int = 0
    seconds: float = 0.0
    package: dict[str, str] = field(default_factory=dict)
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "verdict": self.verdict.value,
            "score": round(self.score, 4),
            "summary": self.summary,
            "package": dict(self.package),
            "findings": [f.to_dict() for f in self.findings],
            "errors": [e.to_dict() for e in self.errors],
            "stats": {
                "files": self.files_analysed,
                "bytes": self.bytes_analysed,
                "seconds": round(self.seconds, 4),
            },
        }


@dataclass(slots=True)
class Report:
    command: str
    results: list[TargetResult]
    tool_version: str
    seconds: float = 0.0

    def worst(self) -> Verdict:
        return max((r.verdict for r in self.results), key=lambda v: v.rank, default=Verdict.CLEAN)
