"""PEP 691 project pages (`application/vnd.pypi.simple.v1+json`).

Strict on shape: an entry we cannot read fails the whole page instead of being skipped, because a
skipped file would go unvetted while pip might still install it.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import BadIndexResponse
from .hashes import clean_hashes
from .models import IndexFile, ProjectPage
from .urls import resolve_link, strip_fragment

JSON_CONTENT_TYPE = "application/vnd.pypi.simple.v1+json"


def parse_json_page(name: str, page_url: str, body: bytes) -> ProjectPage:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise BadIndexResponse(f"{page_url}: not valid JSON ({type(exc).__name__})") from None
    if not isinstance(document, dict):
        raise BadIndexResponse(f"{page_url}: a PEP 691 page must be a JSON object")
    meta = document.get("meta")
    version = meta.get("api-version") if isinstance(meta, dict) else None
    if not isinstance(version, str) or version.split(".")[0] != "1":
        raise BadIndexResponse(f"{page_url}: API version {version!r} is not supported (only 1.x)")
    entries = document.get("files")
    if not isinstance(entries, list):
        raise BadIndexResponse(f"{page_url}: 'files' must be a list")
    files = tuple(_file(page_url, entry, position) for position, entry in enumerate(entries))
    return ProjectPage(name=name, url=page_url, files=files, api_version=version, format="json")


def _file(page_url: str, entry: Any, position: int) -> IndexFile:
    where = f"{page_url}: files[{position}]"
    if not isinstance(entry, dict):
        raise BadIndexResponse(f"{where} is not an object")
    filename, url, hashes = entry.get("filename"), entry.get("url"), entry.get("hashes")
    if not isinstance(filename, str) or not isinstance(url, str) or not isinstance(hashes, dict):
        raise BadIndexResponse(f"{where} lacks a string 'filename', a string 'url' or a 'hashes' object")
    requires_python = entry.get("requires-python")
    if requires_python is not None and not isinstance(requires_python, str):
        raise BadIndexResponse(f"{where}: 'requires-python' must be a string")
    size = entry.get("size")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        raise BadIndexResponse(f"{where}: 'size' must be a non-negative integer")
    absolute, _fragment = strip_fragment(resolve_link(page_url, url))
    return IndexFile(
        filename=filename,
        url=absolute,
        hashes=clean_hashes(hashes),
        requires_python=requires_python or None,
        yanked=_yanked(entry.get("yanked", False), where),
        core_metadata=_metadata(entry.get("core-metadata", entry.get("dist-info-metadata", False)), where),
        size=size,
    )


def _yanked(value: Any, where: str) -> str | None:
    if value is False or value is None:
        return None
    if value is True:
        return ""
    if isinstance(value, str):
        return value
    raise BadIndexResponse(f"{where}: 'yanked' must be a boolean or a string")


def _metadata(value: Any, where: str) -> dict[str, str] | None:
    if value is False or value is None:
        return None
    if value is True:
        return {}
    if isinstance(value, dict):
        return clean_hashes(value)
    raise BadIndexResponse(f"{where}: 'core-metadata' must be a boolean or a hashes object")
