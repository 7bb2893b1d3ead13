"""Policy is read from the user's own `chainwatch.toml` or `[tool.chainwatch]`, and bad values are refused."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from chainwatch.config import FAIL_ON, Config, ConfigError, load_config
from chainwatch.sources import Limits


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file(cwd: Path) -> None:
    assert load_config() == Config()
    assert load_config().source == "defaults"


def test_pyproject_tool_table_is_read(cwd: Path) -> None:
    other = next(v for v in FAIL_ON if v != Config().fail_on)
    _write(
        cwd / "pyproject.toml",
        f"""
[project]
name = "demo"

[tool.chainwatch]
fail-on = "{other}"
fail-on-error = false
jobs = 3
format = "sarif"
disable = ["test.one", "test.two"]

[tool.chainwatch.limits]
max-members = 12
""",
    )
    config = load_config()
    assert config.fail_on == other
    assert config.fail_on_error is False
    assert config.jobs == 3
    assert config.format == "sarif"
    assert config.disabled_rules == frozenset({"test.one", "test.two"})
    assert config.limits.max_members == 12
    assert config.source == str(cwd / "pyproject.toml")


def test_pyproject_without_tool_table_gives_defaults(cwd: Path) -> None:
    _write(cwd / "pyproject.toml", '[project]\nname = "demo"\n')
    config = load_config()
    assert (config.fail_on, config.jobs, config.limits) == (Config().fail_on, Config().jobs, Config().limits)


def test_chainwatch_toml_wins_over_pyproject(cwd: Path) -> None:
    _write(cwd / "pyproject.toml", "[tool.chainwatch]\njobs = 2\n")
    _write(cwd / "chainwatch.toml", "jobs = 5\n")
    config = load_config()
    assert config.jobs == 5
    assert config.source == str(cwd / "chainwatch.toml")


def test_chainwatch_toml_may_use_a_chainwatch_table(cwd: Path) -> None:
    _write(cwd / "chainwatch.toml", "[chainwatch]\njobs = 4\n")
    assert load_config().jobs == 4


def test_explicit_file_and_cwd_argument(tmp_path: Path, cwd: Path) -> None:
    elsewhere = tmp_path / "sub"
    elsewhere.mkdir()
    _write(elsewhere / "pyproject.toml", "[tool.chainwatch]\njobs = 7\n")
    assert load_config(elsewhere / "pyproject.toml").jobs == 7
    assert load_config(cwd=elsewhere).jobs == 7
    custom = _write(tmp_path / "policy.toml", "jobs = 8\n")
    assert load_config(custom).jobs == 8


def test_every_limit_maps_to_the_dataclass(cwd: Path) -> None:
    defaults = Limits()
    lines, expected = [], {}
    for spec in fields(Limits):
        value = getattr(defaults, spec.name)
        new = value + 1 if isinstance(value, int) else value * 2  # differs from the default
        lines.append(f"{spec.name.replace('_', '-')} = {new!r}")
        expected[spec.name] = new
    _write(cwd / "chainwatch.toml", "[limits]\n" + "\n".join(lines) + "\n")
    limits = load_config().limits
    assert isinstance(limits, Limits)
    assert {name: getattr(limits, name) for name in expected} == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("colour = 'red'\n", ["unknown", "colour"]),
        ("fail-on = 'sometimes'\n", ["fail-on", *FAIL_ON]),
        ("fail-on-error = 'false'\n", ["fail-on-error"]),
        ("jobs = 0\n", ["jobs"]),
        ("jobs = 'many'\n", ["jobs"]),
        ("jobs = true\n", ["jobs"]),
        ("disable = 'test.one'\n", ["disable"]),
        ("limits = 5\n", ["limits"]),
        ("[limits]\nmax-size = 10\n", ["unknown limit", "max-size"]),
        ("[limits]\nmax-members = -1\n", ["max-members"]),
        ("[limits]\nmax-members = 'lots'\n", ["max-members"]),
        ("[limits]\nmax-members = 2.5\n", ["max-members", "integer"]),
        ("[limits]\nmax-depth = true\n", ["max-depth"]),
        ("jobs = [\n", ["cannot read config"]),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(cwd: Path, text: str, words: list[str]) -> None:
    path = _write(cwd / "chainwatch.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config()
    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_bad_pyproject_table_is_refused(cwd: Path) -> None:
    _write(cwd / "pyproject.toml", "[tool]\nchainwatch = 3\n")
    with pytest.raises(ConfigError, match="must be a table"):
        load_config()


def test_fractional_ratio_limit_is_allowed(cwd: Path) -> None:
    _write(cwd / "chainwatch.toml", "[limits]\nmax-compression-ratio = 12.5\n")
    assert load_config().limits.max_compression_ratio == 12.5
