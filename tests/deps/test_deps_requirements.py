"""Requirements files: pip's line grammar, options, nested -r/-c with cycles, hashes, markers, extras, URLs,
editables, index options, and what is skipped (with a reason) instead of guessed."""

from __future__ import annotations

from pathlib import Path

import pytest
from deps_fixtures import Writer, digest, names

from chainwatch.deps import DEFAULT_INDEX, Dependency, Limits, SourceKind, parse_path
from chainwatch.deps.requirements import logical_lines


def by_name(deps: tuple[Dependency, ...]) -> dict[str, Dependency]:
    return {d.name: d for d in deps}


def test_pins_specifiers_markers_extras_and_names(write: Writer) -> None:
    path = write(
        "requirements.txt",
        """\
# Production dependencies, compiled by hand
Requests[Socks, security]==2.31.0
Flask>=2.0,<3 ; python_version >= "3.8"   # web
django
zope.interface===6.0
numpy==1.26.*
typing_extensions ~= 4.8
""",
    )
    parsed = parse_path(path)
    assert parsed.kind is SourceKind.REQUIREMENTS
    deps = by_name(parsed.dependencies)
    assert names(parsed.dependencies) == [
        "requests",
        "flask",
        "django",
        "zope-interface",
        "numpy",
        "typing-extensions",
    ]
    requests = deps["requests"]
    assert requests.raw_name == "Requests"
    assert requests.version == "2.31.0" and requests.pinned
    assert requests.extras == ("security", "socks")
    assert requests.source.path == "requirements.txt" and requests.source.line == 2
    assert deps["flask"].version is None
    assert deps["flask"].specifier == "<3,>=2.0"
    assert deps["flask"].markers == 'python_version >= "3.8"'
    assert deps["django"].specifier == "" and deps["django"].version is None  # a bare name is still checked
    assert deps["zope-interface"].version == "6.0"
    assert deps["numpy"].version is None  # a wildcard pins nothing
    assert deps["typing-extensions"].specifier == "~=4.8"
    assert parsed.skipped == ()
    assert all(d.index_urls == () and not d.no_index for d in parsed.dependencies)


def test_hashes_on_continuation_lines(write: Writer) -> None:
    a, b = digest("certifi-whl"), digest("certifi-sdist")
    path = write(
        "requirements.txt",
        f"""\
certifi==2024.8.30 \\
    --hash=sha256:{a} \\
    --hash sha256:{b.upper()}
    # via requests
idna==3.10 --hash=sha256:{digest("idna")}
""",
    )
    deps = by_name(parse_path(path).dependencies)
    assert deps["certifi"].hashes == (f"sha256:{a}", f"sha256:{b}")
    assert deps["certifi"].source.line == 1
    assert deps["certifi"].hashed
    assert deps["idna"].hashes == (f"sha256:{digest('idna')}",)
    assert deps["idna"].source.line == 5


def test_bad_hash_skips_the_line_with_a_reason(write: Writer) -> None:
    parsed = parse_path(write("requirements.txt", "six==1.16.0 --hash=sha256\nattrs==23.1\n"))
    assert names(parsed.dependencies) == ["attrs"]
    assert "not a hash" in parsed.skipped[0].reason
    assert parsed.skipped[0].source.line == 1


