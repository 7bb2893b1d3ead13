"""Web assets: a page, the scripts it loads and their source maps, fetched under limits and scanned in memory.

What is fetched: the page (after at most `max_redirects` redirects), every `<script src>` and
`<link rel=modulepreload|preload as=script>` it names, and for each script its source map
(`//# sourceMappingURL=` in the script's tail, or a `SourceMap`/`X-SourceMap` header; `data:` URLs
are decoded in place). From a map only `sourcesContent` is scanned, each source as its own file.

Origins: by default only assets of the page's own origin (scheme, host and port, after redirects)
are fetched; scripts from other origins (CDNs, analytics) are listed as skipped, because their
secrets are not the site's and fetching them would let a page steer requests anywhere. `cross_origin`
fetches them too. Each redirect hop is checked again. Only http(s) is ever requested.

Limits: bytes per page, script and map; number of scripts and map sources; total bytes; redirects;
a timeout per request and a deadline for the whole target. Exceeding one, a timeout, or an asset
that cannot be parsed is a fatal issue (the target was not fully analysed); a missing asset (4xx)
is not. Nothing fetched is executed; the page is parsed with the standard library's HTML parser.
"""

from __future__ import annotations

import base64
import json
import re
import time
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote_to_bytes, urljoin, urlsplit, urlunsplit

from ... import __version__
from .webtarget import WebLimits

USER_AGENT = f"chainwatch/{__version__} (secret scanner; +https://github.com/chainwatch/chainwatch)"
_MAP_KEY = b"sourceMappingURL="
_MAP_PREFIX = re.compile(rb"[#@][ \t]{0,4}\Z")  # `//# ` or `//@ ` right before the key
_NON_SPACE = re.compile(rb"\S+")
_MAP_TRIES = 16  # occurrences checked from the end (the name also appears in bundled tooling code)
_SCRIPT_TYPES = ("javascript", "ecmascript")
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class WebAsset:
    """One thing to scan: `display` is where it came from, `scan_path` how the engine should read it."""

    display: str
    scan_path: str
    data: bytes = field(repr=False)
    kind: str  # "page", "script", "source"


@dataclass(frozen=True, slots=True)
class WebIssue:
    url: str
    detail: str
    fatal: bool = False


@dataclass(slots=True)
class WebFetch:
    url: str
    assets: list[WebAsset] = field(default_factory=list)
    issues: list[WebIssue] = field(default_factory=list)
    requests: int = 0
    bytes: int = 0


class _Stop(Exception):
    """The deadline or the total byte budget ran out: nothing more is fetched."""


def _openers() -> tuple[Any, Any]:
    """(direct, through the environment's proxy) openers that never follow redirects themselves.

    urllib.request (with http.client, email, ssl) is imported here, not at start-up: most scans
    have no web target.
    """
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None  # each hop is checked by the fetcher itself

    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect())
    return direct, urllib.request.build_opener(NoRedirect())


@dataclass(frozen=True, slots=True)
class _Answer:
    url: str
    body: bytes
    headers: Mapping[str, str]


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port); raises ValueError for a malformed URL (bad IPv6 literal, port out of range)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, (parts.hostname or "").lower(), port


def _valid(url: str) -> bool:
    try:
        origin(url)
    except ValueError:
        return False
    return True


def _join(base: str, reference: str) -> str:
    """`reference` resolved against `base`; a malformed one is kept as is and rejected when fetched."""
    try:
        return urljoin(base, reference)
    except ValueError:
        return reference


def _parses(url: str) -> bool:
    try:
        urlsplit(url)
    except ValueError:
        return False
    return True


