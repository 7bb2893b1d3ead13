"""Which of an index's hashes we trust, and checking bytes against it while they stream in.

Only sha256 and stronger count: md5 and sha1 collide on demand, so a file listed with nothing better
is treated as unhashed. sha256 is always computed too, because the cache is addressed by it.
"""

from __future__ import annotations

import hashlib
import string

from .errors import HashMismatch

# Preference order: the cache key first, so one pass usually serves both purposes.
STRONG = ("sha256", "sha384", "sha512")
_HEX = frozenset(string.hexdigits.lower())
_DIGEST_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128, "sha224": 56, "sha1": 40, "md5": 32}


def clean_hashes(raw: dict[str, object]) -> dict[str, str]:
    """Lower-cased, well-formed hex digests only; anything malformed is dropped (and so not trusted)."""
    result: dict[str, str] = {}
    for algorithm, value in raw.items():
        name = str(algorithm).strip().lower()
        if not isinstance(value, str):
            continue
        digest = value.strip().lower()
        expected = _DIGEST_LENGTHS.get(name)
        if expected is not None and len(digest) == expected and set(digest) <= _HEX:
            result[name] = digest
    return result


def strong_hash(hashes: dict[str, str]) -> tuple[str, str] | None:
    for algorithm in STRONG:
        if algorithm in hashes:
            return algorithm, hashes[algorithm]
    return None


class StreamingCheck:
    """Feed chunks in; `finish` raises HashMismatch unless the expected digest matched."""

    def __init__(self, expected: tuple[str, str] | None) -> None:
        self.expected = expected
        self._sha256 = hashlib.sha256()
        # A second digest only when the index published something other than sha256.
        self._other = hashlib.new(expected[0]) if expected and expected[0] != "sha256" else None

    def update(self, chunk: bytes) -> None:
        self._sha256.update(chunk)
        if self._other is not None:
            self._other.update(chunk)

    @property
    def sha256(self) -> str:
        return self._sha256.hexdigest()

    def finish(self, what: str) -> str:
        """The sha256 of everything fed, once the index's digest has been matched."""
        if self.expected is not None:
            algorithm, digest = self.expected
            actual = self._other.hexdigest() if self._other is not None else self.sha256
            if actual != digest:
                raise HashMismatch(
                    f"{what}: {algorithm} of the downloaded bytes is {actual}, the index lists {digest}; "
                    "the file was discarded (tampered mirror, or a file replaced after its hash was published)"
                )
        return self.sha256
