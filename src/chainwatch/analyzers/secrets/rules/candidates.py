"""Values that may be credentials but cannot be told from identifiers offline: reported only on request.

Many services issue bare UUIDs as API keys (Heroku, Codecov, Snyk, Octopus, …), so a UUID in a
config or a fixture may be one. Most UUIDs are ids (COM classes, rows, folders), and no offline
check tells them apart, so these candidates sit below the default confidence threshold:
`chainwatch secrets --min-confidence 0.3` (an audit of an unfamiliar tree) lists them, the default
run and the `scan`/`vet` pipelines never compute them. A UUID under a credential's name
(`api_key = "<uuid>"`) is a generic finding at normal confidence and wins over its candidate.
"""

from __future__ import annotations

from ....model import Severity
from ..detector import Detector, token
from ._build import HEX, fake

_UUID_BODY = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_UUID = "-".join(fake(n, HEX, f"uuid-candidate-{n}") for n in (8, 4, 4, 4, 12))

# Confidence that stays below the default threshold (0.5) even in product code, and above 0.3 in
# test and docs paths (x0.85 / x0.9), so `--min-confidence 0.3` shows every candidate.
CANDIDATE_CONFIDENCE = 0.4

CANDIDATES: tuple[Detector, ...] = (
    token(
        "uuid-candidate",
        "UUID that may be an API key",
        "generic",
        (),  # no literal to anchor on: matched wherever the Hyperscan shape (or the regex) finds a UUID
        rf"(?<![0-9A-Za-z\-])(?P<secret>{_UUID_BODY})(?![0-9A-Za-z\-])",
        positive=f'notify_key: "{_UUID}"',
        negative='id: "00000000-0000-0000-0000-000000000000"',
        kind="candidate",
        severity=Severity.LOW,
        confidence=CANDIDATE_CONFIDENCE,
        why="Many services issue bare UUIDs as API keys (Heroku, Codecov, Snyk and others); this one has no "
        "credential name near it, so it may just as well be an identifier. Listed because you asked for "
        "low-confidence candidates.",
        remediation="If it is a key, rotate it at its service and load it from the environment or a secret "
        "manager; if it is an identifier, ignore it (or raise --min-confidence).",
    ),
)
