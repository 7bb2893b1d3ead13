"""The index client: read project pages (PEP 691 JSON, else PEP 503 HTML), download files verified by hash.

Nothing downloaded is kept unless its digest matches the one the index published; what is kept goes
into the content-addressed cache, and a file already there is not downloaded again.
"""

from __future__ import annotations

import io
import ssl
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit
from urllib.request import url2pathname

import httpx

from .cache import ArtifactCache
from .errors import BadIndexResponse, ConfigurationError, DownloadRefused, FileTooLarge, UnhashedFile
from .fetch import Fetcher
from .hashes import StreamingCheck, strong_hash
from .html_page import parse_html_page
from .json_page import JSON_CONTENT_TYPE, parse_json_page
from .models import Artifact, IndexFile, ProjectPage
from .names import DistributionName, safe_filename
from .pipconfig import IndexSettings
from .transport import make_client
from .urls import IndexURL, check_secure, redact

# PEP 691 content negotiation: JSON preferred, HTML accepted from servers that only speak PEP 503.
PAGE_ACCEPT = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"
_HTML_TYPES = ("application/vnd.pypi.simple.v1+html", "text/html", "")
_JSON_TYPES = (JSON_CONTENT_TYPE, "application/vnd.pypi.simple.latest+json")
MiB = 1024 * 1024
DEFAULT_MAX_FILE = 768 * MiB  # the pipeline's default total-size limit: anything bigger could not be analysed
MAX_PAGE = 128 * MiB  # the largest real project pages are tens of MiB
MAX_METADATA = 16 * MiB


class IndexClient:
    def __init__(
        self,
        settings: IndexSettings,
        cache: ArtifactCache | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        max_file_size: int = DEFAULT_MAX_FILE,
        max_seconds: float = 900.0,
        allow_unhashed: bool = False,
    ) -> None:
        self.settings = settings
        self.cache = cache or ArtifactCache()
        self.max_file_size = max_file_size
        self.allow_unhashed = allow_unhashed
        self.notes: list[str] = []  # things the user should hear that are not errors
        try:
            http = make_client(settings.timeout, settings.cert, transport)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigurationError(f"cannot load the certificate bundle {settings.cert!r}: {exc}") from None
        credentials = {(urlsplit(i.url).scheme, i.netloc): i.auth for i in settings.indexes if i.auth is not None}
        trusted = settings.trusted_hosts | {i.netloc for i in settings.indexes if i.trusted}
        self.fetcher = Fetcher(http, credentials, frozenset(trusted), max_seconds=max_seconds)

    def close(self) -> None:
        self.fetcher.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    # -- pages -------------------------------------------------------------------------------
    def project_page(self, index: IndexURL, name: str) -> ProjectPage | None:
        """The project's page on one index, or None when that index does not have the project."""
        if index.url.startswith("file:") and not Path(_file_path(index.url)).is_dir():
            # pip ignores such a location with a warning; so do we, but the user hears about it.
            self.notes.append(f"index {index.display} ({index.origin}) ignored: not a directory")
            return None
        what = f"project {name!r} on {index.display}"
        page = self.fetcher.get(index.project_url(name), PAGE_ACCEPT, MAX_PAGE, what)
        if page.status in (404, 410):
            return None
        if page.status != 200:
            raise self.fetcher.status_error(page, what)
        if page.content_type in _JSON_TYPES:
            return parse_json_page(name, page.url, page.body)
        if page.content_type in _HTML_TYPES:
            return parse_html_page(name, page.url, page.body.decode("utf-8", "replace"))
        raise BadIndexResponse(f"{what}: unexpected content type {page.content_type!r}")

    # -- files -------------------------------------------------------------------------------
    def download(
        self, index: IndexURL, file: IndexFile, dist: DistributionName, known_sha256: str | None = None
    ) -> Artifact:
        """The file's bytes in the cache, checked against the index's hash (or taken unhashed if allowed)."""
        what = f"{file.filename} from {index.display}"
        if not safe_filename(file.filename):
            raise DownloadRefused(f"{what}: unsafe file name {file.filename[:100]!r}; refused")
        expected = strong_hash(file.hashes)
        if expected is None and not self.allow_unhashed:
            raise UnhashedFile(
                f"{what}: the index lists no sha256 (or stronger) hash for it, so its bytes cannot be verified; "
                "refused (--allow-unhashed accepts such files, trusting the connection alone)"
            )
        sha256 = file.hashes.get("sha256") or known_sha256
        if sha256:
            cached = self.cache.lookup(sha256, file.filename)
            if cached is not None:
                return self._artifact(index, file, dist, sha256, cached, expected is not None, from_cache=True)
        self._check_link(index, file.url, what)
        if file.size is not None and file.size > self.max_file_size:
            raise FileTooLarge(f"{what}: the index lists {file.size} bytes, over the {self.max_file_size}-byte limit")
        with self.cache.incoming() as (handle, temporary):
            check = StreamingCheck(expected)
            self.fetcher.download(file.url, handle, check, self.max_file_size, what)
            handle.close()
            sha256 = check.finish(what)
            stored = self.cache.store(temporary, sha256, file.filename)
        return self._artifact(index, file, dist, sha256, stored, expected is not None, from_cache=False)

    def metadata(self, index: IndexURL, file: IndexFile) -> bytes:
        """The file's core metadata (PEP 658/714), verified like any download."""
        what = f"metadata of {file.filename} from {index.display}"
        url = file.metadata_url
        if url is None or file.core_metadata is None:
            raise DownloadRefused(f"{what}: the index does not offer it separately")
        expected = strong_hash(file.core_metadata)
        if expected is None and not self.allow_unhashed:
            raise UnhashedFile(f"{what}: the index lists no sha256 (or stronger) hash for it; refused")
        self._check_link(index, url, what)
        sink = io.BytesIO()
        check = StreamingCheck(expected)
        self.fetcher.download(url, sink, check, MAX_METADATA, what)
        check.finish(what)
        return sink.getvalue()

    # -- helpers -----------------------------------------------------------------------------
    def _check_link(self, index: IndexURL, url: str, what: str) -> None:
        """A page may point anywhere: never at local files from a remote index, never over remote plain http."""
        scheme = urlsplit(url).scheme
        if scheme == "file" and not index.url.startswith("file:"):
            raise DownloadRefused(f"{what}: a remote index points at a local file ({redact(url)}); refused")
        if scheme not in ("http", "https", "file"):
            raise DownloadRefused(f"{what}: unsupported URL scheme {scheme!r}")
        host = urlsplit(url).hostname or ""
        netloc = urlsplit(url).netloc.rpartition("@")[2]
        trusted = host in self.fetcher.trusted or netloc in self.fetcher.trusted
        check_secure(url, trusted, f"{what}: the file URL")

    def _artifact(
        self,
        index: IndexURL,
        file: IndexFile,
        dist: DistributionName,
        sha256: str,
        path: Path,
        verified: bool,
        from_cache: bool,
    ) -> Artifact:
        return Artifact(
            project=dist.project,
            version=dist.version,
            filename=file.filename,
            kind=dist.kind,
            sha256=sha256,
            path=path,
            index=index.display,
            verified=verified,
            yanked=file.yanked,
            from_cache=from_cache,
        )


def _file_path(url: str) -> str:
    return url2pathname(urlsplit(url).path)
