"""The smallest interval of versions that contains everything a PEP 440 specifier set allows.

Used to ask whether an unpinned requirement can resolve to an affected version. The interval
over-approximates on purpose, so the question errs towards "yes": `!=` exclusions are ignored,
pre-releases count as allowed, and `>V`/`<V`'s special cases for post- and pre-releases of V
(PEP 440 excludes them) are not applied. The one narrowing: `==V` is the single point V, without
the local variants `V+label` it would also accept (no advisory bound sits between the two).
Clauses are intersected; None means nothing is allowed.
"""

from __future__ import annotations

from packaging.specifiers import Specifier, SpecifierSet
from packaging.version import Version

from .ranges import Interval
from .versions import parse

EVERYTHING = Interval(None, False, None, False)


def _prefix_bounds(prefix: str) -> tuple[Version, Version] | None:
    """`==1.4.*` allows [1.4.dev0, 1.5.dev0): every version whose release starts with 1.4."""
    base = parse(prefix)
    if base is None:
        return None
    release = list(base.release)
    upper = [*release[:-1], release[-1] + 1]
    epoch = f"{base.epoch}!" if base.epoch else ""
    return (
        Version(f"{epoch}{'.'.join(map(str, release))}.dev0"),
        Version(f"{epoch}{'.'.join(map(str, upper))}.dev0"),
    )


def clause_interval(clause: Specifier) -> Interval:
    operator, text = clause.operator, clause.version
    if operator == "!=":
        return EVERYTHING
    if text.endswith(".*"):  # == X.*  (!= X.* handled above)
        bounds = _prefix_bounds(text[:-2])
        return EVERYTHING if bounds is None else Interval(bounds[0], True, bounds[1], False)
    version = parse(text)
    if version is None:  # `===` with an arbitrary string: no ordering to speak of
        return EVERYTHING
    if operator in ("==", "==="):
        return Interval(version, True, version, True)
    if operator == ">=":
        return Interval(version, True, None, False)
    if operator == ">":
        return Interval(version, False, None, False)
    if operator == "<=":
        return Interval(None, False, version, True)
    if operator == "<":
        return Interval(None, False, version, False)
    if operator == "~=":
        # ~=2.2.1 means >=2.2.1, ==2.2.*: the prefix drops the last release component.
        prefix = ".".join(str(p) for p in version.release[:-1])
        bounds = _prefix_bounds(f"{version.epoch}!{prefix}" if version.epoch else prefix)
        return Interval(version, True, bounds[1] if bounds else None, False)
    return EVERYTHING


def allowed_interval(spec: SpecifierSet) -> Interval | None:
    current = EVERYTHING
    for clause in spec:
        current = current.intersection(clause_interval(clause))
        if current.is_empty():
            return None
    return current
