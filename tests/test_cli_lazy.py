"""Start-up cost: a command line naming one command imports only that command's module."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has imported after running `code`."""
    script = f"import sys\n{code}\nprint(' '.join(sys.modules))\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def _imported_after(argv: list[str]) -> set[str]:
    loaded = _modules_after(f"from chainwatch.cli import build_parser\nbuild_parser({argv!r})")
    return {m for m in loaded if m.startswith("chainwatch.commands.")}


def test_named_command_loads_only_its_module() -> None:
    loaded = _imported_after(["secrets", "."])
    assert "chainwatch.commands.secrets" in loaded
    assert not loaded & {"chainwatch.commands.audit", "chainwatch.commands.vet", "chainwatch.commands.pip"}


def test_help_and_unknown_commands_still_list_every_command() -> None:
    from chainwatch.cli import build_parser
    from chainwatch.commands import NAMES

    for argv in ([], ["--help"], ["bogus"], None):
        parser = build_parser(argv)
        choices = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        assert set(choices) == set(NAMES)


def test_secrets_on_plain_files_imports_no_web_archive_or_baseline_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "app.py").write_text('password = "hunter2-but-longer"\n')
    loaded = _modules_after(
        "from chainwatch.cli import main\n"
        f"main(['secrets', {str(tmp_path)!r}, '--format', 'json', '-o', {str(tmp_path / 'out.json')!r}])"
    )
    assert "chainwatch.analyzers.secrets.scan" in loaded  # it did scan
    unused = {
        "chainwatch.analyzers.secrets.web",
        "chainwatch.sources.archive",
        "chainwatch.analyzers.secrets.baseline",
        "tarfile",
        "zipfile",
        "html.parser",
    }
    assert not loaded & unused
