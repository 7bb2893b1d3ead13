"""`chainwatch secrets https://…`: pages, scripts and source maps served from loopback, under limits."""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for
from secret_fixtures import github_token, token_for
from secrets_loopback import Reply, Server, serve

from chainwatch.analyzers.secrets.web import WebLimits, fetch_web, source_scan_path
from chainwatch.cli import main

SARIF_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"


def _run(capsys: pytest.CaptureFixture[str], *args: str, fmt: str = "json") -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["secrets", *args, "--format", fmt])
    return code, json.loads(capsys.readouterr().out)


def _source_map(sources: dict[str, str]) -> str:
    return json.dumps(
        {
            "version": 3,
            "file": "app.js",
            "sources": list(sources),
            "sourcesContent": list(sources.values()),
            "mappings": "AAAA",
        }
    )


@pytest.fixture()
def site() -> Iterator[Server]:
    with serve() as server:
        page = f"""<!doctype html><html><head>
<script src="/static/app.js"></script>
<link rel="modulepreload" href="static/chunk.mjs">
<script src="/static/missing.js"></script>
<script>window.config = {{ slack: "{token_for("secret.slack-bot-token", 1)}" }};</script>
</head><body>hello</body></html>"""
        server.route("/", page, Content_Type="text/html; charset=utf-8")
        server.route("/static/app.js", "console.log('app');\n//# sourceMappingURL=app.js.map\n")
        server.route(
            "/static/app.js.map",
            _source_map(
                {
                    "webpack:///./src/config.ts": f'export const GITHUB = "{github_token(21)}";\n',
                    "webpack:///./src/clean.ts": "export const x = 1;\n",
                }
            ),
        )
        inline_map = base64.b64encode(
            _source_map({"src/chunk.ts": f'const key = "{token_for("secret.stripe-live-secret-key", 2)}";\n'}).encode()
        ).decode()
        server.route(
            "/static/chunk.mjs", f"export{{}};\n//# sourceMappingURL=data:application/json;base64,{inline_map}\n"
        )
        yield server


