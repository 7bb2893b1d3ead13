"""The public surface the audit command builds on: pinned, so a change to it is a deliberate one."""

from __future__ import annotations

import dataclasses

from chainwatch import deps


def test_exported_names() -> None:
    assert sorted(deps.__all__) == [
        "DEFAULT_INDEX",
        "Dependency",
        "DependencyParseError",
        "DependencySource",
        "IndexStrategy",
        "Limits",
        "ParsedSource",
        "SkippedDependency",
        "SourceKind",
        "UnsupportedFileError",
        "discover",
        "installed_environment",
        "parse_path",
        "source_for_file",
    ]


def test_data_is_frozen_and_fields_are_stable() -> None:
    for cls in (deps.Dependency, deps.SkippedDependency, deps.ParsedSource, deps.Limits):
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert [f.name for f in dataclasses.fields(deps.Dependency)] == [
        "name", "raw_name", "source", "version", "specifier", "extras", "markers", "hashes", "url", "editable",
        "local", "index_urls", "index_strategy", "find_links", "no_index", "group", "constraint",
    ]  # fmt: skip
    assert [f.name for f in dataclasses.fields(deps.SkippedDependency)] == ["source", "reason", "name"]


def test_every_kind_has_a_reader() -> None:
    from chainwatch.deps.files import parser_for

    for kind in deps.SourceKind:
        if kind is deps.SourceKind.ENVIRONMENT:
            continue
        assert callable(parser_for(kind))


def test_dependency_display() -> None:
    from chainwatch.model import Location

    pinned = deps.Dependency("flask", "Flask", Location("r.txt", 1), version="3.0.0", extras=("async",))
    loose = deps.Dependency("django", "Django", Location("r.txt", 2), specifier=">=4")
    assert str(pinned) == "Flask[async]==3.0.0" and pinned.pinned and not pinned.hashed
    assert str(loose) == "Django>=4" and not loose.pinned
    assert issubclass(deps.UnsupportedFileError, deps.DependencyParseError)
    error = deps.DependencyParseError("a.txt", "bad", 3)
    assert (str(error), error.path, error.line, error.reason) == ("a.txt:3: bad", "a.txt", 3, "bad")
