"""`Pipfile.lock` (pipenv), read with json.

`{"_meta": {"sources": [{"name", "url"}]}, "default": {...}, "develop": {...}}`; each package entry has `version`
("==1.2.3"), `hashes`, `markers`, `extras` and `index` (a source name), or `git`/`ref`, `path`, `file`, `editable`
for packages that do not come from an index. Groups are the lock's own section names, "default" and "develop".
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ._locks import LockReader, canonical, hashes_of
from ._pep508 import canonical_extras
from ._read import LineLocator, display_path, expect_table, load_json, redact_url
from .interface import DEFAULT_LIMITS, Dependency, DependencyParseError, Limits, ParsedSource, SourceKind

_JSON_KEY = re.compile(r"""^\s*"([^"\n]+)"\s*:\s*\{""", re.MULTILINE)
SECTIONS = ("default", "develop")


def parse_pipfile_lock(path: Path, limits: Limits = DEFAULT_LIMITS, root: Path | None = None) -> ParsedSource:
    data, text = load_json(path, limits)
    label = display_path(path)
    if not isinstance(data, dict) or not any(isinstance(data.get(s), dict) for s in SECTIONS):
        raise DependencyParseError(label, "not a Pipfile.lock: no 'default' or 'develop' section")
    meta = expect_table(data.get("_meta", {}), label, "_meta")
    sources = meta.get("sources", [])
    index_by_name = {
        s["name"]: redact_url(s["url"])
        for s in (sources if isinstance(sources, list) else [])
        if isinstance(s, dict) and isinstance(s.get("name"), str) and isinstance(s.get("url"), str)
    }
    reader = LockReader(SourceKind.PIPFILE_LOCK, label, limits, LineLocator(text, _JSON_KEY, canonical))
    for section in SECTIONS:
        for name, entry in expect_table(data.get(section, {}), label, section).items():
            if not isinstance(entry, dict):
                reader.skip(name, f"[{section}] entry is not an object")
                continue
            index = entry.get("index")
            url, unresolved = _origin(entry)
            before = len(reader.dependencies)
            reader.package(
                {"name": name, "version": entry.get("version")},
                hashes=hashes_of(entry.get("hashes", []) if isinstance(entry.get("hashes"), list) else []),
                url=url,
                local=any(isinstance(entry.get(k), str) for k in ("path", "file")) and "://" not in str(url),
                editable=entry.get("editable") is True,
                index_urls=(index_by_name[index],) if isinstance(index, str) and index in index_by_name else (),
                markers=entry["markers"] if isinstance(entry.get("markers"), str) else None,
                group=section,
                unresolved=unresolved,
            )
            if len(reader.dependencies) > before and entry.get("extras"):
                added = reader.dependencies[-1]
                reader.dependencies[-1] = _with_extras(added, entry["extras"])
    return reader.result()


def _origin(entry: dict[str, object]) -> tuple[str | None, str | None]:
    if isinstance(entry.get("git"), str):
        ref = entry.get("ref")
        url = f"git+{redact_url(str(entry['git']))}" + (f"@{ref}" if isinstance(ref, str) else "")
        return url, url
    for key in ("file", "path"):
        if isinstance(entry.get(key), str):
            shown = redact_url(str(entry[key]))
            return shown, f"{key} {shown}"
    return None, None


def _with_extras(dependency: Dependency, extras: object) -> Dependency:
    return replace(dependency, extras=canonical_extras(extras))
