"""The HTTP client the index client talks through, and a transport for `file://` indexes.

httpx rather than urllib: separate connect/read timeouts, streamed bodies we can stop at a size cap,
pooled connections across the many files of a release, proxies and netrc from the environment, and
pluggable transports — `file://` indexes (which pip supports and pip.conf files use) are one, tests
can mount others. Redirects are followed by `fetch.py`, not httpx, so that each hop is checked.
"""

from __future__ import annotations

import mimetypes
import ssl
from collections.abc import Iterator
from pathlib import Path
from urllib.request import url2pathname

import httpx

from .. import __version__
from .json_page import JSON_CONTENT_TYPE

USER_AGENT = f"chainwatch/{__version__} (package index client)"
_CHUNK = 1 << 16


def local_url(url: str) -> str:
    """httpx treats `file:///x` (no host) as a relative URL and drops the scheme; `file://localhost/x` is kept."""
    return "file://localhost/" + url[len("file:///") :] if url.startswith("file:///") else url


def local_path(url: httpx.URL) -> Path:
    return Path(url2pathname(url.path))


class _FileStream(httpx.SyncByteStream):
    def __init__(self, path: Path) -> None:
        self._path = path

    def __iter__(self) -> Iterator[bytes]:
        with self._path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                yield chunk


class FileTransport(httpx.BaseTransport):
    """Serves a local simple-repository tree: a directory answers with its `index.html`, as in pip."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host not in ("", "localhost"):
            return httpx.Response(400, request=request, text="remote file:// hosts are not supported")
        path = local_path(request.url)
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return httpx.Response(404, request=request)
        if path.suffix == ".json":
            content_type = JSON_CONTENT_TYPE
        else:
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers = {"Content-Type": content_type, "Content-Length": str(path.stat().st_size)}
        return httpx.Response(200, headers=headers, stream=_FileStream(path), request=request)


def make_client(timeout: float, cert: str | None = None, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """One pooled client per run. `transport` replaces the network for http(s); `file://` stays local."""
    return httpx.Client(
        timeout=httpx.Timeout(timeout),
        verify=ssl.create_default_context(cafile=cert) if cert else True,
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
        transport=transport,
        mounts={"file://": FileTransport()},
        limits=httpx.Limits(max_connections=8, max_keepalive_connections=4),
    )
