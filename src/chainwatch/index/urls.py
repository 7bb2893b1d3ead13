"""Index URLs: credentials split off (and never printed), origins judged secure or not, page URLs built.

Credentials live in `IndexURL.auth` only; `IndexURL.url` and every `display` string are free of
them, so an error message or a log line cannot leak a token written into `--index-url`.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from packaging.utils import canonicalize_name

from .errors import ConfigurationError

PYPI_SIMPLE = "https://pypi.org/simple/"
_SCHEMES = ("https", "http", "file")


@dataclass(frozen=True, slots=True)
class IndexURL:
    """A base URL of a simple repository, without credentials, plus where the setting came from."""

    url: str
    auth: tuple[str, str] | None = None
    origin: str = "default"
    trusted: bool = False  # listed in pip's trusted-host: plain http is accepted for it

    @property
    def display(self) -> str:
        return self.url

    @property
    def netloc(self) -> str:
        return urlsplit(self.url).netloc

    def project_url(self, name: str) -> str:
        """PEP 503: `<base>/<normalized-name>/`, always with the trailing slash."""
        return urljoin(self.url, quote(canonicalize_name(name)) + "/")


def parse_index_url(text: str, origin: str, trusted_hosts: frozenset[str] = frozenset()) -> IndexURL:
    """Split user:password off and normalise the base so it ends with `/`."""
    raw = text.strip()
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise ConfigurationError(f"index URL {redact(raw)!r} ({origin}): scheme must be one of {', '.join(_SCHEMES)}")
    if scheme != "file" and not parts.hostname:
        raise ConfigurationError(f"index URL {redact(raw)!r} ({origin}) has no host")
    auth: tuple[str, str] | None = None
    if parts.username is not None or parts.password is not None:
        auth = (unquote(parts.username or ""), unquote(parts.password or ""))
    netloc = _host_port(parts.hostname or "", parts.port) if scheme != "file" else parts.netloc.rpartition("@")[2]
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    url = urlunsplit((scheme, netloc, path, "", ""))
    trusted = (parts.hostname or "") in trusted_hosts or netloc in trusted_hosts
    index = IndexURL(url=url, auth=auth, origin=origin, trusted=trusted)
    check_secure(url, index.trusted, what=f"index {url} ({origin})")
    return index


def _host_port(host: str, port: int | None) -> str:
    host = host.lower()
    if ":" in host:  # an IPv6 literal lost its brackets in urlsplit
        host = f"[{host}]"
    return f"{host}:{port}" if port is not None else host


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_secure(url: str, trusted: bool, what: str) -> None:
    """Plain http only to this machine or a host the user trusted in pip's configuration (as pip does).

    A page fetched over plain http could carry forged hashes, so its hashes would prove nothing.
    """
    parts = urlsplit(url)
    if parts.scheme == "http" and not trusted and not is_loopback(parts.hostname or ""):
        raise ConfigurationError(
            f"{what} uses plain http to a remote host; use https, or list the host in pip's trusted-host setting"
        )


def resolve_link(base: str, href: str) -> str:
    """Resolve a link found on a page against the page URL; the fragment is kept for the caller."""
    return urljoin(base, href.strip())


def strip_fragment(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, "")), parts.fragment


def redact(url: str) -> str:
    """The URL with any user:password replaced by `***` (the user name may itself be a token)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """Remove secrets from text that came from elsewhere (an exception message may quote a URL)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
            text = text.replace(quote(secret, safe=""), "***")
    return text
