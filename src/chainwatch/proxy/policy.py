"""Serve, warn or block: the proxy's decision on one vetted artifact.

Always blocked: `malicious`; `error` (could not be analysed — the proxy fails closed); a confident
imitation of a popular project's name (a typosquat finding of high severity). Blocked only with
`--fail-on suspicious`: `suspicious`; otherwise it is served with a warning. An `--allow NAME==VERSION`
matching the release turns a block into a recorded override.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from ..analyzers.typosquat import RULE_ID as TYPOSQUAT_RULE
from ..model import Severity, Verdict
from ..verdict import MALICIOUS_CONFIDENCE
from .config import Allowance
from .verdicts import FindingBrief, VetRecord


class Action(enum.Enum):
    SERVE = "serve"
    WARN = "warn"  # served, with a note in the log
    BLOCK = "block"
    OVERRIDE = "override"  # would be blocked; served because of an --allow

    @property
    def serves(self) -> bool:
        return self is not Action.BLOCK


@dataclass(frozen=True, slots=True)
class Judgement:
    action: Action
    reasons: tuple[str, ...] = ()  # why it is blocked (or warned about), one short phrase each
    allowance: Allowance | None = None


class Policy:
    def __init__(self, fail_on: str, allowances: Sequence[Allowance] = ()) -> None:
        self.fail_on = fail_on
        self.allowances = tuple(allowances)

    def judge(self, record: VetRecord) -> Judgement:
        blocking, warning = self._reasons(record)
        if blocking:
            allowance = self.allowance_for(record.project, record.version)
            if allowance is not None:
                return Judgement(Action.OVERRIDE, tuple(blocking), allowance)
            return Judgement(Action.BLOCK, tuple(blocking))
        if warning:
            return Judgement(Action.WARN, tuple(warning))
        return Judgement(Action.SERVE)

    def allowance_for(self, project: str, version: str) -> Allowance | None:
        return next((a for a in self.allowances if a.matches(project, version)), None)

    def _reasons(self, record: VetRecord) -> tuple[list[str], list[str]]:
        blocking: list[str] = []
        warning: list[str] = []
        if record.verdict is Verdict.ERROR:
            blocking.append("it could not be fully analysed (chainwatch fails closed)")
        elif record.verdict is Verdict.MALICIOUS:
            blocking.append("its verdict is malicious")
        elif record.verdict is Verdict.SUSPICIOUS:
            (blocking if self.fail_on == "suspicious" else warning).append("its verdict is suspicious")
        squat = typosquat(record.findings)
        if squat is not None:
            blocking.append(f"its name {squat.title.partition(' ')[2]}")
        return blocking, warning


def typosquat(findings: Sequence[FindingBrief]) -> FindingBrief | None:
    """A confident, high-severity name imitation: reason enough to block on its own."""
    return next(
        (
            f
            for f in findings
            if f.rule == TYPOSQUAT_RULE and f.severity >= Severity.HIGH and f.confidence >= MALICIOUS_CONFIDENCE
        ),
        None,
    )
