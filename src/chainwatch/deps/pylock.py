"""`pylock.toml` / `pylock.<name>.toml` (PEP 751), read with tomllib.

Each `[[packages]]` entry has a name, usually a version, at most one source (`vcs`, `directory`, `archive`, or
`sdist`/`wheels` from `index`), and hashes per artifact (`hashes = {sha256 = "..."}`). Every artifact hash is kept:
the audit checks that the lock pins hashes, and the vetting index checks files against them.
"""

from __future__ import annotations

from pathlib import Path

from ._locks import TOML_PACKAGE_NAME, LockReader, canonical, hash_table
from ._read import LineLocator, display_path, expect_list, load_toml, redact_url
from .interface import DEFAULT_LIMITS, DependencyParseError, Limits, ParsedSource, SourceKind


def parse_pylock(path: Path, limits: Limits = DEFAULT_LIMITS, root: Path | None = None) -> ParsedSource:
    data, text = load_toml(path, limits)
    label = display_path(path)
    if not isinstance(data.get("lock-version"), str):
        raise DependencyParseError(label, "not a PEP 751 lock file: no lock-version")
    major = data["lock-version"].split(".", 1)[0]
    if major != "1":
        # PEP 751: a reader must refuse a major version it does not know.
        raise DependencyParseError(label, f"unsupported pylock lock-version {data['lock-version']!r}")
    reader = LockReader(SourceKind.PYLOCK, label, limits, LineLocator(text, TOML_PACKAGE_NAME, canonical))
    for entry in expect_list(data.get("packages", []), label, "[[packages]]"):
        if not isinstance(entry, dict):
            reader.package(entry)
            continue
        hashes: list[str] = []
        for key in ("sdist", "archive"):
            if isinstance(entry.get(key), dict):
                hashes.extend(hash_table(entry[key].get("hashes")))
        wheels = entry.get("wheels", [])
        for wheel in wheels if isinstance(wheels, list) else []:
            if isinstance(wheel, dict):
                hashes.extend(hash_table(wheel.get("hashes")))
        url, local, editable, unresolved = _origin(entry)
        index = entry.get("index")
        reader.package(
            entry,
            hashes=tuple(dict.fromkeys(hashes)),
            url=url,
            local=local,
            editable=editable,
            index_urls=(redact_url(index),) if isinstance(index, str) else (),
            markers=entry["marker"] if isinstance(entry.get("marker"), str) else None,
            unresolved=unresolved,
        )
    return reader.result()


def _origin(entry: dict[str, object]) -> tuple[str | None, bool, bool, str | None]:
    """(url, local, editable, description) for packages that do not come from an index."""
    vcs, directory, archive = entry.get("vcs"), entry.get("directory"), entry.get("archive")
    if isinstance(vcs, dict):
        where = vcs.get("url") or vcs.get("path")
        shown = redact_url(str(where)) if where else "a VCS checkout"
        commit = vcs.get("commit-id")
        return (
            f"{vcs.get('type', 'vcs')}+{shown}" + (f"@{commit}" if commit else ""),
            not vcs.get("url"),
            False,
            shown,
        )
    if isinstance(directory, dict):
        shown = str(directory.get("path", "a directory"))
        return shown, True, directory.get("editable") is True, f"directory {shown}"
    if isinstance(archive, dict):
        where = archive.get("url") or archive.get("path")
        shown = redact_url(str(where)) if where else "an archive"
        return shown, not archive.get("url"), False, f"archive {shown}"
    return None, False, False, None
