"""Poetry version constraints to PEP 440 specifiers.

Poetry documents its own constraint syntax (python-poetry.org, "Dependency specification"); the conversion is:

| Poetry                 | PEP 440            | rule                                                        |
| ---------------------- | ------------------ | ----------------------------------------------------------- |
| `^1.2.3`               | `>=1.2.3,<2`       | caret: the left-most non-zero component may not change...   |
| `^0.2.3`               | `>=0.2.3,<0.3`     | ...so for 0.x the minor is the breaking component           |
| `^0.0.3`               | `>=0.0.3,<0.0.4`   |                                                             |
| `^0.0`, `^0`           | `>=0.0,<0.1`, `>=0,<1` | the precision written decides which component is bumped |
| `~1.2.3`, `~1.2`       | `>=1.2.3,<1.3`, `>=1.2,<1.3` | tilde: patch updates only, when a minor is given  |
| `~1`                   | `>=1,<2`           |                                                             |
| `1.2.3`, `=1.2.3`      | `==1.2.3`          | a bare version is an exact pin                              |
| `1.2.*`                | `==1.2.*`          |                                                             |
| `*`, empty             | no specifier       |                                                             |
| `>=1.2 <2`, `>=1.2,<2` | `<2,>=1.2`         | whitespace and commas both mean AND                         |
| `~=`, `==`, `!=`, `<`, `<=`, `>`, `>=`, `===` | unchanged | already PEP 440                               |

(`<2` and `<2.0.0` are the same bound in PEP 440.)
An `||` (OR) cannot be written as one PEP 440 specifier set; such constraints convert to None, which callers treat
as "no usable specifier" (the conservative reading for pin checks).
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

_CLAUSE = re.compile(r"(\^|~=|~|===|==|=|!=|<=|>=|<|>)?\s*([^\s,<>=!~^]+)")


def poetry_to_pep440(constraint: str) -> str | None:
    """The PEP 440 specifier for a Poetry constraint: "" for any version, None when it cannot be expressed."""
    text = constraint.strip()
    if "|" in text:
        return None
    if text in ("", "*", "x", "X"):
        return ""
    position = 0
    clauses: list[str] = []
    while position < len(text):
        if text[position] in " ,\t":
            position += 1
            continue
        found = _CLAUSE.match(text, position)
        if found is None:
            return None
        converted = _clause(found.group(1) or "", found.group(2))
        if converted is None:
            return None
        clauses.extend(converted)
        position = found.end()
    try:
        return str(SpecifierSet(",".join(clauses)))
    except InvalidSpecifier:
        return None


def _clause(operator: str, version: str) -> list[str] | None:
    if version in ("*", "x", "X"):
        return [] if operator in ("", "==", "=", ">=") else None
    if operator in ("^", "~"):
        try:
            release = Version(version).release
        except InvalidVersion:
            return None
        upper = _caret_upper(release) if operator == "^" else _tilde_upper(release)
        return [f">={version}", f"<{upper}"]
    if operator in ("", "="):
        return [f"=={version}"]
    return [f"{operator}{version}"]


def _caret_upper(release: tuple[int, ...]) -> str:
    for position, part in enumerate(release):
        if part != 0 or position == len(release) - 1:
            return _bump(release, position)
    return _bump(release, len(release) - 1)


def _tilde_upper(release: tuple[int, ...]) -> str:
    return _bump(release, 0 if len(release) == 1 else 1)


def _bump(release: tuple[int, ...], position: int) -> str:
    return ".".join(str(p) for p in (*release[:position], release[position] + 1))
