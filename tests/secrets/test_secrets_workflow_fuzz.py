"""Hostile input for the workflow parsers: allow comments, baselines, git log streams, pages and source maps.

Each must answer (or raise its one documented error), never crash or hang.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from chainwatch.analyzers.secrets.allow import check_allow, parse_comment
from chainwatch.analyzers.secrets.baseline import Baseline, BaselineError
from chainwatch.analyzers.secrets.history import History, _new_blob, _parse_log
from chainwatch.analyzers.secrets.web import _map_reference, _map_sources, _script_urls, source_scan_path

JSON: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30,
)
COMMENTISH = st.lists(
    st.sampled_from(
        [b"#", b"//", b"<!--", b"-->", b" ", b"chainwatch:", b"allow", b"reason=", b'"', b"'", b"\n", b",", b"secret.x"]
    )
    | st.binary(max_size=8),
    max_size=30,
).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(COMMENTISH, st.integers(min_value=0, max_value=400))
def test_allow_parser_never_raises(data: bytes, offset: int) -> None:
    parse_comment(data)
    check_allow(data, min(offset, len(data)), "secret.x")


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_baseline_loader_only_raises_its_error(document: Any) -> None:
    try:
        Baseline.from_document(document)
    except BaselineError:
        pass


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["fingerprint", "count", "rule", "path"]), JSON, max_size=4),
    st.sampled_from([1, 0, -1, 2, "1", True, None]),
)
def test_baseline_entries_checked(entry: dict[str, Any], version: Any) -> None:
    try:
        Baseline.from_document({"kind": "chainwatch-secrets-baseline", "version": version, "findings": [entry]})
    except BaselineError:
        pass


LOG_TOKENS = st.lists(
    st.sampled_from(
        [
            b"\x01" + b"a" * 40,
            b"Alice",
            b"a@x",
            b"2020-01-01T00:00:00+00:00",
            b"\n:000000 100644 " + b"0" * 40 + b" " + b"b" * 40 + b" A",
            b"::100644 100644 100644 " + b"c" * 40 + b" " + b"d" * 40 + b" " + b"e" * 40 + b" MM",
            b":160000 160000 " + b"f" * 40 + b" " + b"1" * 40 + b" M",
            b"path/x.py",
            b"",
            b"\n",
            b":",
            b"::",
        ]
    )
    | st.binary(max_size=50),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(LOG_TOKENS)
def test_git_log_parser_never_raises(tokens: list[bytes]) -> None:
    history = History()
    _parse_log(iter(tokens), history)
    assert len({b.sha for b in history.blobs}) == len(history.blobs)  # each blob at most once
    for blob in history.blobs:
        assert 0 <= blob.commit < len(history.commits)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=120))
def test_raw_diff_meta_never_raises(meta: bytes) -> None:
    _new_blob(b":" + meta)
    _new_blob(b"::" + meta)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<script src='",
                "<base href=",
                "http://[",
                ":99999",
                "<link rel=modulepreload href=",
                "'>",
                '"',
                "<",
                ">",
                "&#",
                "x.js",
            ]
        )
        | st.text(max_size=10),
        max_size=30,
    ).map("".join)
)
def test_page_parser_never_raises(page: str) -> None:
    for url in _script_urls(page.encode("utf-8", "surrogatepass"), "http://127.0.0.1:1/dir/page", {}):
        assert url.startswith(("http://", "https://")) or ":" in url


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_source_map_reader_never_raises(document: Any) -> None:
    for name, content in _map_sources(document):
        assert isinstance(name, str) and isinstance(content, str)
        source_scan_path(name)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_map_reference_never_raises(script: bytes) -> None:
    _map_reference(script + b"//# sourceMappingURL=", {})
    _map_reference(script, {})
