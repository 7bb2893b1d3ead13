"""The proxy's own simple-index pages: upstream's files, with every file URL pointing back at the proxy.

Links are relative (`../../files/<sha256>/<name>`), so the pages are right whatever host name or
path prefix a client reaches the proxy by. Upstream's hashes, `requires-python`, yanked status and
PEP 658 metadata hashes are passed through; the URL's sha256 is the hash pip checks the bytes against.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from ..index.hashes import strong_hash
from .upstream import ListedFile

API_VERSION = "1.0"


def file_href(listed: ListedFile) -> str:
    """Relative to a project page at `/simple/<project>/`."""
    return f"../../files/{listed.sha256}/{quote(listed.filename)}"


def project_json(name: str, files: Sequence[ListedFile]) -> bytes:
    entries = [_json_entry(listed) for listed in files]
    document = {"meta": {"api-version": API_VERSION}, "name": name, "files": entries}
    return json.dumps(document, separators=(",", ":")).encode()


def _json_entry(listed: ListedFile) -> dict[str, Any]:
    file = listed.file
    entry: dict[str, Any] = {"filename": file.filename, "url": file_href(listed), "hashes": dict(file.hashes)}
    if file.requires_python:
        entry["requires-python"] = file.requires_python
    entry["yanked"] = file.yanked if file.yanked else file.yanked is not None
    metadata = listed.metadata_hashes
    # Both spellings: PEP 714 renamed the key, and older installers only know the first one.
    entry["core-metadata"] = metadata if metadata is not None else False
    entry["dist-info-metadata"] = entry["core-metadata"]
    if file.size is not None:
        entry["size"] = file.size
    return entry


def project_html(name: str, files: Sequence[ListedFile]) -> bytes:
    lines = [
        "<!DOCTYPE html>",
        "<html>",
        "<head>",
        f'<meta name="pypi:repository-version" content="{API_VERSION}">',
        f"<title>Links for {html.escape(name)}</title>",
        "</head>",
        "<body>",
        f"<h1>Links for {html.escape(name)}</h1>",
    ]
    lines.extend(_anchor(listed) for listed in files)
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines).encode()


def _anchor(listed: ListedFile) -> str:
    file = listed.file
    attributes = [f'href="{html.escape(file_href(listed))}#sha256={listed.sha256}"']
    if file.requires_python:
        attributes.append(f'data-requires-python="{html.escape(file.requires_python)}"')
    if file.yanked is not None:
        attributes.append(f'data-yanked="{html.escape(file.yanked)}"')
    metadata = listed.metadata_hashes
    strongest = strong_hash(metadata) if metadata is not None else None
    if strongest is not None:
        value = "=".join(strongest)
        attributes.append(f'data-core-metadata="{value}" data-dist-info-metadata="{value}"')
    return f"<a {' '.join(attributes)}>{html.escape(file.filename)}</a><br>"


def root_json(names: Sequence[str]) -> bytes:
    document = {"meta": {"api-version": API_VERSION}, "projects": [{"name": n} for n in names]}
    return json.dumps(document, separators=(",", ":")).encode()


def root_html(names: Sequence[str]) -> bytes:
    anchors = "\n".join(f'<a href="{quote(n)}/">{html.escape(n)}</a><br>' for n in names)
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        f'<meta name="pypi:repository-version" content="{API_VERSION}">\n<title>Simple index</title>\n'
        f"</head>\n<body>\n{anchors}\n</body>\n</html>\n"
    ).encode()
