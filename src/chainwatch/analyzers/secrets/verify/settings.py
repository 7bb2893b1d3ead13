"""Where verifiers send credentials, and how long they wait: defaults < config < environment < command line.

Config lives in `[tool.chainwatch.secrets.verify]` (pyproject.toml) or `[secrets.verify]` (chainwatch.toml):

    [tool.chainwatch.secrets.verify]
    timeout = 5                      # seconds per request
    disable = ["openai"]             # providers never to contact
    [tool.chainwatch.secrets.verify.endpoints]
    github = "https://github.example.com/api/v3"

Environment: `CHAINWATCH_VERIFY_<PROVIDER>_ENDPOINT`, `CHAINWATCH_VERIFY_TIMEOUT`. Every endpoint is
checked (https, or http on loopback) before anything is sent.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .http import EndpointError, check_endpoint
from .interface import Verifier

DEFAULT_TIMEOUT = 5.0
DEFAULT_WORKERS = 4


class VerifySettingsError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class VerifySettings:
    endpoints: Mapping[str, str] = field(default_factory=dict)  # provider id -> checked base URL
    disabled: frozenset[str] = frozenset()
    timeout: float = DEFAULT_TIMEOUT
    workers: int = DEFAULT_WORKERS


def read_config_table(source: str) -> Mapping[str, Any]:
    """The `secrets.verify` table of the config file chainwatch loaded (`Config.source`), or {}."""
    path = Path(source)
    if source == "defaults" or not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise VerifySettingsError(f"cannot read {source}: {exc}") from exc
    if path.name == "pyproject.toml":
        document = document.get("tool", {}).get("chainwatch", {})
    else:
        document = document.get("chainwatch", document)
    table = document.get("secrets", {}).get("verify", {}) if isinstance(document.get("secrets"), dict) else {}
    if not isinstance(table, dict):
        raise VerifySettingsError(f"{source}: secrets.verify must be a table")
    return table


def build_settings(
    verifiers: Sequence[Verifier],
    table: Mapping[str, Any],
    environ: Mapping[str, str],
    overrides: Sequence[str] = (),
    timeout: float | None = None,
) -> VerifySettings:
    known = {v.id: v for v in verifiers}
    endpoints = {v.id: v.default_endpoint for v in verifiers}
    unknown_keys = set(table) - {"timeout", "endpoints", "disable"}
    if unknown_keys:
        raise VerifySettingsError(f"secrets.verify: unknown keys {sorted(unknown_keys)}")
    configured = table.get("endpoints", {})
    if not isinstance(configured, dict):
        raise VerifySettingsError("secrets.verify.endpoints must be a table of provider = URL")
    for provider, url in configured.items():
        endpoints[_provider(provider, known)] = str(url)
    for provider in known:
        value = environ.get(f"CHAINWATCH_VERIFY_{provider.upper()}_ENDPOINT")
        if value:
            endpoints[provider] = value
    for item in overrides:
        provider, sep, url = item.partition("=")
        if not sep or not url:
            raise VerifySettingsError(f"--verify-endpoint expects PROVIDER=URL, got {item!r}")
        endpoints[_provider(provider.strip(), known)] = url.strip()
    disabled = table.get("disable", [])
    if not isinstance(disabled, list) or not all(isinstance(p, str) for p in disabled):
        raise VerifySettingsError("secrets.verify.disable must be a list of provider ids")
    seconds = _timeout(timeout, environ.get("CHAINWATCH_VERIFY_TIMEOUT"), table.get("timeout"))
    try:
        checked = {provider: check_endpoint(url) for provider, url in endpoints.items()}
    except EndpointError as exc:
        raise VerifySettingsError(str(exc)) from None
    return VerifySettings(checked, frozenset(_provider(p, known) for p in disabled), seconds)


def _provider(name: str, known: Mapping[str, Verifier]) -> str:
    if name not in known:
        raise VerifySettingsError(f"unknown verifier {name!r}; known: {sorted(known)}")
    return name


def _timeout(cli: float | None, env: str | None, config: Any) -> float:
    value: Any = cli if cli is not None else env if env else config if config is not None else DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise VerifySettingsError(f"verify timeout must be a number of seconds, got {value!r}") from None
    if isinstance(value, bool) or not 0 < seconds <= 120:
        raise VerifySettingsError("verify timeout must be between 0 and 120 seconds")
    return seconds