def test_direct_urls_paths_and_vcs(write: Writer) -> None:
    wheel_hash = digest("pkg")
    path = write(
        "requirements.txt",
        f"""\
pkg @ https://files.example.org/packages/pkg-1.4.0-py3-none-any.whl
https://files.example.org/src/other_pkg-2.0.tar.gz#sha256={wheel_hash}
./vendor/localdep-0.3.1-py3-none-any.whl ; sys_platform == "linux"
./vendor/checkout[extra1]
mylib @ git+https://github.com/acme/mylib.git@v1.2.0
git+https://github.com/acme/anon.git
wrongname @ https://files.example.org/packages/pkg-1.4.0.tar.gz
https://files.example.org/archive.tar.bz2
""",
    )
    parsed = parse_path(path)
    deps = by_name(parsed.dependencies)
    assert deps["pkg"].version == "1.4.0" and deps["pkg"].url and not deps["pkg"].local
    other = deps["other-pkg"]
    assert other.version == "2.0" and other.hashes == (f"sha256:{wheel_hash}",)
    local = deps["localdep"]
    assert local.local and local.version == "0.3.1" and local.markers == 'sys_platform == "linux"'
    skipped = {(s.source.line, s.name): s.reason for s in parsed.skipped}
    assert any("local directory" in r for (line, _), r in skipped.items() if line == 4)
    assert "VCS reference" in skipped[(5, "mylib")]
    assert "VCS reference" in skipped[(6, None)]
    assert "holds 'pkg'" in skipped[(7, "wrongname")]
    assert "unrecognised archive" in skipped[(8, None)]


def test_editables_are_reported_not_built(write: Writer) -> None:
    parsed = parse_path(
        write(
            "requirements-dev.txt",
            "-e .\n-e git+https://github.com/acme/tool.git@main#egg=acme-tool\n--editable=./plugins/x\npytest\n",
        )
    )
    assert names(parsed.dependencies) == ["pytest"]
    assert [s.source.line for s in parsed.skipped] == [1, 2, 3]
    assert parsed.skipped[1].name == "acme-tool"


def test_index_options_are_global_and_ordered_like_pip(write: Writer) -> None:
    write("base.txt", "--extra-index-url https://pkgs.acme.example/simple\nurllib3==2.2.3\n")
    path = write("requirements.txt", "-r base.txt\nrequests==2.32.3\n-f ./wheels\n")
    deps = parse_path(path).dependencies
    assert {d.index_urls for d in deps} == {(DEFAULT_INDEX, "https://pkgs.acme.example/simple")}
    assert {d.find_links for d in deps} == {("./wheels",)}


def test_index_url_replaces_and_no_index_empties(write: Writer) -> None:
    parsed = parse_path(write("requirements.txt", "--extra-index a.example\n-i https://mirror.example/simple\nx\n"))
    # `--extra-index` is an abbreviation optparse (and so pip) accepts; --index-url then replaces the list.
    assert parsed.dependencies[0].index_urls == ("https://mirror.example/simple",)
    parsed = parse_path(write("r2-requirements.txt", "--no-index\n--find-links /srv/wheels\nx==1\n"))
    dep = parsed.dependencies[0]
    assert dep.no_index and dep.index_urls == () and dep.find_links == ("/srv/wheels",)


def test_credentials_in_index_urls_are_redacted(write: Writer) -> None:
    path = write(
        "requirements.txt",
        "--index-url https://deploy:hunter2@pkgs.acme.example/simple\n"
        "--extra-index-url https://ghp_TOKENTOKEN@pypi.acme.example/simple\nrequests\n"
        "--badoption https://u:hunter2@x.example\n",
    )
    parsed = parse_path(path)
    assert parsed.dependencies[0].index_urls == (
        "https://deploy:****@pkgs.acme.example/simple",
        "https://****@pypi.acme.example/simple",
    )
    assert "hunter2" not in repr(parsed) and "ghp_TOKENTOKEN" not in repr(parsed)


def test_nested_requirements_and_constraints(write: Writer) -> None:
    write("requirements/base.txt", "requests>=2\n-c ../constraints.txt\n")
    write("requirements/dev.txt", "-r base.txt\n--requirement=./test.txt\nblack\n")
    write("requirements/test.txt", "pytest==8.3.3\n-r base.txt\n")
    write("constraints.txt", "urllib3<2\n")
    parsed = parse_path(Path("requirements/dev.txt"))
    assert parsed.files == (
        "requirements/dev.txt",
        "requirements/base.txt",
        "constraints.txt",
        "requirements/test.txt",
    )
    deps = by_name(parsed.dependencies)
    assert set(deps) == {"requests", "urllib3", "pytest", "black"}
    assert deps["urllib3"].constraint and not deps["requests"].constraint
    assert deps["urllib3"].source.path == "constraints.txt"
    assert parsed.skipped == ()  # base.txt included twice: read once, not a cycle


