"""`secrets`: hundreds of credential formats, validated offline, found in one pass per file.

Public surface (later pieces — git history, web assets, `--verify`, baselines — build on it):

- `scan_bytes(path, data) -> list[SecretMatch]`: the engine over one blob, default detectors.
- `Scanner(detectors, backend="auto"|"hyperscan"|"python", include_binary=False)` for control.
- `SecretMatch`: rule, location, confidence, severity, redacted snippet, evidence key; `.value`
  holds the raw bytes in memory only, for live verification — never print or store it.
- `to_finding(match)`: the shared `Finding` model; `SecretsAnalyzer` plugs into the pipeline.
"""

from __future__ import annotations

from .detector import Detector
from .engine import Scanner, SecretMatch, is_binary
from .findings import to_finding
from .rules import DETECTORS
from .scan import SecretsAnalyzer, default_scanner, scan_bytes

__all__ = [
    "DETECTORS",
    "Detector",
    "Scanner",
    "SecretMatch",
    "SecretsAnalyzer",
    "default_scanner",
    "is_binary",
    "scan_bytes",
    "to_finding",
]
