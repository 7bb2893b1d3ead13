"""Index URLs come from the command line, else pip's environment, else pip.conf files — pip's precedence."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chainwatch.index.errors import ConfigurationError
from chainwatch.index.pipconfig import DEFAULT_TIMEOUT, config_files, load_settings


def conf(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def urls(settings: object) -> list[str]:
    return [i.url for i in settings.indexes]  # type: ignore[attr-defined]


def test_default_is_pypi() -> None:
    settings = load_settings(env={}, files=[])
    assert urls(settings) == ["https://pypi.org/simple/"]
    assert settings.index_url is not None and settings.index_url.origin == "default"
    assert settings.timeout == DEFAULT_TIMEOUT


def test_file_locations_follow_pip(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "VIRTUAL_ENV": "/venv", "XDG_CONFIG_DIRS": "/a:/b"}
    assert config_files(env) == [
        Path("/a/pip/pip.conf"),
        Path("/b/pip/pip.conf"),
        Path("/etc/pip.conf"),
        tmp_path / ".pip" / "pip.conf",
        tmp_path / ".config" / "pip" / "pip.conf",
        Path("/venv/pip.conf"),
    ]
    explicit = conf(tmp_path / "explicit.conf", "")
    # An existing PIP_CONFIG_FILE replaces the user files (pip's rule) and is read last.
    files = config_files({"HOME": str(tmp_path), "PIP_CONFIG_FILE": str(explicit)})
    assert files == [Path("/etc/xdg/pip/pip.conf"), Path("/etc/pip.conf"), explicit]
    assert config_files({"HOME": str(tmp_path), "PIP_CONFIG_FILE": os.devnull}) == []


def test_later_files_and_install_section_win(tmp_path: Path) -> None:
    site = conf(tmp_path / "global.conf", "[global]\nindex-url = https://global.example/simple\ntimeout = 30\n")
    user = conf(
        tmp_path / "user.conf",
        "[global]\nindex-url = https://user.example/simple\n[install]\nextra-index-url =\n"
        "    https://extra-one.example/simple\n    https://extra-two.example/simple\n",
    )
    venv = conf(tmp_path / "venv.conf", "[global]\nextra_index_url = https://ignored.example/simple\n")
    settings = load_settings(env={}, files=[site, user, venv])
    # [install] beats [global] whatever the file; later files beat earlier ones within a section.
    assert urls(settings) == [
        "https://user.example/simple/",
        "https://extra-one.example/simple/",
        "https://extra-two.example/simple/",
    ]
    assert settings.index_url is not None and settings.index_url.origin == f"{user} [global]"
    assert settings.timeout == 30.0


def test_environment_beats_files_and_command_line_beats_both(tmp_path: Path) -> None:
    files = [conf(tmp_path / "pip.conf", "[global]\nindex-url = https://file.example/simple\n")]
    env = {
        "PIP_INDEX_URL": "https://env.example/simple",
        "PIP_EXTRA_INDEX_URL": "https://e1.example/ https://e2.example/",
    }
    assert urls(load_settings(env=env, files=files)) == [
        "https://env.example/simple/",
        "https://e1.example/",
        "https://e2.example/",
    ]
    settings = load_settings("https://cli.example/simple", ["https://cli-extra.example/"], env=env, files=files)
    assert urls(settings) == ["https://cli.example/simple/", "https://cli-extra.example/"]
    assert [i.origin for i in settings.indexes] == ["--index-url", "--extra-index-url"]
    # Setting by setting, as in pip: only --index-url on the command line keeps the configured extras.
    assert urls(load_settings("https://cli.example/simple", env=env, files=files))[1:] == [
        "https://e1.example/",
        "https://e2.example/",
    ]


def test_pip_config_file_from_environment_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = conf(tmp_path / "mine.conf", "[global]\nindex-url = https://mine.example/simple\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(explicit))
    monkeypatch.setenv("HOME", str(tmp_path))
    settings = load_settings()
    assert settings.index_url is not None and settings.index_url.url == "https://mine.example/simple/"


def test_no_index(tmp_path: Path) -> None:
    files = [conf(tmp_path / "pip.conf", "[global]\nno-index = true\nindex-url = https://file.example/simple\n")]
    with pytest.raises(ConfigurationError, match="no-index"):
        load_settings(env={}, files=files)
    assert urls(load_settings("https://cli.example/", env={}, files=files)) == ["https://cli.example/"]
    assert urls(load_settings(env={"PIP_NO_INDEX": "0"}, files=files)) == ["https://file.example/simple/"]


def test_credentials_are_split_off_and_never_shown() -> None:
    settings = load_settings("https://alice:s3cr%2Ft@private.example/simple", env={}, files=[])
    index = settings.indexes[0]
    assert index.url == "https://private.example/simple/"
    assert index.auth == ("alice", "s3cr/t")
    assert "s3cr" not in settings.describe() and "alice" not in settings.describe()


def test_plain_http_needs_loopback_or_trusted_host(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="plain http"):
        load_settings("http://insecure.example/simple", env={}, files=[])
    assert urls(load_settings("http://127.0.0.1:8080/simple", env={}, files=[])) == ["http://127.0.0.1:8080/simple/"]
    assert urls(load_settings("http://localhost/simple", env={}, files=[])) == ["http://localhost/simple/"]
    assert urls(load_settings("http://[::1]:9/s/", env={}, files=[])) == ["http://[::1]:9/s/"]
    trusted = load_settings("http://insecure.example/simple", env={"PIP_TRUSTED_HOST": "insecure.example"}, files=[])
    assert trusted.indexes[0].trusted


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[global]\ntimeout = soon\n", "not a number"),
        ("[global]\ntimeout = -1\n", "between"),
        ("[global]\nno-index = maybe\n", "not a boolean"),
        ("[global]\ncert = /nonexistent/bundle.pem\n", "does not exist"),
        ("[global]\nindex-url = ftp://old.example/\n", "scheme"),
        ("[global\nbroken", "cannot read pip configuration"),
    ],
)
def test_bad_configuration_is_reported(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        load_settings(env={}, files=[conf(tmp_path / "pip.conf", text)])


def test_timeout_and_cert_from_environment(tmp_path: Path) -> None:
    bundle = conf(tmp_path / "ca.pem", "")
    settings = load_settings(env={"PIP_DEFAULT_TIMEOUT": "7", "PIP_CERT": str(bundle)}, files=[])
    assert settings.timeout == 7.0 and settings.cert == str(bundle)