def _clean(url: str) -> str:
    """The URL without its fragment (never sent) for display and de-duplication."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


class _Fetcher:
    def __init__(self, limits: WebLimits, result: WebFetch) -> None:
        self.limits = limits
        self.result = result
        self.started = time.monotonic()
        self._direct, self._proxied = _openers()
        self.page_origin: tuple[str, str, int] | None = None

    def _remaining(self) -> float:
        left = self.limits.deadline - (time.monotonic() - self.started)
        if left <= 0:
            raise _Stop(f"deadline of {self.limits.deadline:g}s reached")
        return left

    def allowed(self, url: str) -> bool:
        return self.limits.cross_origin or self.page_origin is None or origin(url) == self.page_origin

    def get(self, url: str, max_bytes: int, what: str) -> _Answer | None:
        """Fetch with checked redirects; None (with an issue recorded) when it cannot or must not be read."""
        for _ in range(self.limits.max_redirects + 1):
            if not _valid(url):
                self._issue(url, f"{what}: malformed URL; not fetched", fatal=False)
                return None
            scheme = urlsplit(url).scheme.lower()
            if scheme not in ("http", "https"):
                self._issue(url, f"{what}: only http(s) is fetched, not {scheme or 'a relative URL'}", fatal=False)
                return None
            if not self.allowed(url):
                self._issue(url, f"{what} from another origin not fetched (allow with --web-cross-origin)", False)
                return None
            answer = self._request(url, max_bytes, what)
            if answer is None or isinstance(answer, _Answer):
                return answer
            url = answer  # a redirect target, checked on the next round
        self._issue(url, f"{what}: more than {self.limits.max_redirects} redirects", fatal=True)
        return None

    def _request(self, url: str, max_bytes: int, what: str) -> _Answer | str | None:
        import urllib.error
        import urllib.request

        from .verify.http import is_loopback

        host = urlsplit(url).hostname or ""
        opener = self._direct if is_loopback(host) else self._proxied
        request = urllib.request.Request(
            url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate, identity"}
        )
        self.result.requests += 1
        try:
            response = opener.open(request, timeout=min(self.limits.timeout, self._remaining()))
        except urllib.error.HTTPError as error:
            with error:
                location = error.headers.get("Location") if error.headers else None
                if 300 <= error.code < 400 and location:
                    return _join(url, location)
                # A missing asset is nothing to analyse; a failing page or server error is.
                fatal = what == "page" or error.code >= 500
                self._issue(url, f"{what}: HTTP {error.code}", fatal=fatal)
                return None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            self._issue(url, f"{what}: could not fetch ({getattr(exc, 'reason', exc)})", fatal=True)
            return None
        with response:
            status: int = response.status
            headers: dict[str, str] = {k.lower(): str(v) for k, v in response.headers.items()}
            if 300 <= status < 400 and headers.get("location"):
                return _join(url, headers["location"])
            try:
                body = self._read(response, max_bytes, url, what)
            except (OSError, ValueError) as exc:
                self._issue(url, f"{what}: read failed ({exc})", fatal=True)
                return None
        if body is None:
            return None
        body = self._decode(body, headers.get("content-encoding", ""), max_bytes, url, what)
        return None if body is None else _Answer(url, body, headers)

    def _read(self, response: Any, max_bytes: int, url: str, what: str) -> bytes | None:
        parts: list[bytes] = []
        size = 0
        while True:
            self._remaining()
            chunk = response.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                self._issue(url, f"{what} larger than {max_bytes} bytes; not scanned", fatal=True)
                return None
            self._spend(len(chunk))
            parts.append(chunk)
        return b"".join(parts)

    def _decode(self, body: bytes, encoding: str, max_bytes: int, url: str, what: str) -> bytes | None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            return body
        if encoding not in ("gzip", "x-gzip", "deflate"):
            self._issue(url, f"{what}: unsupported content encoding {encoding!r}", fatal=True)
            return None
        # Bounded inflation: a compression bomb stops at the size limit.
        inflater = zlib.decompressobj(wbits=47 if "gzip" in encoding else 15)
        try:
            data = inflater.decompress(body, max_bytes + 1)
        except zlib.error as exc:
            self._issue(url, f"{what}: corrupt {encoding} body ({exc})", fatal=True)
            return None
        if len(data) > max_bytes or inflater.unconsumed_tail:
            self._issue(url, f"{what} larger than {max_bytes} bytes once decompressed; not scanned", fatal=True)
            return None
        self._spend(len(data))
        return data

    def _spend(self, count: int) -> None:
        self.result.bytes += count
        if self.result.bytes > self.limits.max_total_bytes:
            raise _Stop(f"total of {self.limits.max_total_bytes} bytes fetched")

    def _issue(self, url: str, detail: str, fatal: bool) -> None:
        self.result.issues.append(WebIssue(_clean(url), detail, fatal))


class _PageParser(HTMLParser):
    """Script URLs a browser would load, in document order, and the `<base href>` they resolve against."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "").strip() for name, value in attrs}
        if tag == "base" and self.base is None and values.get("href"):
            self.base = values["href"]
        elif tag == "script" and values.get("src"):
            self.scripts.append(values["src"])
        elif tag == "link" and values.get("href"):
            rel = set(values.get("rel", "").lower().split())
            if "modulepreload" in rel or ("preload" in rel and values.get("as", "").lower() == "script"):
                self.scripts.append(values["href"])


