"""`pyproject.toml`, read with tomllib: PEP 621 `[project]` dependencies and optional dependencies, PEP 735
`[dependency-groups]`, Poetry's `[tool.poetry.*dependencies]`, PDM's `[tool.pdm.dev-dependencies]` and uv's
`[tool.uv] dev-dependencies`, with the indexes and sources those tools configure.

Only what the file states is read. `dynamic = ["dependencies"]` means the build backend computes them; we never run
it, so that is reported as skipped. Where a tool re-routes a dependency (`[tool.uv.sources]` to a workspace member,
path or git checkout; Poetry `git`/`path`), the name alone would be audited as if it came from PyPI, which it does
not, so such entries are skipped with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from packaging.markers import InvalidMarker, Marker
from packaging.utils import canonicalize_name

from ..model import Location
from ._pep508 import Parsed, canonical_extras, from_pep508, from_reference
from ._read import LineLocator, display_path, expect_list, expect_table, header_lines, load_toml, redact_url
from .interface import (
    DEFAULT_INDEX,
    DEFAULT_LIMITS,
    Dependency,
    DependencyParseError,
    IndexStrategy,
    Limits,
    ParsedSource,
    SkippedDependency,
    SourceKind,
)
from .poetry_constraints import poetry_to_pep440

# Locating lines only: the leading name of each quoted string, and each bare `key =` (Poetry tables).
_NAME_IN_STRING = re.compile(r"""["']\s*([A-Za-z0-9][A-Za-z0-9._-]*)""")
_TABLE_KEY = re.compile(r"""^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=""", re.MULTILINE)


def _canonical(text: str) -> str:
    return str(canonicalize_name(text))


@dataclass(slots=True)
class _Reader:
    label: str
    text: str
    headers: dict[str, int]
    strings: LineLocator
    keys: LineLocator
    dependencies: list[Dependency] = field(default_factory=list)
    skipped: list[SkippedDependency] = field(default_factory=list)

    def where(self, section: str, name: str | None, snippet: str, *, table: bool = False) -> Location:
        start = self.headers.get(section) or self.headers.get(section.rsplit(".", 1)[0]) or 1
        line = None
        if name:
            locator = self.keys if table else self.strings
            line = locator.find(_canonical(name), start)
        return Location(self.label, line, snippet=snippet[:240])

    def add(self, parsed: Parsed) -> None:
        if isinstance(parsed, Dependency):
            self.dependencies.append(parsed)
        else:
            self.skipped.append(parsed)

    def skip(self, section: str, reason: str, name: str | None = None) -> None:
        self.skipped.append(
            SkippedDependency(self.where(section, name, name or ""), reason, _canonical(name) if name else None)
        )


def parse_pyproject(path: Path, limits: Limits = DEFAULT_LIMITS, root: Path | None = None) -> ParsedSource:
    data, text = load_toml(path, limits)
    label = display_path(path)
    reader = _Reader(
        label,
        text,
        header_lines(text),
        LineLocator(text, _NAME_IN_STRING, _canonical),
        LineLocator(text, _TABLE_KEY, _canonical),
    )
    tool = expect_table(data.get("tool", {}), label, "[tool]")
    uv = expect_table(tool.get("uv", {}), label, "[tool.uv]")
    pdm = expect_table(tool.get("pdm", {}), label, "[tool.pdm]")
    standard_indexes = _uv_indexes(uv, label) or _pdm_indexes(pdm, label)
    uv_sources = expect_table(uv.get("sources", {}), label, "[tool.uv.sources]")

    standard: list[Parsed] = []
    standard.extend(_project(data, reader))
    standard.extend(_dependency_groups(data, reader))
    for requirement in _strings(uv.get("dev-dependencies", []), label, "[tool.uv] dev-dependencies"):
        standard.append(_requirement(reader, "tool.uv", requirement, "dev"))
    pdm_dev = expect_table(pdm.get("dev-dependencies", {}), label, "[tool.pdm.dev-dependencies]")
    for group, requirements in pdm_dev.items():
        for requirement in _strings(requirements, label, f"[tool.pdm.dev-dependencies] {group}"):
            standard.append(_requirement(reader, "tool.pdm.dev-dependencies", requirement, str(group)))
    project = data.get("project")
    own_name = project.get("name") if isinstance(project, dict) else None
    for parsed in standard:
        if isinstance(parsed, Dependency) and isinstance(own_name, str) and parsed.name == _canonical(own_name):
            # `app[test]` inside app's own extras or groups: the project itself, not something to fetch.
            reader.add(SkippedDependency(parsed.source, "refers to this project itself", parsed.name))
            continue
        reader.add(_route(parsed, uv_sources, standard_indexes))

    poetry = expect_table(tool.get("poetry", {}), label, "[tool.poetry]")
    if poetry:
        _poetry(poetry, reader)
    if len(reader.dependencies) + len(reader.skipped) > limits.max_entries:
        raise DependencyParseError(label, f"more than {limits.max_entries} entries")
    return ParsedSource(
        kind=SourceKind.PYPROJECT,
        path=label,
        dependencies=tuple(reader.dependencies),
        skipped=tuple(reader.skipped),
        files=(label,),
    )


