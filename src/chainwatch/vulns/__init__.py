"""Known vulnerabilities: an OSV advisory database, PEP 440 matching, and findings.

    from chainwatch.vulns import affected, possibly_affected, finding_for
    for match in affected("requests", "2.2.0"):          # pinned: exact OSV semantics
        print(match.id, match.aliases, match.fix_version)  # PYSEC-2014-13 ... 2.3.0
    possibly_affected("jinja2", ">=2.10,<3")            # unpinned: may any allowed version be affected?
    finding_for(match, "requirements.txt", line=3)      # -> chainwatch.model.Finding

The database is the bundled snapshot unless `chainwatch db update` wrote a newer one to the
user's cache (`store.py`). `VulnDB` works on any snapshot for callers that load their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from packaging.version import Version

from .database import Advisory, UnparsableVersion, VulnDB, VulnMatch
from .exports import ExportError, ExportLimits
from .findings import RULE_ID, finding_for
from .records import RecordError
from .snapshot import SnapshotError
from .store import active_snapshot_path, default_db, update_from_dir, update_from_url

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet


def affected(name: str, version: str | Version) -> list[VulnMatch]:
    """Vulnerabilities of `name` at exactly `version` in the active database (see VulnDB.affected)."""
    return default_db().affected(name, version)


def possibly_affected(name: str, specifier: str | SpecifierSet) -> list[VulnMatch]:
    """Vulnerabilities some version allowed by `specifier` may have (see VulnDB.possibly_affected)."""
    return default_db().possibly_affected(name, specifier)


__all__ = [
    "RULE_ID",
    "Advisory",
    "ExportError",
    "ExportLimits",
    "RecordError",
    "SnapshotError",
    "UnparsableVersion",
    "VulnDB",
    "VulnMatch",
    "active_snapshot_path",
    "affected",
    "default_db",
    "finding_for",
    "possibly_affected",
    "update_from_dir",
    "update_from_url",
]
