"""Pure metric and sampling helpers for the benchmarks: no I/O, no scanners, easy to test.

Every rate is `None` when its denominator is empty (no positives, nothing flagged, no negatives):
"undefined" must never be shown as 0 % or 100 %, which would read as a real measurement.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Confusion:
    """Confusion counts with "malicious" as the positive class."""

    tp: int = 0  # malicious, flagged
    fn: int = 0  # malicious, not flagged (missed, including samples the tool failed on)
    fp: int = 0  # benign, flagged
    tn: int = 0  # benign, not flagged

    def __post_init__(self) -> None:
        if min(self.tp, self.fn, self.fp, self.tn) < 0:
            raise ValueError("confusion counts cannot be negative")

    @property
    def positives(self) -> int:
        return self.tp + self.fn

    @property
    def negatives(self) -> int:
        return self.fp + self.tn

    @property
    def flagged(self) -> int:
        return self.tp + self.fp

    @property
    def total(self) -> int:
        return self.positives + self.negatives

    def __add__(self, other: Confusion) -> Confusion:
        return Confusion(self.tp + other.tp, self.fn + other.fn, self.fp + other.fp, self.tn + other.tn)


def confusion(pairs: Iterable[tuple[bool, bool]]) -> Confusion:
    """Count `(is_malicious, flagged)` pairs."""
    tp = fn = fp = tn = 0
    for positive, flagged in pairs:
        if positive and flagged:
            tp += 1
        elif positive:
            fn += 1
        elif flagged:
            fp += 1
        else:
            tn += 1
    return Confusion(tp, fn, fp, tn)


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def precision(c: Confusion) -> float | None:
    """Share of flagged samples that are malicious; undefined when nothing was flagged."""
    return _ratio(c.tp, c.tp + c.fp)


def recall(c: Confusion) -> float | None:
    """Share of malicious samples that were flagged; undefined without malicious samples."""
    return _ratio(c.tp, c.tp + c.fn)


def f1(c: Confusion) -> float | None:
    """Harmonic mean of precision and recall, as 2TP / (2TP + FP + FN).

    Written on counts so that a tool that flags nothing among real positives scores 0 (not
    "undefined"); undefined only when there are no positives and nothing was flagged.
    """
    return _ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn)


def false_positive_rate(c: Confusion) -> float | None:
    """Share of benign samples that were flagged; undefined without benign samples."""
    return _ratio(c.fp, c.fp + c.tn)


def throughput(count: int, seconds: float) -> float | None:
    """Samples per second; undefined for an empty or instantaneous run."""
    return count / seconds if seconds > 0 and count > 0 else None


def percent(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{100 * value:.{digits}f}%"


def allocate(sizes: dict[K, int], n: int) -> dict[K, int]:
    """Split a sample of `n` over strata proportionally (largest remainder).

    Every non-empty stratum gets at least one sample when `n` allows it, so small strata (benign
    wheels, `.zip` samples) are never silently absent from a small sample. Deterministic: ties
    are broken by the strata's sort order.
    """
    total = sum(sizes.values())
    if n >= total:
        return dict(sizes)
    if n <= 0:
        return {key: 0 for key in sizes}
    keys = sorted(sizes, key=repr)
    quota = {key: n * sizes[key] / total for key in keys}
    guarantee = n >= sum(1 for key in keys if sizes[key] > 0)
    alloc = {key: min(sizes[key], math.floor(quota[key])) for key in keys}
    if guarantee:
        for key in keys:
            if sizes[key] > 0 and alloc[key] == 0:
                alloc[key] = 1
    while sum(alloc.values()) > n:  # the guarantee overshot: take back from the biggest strata
        biggest = max(keys, key=lambda k: (alloc[k], -keys.index(k)))
        alloc[biggest] -= 1
    by_remainder = sorted(keys, key=lambda k: (-(quota[k] - math.floor(quota[k])), keys.index(k)))
    remaining = n - sum(alloc.values())
    while remaining > 0:
        for key in by_remainder:
            if remaining and alloc[key] < sizes[key]:
                alloc[key] += 1
                remaining -= 1
    return alloc


def stratified_sample(items: Sequence[T], stratum: Callable[[T], K], n: int, seed: int) -> list[T]:
    """A seeded, stratified random sample of `n` items, returned in their original order."""
    groups: dict[K, list[int]] = {}
    for index, item in enumerate(items):
        groups.setdefault(stratum(item), []).append(index)
    alloc = allocate({key: len(members) for key, members in groups.items()}, n)
    rng = random.Random(seed)
    chosen: list[int] = []
    for key in sorted(groups, key=repr):
        chosen.extend(rng.sample(groups[key], alloc[key]))
    return [items[i] for i in sorted(chosen)]
