"""Every detector record, grouped by the kind of provider. Order matters only as a tie-break."""

from __future__ import annotations

from ..detector import Detector
from . import ai, cloud, commerce, devtools, generic, keys, messaging, saas
from .candidates import CANDIDATE_CONFIDENCE, CANDIDATES

DETECTORS: tuple[Detector, ...] = (
    *keys.DETECTORS,
    *devtools.DETECTORS,
    *cloud.DETECTORS,
    *ai.DETECTORS,
    *commerce.DETECTORS,
    *messaging.DETECTORS,
    *saas.DETECTORS,
    *generic.DETECTORS,
)

__all__ = ["CANDIDATES", "CANDIDATE_CONFIDENCE", "DETECTORS"]
