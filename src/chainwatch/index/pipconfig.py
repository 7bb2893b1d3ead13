"""Which indexes to ask, decided the way pip decides: command line, then pip's environment, then pip.conf.

Precedence, lowest first (a later source wins, setting by setting, exactly as in pip):

1. configuration files, read with `configparser` in pip's order — global (`$XDG_CONFIG_DIRS/pip/pip.conf`,
   default `/etc/xdg/pip/pip.conf`, then `/etc/pip.conf`), user (`~/.pip/pip.conf`, then
   `$XDG_CONFIG_HOME/pip/pip.conf`, default `~/.config/pip/pip.conf`; skipped when `$PIP_CONFIG_FILE`
   names an existing file), site (`$VIRTUAL_ENV/pip.conf`, the environment pip would install into),
   then `$PIP_CONFIG_FILE`. Within them, any file's `[install]` section beats any file's `[global]`.
   `PIP_CONFIG_FILE=/dev/null` turns all files off, as in pip.
2. environment variables: `PIP_INDEX_URL`, `PIP_EXTRA_INDEX_URL` (space-separated), `PIP_NO_INDEX`,
   `PIP_TRUSTED_HOST`, `PIP_CERT`, `PIP_TIMEOUT` / `PIP_DEFAULT_TIMEOUT`.
3. `--index-url` / `--extra-index-url` on chainwatch's command line.

Without any index URL the default is https://pypi.org/simple/. `no-index` from pip's configuration
drops the configured URLs; URLs given on chainwatch's command line still count. `trusted-host` only
allows plain http to that host: unlike pip, TLS verification is never switched off.
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigurationError
from .urls import PYPI_SIMPLE, IndexURL, parse_index_url

DEFAULT_TIMEOUT = 15.0  # pip's default, in seconds
_KEYS = ("index-url", "extra-index-url", "no-index", "trusted-host", "cert", "timeout")
_ALIASES = {"default-timeout": "timeout", "i": "index-url"}
_TRUE = ("1", "true", "yes", "on", "y", "t")
_FALSE = ("0", "false", "no", "off", "n", "f", "")


@dataclass(frozen=True, slots=True)
class IndexSettings:
    """Where to look, in pip's order: the primary index first, then the extra ones."""

    index_url: IndexURL | None
    extra_index_urls: tuple[IndexURL, ...] = ()
    timeout: float = DEFAULT_TIMEOUT
    cert: str | None = None
    trusted_hosts: frozenset[str] = frozenset()

    @property
    def indexes(self) -> tuple[IndexURL, ...]:
        primary = (self.index_url,) if self.index_url is not None else ()
        seen: set[str] = set()
        ordered = []
        for index in primary + self.extra_index_urls:
            if index.url not in seen:
                seen.add(index.url)
                ordered.append(index)
        return tuple(ordered)

    def describe(self) -> str:
        return ", ".join(f"{i.display} ({i.origin})" for i in self.indexes) or "no index"


def config_files(env: Mapping[str, str]) -> list[Path]:
    """pip's configuration files in the order pip loads them (a later file overrides an earlier one)."""
    explicit = env.get("PIP_CONFIG_FILE")
    if explicit == os.devnull:
        return []
    home = Path(env.get("HOME") or Path.home())
    xdg_dirs = [d for d in (env.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(os.pathsep) if d]
    files = [Path(d) / "pip" / "pip.conf" for d in xdg_dirs] + [Path("/etc/pip.conf")]
    if not (explicit and Path(explicit).exists()):
        xdg_home = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
        files += [home / ".pip" / "pip.conf", xdg_home / "pip" / "pip.conf"]
    if env.get("VIRTUAL_ENV"):
        files.append(Path(env["VIRTUAL_ENV"]) / "pip.conf")
    if explicit:
        files.append(Path(explicit))
    return files


def _normalise(key: str) -> str:
    key = key.strip().lower().replace("_", "-").lstrip("-")
    return _ALIASES.get(key, key)


def _read_files(files: Sequence[Path]) -> dict[str, tuple[str, str]]:
    """`{setting: (value, origin)}` after pip's rule: `[install]` beats `[global]`, later files beat earlier."""
    sections: dict[str, dict[str, tuple[str, str]]] = {"global": {}, "install": {}}
    for path in files:
        if not path.is_file():
            continue
        parser = configparser.RawConfigParser()
        try:
            with path.open(encoding="utf-8") as handle:
                parser.read_file(handle)
        except (OSError, UnicodeDecodeError, configparser.Error) as exc:
            raise ConfigurationError(f"cannot read pip configuration {path}: {exc}") from None
        for section, values in sections.items():
            if parser.has_section(section):
                for key, value in parser.items(section):
                    values[_normalise(key)] = (value, f"{path} [{section}]")
    return {**sections["global"], **sections["install"]}


def _read_env(env: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for variable, value in env.items():
        if variable.startswith("PIP_") and variable != "PIP_CONFIG_FILE":
            key = _normalise(variable[4:])
            if key in _KEYS:
                found[key] = (value, variable)
    return found


def _flag(value: str, origin: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigurationError(f"{origin}: {value!r} is not a boolean")


def load_settings(
    index_url: str | None = None,
    extra_index_urls: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    files: Sequence[Path] | None = None,
) -> IndexSettings:
    """Merge the command line with pip's configuration. `env` and `files` are injectable for tests."""
    environ = os.environ if env is None else env
    merged = _read_files(config_files(environ) if files is None else files)
    merged.update(_read_env(environ))
    trusted = frozenset(merged["trusted-host"][0].split()) if "trusted-host" in merged else frozenset()
    no_index = "no-index" in merged and _flag(*merged["no-index"])

    primary: IndexURL | None
    if index_url:
        primary = parse_index_url(index_url, "--index-url", trusted)
    elif "index-url" in merged and not no_index:
        value, origin = merged["index-url"]
        primary = parse_index_url(value, origin, trusted)
    elif no_index:
        primary = None
    else:
        primary = parse_index_url(PYPI_SIMPLE, "default", trusted)

    extras: list[IndexURL]
    if extra_index_urls:
        extras = [parse_index_url(u, "--extra-index-url", trusted) for u in extra_index_urls]
    elif "extra-index-url" in merged and not no_index:
        value, origin = merged["extra-index-url"]
        extras = [parse_index_url(u, origin, trusted) for u in value.split()]
    else:
        extras = []
    settings = IndexSettings(primary, tuple(extras), _timeout(merged), _cert(merged), trusted)
    if not settings.indexes:
        origin = merged["no-index"][1] if "no-index" in merged else "configuration"
        raise ConfigurationError(f"pip's configuration sets no-index ({origin}); give --index-url to vet from an index")
    return settings


def _timeout(merged: dict[str, tuple[str, str]]) -> float:
    if "timeout" not in merged:
        return DEFAULT_TIMEOUT
    value, origin = merged["timeout"]
    try:
        seconds = float(value)
    except ValueError:
        raise ConfigurationError(f"{origin}: timeout {value!r} is not a number") from None
    if not 0 < seconds <= 3600:
        raise ConfigurationError(f"{origin}: timeout must be between 0 and 3600 seconds")
    return seconds


def _cert(merged: dict[str, tuple[str, str]]) -> str | None:
    if "cert" not in merged:
        return None
    value, origin = merged["cert"]
    if not Path(value).exists():
        raise ConfigurationError(f"{origin}: cert bundle {value!r} does not exist")
    return value