def test_page_scripts_and_source_maps(site: Server, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _run(capsys, site.base + "/")
    assert code == 1
    (result,) = report["results"]
    assert result["verdict"] == "suspicious"  # a missing script (404) is not an analysis error
    where = {f["rule"]: f["path"] for f in result["findings"]}
    assert where["secret.slack-bot-token"] == site.base + "/"
    assert where["secret.github-pat"] == site.base + "/static/app.js.map!/webpack:///./src/config.ts"
    assert where["secret.stripe-live-secret-key"] == site.base + "/static/chunk.mjs#sourcemap!/src/chunk.ts"
    assert {e["path"]: e["fatal"] for e in result["errors"]} == {site.base + "/static/missing.js": False}
    assert github_token(21) not in json.dumps(report)
    paths = [s.path for s in site.seen]
    assert paths == ["/", "/static/app.js", "/static/app.js.map", "/static/chunk.mjs", "/static/missing.js"]


def test_cross_origin_scripts_only_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    with serve() as page_server, serve() as cdn:
        cdn.route("/lib.js", f'var t = "{github_token(22)}";\n')
        page_server.route("/", f'<script src="{cdn.base}/lib.js"></script>', Content_Type="text/html")
        code, report = _run(capsys, page_server.base + "/")
        assert code == 0 and cdn.seen == []
        (error,) = report["results"][0]["errors"]
        assert "another origin" in error["reason"] and not error["fatal"]
        code, report = _run(capsys, page_server.base + "/", "--web-cross-origin")
        assert code == 1 and report["results"][0]["findings"][0]["path"] == cdn.base + "/lib.js"


def test_redirects_followed_and_checked(capsys: pytest.CaptureFixture[str]) -> None:
    with serve() as server, serve() as other:
        server.route("/", status=302, Location="/home")
        server.route("/home", '<script src="/go.js"></script>', Content_Type="text/html")
        server.route("/go.js", status=301, Location=f"{other.base}/evil.js")  # a redirect to another origin
        other.route("/evil.js", "x")
        code, report = _run(capsys, server.base + "/")
        assert code == 0 and other.seen == []
        assert "another origin" in report["results"][0]["errors"][0]["reason"]
        server.route("/loop", status=302, Location="/loop")
        code, report = _run(capsys, server.base + "/loop")
        assert code == 2 and "redirects" in report["results"][0]["errors"][0]["reason"]


def test_limits_fail_closed(site: Server, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _run(capsys, site.base + "/", "--web-max-scripts", "1")
    assert code == 2 and any("scripts; only the first 1" in e["reason"] for e in report["results"][0]["errors"])
    code, report = _run(capsys, site.base + "/", "--web-max-bytes", "300")
    assert code == 2 and any("bytes fetched" in e["reason"] for e in report["results"][0]["errors"])
    # --allow-errors still reports what was found before the limit.
    code, _ = _run(capsys, site.base + "/", "--web-max-scripts", "1", "--allow-errors")
    assert code == 1


def test_page_size_limit_and_gzip_bomb() -> None:
    with serve() as server:
        server.route("/big", b"a" * 5000)
        server.route("/bomb", gzip.compress(b"a" * 200_000), Content_Encoding="gzip")
        server.route("/ok", gzip.compress(f"t='{github_token(23)}'".encode()), Content_Encoding="gzip")
        limits = WebLimits(max_page_bytes=4096)
        assert fetch_web(server.base + "/big", limits).issues[0].fatal
        bomb = fetch_web(server.base + "/bomb", limits)
        assert bomb.assets == [] and "decompressed" in bomb.issues[0].detail
        ok = fetch_web(server.base + "/ok", limits)
        assert github_token(23).encode() in ok.assets[0].data


def test_timeout_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with serve() as server:
        server.routes["/slow"] = Reply(200, b"late", delay=1.5)
        code, report = _run(capsys, server.base + "/slow", "--web-timeout", "0.3")
        assert code == 2 and "could not fetch" in report["results"][0]["errors"][0]["reason"]


def test_unreachable_and_broken_maps(capsys: pytest.CaptureFixture[str]) -> None:
    with serve() as server:
        dead = server.base
    code, report = _run(capsys, dead + "/")
    assert code == 2 and report["results"][0]["verdict"] == "error"
    with serve() as server:
        server.route("/", '<script src="a.js"></script>', Content_Type="text/html")
        server.route("/a.js", "x\n//# sourceMappingURL=a.js.map", SourceMap="a.js.map")
        server.route("/a.js.map", "{not json")
        code, report = _run(capsys, server.base + "/")
        assert code == 2 and "not valid JSON" in report["results"][0]["errors"][0]["reason"]


def test_sourcemap_header_and_index_maps() -> None:
    with serve() as server:
        server.route("/", '<base href="/assets/"><script src="b.js"></script>', Content_Type="text/html")
        server.route("/assets/b.js", "var b;", X_SourceMap="/maps/b.map")
        section = json.loads(_source_map({"src/deep/secret.py": f'TOKEN = "{github_token(24)}"\n'}))
        server.route(
            "/maps/b.map",
            json.dumps({"version": 3, "sections": [{"offset": {"line": 0, "column": 0}, "map": section}]}),
        )
        fetched = fetch_web(server.base + "/")
        sources = [a for a in fetched.assets if a.kind == "source"]
        assert [(a.display, a.scan_path) for a in sources] == [
            (server.base + "/maps/b.map!/src/deep/secret.py", "src/deep/secret.py")
        ]


def test_inline_allow_comments_are_not_honoured_in_fetched_assets(capsys: pytest.CaptureFixture[str]) -> None:
    with serve() as server:
        server.route(
            "/app.js",
            f'// chainwatch: allow secret.github-pat reason="the page says so"\nvar t = "{github_token(25)}";\n',
        )
        code, report = _run(capsys, server.base + "/app.js")
        assert code == 1 and len(report["results"][0]["findings"]) == 1


def test_web_sarif_is_valid_with_url_locations(site: Server, capsys: pytest.CaptureFixture[str]) -> None:
    code, sarif = _run(capsys, site.base + "/", fmt="sarif")
    assert code == 1
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_for(schema)(schema).validate(sarif)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert site.base + "/static/app.js.map!/webpack:///./src/config.ts" in uris
    # And the JSON report still follows the published schema.
    _, report = _run(capsys, site.base + "/")
    text = resources.files("chainwatch.reports").joinpath("schemas/report-v1.json").read_text(encoding="utf-8")
    Draft202012Validator(json.loads(text)).validate(report)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("webpack:///./src/app.ts", "src/app.ts"),
        ("webpack://my-app/../lib/x.js?abc", "my-app/lib/x.js"),
        ("/abs/file.js", "abs/file.js"),
        ("", "source"),
    ],
)
def test_source_scan_paths(name: str, path: str) -> None:
    assert source_scan_path(name) == path


def test_large_inline_map_and_a_bundle_url_given_directly(capsys: pytest.CaptureFixture[str]) -> None:
    """The map comment of a big inline map starts far from the end; a .js URL is scanned as a script."""
    padding = "".join(f"export const v{i} = {i};\n" for i in range(3000))
    sources = {"src/big.ts": padding, "src/keys.ts": f'export const K = "{github_token(26)}";\n'}
    inline = base64.b64encode(_source_map(sources).encode()).decode()
    with serve() as server:
        server.route(
            "/bundle.js",
            "var sourceMappingURL=1; // a decoy use of the name\n"
            f"//# sourceMappingURL=data:application/json;base64,{inline}\n",
            Content_Type="application/javascript",
        )
        code, report = _run(capsys, server.base + "/bundle.js")
        assert len(inline) > 50_000
        (finding,) = report["results"][0]["findings"]
        assert code == 1 and finding["path"] == server.base + "/bundle.js#sourcemap!/src/keys.ts"


def test_malformed_script_urls_are_skipped_not_fatal() -> None:
    with serve() as server:
        server.route(
            "/",
            '<script src="http://[bad/x.js"></script><script src="//127.0.0.1:99999/y.js"></script>'
            '<script src="javascript:alert(1)"></script><script src="/ok.js"></script>',
            Content_Type="text/html",
        )
        server.route("/ok.js", "var ok;", Location="http://[also-bad")
        fetched = fetch_web(server.base + "/")
        assert [a.kind for a in fetched.assets] == ["page", "script"]
        assert len(fetched.issues) == 3 and not any(i.fatal for i in fetched.issues)
