"""A deliberately small HTTP client for verifiers: one request, no redirects, a timeout, a capped body.

Redirects are never followed: a redirect would carry the Authorization header (the secret) to
another host. Endpoints must be https, except on loopback (tests, local mirrors). The secret only
travels in headers or the body, never in the URL, so error messages cannot leak it.
"""

from __future__ import annotations

import ipaddress
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .... import __version__

USER_AGENT = f"chainwatch/{__version__} (secret verification)"
MAX_BODY = 1 << 20


class EndpointError(ValueError):
    """An endpoint that secrets must not be sent to (not https, not a URL)."""


class NetworkError(OSError):
    """The endpoint could not be reached or answered garbage; the message never contains the secret."""


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8", "replace"))
        except ValueError:
            return None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_endpoint(url: str) -> str:
    """The endpoint, normalised without a trailing slash; raises EndpointError if secrets must not go there."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise EndpointError(f"endpoint {url!r} is not an http(s) URL")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise EndpointError(f"endpoint {url!r} is plain http; secrets are only sent over https (or to loopback)")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise EndpointError(f"endpoint {url!r} must be a base URL without credentials, query or fragment")
    return url.rstrip("/")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 3xx answer is returned as is


class HttpClient:
    def __init__(self, timeout: float = 5.0, max_body: int = MAX_BODY) -> None:
        self.timeout = timeout
        self.max_body = max_body
        self._direct = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())
        self._proxied = urllib.request.build_opener(_NoRedirect())

    def request(self, method: str, url: str, headers: Mapping[str, str], data: bytes | None = None) -> Response:
        host = urlsplit(url).hostname or ""
        request = urllib.request.Request(url, data=data, method=method, headers={"User-Agent": USER_AGENT, **headers})
        # Loopback never goes through a proxy from the environment.
        opener = self._direct if is_loopback(host) else self._proxied
        try:
            with opener.open(request, timeout=self.timeout) as answer:
                return Response(answer.status, answer.read(self.max_body), dict(answer.headers.items()))
        except urllib.error.HTTPError as error:
            with error:
                body = error.read(self.max_body) if error.fp is not None else b""
                return Response(error.code, body, dict(error.headers.items()) if error.headers else {})
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise NetworkError(f"could not reach {host}: {reason}") from None