def _strings(value: object, label: str, what: str) -> Iterator[str | object]:
    yield from expect_list(value, label, what)


def _requirement(reader: _Reader, section: str, value: object, group: str) -> Parsed:
    if not isinstance(value, str):
        return SkippedDependency(reader.where(section, None, repr(value)), "not a requirement string")
    text = value.strip()
    leading = re.match(r"\s*(?:-e\s+)?([A-Za-z0-9][A-Za-z0-9._-]*)", text)
    where = reader.where(section, leading.group(1) if leading else None, value)
    if text.startswith(("-e ", "-e\t")):
        # PDM stores editable dev dependencies as pip-style `-e <url or path>` lines.
        return from_reference(text[2:].strip(), where, editable=True, group=group)
    return from_pep508(text, where, group=group)


def _project(data: dict[str, Any], reader: _Reader) -> Iterator[Parsed]:
    if "project" not in data:
        return
    project = expect_table(data["project"], reader.label, "[project]")
    dynamic = project.get("dynamic", [])
    dynamic = [d for d in dynamic if isinstance(d, str)] if isinstance(dynamic, list) else []
    for key in ("dependencies", "optional-dependencies"):
        if key in dynamic:
            reader.skip(
                "project", f"[project] {key} are dynamic: only the build backend knows them, and it is never run"
            )
    for value in _strings(project.get("dependencies", []), reader.label, "[project] dependencies"):
        yield _requirement(reader, "project", value, "main")
    optional = expect_table(project.get("optional-dependencies", {}), reader.label, "[project.optional-dependencies]")
    for extra, values in optional.items():
        for value in _strings(values, reader.label, f"[project.optional-dependencies] {extra}"):
            yield _requirement(reader, "project.optional-dependencies", value, str(extra))


def _dependency_groups(data: dict[str, Any], reader: _Reader) -> Iterator[Parsed]:
    """PEP 735. Each requirement is reported once, under the group that declares it; `{include-group = ...}` entries
    are checked (unknown groups and cycles are errors in PEP 735, so they are reported) but add nothing new."""
    groups = expect_table(data.get("dependency-groups", {}), reader.label, "[dependency-groups]")
    by_name = {_canonical(str(name)): name for name in groups}
    for name, values in groups.items():
        for value in _strings(values, reader.label, f"[dependency-groups] {name}"):
            if isinstance(value, dict):
                problem = _include_problem(groups, by_name, str(name), value)
                if problem:
                    reader.skip("dependency-groups", f"[dependency-groups] {name}: {problem}")
                continue
            yield _requirement(reader, "dependency-groups", value, str(name))


def _include_problem(groups: dict[str, Any], by_name: dict[str, str], start: str, entry: dict[str, Any]) -> str | None:
    target = entry.get("include-group")
    if set(entry) != {"include-group"} or not isinstance(target, str):
        return f"unknown entry {entry!r}"
    path = [_canonical(start)]
    pending = [_canonical(target)]
    while pending:
        current = pending.pop()
        if current not in by_name:
            return f"includes unknown group '{current}'"
        if current in path:
            return f"include cycle through '{current}'"
        path.append(current)
        members = groups[by_name[current]]
        if isinstance(members, list):
            pending.extend(
                _canonical(m["include-group"])
                for m in members
                if isinstance(m, dict) and isinstance(m.get("include-group"), str)
            )
    return None


