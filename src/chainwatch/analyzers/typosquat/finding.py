"""A typosquat match as a finding: what it imitates and how, why it matters, what to do."""

from __future__ import annotations

from ...model import Finding, Location, Severity
from .detect import TyposquatMatch

RULE_ID = "typosquat.imitates-popular-project"

_WHY = (
    "Typosquatting packages borrow the name of a popular project so that a slip of the keyboard in "
    "`pip install` or in a requirements file installs the attacker's code instead. Install-time hooks "
    "run at once, with the installing user's access to credentials, tokens and source."
)


def severity_for(match: TyposquatMatch) -> Severity:
    """Confident imitations of widely used projects are the ones attackers actually profit from."""
    if match.confidence >= 0.8 and match.imitated_rank <= 1000:
        return Severity.HIGH
    if match.confidence >= 0.6:
        return Severity.MEDIUM
    return Severity.LOW


def to_finding(match: TyposquatMatch, *, path: str = "") -> Finding:
    """The match as a finding; `path` is where the name was seen (a requirements file, PKG-INFO)."""
    popularity = f"rank {match.imitated_rank}, {match.imitated_downloads:,} downloads a month"
    own = (
        f" '{match.name}' itself has {match.candidate_downloads:,}, far fewer."
        if match.candidate_downloads is not None
        else ""
    )
    return Finding(
        rule=RULE_ID,
        title=f"'{match.name}' imitates the popular project '{match.imitates}'",
        severity=severity_for(match),
        message=(
            f"'{match.name}' looks like a typosquat of '{match.imitates}' ({popularity}): "
            f"{', '.join(match.techniques)} ({match.how}).{own}"
        ),
        location=Location(path=path or match.name, snippet=match.name),
        confidence=match.confidence,
        why=_WHY,
        remediation=(
            f"If you meant '{match.imitates}', correct the name. If '{match.name}' is intended, check its "
            "maintainers, source repository and release history before installing it, then accept this "
            "finding in the baseline."
        ),
        cwe=("CWE-1357",),
        attack=("T1195.001",),
        tags=("typosquat", *match.techniques),
        evidence_key=f"{match.normalized}->{match.imitates}",
    )
