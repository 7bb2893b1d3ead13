"""PEP 503 project pages (HTML), read with the standard library's tolerant `html.parser`.

Honoured: `<base href>`, hashes in the URL fragment, `data-requires-python`, `data-yanked` (PEP 592),
`data-core-metadata` and its older spelling `data-dist-info-metadata` (PEP 658/714), and the
`pypi:repository-version` meta tag (PEP 629: a newer major version is refused, not guessed at).
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from .errors import BadIndexResponse
from .hashes import clean_hashes
from .models import IndexFile, ProjectPage
from .urls import resolve_link, strip_fragment


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.repository_version: str | None = None
        self.anchors: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.anchors.append(attributes)
        elif tag == "base" and self.base is None and attributes.get("href"):
            self.base = attributes["href"]
        elif tag == "meta" and attributes.get("name") == "pypi:repository-version":
            self.repository_version = attributes.get("content")


def parse_html_page(name: str, page_url: str, text: str) -> ProjectPage:
    collector = _LinkCollector()
    collector.feed(text)
    collector.close()
    version = collector.repository_version or "1.0"
    if version.split(".")[0] != "1":
        raise BadIndexResponse(f"{page_url}: repository version {version!r} is not supported (only 1.x)")
    base = resolve_link(page_url, collector.base) if collector.base else page_url
    files = tuple(f for f in (_file(base, a) for a in collector.anchors) if f is not None)
    return ProjectPage(name=name, url=page_url, files=files, api_version=version, format="html")


def _file(base: str, anchor: dict[str, str | None]) -> IndexFile | None:
    href = anchor.get("href") or ""
    url, fragment = strip_fragment(resolve_link(base, href))
    filename = unquote(urlsplit(url).path.rpartition("/")[2])
    if not filename:
        return None
    hashes = clean_hashes(_fragment_hashes(fragment))
    # PEP 714 renamed the attribute; the new name wins when both are present.
    metadata = anchor.get("data-core-metadata", anchor.get("data-dist-info-metadata"))
    return IndexFile(
        filename=filename,
        url=url,
        hashes=hashes,
        requires_python=anchor.get("data-requires-python") or None,
        # A bare `data-yanked` attribute (no value) means yanked without a reason.
        yanked=(anchor["data-yanked"] or "") if "data-yanked" in anchor else None,
        core_metadata=_metadata_hashes(metadata),
    )


def _fragment_hashes(fragment: str) -> dict[str, object]:
    algorithm, sep, digest = fragment.partition("=")
    return {algorithm: digest} if sep else {}


def _metadata_hashes(value: str | None) -> dict[str, str] | None:
    """`true` means "available, no hash"; `sha256=…` gives its hash; `false` or junk means not offered."""
    text = (value or "").strip()
    if text.lower() == "true":
        return {}
    if "=" in text:
        return clean_hashes(_fragment_hashes(text))
    return None
