"""Typosquatting: does a package name imitate a popular PyPI project, and how?

    from chainwatch.analyzers.typosquat import check_name, to_finding
    match = check_name("reqeusts")          # TyposquatMatch(imitates="requests", techniques=("transposition",) ...)
    finding = to_finding(match, path="requirements.txt")
"""

from .detect import RULE_ID, TECHNIQUES, TyposquatMatch, check_name, severity_for, to_finding
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
