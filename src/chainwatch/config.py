"""Policy is data: `[tool.chainwatch]` in pyproject.toml or a `chainwatch.toml`, then CLI overrides.

Only the user's own configuration is read (from the working directory or `--config`); nothing
inside an artifact under analysis can change how it is analysed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .sources import Limits

FAIL_ON = ("malicious", "suspicious")


class ConfigError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Config:
    fail_on: str = "suspicious"
    fail_on_error: bool = True
    jobs: int | None = None
    format: str = "text"
    disabled_rules: frozenset[str] = frozenset()
    limits: Limits = field(default_factory=Limits)
    audit_internal: tuple[str, ...] = ()  # `[audit] internal`: glob patterns of names only private indexes serve
    audit_vet: bool = False  # `[audit] vet`: malware-vet the files of every exactly pinned dependency
    source: str = "defaults"


def load_config(explicit: Path | None = None, cwd: Path | None = None) -> Config:
    if explicit is not None:
        return _from_table(_read_toml(explicit), str(explicit), explicit.name == "pyproject.toml")
    folder = cwd or Path.cwd()
    dedicated = folder / "chainwatch.toml"
    if dedicated.is_file():
        return _from_table(_read_toml(dedicated), str(dedicated), False)
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        return _from_table(_read_toml(pyproject), str(pyproject), True)
    return Config()


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a config file: start-up of every command pays for it otherwise

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from exc


def _from_table(document: dict[str, Any], source: str, nested: bool) -> Config:
    table = document.get("tool", {}).get("chainwatch", {}) if nested else document.get("chainwatch", document)
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [tool.chainwatch] must be a table")
    config = Config(source=source)
    # "secrets" holds [tool.chainwatch.secrets.verify], read by the secrets command itself.
    known = {"fail-on", "fail-on-error", "jobs", "format", "disable", "limits", "audit", "secrets"}
    unknown = set(table) - known
    if unknown:
        raise ConfigError(f"{source}: unknown keys {sorted(unknown)}; known: {sorted(known)}")
    if "fail-on" in table:
        if table["fail-on"] not in FAIL_ON:
            raise ConfigError(f"{source}: fail-on must be one of {FAIL_ON}")
        config = replace(config, fail_on=table["fail-on"])
    if "fail-on-error" in table:
        # bool("false") is True: a quoted value must not silently mean the opposite.
        if not isinstance(table["fail-on-error"], bool):
            raise ConfigError(f"{source}: fail-on-error must be true or false")
        config = replace(config, fail_on_error=table["fail-on-error"])
    if "jobs" in table:
        if isinstance(table["jobs"], bool) or not isinstance(table["jobs"], int) or table["jobs"] < 1:
            raise ConfigError(f"{source}: jobs must be a positive integer")
        config = replace(config, jobs=table["jobs"])
    if "format" in table:
        config = replace(config, format=str(table["format"]))
    if "disable" in table:
        # A bare string would otherwise be split into single characters.
        rules = table["disable"]
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise ConfigError(f"{source}: disable must be a list of rule ids")
        config = replace(config, disabled_rules=frozenset(rules))
    if "limits" in table:
        config = replace(config, limits=_limits(table["limits"], source))
    if "audit" in table:
        config = replace(config, audit_internal=_audit_internal(table["audit"], source))
        vet = table["audit"].get("vet", False)
        if not isinstance(vet, bool):
            raise ConfigError(f"{source}: audit.vet must be true or false")
        config = replace(config, audit_vet=vet)
    return config


def _audit_internal(table: Any, source: str) -> tuple[str, ...]:
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [audit] must be a table")
    unknown = set(table) - {"internal", "vet"}
    if unknown:
        raise ConfigError(f"{source}: unknown keys in [audit] {sorted(unknown)}; known: ['internal', 'vet']")
    patterns = table.get("internal", [])
    # A bare string would otherwise be split into single characters, each matching far too much.
    if not isinstance(patterns, list) or not all(isinstance(p, str) and p.strip() for p in patterns):
        raise ConfigError(f"{source}: audit.internal must be a list of package-name patterns")
    return tuple(p.strip() for p in patterns)


def _limits(table: Any, source: str) -> Limits:
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [limits] must be a table")
    names = {f.name.replace("_", "-"): f for f in fields(Limits)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in names:
            raise ConfigError(f"{source}: unknown limit {key!r}; known: {sorted(names)}")
        whole = isinstance(names[key].default, int)
        if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)) or value <= 0:
            raise ConfigError(f"{source}: limit {key} must be a positive {'integer' if whole else 'number'}")
        values[names[key].name] = value
    return Limits(**values)