def _script_urls(page: bytes, page_url: str, headers: Mapping[str, str]) -> list[str]:
    charset = re.search(r"charset=([\w.\-]+)", headers.get("content-type", ""))
    try:
        text = page.decode(charset.group(1) if charset else "utf-8", "replace")
    except LookupError:
        text = page.decode("utf-8", "replace")
    parser = _PageParser()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # the stdlib parser's reaction to some broken markup
        pass
    base = _join(page_url, parser.base) if parser.base else page_url
    if not _parses(base):
        base = page_url  # browsers ignore a malformed <base href> (`http://[`); scripts resolve against the page
    return list(dict.fromkeys(_clean(_join(base, src)) for src in parser.scripts))


def _map_reference(script: bytes, headers: Mapping[str, str]) -> str | None:
    """The script's source map URL: a header, else the last `//# sourceMappingURL=` comment (an inline
    `data:` map can be megabytes long, so the comment is found from the end, not in a fixed tail)."""
    header = headers.get("sourcemap") or headers.get("x-sourcemap")
    if header:
        return header.strip()
    end = len(script)
    for _ in range(_MAP_TRIES):
        at = script.rfind(_MAP_KEY, 0, end)
        if at == -1:
            return None
        if _MAP_PREFIX.search(script, max(0, at - 8), at):
            found = _NON_SPACE.match(script, at + len(_MAP_KEY))
            return found.group(0).decode("utf-8", "replace").removesuffix("*/") if found else None
        end = at
    return None


def _data_url(url: str, max_bytes: int) -> bytes | None:
    """The payload of a `data:` URL (base64 or percent-encoded), or None if malformed or too large."""
    meta, sep, payload = url[5:].partition(",")
    if not sep or len(payload) > max_bytes * 2:
        return None
    try:
        data = base64.b64decode(payload, validate=False) if meta.endswith(";base64") else unquote_to_bytes(payload)
    except ValueError:
        return None
    return data if len(data) <= max_bytes else None


def _map_sources(document: Any, depth: int = 0) -> Iterator[tuple[str, str]]:
    """(source name, content) pairs of a source map, index maps (`sections`) included one level deep."""
    if not isinstance(document, dict):
        return
    if isinstance(document.get("sections"), list) and depth == 0:
        for section in document["sections"]:
            if isinstance(section, dict):
                yield from _map_sources(section.get("map"), depth + 1)
        return
    sources, contents = document.get("sources"), document.get("sourcesContent")
    if not isinstance(sources, list) or not isinstance(contents, list):
        return
    root = document.get("sourceRoot") if isinstance(document.get("sourceRoot"), str) else ""
    for index, content in enumerate(contents):
        if isinstance(content, str) and content:
            name = sources[index] if index < len(sources) and isinstance(sources[index], str) else f"source-{index}"
            yield f"{root}{name}", content


