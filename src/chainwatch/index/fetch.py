"""GET with the limits a hostile or broken index cannot talk us out of.

Each redirect hop is checked (http(s) only, no downgrade to plain http, at most `max_redirects`),
credentials go only to the scheme and host they were given for, bodies stop at a byte cap and a
wall-clock deadline, and every failure comes out as an `IndexClientError` whose text holds no secret.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO

import httpx

from .errors import BadIndexResponse, FileTooLarge, IndexUnreachable
from .hashes import StreamingCheck
from .transport import local_url
from .urls import check_secure, redact, scrub

_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # final URL, after redirects
    status: int
    content_type: str
    body: bytes


Credentials = Mapping[tuple[str, str], tuple[str, str]]  # (scheme, netloc) -> (user, password)


class Fetcher:
    def __init__(
        self,
        client: httpx.Client,
        credentials: Credentials,
        trusted_netlocs: frozenset[str] = frozenset(),
        max_redirects: int = 5,
        max_seconds: float = 900.0,
    ) -> None:
        self.client = client
        self.credentials = dict(credentials)
        self.trusted = trusted_netlocs
        self.max_redirects = max_redirects
        self.max_seconds = max_seconds
        self._secrets = tuple(s for pair in self.credentials.values() for s in pair if s)

    # -- public ------------------------------------------------------------------------------
    def get(self, url: str, accept: str, limit: int, what: str) -> Page:
        """A page or metadata file held in memory; non-2xx statuses are returned, not raised."""
        with self._open(url, {"Accept": accept}, what) as response:
            if response.status_code != 200:
                return Page(str(response.url), response.status_code, "", b"")
            body = bytearray()
            for chunk in self._chunks(response, limit, what, raw=False):
                body += chunk
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            return Page(str(response.url), 200, content_type, bytes(body))

    def download(self, url: str, sink: IO[bytes], check: StreamingCheck, limit: int, what: str) -> None:
        """Stream a file into `sink`, hashing as it comes; raises on any status but 200."""
        # Identity encoding, raw bytes: the hash is over the file as published, as pip checks it.
        with self._open(url, {"Accept-Encoding": "identity", "Accept": "*/*"}, what) as response:
            if response.status_code != 200:
                raise self._status_error(response, what)
            for chunk in self._chunks(response, limit, what, raw=True):
                check.update(chunk)
                sink.write(chunk)

    # -- internals ---------------------------------------------------------------------------
    def _auth(self, url: httpx.URL) -> httpx.BasicAuth | None:
        found = self.credentials.get((url.scheme, url.netloc.decode("ascii", "replace")))
        return httpx.BasicAuth(*found) if found else None

    @contextlib.contextmanager
    def _open(self, url: str, headers: dict[str, str], what: str) -> Iterator[httpx.Response]:
        current = local_url(url)
        for _hop in range(self.max_redirects + 1):
            request = self.client.build_request("GET", current, headers=headers)
            response = self._send(request, what)
            if response.status_code not in _REDIRECTS or "Location" not in response.headers:
                try:
                    yield response
                finally:
                    response.close()
                return
            location = response.headers["Location"]
            response.close()
            current = self._next_hop(str(request.url), location, what)
        raise BadIndexResponse(f"{what}: more than {self.max_redirects} redirects from {redact(url)}")

    def _next_hop(self, previous: str, location: str, what: str) -> str:
        target = httpx.URL(previous).join(location)
        if target.scheme not in ("http", "https") or httpx.URL(previous).scheme == "file":
            raise BadIndexResponse(f"{what}: refusing a redirect to a {target.scheme or 'relative'}: URL")
        if httpx.URL(previous).scheme == "https" and target.scheme == "http":
            trusted = target.host in self.trusted or target.netloc.decode("ascii", "replace") in self.trusted
            check_secure(str(target.copy_with(username=None, password=None)), trusted, f"{what}: a redirect from https")
        return str(target)

    def _send(self, request: httpx.Request, what: str) -> httpx.Response:
        try:
            return self.client.send(request, auth=self._auth(request.url), stream=True)
        except httpx.TimeoutException:
            raise IndexUnreachable(f"{what}: {self._where(request)} timed out") from None
        except httpx.HTTPError as exc:
            detail = scrub(str(exc) or type(exc).__name__, self._secrets)
            raise IndexUnreachable(f"{what}: cannot reach {self._where(request)}: {detail}") from None

    def _chunks(self, response: httpx.Response, limit: int, what: str, raw: bool) -> Iterator[bytes]:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FileTooLarge(f"{what}: the server declares {int(declared)} bytes, over the {limit}-byte limit")
        started = time.monotonic()
        received = 0
        try:
            stream = response.iter_raw(_CHUNK) if raw else response.iter_bytes(_CHUNK)
            for chunk in stream:
                received += len(chunk)
                if received > limit:
                    raise FileTooLarge(f"{what}: more than {limit} bytes received; download stopped")
                if time.monotonic() - started > self.max_seconds:
                    raise IndexUnreachable(f"{what}: still downloading after {self.max_seconds:.0f}s; stopped")
                yield chunk
        except httpx.TimeoutException:
            raise IndexUnreachable(f"{what}: {self._where(response.request)} timed out while sending") from None
        except httpx.HTTPError as exc:
            detail = scrub(str(exc) or type(exc).__name__, self._secrets)
            raise IndexUnreachable(f"{what}: transfer from {self._where(response.request)} failed: {detail}") from None

    def _status_error(self, response: httpx.Response, what: str) -> IndexUnreachable | BadIndexResponse:
        where, status = self._where(response.request), response.status_code
        if status in (401, 403):
            return IndexUnreachable(f"{what}: {where} refused access (HTTP {status}); check the index credentials")
        if status == 429 or status >= 500:
            return IndexUnreachable(f"{what}: {where} answered HTTP {status}; try again later")
        return BadIndexResponse(f"{what}: {where} answered HTTP {status}")

    def status_error(self, page: Page, what: str) -> IndexUnreachable | BadIndexResponse:
        response = httpx.Response(page.status, request=httpx.Request("GET", page.url))
        return self._status_error(response, what)

    @staticmethod
    def _where(request: httpx.Request) -> str:
        url = request.url.copy_with(username=None, password=None, query=None)
        text = str(url)
        return "file://" + text[len("file://localhost") :] if text.startswith("file://localhost/") else text
