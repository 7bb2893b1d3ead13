"""`poetry.lock`, read with tomllib.

`[[package]]` entries carry `name`, `version`, `files = [{file, hash}]` (Poetry >= 1.2; older locks keep them in
`[metadata.files]`), the group(s) they belong to (`groups = [...]` since Poetry 2, `category` before), `markers`,
and a `[package.source]` table for anything not from PyPI (`legacy` = a private index, `git`, `url`, `file`,
`directory`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ._locks import TOML_PACKAGE_NAME, LockReader, canonical, hashes_of
from ._read import LineLocator, display_path, expect_list, expect_table, load_toml, redact_url
from .interface import DEFAULT_LIMITS, DependencyParseError, Limits, ParsedSource, SourceKind


def parse_poetry_lock(path: Path, limits: Limits = DEFAULT_LIMITS, root: Path | None = None) -> ParsedSource:
    data, text = load_toml(path, limits)
    label = display_path(path)
    metadata = expect_table(data.get("metadata", {}), label, "[metadata]")
    if "package" not in data and not metadata:
        raise DependencyParseError(label, "not a Poetry lock file: no [[package]] or [metadata]")
    legacy_files = expect_table(metadata.get("files", {}), label, "[metadata.files]")
    old_files = {canonical(str(k)): v for k, v in legacy_files.items()}
    reader = LockReader(SourceKind.POETRY_LOCK, label, limits, LineLocator(text, TOML_PACKAGE_NAME, canonical))
    for entry in expect_list(data.get("package", []), label, "[[package]]"):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            reader.package(entry)
            continue
        files = entry.get("files", old_files.get(canonical(entry["name"]), []))
        hashes = hashes_of(f.get("hash") for f in (files if isinstance(files, list) else []) if isinstance(f, dict))
        source = entry.get("source") if isinstance(entry.get("source"), dict) else {}
        assert isinstance(source, dict)
        kind, where = source.get("type"), source.get("url")
        shown = redact_url(where) if isinstance(where, str) else None
        url = shown if kind in ("git", "url", "file", "directory") else None
        if kind == "git" and url:
            url = f"git+{url}" + (f"@{source['resolved_reference']}" if source.get("resolved_reference") else "")
        reader.package(
            entry,
            hashes=hashes,
            url=url,
            local=kind in ("file", "directory"),
            editable=entry.get("develop") is True,
            index_urls=(shown,) if kind == "legacy" and shown else (),
            markers=_markers(entry.get("markers")),
            group=_groups(entry),
            unresolved=f"{kind} {shown}" if kind and shown else None,
        )
    return reader.result()


def _groups(entry: dict[str, Any]) -> str | None:
    groups = entry.get("groups")
    if isinstance(groups, list) and groups:
        return ",".join(str(g) for g in groups)
    category = entry.get("category")
    return category if isinstance(category, str) else None


def _markers(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        # Poetry 2 writes one marker per group; the package is needed when any of them holds.
        markers = list(dict.fromkeys(v for v in value.values() if isinstance(v, str)))
        return " or ".join(f"({m})" for m in markers) if markers else None
    return None
