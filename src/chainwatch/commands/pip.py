"""`chainwatch pip install ARGS…`: pip, with a vetting proxy as its only index, for the length of one command.

The proxy starts on a free loopback port, pip runs with `--index-url` pointing at it (the user's own
`--index-url`/`--extra-index-url`, or pip's configuration, become the proxy's upstreams), and the
proxy stops when pip exits. `download` and `wheel` work the same way.

Exit codes: pip's own when nothing was blocked; 1 when an artifact was blocked by its verdict (the
report is printed); 2 when an artifact could not be analysed and was blocked for that (fail closed),
or the command line would bypass the proxy, or the proxy could not start.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Config
from .common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from .proxy import add_gate_options, build_config

if TYPE_CHECKING:
    from ..proxy.gate import Gate

# chainwatch's own options may also be written among pip's, after the action.
_OWN_WITH_VALUE = ("--allow", "--reason", "--fail-on", "--disable", "--jobs", "--config")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "pip",
        help="run pip install/download/wheel through a vetting proxy",
        description=(
            "Run pip with a vetting proxy as its only index: every file pip downloads is vetted before pip sees it, "
            "so no build backend of an unvetted sdist ever runs. Example: chainwatch pip install -r requirements.txt"
        ),
    )
    parser.add_argument("action", choices=["install", "download", "wheel"], help="the pip command to run")
    parser.add_argument("pip_args", nargs=argparse.REMAINDER, metavar="ARGS", help="pip's arguments, as for pip")
    add_gate_options(parser)
    parser.set_defaults(run=run)


def split_own_options(args: argparse.Namespace) -> list[str]:
    """Take chainwatch's options out of pip's arguments (argparse hands everything after the action to pip)."""
    pip_args: list[str] = []
    tokens = list(args.pip_args)
    while tokens:
        token = tokens.pop(0)
        name, has_value, value = token.partition("=")
        if name not in _OWN_WITH_VALUE:
            pip_args.append(token)
            continue
        if not has_value:
            if not tokens:
                raise ValueError(f"{name} needs a value")
            value = tokens.pop(0)
        destination = name.removeprefix("--").replace("-", "_")
        if destination in ("allow", "reason", "disable"):
            getattr(args, destination).append(value)
        elif destination == "jobs":
            args.jobs = int(value)
        elif destination == "config":
            raise ValueError("--config goes before the pip action (chainwatch pip --config FILE install …)")
        else:
            args.fail_on = value
    return pip_args


def run(args: argparse.Namespace, config: Config) -> int:
    from ..index.errors import ConfigurationError
    from ..proxy import ProxyServer, ProxyUsageError, stderr_log
    from ..proxy.config import FAIL_ON
    from ..proxy.pip_runner import pip_command, pip_environment, pip_python, run_pip
    from ..proxy.pipargs import PipArgsError, check_requirement_files, plan_pip

    try:
        pip_args = split_own_options(args)
        if args.fail_on is not None and args.fail_on not in FAIL_ON:
            raise ValueError(f"--fail-on must be one of {', '.join(FAIL_ON)}")
        plan = plan_pip(args.action, pip_args)
        notes = check_requirement_files(plan.requirement_files)
        # pip's --index-url/--extra-index-url become the upstreams (chainwatch's own, given before the action, win).
        args.index_url = args.index_url or plan.index_url
        args.extra_index_url = args.extra_index_url or plan.extra_index_urls
        proxy_config = build_config(args, config, host="127.0.0.1", port=0, listen_public=False, default_jobs=1)
        server = ProxyServer(proxy_config, stderr_log)
    except (ValueError, PipArgsError, ProxyUsageError, ConfigurationError) as exc:
        print(f"chainwatch: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for note in notes + [
        f"{tree}: a local source tree is installed as it is (your own code is not vetted)" for tree in plan.local_trees
    ]:
        stderr_log(f"note: {note}")
    with server:
        blocked = _vet_local_archives(server.gate, plan.local_archives)
        if blocked is not None:
            return blocked
        command = pip_command(pip_python(os.environ), plan, server.index_url)
        code = run_pip(command, pip_environment(os.environ, plan.has_timeout))
    return _outcome(server.gate, code)


def _vet_local_archives(gate: Gate, archives: list[Path]) -> int | None:
    """Local files named on the command line are vetted before pip could build them; the exit code if one blocks."""
    from ..proxy.policy import Action

    worst: int | None = None
    for path in archives:
        outcome = gate.vet_local(path)
        if isinstance(outcome, str):
            print(f"chainwatch: {outcome}", file=sys.stderr)
            worst = EXIT_ERROR
            continue
        record, judgement = outcome
        if judgement.action is Action.BLOCK:
            worst = max(worst or 0, _block_code(record.verdict.value))
    if worst is not None:
        _print_blocks(gate)
    return worst


def _outcome(gate: Gate, pip_code: int) -> int:
    from ..proxy.explain import after_run_line
    from ..proxy.policy import Action

    blocks = [e for e in gate.events if e.action is Action.BLOCK]
    for event in gate.events:
        if event.action is not Action.BLOCK:
            line = after_run_line(event.record, event.judgement, str(gate.overrides.path))
            print(f"chainwatch: {line}", file=sys.stderr)
    if not blocks:
        return pip_code
    _print_blocks(gate)
    if pip_code == EXIT_OK:
        # pip found another way (an older version, another file); what it installed was vetted.
        print("chainwatch: pip succeeded without the blocked file(s) above", file=sys.stderr)
        return EXIT_OK
    return max(_block_code(e.record.verdict.value) for e in blocks)


def _block_code(verdict: str) -> int:
    return EXIT_ERROR if verdict == "error" else EXIT_FINDINGS


def _print_blocks(gate: Gate) -> None:
    from ..proxy.policy import Action

    for event in gate.events:
        if event.action is Action.BLOCK:
            print(f"\n{event.text}", file=sys.stderr)
