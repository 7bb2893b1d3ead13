"""`uv.lock`, read with tomllib.

`[[package]]` entries carry `name`, `version`, a `source` table (`registry`, `git`, `url`, `path`, `directory`,
`editable`, `virtual`), and artifact hashes in `sdist = {hash = ...}` and `wheels = [{hash = ...}]`. The project
itself and workspace members appear as `editable`/`virtual`/`directory` sources: they are kept, marked `local`.
"""

from __future__ import annotations

from pathlib import Path

from ._locks import TOML_PACKAGE_NAME, LockReader, canonical, hashes_of
from ._read import LineLocator, display_path, expect_list, load_toml, redact_url
from .interface import DEFAULT_LIMITS, DependencyParseError, Limits, ParsedSource, SourceKind

_LOCAL_SOURCES = ("editable", "virtual", "directory", "path")


def parse_uv_lock(path: Path, limits: Limits = DEFAULT_LIMITS, root: Path | None = None) -> ParsedSource:
    data, text = load_toml(path, limits)
    label = display_path(path)
    if not isinstance(data.get("version"), int):
        raise DependencyParseError(label, "not a uv lock file: no integer version")
    reader = LockReader(SourceKind.UV_LOCK, label, limits, LineLocator(text, TOML_PACKAGE_NAME, canonical))
    for entry in expect_list(data.get("package", []), label, "[[package]]"):
        if not isinstance(entry, dict):
            reader.package(entry)
            continue
        artifacts: list[object] = []
        if isinstance(entry.get("sdist"), dict):
            artifacts.append(entry["sdist"].get("hash"))
        wheels = entry.get("wheels", [])
        artifacts.extend(w.get("hash") for w in (wheels if isinstance(wheels, list) else []) if isinstance(w, dict))
        source = entry.get("source") if isinstance(entry.get("source"), dict) else {}
        assert isinstance(source, dict)
        registry = source.get("registry")
        url = next((str(source[k]) for k in ("git", "url", *_LOCAL_SOURCES) if isinstance(source.get(k), str)), None)
        is_local = any(k in source for k in _LOCAL_SOURCES)
        if isinstance(source.get("git"), str):
            url = f"git+{url}"
        markers = entry.get("resolution-markers")
        reader.package(
            entry,
            hashes=hashes_of(artifacts),
            url=redact_url(url) if url else None,
            local=is_local,
            editable="editable" in source,
            index_urls=(redact_url(registry),) if isinstance(registry, str) and "://" in registry else (),
            markers=_any_of(markers),
            unresolved=url,
        )
    return reader.result()


def _any_of(markers: object) -> str | None:
    """uv's `resolution-markers`: the forks of the resolution this version was chosen for."""
    if not isinstance(markers, list):
        return None
    return " or ".join(f"({m})" for m in markers if isinstance(m, str)) or None
