"""Verdicts remembered by the sha256 of the bytes they are about, on disk under chainwatch's cache.

    <cache root>/proxy/verdicts/ab/abcdef….json     one record per artifact

A record holds the analysis fingerprint it was made with (chainwatch's version, a digest of the
analyzer code and the popular-project snapshot, the limits and disabled rules), so an upgrade or a
policy change that alters analysis re-vets instead of trusting an old answer. Error verdicts are
never stored: they may come from a passing condition (a crashed worker, a busy machine's deadline).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .. import __version__
from ..analyzers.typosquat.popular import active_snapshot_path
from ..index.names import DistributionName
from ..model import Severity, TargetResult, Verdict
from ..pipeline import RunOptions

RECORD_VERSION = 1
_MEMO = 50_000
# The code whose behaviour a verdict depends on.
_ANALYSIS_CODE = (
    "analyzers/malware",
    "analyzers/typosquat",
    "analyzers/base.py",
    "sources",
    "pipeline.py",
    "verdict.py",
    "model.py",
)


@dataclass(frozen=True, slots=True)
class FindingBrief:
    """What a block report needs of a finding."""

    rule: str
    severity: Severity
    confidence: float
    title: str
    message: str
    path: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class VetRecord:
    sha256: str
    filename: str
    project: str  # canonical
    version: str
    verdict: Verdict
    score: float
    summary: str
    findings: tuple[FindingBrief, ...]
    errors: tuple[str, ...]  # reasons analysis could not finish (fatal errors only)
    seconds: float
    fingerprint: str

    @classmethod
    def from_result(
        cls, result: TargetResult, sha256: str, filename: str, dist: DistributionName, fingerprint: str
    ) -> VetRecord:
        findings = tuple(
            FindingBrief(f.rule, f.severity, f.confidence, f.title, f.message, f.location.path, f.location.line)
            for f in result.findings
        )
        return cls(
            sha256=sha256,
            filename=filename,
            project=dist.project,
            version=dist.version,
            verdict=result.verdict,
            score=result.score,
            summary=result.summary,
            findings=findings,
            errors=tuple(e.reason for e in result.errors if e.fatal),
            seconds=result.seconds,
            fingerprint=fingerprint,
        )

    def to_json(self) -> dict[str, Any]:
        document = asdict(self)
        document["verdict"] = self.verdict.value
        document["findings"] = [{**asdict(f), "severity": f.severity.label} for f in self.findings]
        return document

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> VetRecord:
        findings = tuple(FindingBrief(**{**f, "severity": Severity.parse(f["severity"])}) for f in document["findings"])
        record = cls(
            **{
                **document,
                "verdict": Verdict(document["verdict"]),
                "findings": findings,
                "errors": tuple(document["errors"]),
            }
        )
        if not all(isinstance(getattr(record, name), str) for name in ("sha256", "filename", "project", "version")):
            raise ValueError("malformed verdict record")
        return record


def analysis_fingerprint(options: RunOptions) -> str:
    """Changes whenever a re-vet could change the answer."""
    material = json.dumps(
        {
            "version": __version__,
            "code": _code_digest(),
            "snapshot": _snapshot_digest(str(active_snapshot_path())),
            "limits": asdict(options.limits),
            "disabled": sorted(options.disabled_rules),
            "seconds": options.seconds_per_target,
        },
        sort_keys=True,
    )
    return hashlib.sha256(material.encode()).hexdigest()[:32]


@functools.cache
def _code_digest() -> str:
    digest = hashlib.sha256()
    root = resources.files("chainwatch")
    for relative in _ANALYSIS_CODE:
        base = Path(str(root.joinpath(relative)))
        files = sorted(base.rglob("*.py")) if base.is_dir() else [base]
        for path in files:
            digest.update(path.relative_to(Path(str(root))).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def _snapshot_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


class VerdictStore:
    def __init__(self, root: Path, fingerprint: str) -> None:
        self.root = root / "proxy" / "verdicts"
        self.fingerprint = fingerprint
        self._memo: dict[str, VetRecord] = {}
        self._lock = threading.Lock()

    def _path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.json"

    def get(self, sha256: str, filename: str) -> VetRecord | None:
        """The stored verdict for these bytes under this name, made by the current analysis."""
        record = self.get_any_name(sha256)
        # The name matters too: it decides the archive kind and the typosquat check.
        return record if record is not None and record.filename == filename else None

    def get_any_name(self, sha256: str) -> VetRecord | None:
        """The stored verdict for these bytes under whatever name they were vetted: for a caller that knows a
        file by its hash alone (an offline audit of a lock's recorded hashes), the name it was fetched under."""
        record = self._memo.get(sha256)
        if record is None:
            record = self._read(sha256)
            if record is not None:
                self._remember(record)
        return record

    def _remember(self, record: VetRecord) -> None:
        with self._lock:
            if len(self._memo) >= _MEMO:
                self._memo.clear()  # the records are on disk; memory only saves reading them again
            self._memo[record.sha256] = record

    def _read(self, sha256: str) -> VetRecord | None:
        try:
            document = json.loads(self._path(sha256).read_text(encoding="utf-8"))
            if document.get("version") != RECORD_VERSION or document.get("fingerprint") != self.fingerprint:
                return None
            record = VetRecord.from_json(document["record"])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None  # missing, stale or not of our making: vet again
        return record if record.sha256 == sha256 and record.fingerprint == self.fingerprint else None

    def put(self, record: VetRecord) -> None:
        if record.verdict is Verdict.ERROR:
            return
        self._remember(record)
        path = self._path(record.sha256)
        document = {"version": RECORD_VERSION, "fingerprint": self.fingerprint, "record": record.to_json()}
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False, encoding="utf-8") as out:
            json.dump(document, out, indent=1, sort_keys=True)
        try:
            os.replace(out.name, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(out.name)
            raise
