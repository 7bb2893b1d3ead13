"""The index client against a hand-written loopback index: JSON and HTML pages, hashes, limits, redirects, auth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from index_fixtures import StaticIndex, honest_sdist, honest_wheel, sha256

from chainwatch.index import (
    ArtifactCache,
    BadIndexResponse,
    DownloadRefused,
    HashMismatch,
    IndexClient,
    IndexUnreachable,
    ProjectNotFound,
    UnhashedFile,
    VersionNotFound,
    fetch_release,
    load_settings,
    parse_pinned,
)
from chainwatch.index.fetch import Fetcher
from chainwatch.index.models import Selection
from chainwatch.index.release import Release

SDIST = honest_sdist("1.0")
WHEEL = honest_wheel("1.0")
SDIST_NAME = "cwfixture_honest-1.0.tar.gz"
WHEEL_NAME = "cwfixture_honest-1.0-py3-none-any.whl"
JSON_TYPE = "application/vnd.pypi.simple.v1+json"


def json_page(files: list[dict[str, object]]) -> str:
    return json.dumps({"meta": {"api-version": "1.1"}, "name": "cwfixture-honest", "files": files})


def entry(filename: str, url: str, data: bytes | None, **extra: object) -> dict[str, object]:
    return {"filename": filename, "url": url, "hashes": {"sha256": sha256(data)} if data else {}, **extra}


def client_for(index_url: str, tmp_path: Path, *extra: str, **options: object) -> IndexClient:
    settings = load_settings(index_url, list(extra), env={}, files=[])
    return IndexClient(settings, ArtifactCache(tmp_path / "cache"), **options)  # type: ignore[arg-type]


def fetch(client: IndexClient, pin: str = "cwfixture-honest==1.0", selection: Selection = Selection.ALL) -> Release:
    requirement = parse_pinned(pin)
    assert requirement is not None
    with client:
        return fetch_release(client, requirement, selection)


def serve_release(index: StaticIndex, files: dict[str, bytes], listed: list[dict[str, object]] | None = None) -> None:
    for name, data in files.items():
        index.add_file(f"/files/{name}", data)
    listing = listed if listed is not None else [entry(n, f"/files/{n}", d) for n, d in files.items()]
    index.add("/simple/cwfixture-honest/", json_page(listing), JSON_TYPE)


def test_json_page_download_verified_and_cached(static_index: StaticIndex, tmp_path: Path) -> None:
    serve_release(static_index, {SDIST_NAME: SDIST, WHEEL_NAME: WHEEL})
    release = fetch(client_for(f"{static_index.base}/simple", tmp_path))
    artifacts = [o.artifact for o in release.outcomes]
    assert [a.filename for a in artifacts if a] == [SDIST_NAME, WHEEL_NAME]
    sdist = artifacts[0]
    assert sdist is not None and sdist.verified and not sdist.from_cache
    digest = sha256(SDIST)
    assert sdist.path == tmp_path / "cache" / "artifacts" / "sha256" / digest[:2] / digest[2:] / SDIST_NAME
    assert sdist.path.read_bytes() == SDIST
    assert static_index.seen[0].headers["accept"].startswith(JSON_TYPE)
    assert static_index.seen[1].headers["accept-encoding"] == "identity"

    asked = len(static_index.seen)
    again = fetch(client_for(f"{static_index.base}/simple", tmp_path))
    assert all(o.artifact is not None and o.artifact.from_cache for o in again.outcomes)
    assert len(static_index.seen) == asked  # neither the page nor the files were asked for again


def test_damaged_cache_entry_is_fetched_again(static_index: StaticIndex, tmp_path: Path) -> None:
    serve_release(static_index, {SDIST_NAME: SDIST})
    first = fetch(client_for(f"{static_index.base}/simple", tmp_path))
    stored = first.outcomes[0].artifact
    assert stored is not None
    stored.path.write_bytes(b"tampered")
    again = fetch(client_for(f"{static_index.base}/simple", tmp_path))
    artifact = again.outcomes[0].artifact
    assert artifact is not None and not artifact.from_cache and artifact.path.read_bytes() == SDIST


def test_html_fallback_with_relative_links_after_a_redirect(static_index: StaticIndex, tmp_path: Path) -> None:
    static_index.add_file(f"/real/files/{SDIST_NAME}", SDIST)
    html = f'<html><body><a href="../files/{SDIST_NAME}#sha256={sha256(SDIST)}">{SDIST_NAME}</a></body></html>'
    static_index.add("/real/cwfixture-honest/", html, "text/html; charset=utf-8")
    static_index.add("/simple/cwfixture-honest/", "", status=302, headers={"Location": "/real/cwfixture-honest/"})
    release = fetch(client_for(f"{static_index.base}/simple/", tmp_path))
    (outcome,) = release.outcomes
    assert outcome.artifact is not None and outcome.artifact.path.read_bytes() == SDIST


def test_hash_mismatch_is_refused_and_nothing_is_kept(static_index: StaticIndex, tmp_path: Path) -> None:
    listing = [entry(SDIST_NAME, f"/files/{SDIST_NAME}", b"the bytes the index promised")]
    serve_release(static_index, {SDIST_NAME: SDIST}, listing)
    (outcome,) = fetch(client_for(f"{static_index.base}/simple/", tmp_path)).outcomes
    assert outcome.artifact is None
    assert outcome.error is not None and "the index lists" in outcome.error and "discarded" in outcome.error
    assert not list((tmp_path / "cache" / "artifacts" / "sha256").rglob("*.tar.gz"))
    assert not list((tmp_path / "cache" / "artifacts" / "tmp").iterdir())
    # A failed release is not remembered: the next run asks the index again.
    asked = len(static_index.seen)
    fetch(client_for(f"{static_index.base}/simple/", tmp_path))
    assert len(static_index.seen) == asked + 2


def test_unhashed_and_weakly_hashed_files_need_consent(static_index: StaticIndex, tmp_path: Path) -> None:
    listing = [
        entry(SDIST_NAME, f"/files/{SDIST_NAME}", None),
        {"filename": WHEEL_NAME, "url": f"/files/{WHEEL_NAME}", "hashes": {"md5": "0" * 32}},
    ]
    serve_release(static_index, {SDIST_NAME: SDIST, WHEEL_NAME: WHEEL}, listing)
    refused = fetch(client_for(f"{static_index.base}/simple/", tmp_path))
    assert [o.artifact for o in refused.outcomes] == [None, None]
    assert all("--allow-unhashed" in (o.error or "") for o in refused.outcomes)
    assert len(static_index.seen) == 1  # only the page: no file was even downloaded

    accepted = fetch(client_for(f"{static_index.base}/simple/", tmp_path, allow_unhashed=True))
    assert all(o.artifact is not None and not o.artifact.verified for o in accepted.outcomes)
    assert any("without a hash" in note for note in accepted.notes)
    # Remembered by the hash computed on arrival; still refused later without consent.
    again = fetch(client_for(f"{static_index.base}/simple/", tmp_path))
    assert all(o.artifact is None for o in again.outcomes)


def test_sha512_only_is_verified(static_index: StaticIndex, tmp_path: Path) -> None:
    import hashlib

    listing = [
        {"filename": SDIST_NAME, "url": f"/files/{SDIST_NAME}", "hashes": {"sha512": hashlib.sha512(SDIST).hexdigest()}}
    ]
    serve_release(static_index, {SDIST_NAME: SDIST}, listing)
    (outcome,) = fetch(client_for(f"{static_index.base}/simple/", tmp_path)).outcomes
    assert outcome.artifact is not None and outcome.artifact.verified and outcome.artifact.sha256 == sha256(SDIST)


@pytest.mark.parametrize("declared", ["index size", "content-length", "no length"])
def test_oversized_files_stop_early(static_index: StaticIndex, tmp_path: Path, declared: str) -> None:
    big = b"x" * 50_000
    extra = {"size": len(big)} if declared == "index size" else {}
    serve_release(static_index, {SDIST_NAME: big}, [entry(SDIST_NAME, f"/files/{SDIST_NAME}", big, **extra)])
    if declared == "no length":
        static_index.routes[f"/files/{SDIST_NAME}"].send_length = False
    (outcome,) = fetch(client_for(f"{static_index.base}/simple/", tmp_path, max_file_size=10_000)).outcomes
    assert outcome.artifact is None
    assert outcome.error is not None and "10000" in outcome.error
    assert not list((tmp_path / "cache" / "artifacts" / "sha256").rglob("*"))


def test_redirect_loops_and_redirects_to_local_files_are_refused(static_index: StaticIndex, tmp_path: Path) -> None:
    static_index.add("/simple/cwfixture-honest/", "", status=301, headers={"Location": "/loop/"})
    static_index.add("/loop/", "", status=307, headers={"Location": "/simple/cwfixture-honest/"})
    with pytest.raises(BadIndexResponse, match="redirects"):
        fetch(client_for(f"{static_index.base}/simple/", tmp_path))
    static_index.add("/simple/cwfixture-honest/", "", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(BadIndexResponse, match="refusing a redirect"):
        fetch(client_for(f"{static_index.base}/simple/", tmp_path))


def test_https_to_remote_http_redirect_is_refused() -> None:
    fetcher = Fetcher(client=None, credentials={})  # type: ignore[arg-type]
    with pytest.raises(Exception, match="plain http"):
        fetcher._next_hop("https://index.example/simple/x/", "http://evil.example/x/", "page")
    assert fetcher._next_hop("https://index.example/a/", "/b/", "page") == "https://index.example/b/"


def test_remote_index_cannot_point_at_local_files(static_index: StaticIndex, tmp_path: Path) -> None:
    listing = [entry(SDIST_NAME, "file:///etc/passwd", SDIST)]
    serve_release(static_index, {}, listing)
    (outcome,) = fetch(client_for(f"{static_index.base}/simple/", tmp_path)).outcomes
    assert outcome.error is not None and "local file" in outcome.error


def test_credentials_go_to_their_host_only_and_never_into_messages(tmp_path: Path) -> None:
    with StaticIndex() as private, StaticIndex() as cdn:
        cdn.add_file(f"/files/{WHEEL_NAME}", WHEEL)
        private.add_file(f"/files/{SDIST_NAME}", SDIST)
        private.routes[f"/files/{SDIST_NAME}"].auth = ("alice", "s3cret")
        listing = [
            entry(SDIST_NAME, f"/files/{SDIST_NAME}", SDIST),
            entry(WHEEL_NAME, f"{cdn.base}/files/{WHEEL_NAME}", WHEEL),
        ]
        private.add("/simple/cwfixture-honest/", json_page(listing), JSON_TYPE, auth=("alice", "s3cret"))
        authed = private.base.replace("http://", "http://alice:s3cret@") + "/simple/"
        release = fetch(client_for(authed, tmp_path))
        assert all(o.artifact is not None for o in release.outcomes)
        assert all("authorization" in r.headers for r in private.seen)
        assert all("authorization" not in r.headers for r in cdn.seen)

        wrong = private.base.replace("http://", "http://alice:wrong-token@") + "/simple/"
        with pytest.raises(IndexUnreachable, match="refused access") as raised:
            fetch(client_for(wrong, tmp_path / "other"))
        assert "wrong-token" not in str(raised.value) and "alice" not in str(raised.value)
        with pytest.raises(ProjectNotFound) as missing:
            fetch(client_for(wrong, tmp_path / "other"), "cwfixture-nothing==1.0")
        assert "wrong-token" not in str(missing.value)


def test_core_metadata_is_fetched_and_verified(static_index: StaticIndex, tmp_path: Path) -> None:
    metadata = b"Metadata-Version: 2.1\nName: cwfixture-honest\nVersion: 1.0\n"
    static_index.add_file(f"/files/{WHEEL_NAME}.metadata", metadata)
    good = entry(WHEEL_NAME, f"/files/{WHEEL_NAME}", WHEEL, **{"core-metadata": {"sha256": sha256(metadata)}})
    static_index.add("/simple/cwfixture-honest/", json_page([good]), JSON_TYPE)
    with client_for(f"{static_index.base}/simple/", tmp_path) as client:
        index = client.settings.indexes[0]
        page = client.project_page(index, "cwfixture-honest")
        assert page is not None
        assert client.metadata(index, page.files[0]) == metadata
        static_index.add_file(f"/files/{WHEEL_NAME}.metadata", metadata + b"Requires-Dist: evil\n")
        with pytest.raises(HashMismatch):
            client.metadata(index, page.files[0])
        bare = entry(WHEEL_NAME, f"/files/{WHEEL_NAME}", WHEEL)
        static_index.add("/simple/cwfixture-honest/", json_page([bare]), JSON_TYPE)
        page = client.project_page(index, "cwfixture-honest")
        assert page is not None
        with pytest.raises(DownloadRefused, match="does not offer"):
            client.metadata(index, page.files[0])
        nohash = entry(WHEEL_NAME, f"/files/{WHEEL_NAME}", WHEEL, **{"core-metadata": True})
        static_index.add("/simple/cwfixture-honest/", json_page([nohash]), JSON_TYPE)
        page = client.project_page(index, "cwfixture-honest")
        assert page is not None
        with pytest.raises(UnhashedFile):
            client.metadata(index, page.files[0])


def test_yanked_files_are_vetted_with_a_note(static_index: StaticIndex, tmp_path: Path) -> None:
    listing = [entry(SDIST_NAME, f"/files/{SDIST_NAME}", SDIST, yanked="broken metadata")]
    serve_release(static_index, {SDIST_NAME: SDIST}, listing)
    release = fetch(client_for(f"{static_index.base}/simple/", tmp_path))
    assert release.outcomes[0].artifact is not None
    assert any("yanked" in n and "broken metadata" in n for n in release.notes)


def test_every_index_is_vetted_and_confusion_is_named(tmp_path: Path) -> None:
    impostor = honest_sdist("1.0").replace(b"hello", b"HELLO")
    with StaticIndex() as first, StaticIndex() as second, StaticIndex() as third:
        serve_release(first, {SDIST_NAME: SDIST})
        serve_release(second, {SDIST_NAME: impostor})
        serve_release(third, {SDIST_NAME: SDIST})
        client = client_for(f"{first.base}/simple/", tmp_path, f"{second.base}/simple/", f"{third.base}/simple/")
        release = fetch(client)
    assert [o.index for o in release.outcomes] == [f"{first.base}/simple/", f"{second.base}/simple/"]
    assert any("differs between" in note and "dependency confusion" in note for note in release.notes)


def test_selection_without_matching_files(static_index: StaticIndex, tmp_path: Path) -> None:
    serve_release(static_index, {SDIST_NAME: SDIST})
    with pytest.raises(VersionNotFound, match=r"no wheels files .*the release has: sdist"):
        fetch(client_for(f"{static_index.base}/simple/", tmp_path), selection=Selection.WHEELS)


def test_other_projects_files_on_the_page_are_ignored(static_index: StaticIndex, tmp_path: Path) -> None:
    other = "someone_else-1.0.tar.gz"
    serve_release(static_index, {other: SDIST})
    with pytest.raises(VersionNotFound):
        fetch(client_for(f"{static_index.base}/simple/", tmp_path))


@pytest.mark.parametrize(
    ("status", "error", "message"),
    [
        (500, IndexUnreachable, "try again later"),
        (403, IndexUnreachable, "refused access"),
        (418, BadIndexResponse, "418"),
    ],
)
def test_server_errors(static_index: StaticIndex, tmp_path: Path, status: int, error: type, message: str) -> None:
    static_index.add("/simple/cwfixture-honest/", "nope", status=status)
    with pytest.raises(error, match=message):
        fetch(client_for(f"{static_index.base}/simple/", tmp_path))


def test_unexpected_content_type(static_index: StaticIndex, tmp_path: Path) -> None:
    static_index.add("/simple/cwfixture-honest/", "{}", "application/json")
    with pytest.raises(BadIndexResponse, match="content type"):
        fetch(client_for(f"{static_index.base}/simple/", tmp_path))


def test_slow_index_times_out(static_index: StaticIndex, tmp_path: Path) -> None:
    static_index.add("/simple/cwfixture-honest/", json_page([]), JSON_TYPE, delay=2.0)
    settings = load_settings(f"{static_index.base}/simple/", env={"PIP_TIMEOUT": "0.3"}, files=[])
    with pytest.raises(IndexUnreachable, match="timed out"), IndexClient(settings, ArtifactCache(tmp_path)) as client:
        requirement = parse_pinned("cwfixture-honest==1.0")
        assert requirement is not None
        fetch_release(client, requirement)


def test_file_index_tree(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "simple" / "cwfixture-honest").mkdir(parents=True)
    (root / "files").mkdir()
    (root / "files" / SDIST_NAME).write_bytes(SDIST)
    link = f'<a href="../../files/{SDIST_NAME}#sha256={sha256(SDIST)}">{SDIST_NAME}</a>'
    (root / "simple" / "cwfixture-honest" / "index.html").write_text(link)
    release = fetch(client_for((root / "simple").as_uri(), tmp_path))
    (outcome,) = release.outcomes
    assert outcome.artifact is not None and outcome.artifact.path.read_bytes() == SDIST


def test_missing_file_index_is_skipped_with_a_note(static_index: StaticIndex, tmp_path: Path) -> None:
    serve_release(static_index, {SDIST_NAME: SDIST})
    missing = (tmp_path / "no-such-dir").as_uri()
    release = fetch(client_for(f"{static_index.base}/simple/", tmp_path, missing))
    assert release.outcomes[0].artifact is not None
    assert any("ignored: not a directory" in note for note in release.notes)
    with pytest.raises(ProjectNotFound):
        fetch(client_for(missing, tmp_path))
