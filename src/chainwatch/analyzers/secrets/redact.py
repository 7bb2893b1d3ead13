"""Never show a secret: redacted forms for reports and a non-reversible key for fingerprints."""

from __future__ import annotations

import bisect
import hashlib

SNIPPET_WIDTH = 160
_EVIDENCE_SALT = b"chainwatch-secret-evidence-v1"
# A slow hash so a fingerprint cannot be brute-forced back into a weak password cheaply.
_EVIDENCE_ROUNDS = 100


def redact_value(value: bytes) -> str:
    """A few leading characters (fewer for short secrets), an ellipsis and the length: `ghp_…(40)`."""
    text = value.decode("utf-8", "replace")
    if text.startswith(("-----BEGIN", "---- BEGIN")):
        header = text.split("-----" if text.startswith("-----") else "----")[1].strip()
        return f"-----{header}-----…({len(value)})"
    keep = min(4, len(text) // 4)
    return f"{text[:keep]}…({len(value)})"


def evidence_key(value: bytes) -> str:
    return hashlib.pbkdf2_hmac("sha256", value, _EVIDENCE_SALT, _EVIDENCE_ROUNDS).hex()[:32]


def redact_line(data: bytes, line_start: int, line_end: int, spans: list[tuple[int, int, str]], focus: int) -> str:
    """The line around `focus` with every secret span in view replaced by its redacted form.

    `spans` are the line's secrets in order and not overlapping (as the engine keeps them). Only a
    window of the line is decoded and only the spans in it visited, so a megabyte-long line with
    thousands of secrets costs each of them the same as a short one.
    """
    low = max(line_start, focus - SNIPPET_WIDTH // 2)
    high = min(line_end, focus + SNIPPET_WIDTH * 2)
    pieces: list[str] = []
    cursor = low
    for index in range(bisect.bisect_right(spans, low, key=lambda span: span[1]), len(spans)):
        start, end, redacted = spans[index]
        if start >= high:
            break
        if start >= cursor:
            pieces.append(data[cursor:start].decode("utf-8", "replace"))
        pieces.append(redacted)
        cursor = max(cursor, min(end, line_end))
    if cursor < high:
        pieces.append(data[cursor:high].decode("utf-8", "replace"))
    text = "".join(pieces).replace("\r", "").replace("\t", " ").strip()
    if len(text) > SNIPPET_WIDTH:
        text = text[:SNIPPET_WIDTH] + "…"
    return ("…" if low > line_start else "") + text
