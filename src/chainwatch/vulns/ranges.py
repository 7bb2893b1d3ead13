"""OSV `ECOSYSTEM` ranges compiled into PEP 440 intervals.

The OSV spec defines a range by an evaluation loop (see `docs/schema.md#evaluation`):

    vulnerable = False
    for evt in sorted(range.events):
        if evt.introduced and v >= evt.introduced: vulnerable = True
        elif evt.fixed and v >= evt.fixed: vulnerable = False
        elif evt.last_affected and v > evt.last_affected: vulnerable = False
    return vulnerable and (no limits or any(v < limit for limit in limits))

Running that loop per query would re-sort and re-parse every event each time, and it cannot
answer "does any version allowed by `>=2,<3` fall in this range?". So each range is compiled once
into the exact set the loop accepts, as sorted disjoint intervals: between two consecutive event
versions the loop's answer is constant, and at an event version it can only differ because
`last_affected` is exclusive there. The compiled form is checked against the literal loop by a
property test.

Unparsable event versions cannot be ordered; they are resolved towards reporting: an unparsable
`introduced` acts as "0", an unparsable `fixed`/`last_affected` is ignored (the range stays open),
an unparsable `limit` acts as "*".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from packaging.version import Version

from .versions import INFINITY, ZERO, parse

EVENT_KINDS = ("introduced", "fixed", "last_affected", "limit")


@dataclass(frozen=True, slots=True)
class Interval:
    """A contiguous set of versions; a None bound is unbounded on that side."""

    low: Version | None
    low_inclusive: bool
    high: Version | None
    high_inclusive: bool

    def __contains__(self, version: Version) -> bool:
        if self.low is not None and (version < self.low or (version == self.low and not self.low_inclusive)):
            return False
        return self.high is None or version < self.high or (version == self.high and self.high_inclusive)

    def is_empty(self) -> bool:
        if self.low is None or self.high is None:
            return False
        return self.low > self.high or (self.low == self.high and not (self.low_inclusive and self.high_inclusive))

    def intersection(self, other: Interval) -> Interval:
        low, low_inc = _max_low((self.low, self.low_inclusive), (other.low, other.low_inclusive))
        high, high_inc = _min_high((self.high, self.high_inclusive), (other.high, other.high_inclusive))
        return Interval(low, low_inc, high, high_inc)

    def intersects(self, other: Interval) -> bool:
        return not self.intersection(other).is_empty()

    def describe(self) -> str:
        parts = []
        if self.low is not None:
            parts.append(f"{'>=' if self.low_inclusive else '>'}{self.low}")
        if self.high is not None:
            parts.append(f"{'<=' if self.high_inclusive else '<'}{self.high}")
        return ",".join(parts) or "all versions"


def _max_low(a: tuple[Version | None, bool], b: tuple[Version | None, bool]) -> tuple[Version | None, bool]:
    if a[0] is None:
        return b
    if b[0] is None or a[0] > b[0]:
        return a
    if b[0] > a[0]:
        return b
    return a[0], a[1] and b[1]


def _min_high(a: tuple[Version | None, bool], b: tuple[Version | None, bool]) -> tuple[Version | None, bool]:
    if a[0] is None:
        return b
    if b[0] is None or a[0] < b[0]:
        return a
    if b[0] < a[0]:
        return b
    return a[0], a[1] and b[1]


@dataclass(frozen=True, slots=True)
class CompiledRange:
    """One OSV range: the versions it covers and the `fixed` versions it names."""

    intervals: tuple[Interval, ...]
    fixed: tuple[Version, ...]  # sorted; candidates for "upgrade to"
    last_affected: tuple[Version, ...]

    def __contains__(self, version: Version) -> bool:
        return any(version in interval for interval in self.intervals)


def compile_range(events: Iterable[tuple[str, str]]) -> CompiledRange:
    """Compile `(kind, version)` events (any order) into the exact set the OSV loop accepts."""
    ordered: list[tuple[Version | None, str]] = []  # None = before every version
    limits: list[Version | None] = []  # None = infinity
    has_limit = False
    fixed: list[Version] = []
    last: list[Version] = []
    for kind, raw in events:
        if kind not in EVENT_KINDS:
            continue
        if kind == "limit":
            has_limit = True
            limits.append(None if INFINITY in raw else parse(raw))
            continue
        version = None if (kind == "introduced" and raw.strip() == ZERO) else parse(raw)
        if version is None and kind != "introduced":
            continue  # unparsable fixed/last_affected: keep the range open rather than guess an end
        ordered.append((version, kind))
        if version is not None and kind == "fixed":
            fixed.append(version)
        elif version is not None and kind == "last_affected":
            last.append(version)
    # Stable sort: events at the same version keep their written order, as `sorted` would.
    ordered.sort(key=lambda e: (e[0] is not None, e[0] or _NEVER))
    intervals = _regions_to_intervals(ordered)
    if has_limit:
        intervals = _cap(
            intervals, None if any(lim is None for lim in limits) else max(v for v in limits if v is not None)
        )
    return CompiledRange(tuple(intervals), tuple(sorted(set(fixed))), tuple(sorted(set(last))))


_NEVER = Version("0")  # placeholder key for the "before everything" events; never compared as a bound


def _regions_to_intervals(ordered: Sequence[tuple[Version | None, str]]) -> list[Interval]:
    """Evaluate the loop once per region: (-inf, p0), [p0], (p0, p1), [p1], ..., (pn, +inf).

    In the loop the last event whose condition holds decides. Events come sorted, so for a version
    strictly between two event versions that is the last event at or below it; at an event version
    p it is the last event at p other than `last_affected` (exclusive there), else whatever decided
    just below p. Versions below every event see only the "0" introductions, which come first.
    """
    groups: list[tuple[Version, list[str]]] = []
    for version, kind in ordered:
        if version is None:
            continue
        if groups and groups[-1][0] == version:
            groups[-1][1].append(kind)
        else:
            groups.append((version, [kind]))
    state = any(version is None for version, _ in ordered)
    regions: list[tuple[Version | None, bool, Version | None, bool, bool]] = [
        (None, False, groups[0][0] if groups else None, False, state)
    ]
    for index, (point, kinds) in enumerate(groups):
        deciding = [k for k in kinds if k != "last_affected"]
        regions.append((point, True, point, True, deciding[-1] == "introduced" if deciding else state))
        state = kinds[-1] == "introduced"
        upper = groups[index + 1][0] if index + 1 < len(groups) else None
        regions.append((point, False, upper, False, state))
    intervals: list[Interval] = []
    joined = False  # regions are consecutive: one right after a vulnerable one extends its interval
    for low, low_inc, high, high_inc, vulnerable in regions:
        if vulnerable and joined:
            prev = intervals[-1]
            intervals[-1] = Interval(prev.low, prev.low_inclusive, high, high_inc)
        elif vulnerable:
            intervals.append(Interval(low, low_inc, high, high_inc))
        joined = vulnerable
    return [i for i in intervals if not i.is_empty()]


def _cap(intervals: list[Interval], limit: Version | None) -> list[Interval]:
    """Keep only versions below the largest limit (`BeforeLimits`: v < any limit)."""
    if limit is None:
        return intervals
    capped = []
    for interval in intervals:
        high = _min_high((interval.high, interval.high_inclusive), (limit, False))
        clipped = Interval(interval.low, interval.low_inclusive, *high)
        if not clipped.is_empty():
            capped.append(clipped)
    return capped
