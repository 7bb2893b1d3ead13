"""PEP 503 HTML and PEP 691 JSON project pages, parsed from hand-written text."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainwatch.index.errors import BadIndexResponse
from chainwatch.index.html_page import parse_html_page
from chainwatch.index.json_page import parse_json_page

H = "a" * 64
PAGE = "https://index.example/simple/demo/"

HTML = f"""<!DOCTYPE html>
<html><head><meta name="pypi:repository-version" content="1.1"><title>Links for demo</title></head>
<body>
<a href="../../files/demo-1.0.tar.gz#sha256={H}" data-requires-python="&gt;=3.8">demo-1.0.tar.gz</a>
<a href="https://cdn.example/f/demo-1.0-py3-none-any.whl#sha256={H.upper()}" data-yanked="broken build"
   data-dist-info-metadata="sha256={"b" * 64}">demo-1.0-py3-none-any.whl</a>
<a href="/f/demo-0.9.zip#md5=0123456789abcdef0123456789abcdef" data-yanked data-core-metadata="true">x</a>
<a href="/f/demo-0.8.tar.gz#sha256=nothex" data-core-metadata="false" data-dist-info-metadata="true">x</a>
<a>no href</a>
</body></html>"""


def test_html_links_hashes_and_attributes() -> None:
    page = parse_html_page("demo", PAGE, HTML)
    assert page.format == "html" and page.api_version == "1.1"
    sdist, wheel, old, older = page.files
    assert sdist.filename == "demo-1.0.tar.gz"
    assert sdist.url == "https://index.example/files/demo-1.0.tar.gz"  # relative link resolved, fragment removed
    assert sdist.hashes == {"sha256": H}
    assert sdist.requires_python == ">=3.8"  # character references decoded
    assert sdist.yanked is None and sdist.core_metadata is None
    assert wheel.hashes == {"sha256": H}  # digests normalised to lower case
    assert wheel.yanked == "broken build"
    assert wheel.core_metadata == {"sha256": "b" * 64}
    assert wheel.metadata_url == wheel.url + ".metadata"
    assert old.hashes == {"md5": "0123456789abcdef0123456789abcdef"}
    assert old.yanked == "" and old.core_metadata == {}
    assert older.hashes == {}  # a malformed digest is dropped, so the file counts as unhashed
    assert older.core_metadata is None  # PEP 714: data-core-metadata wins over the old name


def test_html_base_href_changes_where_links_point() -> None:
    html = f'<html><head><base href="https://mirror.example/pkgs/"></head><a href="demo-1.0.tar.gz#sha256={H}">x</a>'
    (file,) = parse_html_page("demo", PAGE, html).files
    assert file.url == "https://mirror.example/pkgs/demo-1.0.tar.gz"


def test_html_filename_comes_from_the_url_not_the_anchor_text() -> None:
    html = '<a href="/f/demo%2B-1.0.tar.gz">innocent.txt</a>'
    (file,) = parse_html_page("demo", PAGE, html).files
    assert file.filename == "demo+-1.0.tar.gz"


def test_html_newer_major_repository_version_is_refused() -> None:
    with pytest.raises(BadIndexResponse, match="repository version"):
        parse_html_page("demo", PAGE, '<meta name="pypi:repository-version" content="2.0"><a href="x.tar.gz">x</a>')


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_html_parser_never_raises_on_junk(text: str) -> None:
    parse_html_page("demo", PAGE, text)


def _json(files: list[object], version: object = "1.1") -> bytes:
    return json.dumps({"meta": {"api-version": version}, "name": "demo", "files": files}).encode()


def test_json_files() -> None:
    body = _json(
        [
            {
                "filename": "demo-1.0.tar.gz",
                "url": "../../files/demo-1.0.tar.gz",
                "hashes": {"sha256": H, "blake2b": "zz"},
                "requires-python": ">=3.9",
                "core-metadata": {"sha256": "c" * 64},
                "yanked": "security issue",
                "size": 1234,
            },
            {"filename": "demo-1.0-py3-none-any.whl", "url": "https://cdn.example/w.whl", "hashes": {}, "yanked": True},
            {"filename": "demo-0.9.tar.gz", "url": "/f/demo-0.9.tar.gz", "hashes": {}, "dist-info-metadata": True},
        ]
    )
    page = parse_json_page("demo", PAGE, body)
    sdist, wheel, old = page.files
    assert page.format == "json" and page.api_version == "1.1"
    assert sdist.url == "https://index.example/files/demo-1.0.tar.gz"
    assert sdist.hashes == {"sha256": H}
    assert (sdist.requires_python, sdist.yanked, sdist.size) == (">=3.9", "security issue", 1234)
    assert sdist.core_metadata == {"sha256": "c" * 64}
    assert wheel.yanked == "" and wheel.core_metadata is None
    assert old.core_metadata == {}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "not valid JSON"),
        (b"[]", "must be a JSON object"),
        (_json([], version="2.0"), "API version"),
        (_json([], version=None), "API version"),
        (json.dumps({"meta": {"api-version": "1.0"}}).encode(), "'files' must be a list"),
        (_json(["x"]), "is not an object"),
        (_json([{"filename": "a.tar.gz", "url": "a.tar.gz"}]), "lacks"),
        (_json([{"filename": "a.tar.gz", "url": "a", "hashes": {}, "size": -1}]), "size"),
        (_json([{"filename": "a.tar.gz", "url": "a", "hashes": {}, "yanked": 3}]), "yanked"),
        (_json([{"filename": "a.tar.gz", "url": "a", "hashes": {}, "core-metadata": "yes"}]), "core-metadata"),
        (_json([{"filename": "a.tar.gz", "url": "a", "hashes": {}, "requires-python": 3}]), "requires-python"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ],
)
def test_json_malformed_pages_are_refused_whole(body: bytes, message: str) -> None:
    with pytest.raises(BadIndexResponse, match=message):
        parse_json_page("demo", PAGE, body)
