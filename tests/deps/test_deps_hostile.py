"""Hostile input: malformed TOML/JSON, huge files, deep -r recursion, binary junk, undecodable bytes, special files.
Every one ends in a `DependencyParseError` naming the file (and the line where known), never a crash or a hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from deps_fixtures import Writer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainwatch.deps import DependencyParseError, Limits, SourceKind, parse_path

TOML_NAMES = ("pyproject.toml", "pylock.toml", "uv.lock", "poetry.lock", "pdm.lock")
ALL_NAMES = (*TOML_NAMES, "Pipfile.lock", "requirements.txt")


@pytest.mark.parametrize("name", TOML_NAMES)
def test_malformed_toml_names_file_and_line(write: Writer, name: str) -> None:
    path = write(name, 'version = 1\n[[package]]\nname = "ok"\nversion = "1.0\n')
    with pytest.raises(DependencyParseError, match=r"invalid TOML") as caught:
        parse_path(path)
    assert caught.value.path == name and caught.value.line == 4
    assert str(caught.value).startswith(f"{name}:4: invalid TOML")


def test_malformed_json_names_file_and_line(write: Writer) -> None:
    path = write("Pipfile.lock", '{\n  "_meta": {},\n  "default": {\n    "x": {"version": "==1"\n  }\n')
    with pytest.raises(DependencyParseError, match=r"^Pipfile.lock:\d+: invalid JSON"):
        parse_path(path)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_huge_files_are_refused_before_reading(write: Writer, name: str) -> None:
    path = write(name, "")
    with path.open("wb") as handle:  # sparse: 17 MiB that cost nothing to make
        handle.truncate(17 * 1024 * 1024)
    with pytest.raises(DependencyParseError, match="over the 16777216-byte limit"):
        parse_path(path)
    small = write(f"small-{name}", "x" * 2000)
    with pytest.raises(DependencyParseError, match="over the 1000-byte limit"):
        parse_path(small, kind=SourceKind.REQUIREMENTS, limits=Limits(max_file_bytes=1000))


@pytest.mark.parametrize("name", ALL_NAMES)
def test_binary_junk(write: Writer, name: str) -> None:
    path = write(name, b"requests==1.0\n\x00\x01\x02\x7fELF\x00\x00junk")
    with pytest.raises(DependencyParseError, match="binary content") as caught:
        parse_path(path)
    assert caught.value.path == name and caught.value.line == 2


@pytest.mark.parametrize("name", ALL_NAMES)
def test_undecodable_bytes(write: Writer, name: str) -> None:
    path = write(name, b"# ok\nrequests==1.0 \xff\xfe\xfa\n")
    with pytest.raises(DependencyParseError, match="not valid utf-8") as caught:
        parse_path(path)
    assert caught.value.line == 2


def test_deep_include_chain_hits_the_depth_limit(write: Writer) -> None:
    for level in range(40):
        write(f"chain/r{level}.txt", f"-r r{level + 1}.txt\npkg{level}\n")
    write("chain/r40.txt", "last\n")
    with pytest.raises(DependencyParseError, match="nested more than 16 levels deep") as caught:
        parse_path(Path("chain/r0.txt"))
    assert caught.value.path == "chain/r15.txt" and caught.value.line == 1


def test_wide_include_fan_out_hits_the_file_limit(write: Writer) -> None:
    write("wide/requirements.txt", "".join(f"-r f{i}.txt\n" for i in range(30)))
    for i in range(30):
        write(f"wide/f{i}.txt", f"p{i}\n")
    with pytest.raises(DependencyParseError, match="more than 10 nested files"):
        parse_path(Path("wide/requirements.txt"), limits=Limits(max_files=10))


def test_nested_junk_names_the_nested_file(write: Writer) -> None:
    write("junk.txt", b"\x00\x00\x00")
    with pytest.raises(DependencyParseError, match=r"^junk.txt:1: binary content"):
        parse_path(write("requirements.txt", "ok\n-r junk.txt\n"))
    with pytest.raises(DependencyParseError, match=r"^missing.txt: cannot read"):
        parse_path(write("requirements-b.txt", "-r missing.txt\n"))


def test_over_long_logical_line(write: Writer) -> None:
    text = "requests \\\n" + "  --hash=sha256:" + "a" * 64 + " \\\n" * 2 + "x" * 5000 + "\n"
    with pytest.raises(DependencyParseError, match="line over 1000 characters") as caught:
        parse_path(write("requirements.txt", text), limits=Limits(max_line_chars=1000))
    assert caught.value.line == 1


@pytest.mark.parametrize("name", ["pyproject.toml", "uv.lock"])
def test_deeply_nested_toml(write: Writer, name: str) -> None:
    path = write(name, "a = " + "[" * 200_000 + "]" * 200_000 + "\n")
    with pytest.raises(DependencyParseError, match="invalid TOML"):
        parse_path(path)


def test_deeply_nested_json(write: Writer) -> None:
    path = write("Pipfile.lock", '{"default": ' + "[" * 200_000 + "]" * 200_000 + "}")
    with pytest.raises(DependencyParseError, match="JSON"):
        parse_path(path)


def test_special_files_are_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "requirements.txt"
    os.mkfifo(fifo)  # opening it for reading would block for ever
    with pytest.raises(DependencyParseError, match="not a regular file"):
        parse_path(fifo)
    with pytest.raises(DependencyParseError, match="not a regular file"):
        parse_path(Path("/dev/zero"), kind=SourceKind.REQUIREMENTS)


def test_directory_given_as_a_file(tmp_path: Path) -> None:
    (tmp_path / "uv.lock").mkdir()
    with pytest.raises(DependencyParseError, match="not a regular file"):
        parse_path(tmp_path / "uv.lock")


def test_wrong_types_inside_valid_toml(write: Writer) -> None:
    cases = {
        "pyproject.toml": "project = 3\n",
        "uv.lock": "version = 1\npackage = [1, 'x', {name = 3}]\n",
        "poetry.lock": "package = [{name = 'a', version = 1, files = 'x'}]\n[metadata]\nfiles = 3\n",
        "pdm.lock": "package = [{name = 'a', version = '1', files = [1, {hash = 5}]}]\n[metadata]\nx = 1\n",
        "pylock.toml": "lock-version = '1.0'\npackages = [{name = 'a', version = '1', wheels = 'x', sdist = 3}]\n",
    }
    for name, text in cases.items():
        try:
            parsed = parse_path(write(name, text))
        except DependencyParseError as exc:
            assert exc.path == name
        else:
            assert all(d.version for d in parsed.dependencies)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), name=st.sampled_from(ALL_NAMES))
def test_fuzz_bytes_only_ever_raise_parse_errors(tmp_path: Path, data: bytes, name: str) -> None:
    path = tmp_path / "fuzz" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    try:
        parse_path(path, limits=Limits(max_entries=500))
    except DependencyParseError as exc:
        assert exc.path.endswith(name)


_TOKENS = st.sampled_from(
    [
        "requests", "==1.0", "-r", "-c", "-e", " ", "\\\n", "\n", "#", "--hash=sha256:" + "ab" * 32, "[x]", ";",
        "python_version<'3'", "@", "https://e.x/p-1.0.tar.gz", "git+https://g/x.git", "./d", "--index-url", "x.txt",
        "--no-index", "'", '"', "${VAR}", "-f", "file:///etc/passwd", "..", "requirements.txt",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tokens=st.lists(_TOKENS, max_size=40))
def test_fuzz_requirements_grammar(tmp_path: Path, tokens: list[str]) -> None:
    """Random mixes of real requirements-file syntax, including self-includes: a result or a parse error."""
    path = tmp_path / "gram" / "requirements.txt"
    path.parent.mkdir(exist_ok=True)
    (tmp_path / "gram" / "x.txt").write_text("-r requirements.txt\nfoo\n")
    path.write_text("".join(tokens))
    try:
        parsed = parse_path(path)
    except DependencyParseError:
        return
    for dependency in parsed.dependencies:
        assert dependency.name and dependency.source.path