def _route(parsed: Parsed, uv_sources: dict[str, Any], indexes: _Indexes) -> Parsed:
    """Apply `[tool.uv.sources]` and the configured indexes to a standard (PEP 621/735) requirement."""
    if not isinstance(parsed, Dependency):
        return parsed
    source = next((v for k, v in uv_sources.items() if _canonical(str(k)) == parsed.name), None)
    if isinstance(source, list):
        source = source[0] if source and isinstance(source[0], dict) else None
    if isinstance(source, dict):
        if "index" in source and isinstance(source["index"], str):
            url = indexes.named.get(source["index"])  # uv: a name pinned to an index is looked up there only
            return replace(parsed, index_urls=(url,) if url else ())
        for kind in ("workspace", "path", "git"):
            if kind in source:
                what = "a workspace member" if kind == "workspace" else f"{kind} {redact_url(str(source[kind]))}"
                return SkippedDependency(
                    parsed.source, f"[tool.uv.sources] installs it from {what}, not from an index", parsed.name
                )
        if isinstance(source.get("url"), str):
            return from_reference(
                source["url"],
                parsed.source,
                name=parsed.raw_name,
                extras=parsed.extras,
                markers=parsed.markers,
                group=parsed.group,
            )
    if not indexes.default:
        return parsed
    return replace(parsed, index_urls=indexes.default, index_strategy=indexes.strategy)


@dataclass(frozen=True, slots=True)
class _Indexes:
    default: tuple[str, ...] = ()  # what a requirement without an explicit source is looked up in, by priority
    named: dict[str, str] = field(default_factory=dict)
    strategy: IndexStrategy = IndexStrategy.PIP

    def __bool__(self) -> bool:
        return bool(self.default or self.named)


def _uv_indexes(uv: dict[str, Any], label: str) -> _Indexes:
    """uv: `[[tool.uv.index]]` in priority order, then the legacy `extra-index-url`, then the default index (one
    marked `default = true`, or `index-url`, else PyPI); `explicit = true` indexes serve only packages pinned to
    them. uv resolves with `index-strategy` (default `first-index`), which the confusion check needs to know."""
    named: dict[str, str] = {}
    ordered: list[str] = []
    default = DEFAULT_INDEX
    for entry in expect_list(uv.get("index", []), label, "[[tool.uv.index]]"):
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            continue
        url = redact_url(entry["url"])
        if isinstance(entry.get("name"), str):
            named[entry["name"]] = url
        if entry.get("default") is True:
            default = url
        elif entry.get("explicit") is not True:
            ordered.append(url)
    if isinstance(uv.get("index-url"), str):
        default = redact_url(uv["index-url"])
    extra = uv.get("extra-index-url", [])
    if isinstance(extra, list):
        ordered += [redact_url(u) for u in extra if isinstance(u, str)]  # below every [[tool.uv.index]]
    if not named and not ordered and default == DEFAULT_INDEX:
        return _Indexes()
    strategy = IndexStrategy.of_uv(uv.get("index-strategy"))
    return _Indexes(tuple(dict.fromkeys([*ordered, default])), named, strategy)


def _pdm_indexes(pdm: dict[str, Any], label: str) -> _Indexes:
    """PDM: `[[tool.pdm.source]]` of type index; one named `pypi` replaces PyPI."""
    named: dict[str, str] = {}
    urls: list[str] = []
    for entry in expect_list(pdm.get("source", []), label, "[[tool.pdm.source]]"):
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            continue
        if entry.get("type", "index") != "index":
            continue
        url = redact_url(entry["url"])
        named[str(entry.get("name", url))] = url
        urls.append(url)
    if not urls:
        return _Indexes()
    if "pypi" not in named:
        urls.insert(0, DEFAULT_INDEX)
    return _Indexes(tuple(dict.fromkeys(urls)), named)


# ---------------------------------------------------------------------------------------------------- Poetry


def _poetry(poetry: dict[str, Any], reader: _Reader) -> None:
    label = reader.label
    indexes = _poetry_indexes(poetry, label)
    extras_of: dict[str, str] = {}
    for extra, members in expect_table(poetry.get("extras", {}), label, "[tool.poetry.extras]").items():
        if isinstance(members, list):
            for member in members:
                if isinstance(member, str):
                    extras_of.setdefault(_canonical(member), str(extra))
    tables: list[tuple[str, str, object]] = [
        ("tool.poetry.dependencies", "main", poetry.get("dependencies", {})),
        ("tool.poetry.dev-dependencies", "dev", poetry.get("dev-dependencies", {})),
    ]
    for group, body in expect_table(poetry.get("group", {}), label, "[tool.poetry.group]").items():
        if isinstance(body, dict):
            tables.append((f"tool.poetry.group.{group}.dependencies", str(group), body.get("dependencies", {})))
    for section, group, table in tables:
        for name, spec in expect_table(table, label, f"[{section}]").items():
            if _canonical(str(name)) == "python" and section == "tool.poetry.dependencies":
                continue  # the Python version the project supports, not a package
            where = reader.where(section, str(name), f"{name} = {spec!r}", table=True)
            for one in spec if isinstance(spec, list) else [spec]:
                reader.add(_poetry_entry(str(name), one, where, group, extras_of, indexes))