def source_scan_path(name: str) -> str:
    """How the engine should read a map source: `webpack:///./src/app.ts?abcd` → `src/app.ts`."""
    path = re.sub(r"^[a-zA-Z][\w+.\-]*:/*", "", name).split("?", 1)[0]
    parts = [p for p in path.split("/") if p not in ("", ".", "..")]
    return "/".join(parts) or "source"


def _asset_scan_path(url: str, default_name: str) -> str:
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1]
    if not name or "." not in name:
        path = path.rstrip("/") + "/" + default_name
    return path.lstrip("/") or default_name


def fetch_web(url: str, limits: WebLimits = WebLimits()) -> WebFetch:
    """Fetch a page, its scripts and their source maps; never raises for network or content problems."""
    result = WebFetch(_clean(url))
    fetcher = _Fetcher(limits, result)
    try:
        _fetch_all(fetcher, url, limits, result)
    except _Stop as stop:
        result.issues.append(WebIssue(result.url, f"stopped: {stop}; the rest was not fetched", fatal=True))
    return result


def _fetch_all(fetcher: _Fetcher, url: str, limits: WebLimits, result: WebFetch) -> None:
    page = fetcher.get(url, limits.max_page_bytes, "page")
    if page is None:
        return
    fetcher.page_origin = origin(page.url)
    if _is_script(page):  # the URL of a bundle itself: scan it and its map
        result.assets.append(WebAsset(_clean(page.url), _asset_scan_path(page.url, "script.js"), page.body, "script"))
        reference = _map_reference(page.body, page.headers)
        if reference:
            _fetch_map(fetcher, page.url, reference, limits, result, limits.max_sources)
        return
    result.assets.append(WebAsset(_clean(page.url), _asset_scan_path(page.url, "index.html"), page.body, "page"))
    scripts = _script_urls(page.body, page.url, page.headers)
    if len(scripts) > limits.max_scripts:
        result.issues.append(
            WebIssue(result.url, f"{len(scripts)} scripts; only the first {limits.max_scripts} fetched", fatal=True)
        )
    sources_left = limits.max_sources
    for script_url in scripts[: limits.max_scripts]:
        script = fetcher.get(script_url, limits.max_script_bytes, "script")
        if script is None:
            continue
        result.assets.append(
            WebAsset(_clean(script.url), _asset_scan_path(script.url, "script.js"), script.body, "script")
        )
        reference = _map_reference(script.body, script.headers)
        if reference:
            sources_left = _fetch_map(fetcher, script.url, reference, limits, result, sources_left)


def _is_script(answer: _Answer) -> bool:
    content_type = answer.headers.get("content-type", "").lower()
    if any(kind in content_type for kind in _SCRIPT_TYPES):
        return True
    return not content_type.startswith("text/html") and urlsplit(answer.url).path.endswith((".js", ".mjs", ".cjs"))


def _fetch_map(
    fetcher: _Fetcher, script_url: str, reference: str, limits: WebLimits, result: WebFetch, sources_left: int
) -> int:
    if reference.startswith("data:"):
        map_url = f"{_clean(script_url)}#sourcemap"
        body = _data_url(reference, limits.max_map_bytes)
        if body is None:
            result.issues.append(WebIssue(map_url, "inline source map is malformed or too large", fatal=True))
            return sources_left
    else:
        answer = fetcher.get(_join(script_url, reference), limits.max_map_bytes, "source map")
        if answer is None:
            return sources_left
        map_url, body = _clean(answer.url), answer.body
    try:
        document = json.loads(body.lstrip(b")]}'\n"))  # the XSSI guard some servers prepend
    except (ValueError, RecursionError) as exc:
        result.issues.append(WebIssue(map_url, f"source map is not valid JSON ({str(exc)[:80]})", fatal=True))
        return sources_left
    for name, content in _map_sources(document):
        if sources_left <= 0:
            result.issues.append(
                WebIssue(map_url, f"more than {limits.max_sources} map sources; rest not scanned", True)
            )
            break
        sources_left -= 1
        data = content.encode("utf-8", "surrogatepass")
        result.assets.append(WebAsset(f"{map_url}!/{name}", source_scan_path(name), data, "source"))
    return sources_left
