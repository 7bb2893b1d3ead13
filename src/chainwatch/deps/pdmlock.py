"""`pdm.lock`, read with tomllib.

`[[package]]` entries carry `name`, `version`, `groups`, `marker`, `files = [{file|url, hash}]` (lock format 4;
older locks keep hashes in `[metadata.files]` keyed "name version"), and for non-index packages `git`/`url`/`path`
plus `editable`.
"""

from __future__ import annotations

from pathlib import Path

from ._locks import TOML_PACKAGE_NAME, LockReader, canonical, hashes_of
from ._read import LineLocator, display_path, expect_list, expect_table, load_toml, redact_url
from .interface import DEFAULT_LIMITS, DependencyParseError, Limits, ParsedSource, SourceKind


def parse_pdm_lock(path: Path, limits: Limits = DEFAULT_LIMITS, root: Path | None = None) -> ParsedSource:
    data, text = load_toml(path, limits)
    label = display_path(path)
    metadata = expect_table(data.get("metadata", {}), label, "[metadata]")
    if "package" not in data and not metadata:
        raise DependencyParseError(label, "not a PDM lock file: no [[package]] or [metadata]")
    old_files = expect_table(metadata.get("files", {}), label, "[metadata.files]")
    reader = LockReader(SourceKind.PDM_LOCK, label, limits, LineLocator(text, TOML_PACKAGE_NAME, canonical))
    for entry in expect_list(data.get("package", []), label, "[[package]]"):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            reader.package(entry)
            continue
        files = entry.get("files", old_files.get(f"{entry['name']} {entry.get('version')}", []))
        hashes = hashes_of(f.get("hash") for f in (files if isinstance(files, list) else []) if isinstance(f, dict))
        url = None
        for key in ("git", "url", "path"):
            if isinstance(entry.get(key), str):
                url = redact_url(entry[key])
                url = f"git+{url}" if key == "git" else url
                break
        groups = entry.get("groups")
        reader.package(
            entry,
            hashes=hashes,
            url=url,
            local=isinstance(entry.get("path"), str),
            editable=entry.get("editable") is True,
            markers=entry["marker"] if isinstance(entry.get("marker"), str) else None,
            group=",".join(str(g) for g in groups) if isinstance(groups, list) and groups else None,
            unresolved=url,
        )
    return reader.result()