def _poetry_entry(
    name: str, spec: object, where: Location, group: str, extras_of: dict[str, str], indexes: _Indexes
) -> Parsed:
    canonical = _canonical(name)
    if isinstance(spec, str):
        spec = {"version": spec}
    if not isinstance(spec, dict):
        return SkippedDependency(where, f"unrecognised Poetry dependency value {spec!r}", canonical)
    if spec.get("optional") is True and group == "main":
        group = extras_of.get(canonical, "optional")
    valid, markers = _poetry_markers(spec)
    if not valid:
        return SkippedDependency(where, "invalid markers/python/platform constraint", canonical)
    extras = canonical_extras(spec.get("extras", []))
    for kind in ("git", "path"):
        if isinstance(spec.get(kind), str):
            shown = redact_url(spec[kind])
            return SkippedDependency(where, f"installed from {kind} {shown}, not from an index", canonical)
    if isinstance(spec.get("url"), str):
        return from_reference(spec["url"], where, name=name, extras=extras, markers=markers, group=group)
    constraint = spec.get("version", "*")
    specifier = poetry_to_pep440(constraint) if isinstance(constraint, str) else None
    dependency = from_pep508(f"{name}{specifier or ''}", where, group=group)
    if not isinstance(dependency, Dependency):
        return SkippedDependency(where, f"invalid Poetry constraint {constraint!r}", canonical)
    index_urls = indexes.default
    if isinstance(spec.get("source"), str):
        url = indexes.named.get(spec["source"])
        index_urls = (url,) if url else ()
    return replace(dependency, extras=extras, markers=markers, index_urls=index_urls)


def _poetry_markers(spec: dict[str, Any]) -> tuple[bool, str | None]:
    """Combine `markers`, `python` and `platform` into one PEP 508 marker: (False, None) when one is invalid."""
    parts: list[str] = []
    if isinstance(spec.get("markers"), str):
        parts.append(spec["markers"])
    if isinstance(spec.get("python"), str):
        specifier = poetry_to_pep440(spec["python"])
        if specifier is None:
            return False, None
        for clause in filter(None, specifier.split(",")):
            operator = clause.rstrip("0123456789.*")
            version = clause[len(operator) :]
            variable = "python_full_version" if version.count(".") >= 2 else "python_version"
            parts.append(f'{variable} {operator} "{version}"')
    if isinstance(spec.get("platform"), str):
        parts.append(f'sys_platform == "{spec["platform"]}"')
    if not parts:
        return True, None
    try:
        return True, str(Marker(" and ".join(f"({p})" for p in parts)))
    except InvalidMarker:
        return False, None


def _poetry_indexes(poetry: dict[str, Any], label: str) -> _Indexes:
    """Poetry's source order: default/primary sources, then PyPI unless a primary one replaces it, then
    supplemental/secondary ones; `explicit` sources serve only dependencies that name them."""
    named: dict[str, str] = {}
    primary: list[str] = []
    supplemental: list[str] = []
    for entry in expect_list(poetry.get("source", []), label, "[[tool.poetry.source]]"):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        url = redact_url(entry["url"]) if isinstance(entry.get("url"), str) else None
        if entry["name"].lower() == "pypi" and url is None:
            url = DEFAULT_INDEX
        if url is None:
            continue
        named[entry["name"]] = url
        priority = entry.get("priority")
        if priority is None:
            priority = "default" if entry.get("default") else "secondary" if entry.get("secondary") else "primary"
        if priority in ("default", "primary"):
            primary.append(url)
        elif priority in ("supplemental", "secondary"):
            supplemental.append(url)
    if not named:
        return _Indexes()
    default = [*(primary or [DEFAULT_INDEX]), *supplemental]
    return _Indexes(tuple(dict.fromkeys(default)), named)
