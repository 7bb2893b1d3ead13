"""Pages through the proxy: PEP 691 JSON and PEP 503 HTML by negotiation, upstream attributes passed through,
file URLs rewritten to the proxy with upstream's sha256, PEP 658 metadata verified and passed through."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import httpx
import pytest
from proxy_fixtures import HONEST_SDIST, HONEST_WHEEL, ProxyFactory, PypiServer, StaticIndex, honest_wheel, sha256

from chainwatch.proxy.negotiate import HTML_TYPE, JSON_TYPE, choose

JSON_ACCEPT = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.1, text/html;q=0.01"
METADATA = b"Metadata-Version: 2.1\nName: cwfixture-honest\nVersion: 1.0\nRequires-Dist: cwfixture-other\n"


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.anchors.append(dict(attrs))


def anchors(text: str) -> list[dict[str, str | None]]:
    parser = _Anchors()
    parser.feed(text)
    return parser.anchors


def serve_rich_upstream(index: StaticIndex) -> bytes:
    """A PEP 691 upstream with every attribute the proxy must pass on, plus files it must leave out."""
    data = honest_wheel()
    index.add_file("/f/" + HONEST_WHEEL, data)
    index.add_file("/f/" + HONEST_WHEEL + ".metadata", METADATA)
    files = [
        {
            "filename": HONEST_WHEEL,
            "url": "/f/" + HONEST_WHEEL,
            "hashes": {"sha256": sha256(data)},
            "requires-python": ">=3.8",
            "yanked": "broken on Windows",
            "core-metadata": {"sha256": sha256(METADATA)},
            "size": len(data),
        },
        {"filename": "cwfixture_honest-0.5.tar.gz", "url": "/f/old.tar.gz", "hashes": {"md5": "0" * 32}},
        {"filename": "someone_else-1.0.tar.gz", "url": "/f/x.tar.gz", "hashes": {"sha256": "1" * 64}},
    ]
    page = {"meta": {"api-version": "1.1"}, "name": "cwfixture-honest", "files": files}
    index.add("/simple/cwfixture-honest/", json.dumps(page), JSON_TYPE)
    return data


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, ("html", "text/html")),
        ("*/*", ("html", "text/html")),
        (JSON_ACCEPT, ("json", JSON_TYPE)),
        ("application/vnd.pypi.simple.latest+json", ("json", JSON_TYPE)),
        ("application/vnd.pypi.simple.v1+html", ("html", HTML_TYPE)),
        ("text/html;q=0.5, application/vnd.pypi.simple.v1+json;q=0.4", ("html", "text/html")),
        ("application/json", None),
        ("text/html;q=0", None),
    ],
)
def test_negotiation(accept: str | None, expected: tuple[str, str] | None) -> None:
    assert choose(accept) == expected


def test_format_parameter_overrides_the_header() -> None:
    assert choose("text/html", JSON_TYPE) == ("json", JSON_TYPE)


def test_json_and_html_list_the_same_files_with_proxy_urls(upstream: PypiServer, make_proxy: ProxyFactory) -> None:
    proxy = make_proxy(upstream.url)
    page_url = proxy.index_url + "cwfixture-honest/"
    as_json = httpx.get(page_url, headers={"Accept": JSON_ACCEPT})
    assert as_json.headers["content-type"] == JSON_TYPE
    assert as_json.headers["cache-control"] == "no-store"
    document = as_json.json()
    assert document["meta"]["api-version"] == "1.0"
    assert document["name"] == "cwfixture-honest"
    by_name = {f["filename"]: f for f in document["files"]}
    assert set(by_name) == {HONEST_WHEEL, HONEST_SDIST}

    as_html = httpx.get(page_url, headers={"Accept": "text/html"})
    assert as_html.headers["content-type"].startswith("text/html")
    links = anchors(as_html.text)
    assert len(links) == 2
    for link in links:
        href = link["href"] or ""
        target = httpx.URL(page_url).join(href)
        filename = target.path.rsplit("/", 1)[1]
        entry = by_name[filename]
        # The same proxy URL in both formats, carrying upstream's sha256 in the path and the fragment.
        assert target.copy_with(fragment=None) == httpx.URL(page_url).join(entry["url"])
        assert target.host == "127.0.0.1" and target.port == proxy.port
        assert target.path == f"/files/{entry['hashes']['sha256']}/{filename}"
        assert target.fragment == f"sha256={entry['hashes']['sha256']}"


def test_attributes_pass_through_and_unverifiable_files_are_left_out(
    static_index: StaticIndex, make_proxy: ProxyFactory
) -> None:
    data = serve_rich_upstream(static_index)
    log: list[str] = []
    proxy = make_proxy(f"{static_index.base}/simple/", log)
    page_url = proxy.index_url + "cwfixture-honest/"
    (entry,) = httpx.get(page_url, headers={"Accept": JSON_ACCEPT}).json()["files"]
    assert entry["hashes"] == {"sha256": sha256(data)}
    assert entry["requires-python"] == ">=3.8"
    assert entry["yanked"] == "broken on Windows"
    assert entry["core-metadata"] == entry["dist-info-metadata"] == {"sha256": sha256(METADATA)}
    assert entry["size"] == len(data)
    assert any("without a sha256" in line for line in log)

    (link,) = anchors(httpx.get(page_url, headers={"Accept": "text/html"}).text)
    assert link["data-requires-python"] == ">=3.8"
    assert link["data-yanked"] == "broken on Windows"
    assert link["data-core-metadata"] == link["data-dist-info-metadata"] == f"sha256={sha256(METADATA)}"


def test_pep658_metadata_passes_through_verified(static_index: StaticIndex, make_proxy: ProxyFactory) -> None:
    serve_rich_upstream(static_index)
    proxy = make_proxy(f"{static_index.base}/simple/")
    page_url = proxy.index_url + "cwfixture-honest/"
    (entry,) = httpx.get(page_url, headers={"Accept": JSON_ACCEPT}).json()["files"]
    metadata = httpx.get(httpx.URL(page_url).join(entry["url"] + ".metadata"))
    assert metadata.status_code == 200
    assert metadata.content == METADATA
    # The metadata file is not the artifact: asking for it vets nothing.
    assert proxy.gate.vet_count == 0


def test_pep658_metadata_with_the_wrong_hash_is_refused(static_index: StaticIndex, make_proxy: ProxyFactory) -> None:
    serve_rich_upstream(static_index)
    static_index.add_file("/f/" + HONEST_WHEEL + ".metadata", METADATA + b"Requires-Dist: evil\n")
    proxy = make_proxy(f"{static_index.base}/simple/")
    page_url = proxy.index_url + "cwfixture-honest/"
    (entry,) = httpx.get(page_url, headers={"Accept": JSON_ACCEPT}).json()["files"]
    metadata = httpx.get(httpx.URL(page_url).join(entry["url"] + ".metadata"))
    assert metadata.status_code == 403
    assert "the index lists" in metadata.text


def test_names_are_normalised_by_redirect(upstream: PypiServer, make_proxy: ProxyFactory) -> None:
    proxy = make_proxy(upstream.url)
    for path in ("simple/CWFixture_Honest/", "simple/cwfixture-honest", "simple", ""):
        answer = httpx.get(f"{proxy.url}/{path}")
        assert answer.status_code == 301
    assert httpx.get(f"{proxy.url}/simple/CWFixture_Honest/").headers["location"] == "/simple/cwfixture-honest/"
    followed = httpx.get(f"{proxy.url}/simple/CWFixture.Honest", follow_redirects=True)
    assert followed.status_code == 200 and HONEST_WHEEL in followed.text


def test_unknown_project_unknown_route_and_unacceptable_format(upstream: PypiServer, make_proxy: ProxyFactory) -> None:
    proxy = make_proxy(upstream.url)
    assert httpx.get(proxy.index_url + "cwfixture-nothing/").status_code == 404
    assert httpx.get(f"{proxy.url}/admin").status_code == 404
    assert httpx.get(f"{proxy.url}/files/{'a' * 64}/not-a-distribution.exe").status_code == 404
    refused = httpx.get(proxy.index_url + "cwfixture-honest/", headers={"Accept": "application/json"})
    assert refused.status_code == 406
    assert httpx.get(f"{proxy.url}/health").text == "ok\n"


def test_head_answers_without_a_body(upstream: PypiServer, make_proxy: ProxyFactory) -> None:
    proxy = make_proxy(upstream.url)
    answer = httpx.head(proxy.index_url + "cwfixture-honest/", headers={"Accept": JSON_ACCEPT})
    assert answer.status_code == 200
    assert int(answer.headers["content-length"]) > 0
    assert answer.content == b""


def test_root_page_lists_upstream_projects(upstream: PypiServer, make_proxy: ProxyFactory) -> None:
    proxy = make_proxy(upstream.url)
    names = [p["name"] for p in httpx.get(proxy.index_url, headers={"Accept": JSON_ACCEPT}).json()["projects"]]
    assert {"cwfixture-honest", "cwproxy-evil", "reqeusts"} <= set(names)
    html_names = [a["href"] for a in anchors(httpx.get(proxy.index_url).text)]
    assert "cwfixture-honest/" in html_names


def test_root_page_is_404_when_upstream_has_none(static_index: StaticIndex, make_proxy: ProxyFactory) -> None:
    proxy = make_proxy(f"{static_index.base}/simple/")
    assert httpx.get(proxy.index_url).status_code == 404


def test_unreachable_upstream_is_a_bad_gateway(make_proxy: ProxyFactory) -> None:
    from proxy_fixtures import free_port

    proxy = make_proxy(f"http://127.0.0.1:{free_port()}/simple/")
    answer = httpx.get(proxy.index_url + "cwfixture-honest/")
    assert answer.status_code == 502
    assert "cannot reach" in answer.text


def test_same_bytes_on_two_indexes_are_listed_once(
    upstream: PypiServer, static_index: StaticIndex, make_proxy: ProxyFactory, tmp_path: object
) -> None:
    data = honest_wheel()
    static_index.add_file("/f/" + HONEST_WHEEL, data)
    link = f'<a href="/f/{HONEST_WHEEL}#sha256={sha256(data)}">{HONEST_WHEEL}</a>'
    static_index.add("/simple/cwfixture-honest/", link)
    from chainwatch.index.pipconfig import load_settings
    from chainwatch.proxy import ProxyConfig, ProxyServer

    settings = load_settings(upstream.url, [f"{static_index.base}/simple/"])
    config = ProxyConfig(settings=settings, cache_root=tmp_path / "cache")  # type: ignore[operator]
    with ProxyServer(config, [].append) as proxy:
        files = httpx.get(proxy.index_url + "cwfixture-honest/", headers={"Accept": JSON_ACCEPT}).json()["files"]
    assert sorted(f["filename"] for f in files) == [HONEST_WHEEL, HONEST_SDIST]