def test_include_cycle_is_reported_once_and_terminates(write: Writer) -> None:
    write("a.txt", "-r b.txt\nalpha\n")
    write("b.txt", "-r c.txt\nbeta\n")
    write("c.txt", "-r a.txt\ngamma\n-r c.txt\n")
    parsed = parse_path(write("requirements.txt", "-r a.txt\n"))
    assert sorted(names(parsed.dependencies)) == ["alpha", "beta", "gamma"]
    reasons = [s.reason for s in parsed.skipped]
    assert len(reasons) == 2 and all("include cycle" in r for r in reasons)
    assert "a.txt -> b.txt -> c.txt -> a.txt" in reasons[0]


def test_nested_files_outside_the_project_or_remote_are_not_read(tmp_path: Path, write: Writer) -> None:
    secret = write("outside/secret.txt", "AWS_SECRET_ACCESS_KEY=abcd\n")
    write("proj/pyproject.toml", "[project]\nname = 'p'\nversion = '1'\n")
    path = write(
        "proj/requirements.txt",
        f"-r {secret}\n-r ../outside/secret.txt\n-r https://example.com/r.txt\n-c file:///etc/passwd\nok\n",
    )
    parsed = parse_path(path)
    assert names(parsed.dependencies) == ["ok"]
    assert [("outside the project tree" in s.reason) for s in parsed.skipped] == [True, True, False, True]
    assert "remote files are not fetched" in parsed.skipped[2].reason
    assert "abcd" not in repr(parsed)
    assert parsed.files == ("proj/requirements.txt",)


def test_root_can_be_widened_explicitly(tmp_path: Path, write: Writer) -> None:
    write("shared/base.txt", "attrs\n")
    path = write("proj/pyproject.toml", "[project]\nname='p'\nversion='1'\n").parent / "requirements.txt"
    path.write_text("-r ../shared/base.txt\n")
    assert parse_path(path).dependencies == ()
    assert names(parse_path(path, root=tmp_path).dependencies) == ["attrs"]


def test_environment_variables_are_not_expanded(write: Writer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOKEN", "s3cr3t")
    parsed = parse_path(write("requirements.txt", "--index-url https://${TOKEN}@pkgs.example/simple\nx\n"))
    assert "s3cr3t" not in repr(parsed)


def test_invalid_lines_and_options_are_skipped_with_reasons(write: Writer) -> None:
    parsed = parse_path(
        write(
            "requirements.txt",
            "good==1.0\nthis is not a requirement\n--frobnicate\nbad==1.0 ; python_version >>> '3'\n"
            "--hash=sha256:" + digest("x") + "\n'unterminated --hash='x\n",
        )
    )
    assert names(parsed.dependencies) == ["good"]
    reasons = {s.source.line: s.reason for s in parsed.skipped}
    assert reasons[2].startswith("not a valid requirement")
    assert "no such option" in reasons[3]
    assert reasons[4].startswith("not a valid requirement")
    assert "--hash without a requirement" in reasons[5]
    assert 6 in reasons


def test_logical_lines_follow_pip() -> None:
    text = "a \\\n  b\n# c \\\nd # e\n\n  \\\nf\\\n# end g\nh\\"
    assert list(logical_lines(text)) == [(1, "a   b"), (4, "d"), (6, "f"), (9, "h")]


def test_bom_and_utf16_files_decode(write: Writer) -> None:
    assert names(parse_path(write("requirements.txt", "\ufeffrequests\n".encode())).dependencies) == ["requests"]
    utf16 = write("requirements-win.txt", "\ufeffpywin32==306\r\nrich\r\n".encode("utf-16-le"))
    assert names(parse_path(utf16).dependencies) == ["pywin32", "rich"]


def test_entry_limit(write: Writer) -> None:
    path = write("requirements.txt", "".join(f"pkg{i}\n" for i in range(50)))
    with pytest.raises(Exception, match="more than 10 entries"):
        parse_path(path, limits=Limits(max_entries=10))
