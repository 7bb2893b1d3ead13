"""Never show a secret: redacted forms for reports and a non-reversible key for fingerprints."""

from __future__ import annotations

import hashlib

SNIPPET_WIDTH = 160
_EVIDENCE_SALT = b"chainwatch-secret-evidence-v1"
# A slow hash so a fingerprint cannot be brute-forced back into a weak password cheaply.
_EVIDENCE_ROUNDS = 100


def redact_value(value: bytes) -> str:
    """A few leading characters (fewer for short secrets), an ellipsis and the length: `ghp_…(40)`."""
    text = value.decode("utf-8", "replace")
    if text.startswith("-----BEGIN") or text.startswith("---- BEGIN"):
        header = text.split("-----" if text.startswith("-----") else "----")[1].strip()
        return f"-----{header}-----…({len(value)})"
    keep = min(4, len(text) // 4)
    return f"{text[:keep]}…({len(value)})"


def evidence_key(value: bytes) -> str:
    return hashlib.pbkdf2_hmac("sha256", value, _EVIDENCE_SALT, _EVIDENCE_ROUNDS).hex()[:32]


def redact_line(data: bytes, line_start: int, line_end: int, spans: list[tuple[int, int, str]]) -> str:
    """The line with every secret span replaced by its redacted form, trimmed around the first one."""
    pieces: list[str] = []
    cursor = line_start
    first_at = 0
    for start, end, redacted in sorted(spans):
        if start < cursor:
            continue
        pieces.append(data[cursor:start].decode("utf-8", "replace"))
        if not first_at:
            first_at = sum(len(p) for p in pieces)
        pieces.append(redacted)
        cursor = max(cursor, min(end, line_end))
    if cursor < line_end:
        pieces.append(data[cursor:line_end].decode("utf-8", "replace"))
    text = "".join(pieces).replace("\r", "").replace("\t", " ")
    if len(text) > SNIPPET_WIDTH:
        begin = max(0, first_at - SNIPPET_WIDTH // 3)
        text = ("…" if begin else "") + text[begin : begin + SNIPPET_WIDTH] + "…"
    return text.strip()
