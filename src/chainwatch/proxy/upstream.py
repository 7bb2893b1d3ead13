"""The upstream side of the proxy: project pages merged across the configured indexes, files found by hash.

Every file the proxy lists is remembered by its sha256, so a later `/files/<sha256>/<name>` request
knows which index and URL it came from. A request for a hash this process never listed (a lock file
written against a proxy that has since restarted) is answered by reading the project's pages again.
Files upstream lists without a sha256 are left out: their bytes could not be tied to the URL's hash.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from packaging.utils import canonicalize_name

from ..index.client import MAX_PAGE, PAGE_ACCEPT, IndexClient
from ..index.errors import BadIndexResponse
from ..index.hashes import strong_hash
from ..index.json_page import JSON_CONTENT_TYPE
from ..index.models import IndexFile
from ..index.names import parse_distribution_filename
from ..index.urls import IndexURL

Log = Callable[[str], None]
_MAX_KNOWN = 500_000  # listed files remembered by hash (a few hundred bytes each)


@dataclass(frozen=True, slots=True)
class ListedFile:
    """One file of a project as the proxy lists it: where it really lives, and the hash it is known by."""

    index: IndexURL
    file: IndexFile
    sha256: str

    @property
    def filename(self) -> str:
        return self.file.filename

    @property
    def metadata_hashes(self) -> dict[str, str] | None:
        """PEP 658 metadata is offered only when upstream gave it a strong hash the proxy can check."""
        hashes = self.file.core_metadata
        return hashes if hashes is not None and strong_hash(hashes) is not None else None


class Upstream:
    def __init__(self, client: IndexClient, log: Log) -> None:
        self.client = client
        self.log = log
        self._known: dict[str, ListedFile] = {}
        self._lock = threading.Lock()

    def project(self, name: str) -> list[ListedFile] | None:
        """The project's files from every index, first index first; None when no index has the project.

        An index that cannot be read raises (`IndexClientError`): a page missing one index's files
        would let a client pick a file from another index that it would not otherwise have chosen.
        """
        canonical = str(canonicalize_name(name))
        pages = [(index, self.client.project_page(index, canonical)) for index in self.client.settings.indexes]
        if all(page is None for _index, page in pages):
            return None
        listed: list[ListedFile] = []
        seen_hashes: set[str] = set()
        first_home: dict[str, str] = {}
        unhashed = 0
        for index, page in pages:
            for file in page.files if page is not None else ():
                dist = parse_distribution_filename(file.filename)
                if dist is None or dist.project != canonical:
                    continue  # pip ignores links to other projects' files, and so do we
                sha256 = file.hashes.get("sha256")
                if sha256 is None:
                    unhashed += 1
                    continue
                if sha256 in seen_hashes:
                    continue  # the same bytes on two indexes: listed once
                home = first_home.setdefault(file.filename, index.display)
                if home != index.display:
                    self.log(
                        f"note: {file.filename} differs between {home} and {index.display} (same name, other "
                        "bytes): a sign of dependency confusion; each is vetted on its own"
                    )
                seen_hashes.add(sha256)
                listed.append(ListedFile(index, file, sha256))
        if unhashed:
            self.log(f"note: {canonical}: {unhashed} file(s) listed without a sha256 hash were left out")
        with self._lock:
            if len(self._known) > _MAX_KNOWN:
                self._known.clear()  # forgotten files are found again by reading their project's pages
            self._known.update((item.sha256, item) for item in listed)
        return listed

    def locate(self, sha256: str, filename: str) -> ListedFile | None:
        """The listed file with this hash and name, reading the project's pages again if need be."""
        found = self._known.get(sha256)
        if found is None:
            dist = parse_distribution_filename(filename)
            if dist is None:
                return None
            self.project(dist.project)
            found = self._known.get(sha256)
        return found if found is not None and found.filename == filename else None

    def download(self, listed: ListedFile) -> Path:
        """The verified bytes in the content-addressed cache (downloaded only if not there yet)."""
        dist = parse_distribution_filename(listed.filename)
        if dist is None:
            raise BadIndexResponse(f"{listed.filename}: not a distribution file name")
        return self.client.download(listed.index, listed.file, dist, known_sha256=listed.sha256).path

    def metadata(self, listed: ListedFile) -> bytes:
        return self.client.metadata(listed.index, listed.file)

    def project_names(self) -> list[str] | None:
        """Every project any index lists on its root page; None when no index offers a root page."""
        names: set[str] = set()
        answered = False
        for index in self.client.settings.indexes:
            what = f"the project list of {index.display}"
            page = self.client.fetcher.get(index.url, PAGE_ACCEPT, MAX_PAGE, what)
            if page.status != 200:
                continue
            answered = True
            names.update(_root_names(page.content_type, page.body, what))
        return sorted(names) if answered else None


def _root_names(content_type: str, body: bytes, what: str) -> set[str]:
    if content_type in (JSON_CONTENT_TYPE, "application/vnd.pypi.simple.latest+json"):
        try:
            projects = json.loads(body).get("projects", [])
            return {str(canonicalize_name(p["name"])) for p in projects if isinstance(p.get("name"), str)}
        except (ValueError, AttributeError, TypeError) as exc:
            raise BadIndexResponse(f"{what}: not a PEP 691 project list ({type(exc).__name__})") from None
    collector = _AnchorText()
    collector.feed(body.decode("utf-8", "replace"))
    collector.close()
    return {str(canonicalize_name(t)) for t in collector.texts if t.strip()}


class _AnchorText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._inside = True
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.texts[-1] += data.strip()
