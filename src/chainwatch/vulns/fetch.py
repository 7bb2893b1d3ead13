"""Downloading an OSV export over HTTP(S), into memory, with a size cap and a timeout."""

from __future__ import annotations

from urllib.parse import urlsplit

from .. import __version__
from .exports import ExportError

CHUNK = 1024 * 1024


def download(url: str, max_bytes: int, timeout: float = 60.0) -> bytes:
    """The body at `url`; raises ExportError for other schemes, HTTP errors or an oversized body."""
    import urllib.error  # urllib.request pulls in http.client, email, ssl: only updates need it
    import urllib.request

    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise ExportError(f"unsupported URL scheme {scheme!r} in {url!r}: use http(s), or --from-dir for files")
    request = urllib.request.Request(url, headers={"User-Agent": f"chainwatch/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # scheme checked above
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ExportError(f"{url} is {declared} bytes, over the {max_bytes}-byte limit")
            chunks: list[bytes] = []
            received = 0
            while chunk := response.read(CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    raise ExportError(f"{url} sent more than {max_bytes} bytes; download stopped")
                chunks.append(chunk)
    except urllib.error.HTTPError as exc:
        raise ExportError(f"{url} answered HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ExportError(f"cannot download {url}: {reason}") from exc
    return b"".join(chunks)
