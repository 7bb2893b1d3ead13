"""PEP 440 parsing for advisory matching, with the OSV special values and invalid strings made explicit.

Advisories and installed packages both carry version strings that are not always PEP 440
(`2019-09-12`, `0.2.0-n653`). Those can never be ordered, so every caller has to decide what an
unparsable string means; `parse` returns None instead of raising to force that decision.
"""

from __future__ import annotations

import functools
import re

from packaging.version import InvalidVersion, Version

ZERO = "0"  # OSV: `introduced: "0"` sorts before every version
INFINITY = "*"  # OSV: `limit: "*"` sorts after every version
_SEPARATORS = re.compile(r"[-_.]+")


@functools.lru_cache(maxsize=1 << 14)
def normalize_name(name: str) -> str:
    """PEP 503: lower case, runs of `-_.` become one `-` (packaging.utils.canonicalize_name)."""
    return _SEPARATORS.sub("-", name).lower()


@functools.lru_cache(maxsize=1 << 16)
def parse(text: str) -> Version | None:
    """The PEP 440 version, or None when `text` is not one (never raises)."""
    try:
        return Version(text.strip())
    except (InvalidVersion, TypeError):
        return None


def version_key(text: str) -> str:
    """A string equal for equal versions (`1.0` == `1.0.0` == `1.0.0.0`), for set look-ups.

    Valid versions are canonicalised with trailing zeros stripped, exactly the equality PEP 440
    defines (local labels stay significant); invalid strings are only equal to themselves.
    """
    parsed = parse(text)
    if parsed is None:
        return "!" + text.strip()  # cannot collide with a canonical PEP 440 string
    release = list(parsed.release)
    while len(release) > 1 and release[-1] == 0:
        release.pop()
    key = f"{parsed.epoch}!" if parsed.epoch else ""
    key += ".".join(map(str, release))
    if parsed.pre is not None:
        key += f"{parsed.pre[0]}{parsed.pre[1]}"
    if parsed.post is not None:
        key += f".post{parsed.post}"
    if parsed.dev is not None:
        key += f".dev{parsed.dev}"
    if parsed.local is not None:
        key += f"+{parsed.local}"
    return key
