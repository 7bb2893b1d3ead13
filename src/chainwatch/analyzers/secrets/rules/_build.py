"""Helpers that keep detector records short, and synthetic examples that are never live secrets.

Examples are assembled at import time from a seeded generator, so no credential-shaped string
is ever written in the repository (push protection and other scanners stay quiet), and yet each
example passes the detector's own validators — checksums are computed, not copied.
"""

from __future__ import annotations

import functools
import hashlib
import re
import string
import zlib

from ..detector import Detector, token
from ..validate import base62_encode

ALNUM = string.ascii_letters + string.digits
UPPER_NUM = string.ascii_uppercase + string.digits
LOWER_NUM = string.ascii_lowercase + string.digits
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
BASE32 = string.ascii_uppercase + "234567"

# Right-hand boundary for tokens whose bodies use letters, digits, '-' and '_'.
END = r"(?![A-Za-z0-9_\-])"
START = r"(?<![A-Za-z0-9_\-])"


def fake(length: int, alphabet: str = ALNUM, seed: str = "") -> str:
    """A deterministic random-looking body: high entropy, obviously generated, never issued."""
    # Every process builds ~600 of these at import, so: one hash call and one byte translation each
    # (seeding a `random.Random` per example cost ~6 ms of every start-up).
    stream = hashlib.shake_256(f"chainwatch-example:{seed}:{length}:{alphabet}".encode()).digest(length)
    return stream.translate(_table(alphabet)).decode("ascii")


@functools.cache
def _table(alphabet: str) -> bytes:
    """Byte -> alphabet letter, spread evenly (the slight modulo bias does not matter for examples)."""
    return bytes(ord(alphabet[i % len(alphabet)]) for i in range(256))


def crc_token(prefix: str, seed: str) -> str:
    """A token in GitHub's CRC32/base62 format whose checksum verifies (but that was never issued)."""
    body = fake(30, ALNUM, seed)
    return f"{prefix}_{body}{base62_encode(zlib.crc32(body.encode()), 6)}"


def prefixed(
    slug: str,
    title: str,
    provider: str,
    prefix: str,
    body: str,
    alphabet: str,
    length: int,
    **extra: object,
) -> Detector:
    """A token recognised by its literal prefix and body shape; examples derived from the shape."""
    value = prefix + fake(length, alphabet, slug)
    short = prefix + fake(max(3, length // 4), alphabet, slug)
    keyword = str(extra.pop("keyword", prefix))
    if "pattern" not in extra and keyword == prefix:
        extra.setdefault("anchor", "keyword")  # the pattern starts with the keyword: match right there
    pattern = str(extra.pop("pattern", f"{START}(?P<secret>{re.escape(prefix)}{body}){END}"))
    return token(
        slug,
        title,
        provider,
        (keyword,),
        pattern,
        positive=str(extra.pop("positive", f'value = "{value}"')),
        negative=str(extra.pop("negative", f'value = "{short}"')),
        **extra,
    )
