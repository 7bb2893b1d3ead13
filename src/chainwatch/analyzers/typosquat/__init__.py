"""Typosquatting: does a package name imitate a popular PyPI project, and how?

`check_name("reqeusts")` returns a `TyposquatMatch` (imitates "requests" by "transposition", with
the details, rank and confidence) or None; `to_finding(match, path=...)` turns it into a `Finding`.
"""

from .detect import TECHNIQUES, TyposquatMatch, check_name
from .finding import RULE_ID, severity_for, to_finding
from .popular import (
    PopularIndex,
    PopularProject,
    SnapshotError,
    bundled_index,
    default_index,
    load_snapshot,
    refreshed_snapshot_path,
)

__all__ = [
    "RULE_ID",
    "TECHNIQUES",
    "PopularIndex",
    "PopularProject",
    "SnapshotError",
    "TyposquatMatch",
    "bundled_index",
    "check_name",
    "default_index",
    "load_snapshot",
    "refreshed_snapshot_path",
    "severity_for",
    "to_finding",
]
