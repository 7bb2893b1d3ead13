"""PEP 691 content negotiation: which page format a client asked for with its Accept header.

Clients that send no Accept header (or only `*/*`) get PEP 503 HTML, as PEP 691 asks for
compatibility; pip and uv send explicit ranges and get JSON.
"""

from __future__ import annotations

from typing import Literal

JSON_TYPE = "application/vnd.pypi.simple.v1+json"
HTML_TYPE = "application/vnd.pypi.simple.v1+html"

Kind = Literal["json", "html"]

# Order breaks ties between equally specific, equally weighted matches: plain HTML first for wildcards.
_OFFERS: tuple[tuple[str, Kind], ...] = (
    ("text/html", "html"),
    (HTML_TYPE, "html"),
    (JSON_TYPE, "json"),
    ("application/vnd.pypi.simple.latest+html", "html"),
    ("application/vnd.pypi.simple.latest+json", "json"),
)


def choose(accept: str | None, format_param: str | None = None) -> tuple[Kind, str] | None:
    """(format, response content type), or None when nothing offered is acceptable (HTTP 406).

    `format_param` is PEP 691's optional `?format=` URL parameter; it overrides the header.
    """
    text = (format_param or accept or "").strip()
    if not text:
        return "html", "text/html"
    ranges = [_parse_range(part) for part in text.split(",") if part.strip()]
    best: tuple[tuple[float, int, int], str, Kind] | None = None
    for position, (offer, kind) in enumerate(_OFFERS):
        quality, specificity = _quality(offer, ranges)
        if quality <= 0:
            continue
        key = (quality, specificity, -position)
        if best is None or key > best[0]:
            best = (key, offer, kind)
    if best is None:
        return None
    _key, offer, kind = best
    # `latest` is answered with the concrete version it stands for.
    if kind == "json":
        return "json", JSON_TYPE
    return "html", offer if offer in ("text/html", HTML_TYPE) else HTML_TYPE


def _parse_range(part: str) -> tuple[str, float]:
    media, *params = [p.strip() for p in part.split(";")]
    quality = 1.0
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = max(0.0, min(1.0, float(value)))
            except ValueError:
                quality = 0.0
    return media.lower(), quality


def _quality(offer: str, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """The weight of the most specific range that matches `offer`, and how specific it was."""
    kind = offer.split("/")[0]
    found: tuple[float, int] = (0.0, -1)
    for media, quality in ranges:
        if media == offer:
            specificity = 2
        elif media == f"{kind}/*":
            specificity = 1
        elif media == "*/*":
            specificity = 0
        else:
            continue
        if specificity > found[1]:
            found = (quality, specificity)
    return found[0], max(found[1], 0)
