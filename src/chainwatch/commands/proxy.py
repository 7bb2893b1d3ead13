"""`chainwatch proxy`: a vetting package index on loopback for pip, uv, pip-tools, Poetry and PDM, or a team.

Runs until interrupted. Exit codes: 0 after a clean stop, 2 when it cannot start (bad settings,
port in use, a non-loopback --host without --listen-public).
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..proxy.config import DEFAULT_FAIL_ON, DEFAULT_PORT, FAIL_ON
from .common import EXIT_ERROR, EXIT_OK

if TYPE_CHECKING:
    from ..proxy.config import ProxyConfig


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "proxy",
        help="serve a package index that hands out artifacts only after vetting them",
        description=(
            "Serve a PEP 503/691 simple index that mirrors the upstream index and hands out each artifact only "
            "after vetting its exact bytes. Point pip, uv, pip-tools, Poetry or PDM at http://HOST:PORT/simple/."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT}; 0: any free)")
    parser.add_argument(
        "--listen-public",
        action="store_true",
        help="allow a non-loopback --host (anyone who reaches it downloads through your upstream credentials)",
    )
    parser.add_argument("--access-log", action="store_true", help="log every request")
    add_gate_options(parser)
    parser.set_defaults(run=run)


def add_gate_options(parser: argparse.ArgumentParser) -> None:
    """What `proxy` and `pip` share: upstreams, the blocking policy, overrides, vetting workers."""
    group = parser.add_argument_group("upstream and policy")
    group.add_argument("--index-url", metavar="URL", help="upstream simple index (default: pip's configuration)")
    group.add_argument(
        "--extra-index-url", action="append", default=[], metavar="URL", help="another upstream index (repeatable)"
    )
    group.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        help=f"lowest verdict that blocks (default: {DEFAULT_FAIL_ON}; error verdicts and typosquats always block)",
    )
    group.add_argument(
        "--allow",
        action="append",
        default=[],
        metavar="NAME==VERSION",
        help="serve this release even if its verdict blocks it (repeatable; needs --reason; recorded)",
    )
    group.add_argument(
        "--reason",
        action="append",
        default=[],
        metavar="TEXT",
        help="why the --allow is safe (one, or one per --allow)",
    )
    group.add_argument("--disable", action="append", default=[], metavar="RULE", help="turn a rule off (repeatable)")
    group.add_argument("-j", "--jobs", type=int, help="vetting worker processes (default: up to 4)")
    group.add_argument("--config", type=Path, help="config file (default: ./chainwatch.toml or ./pyproject.toml)")


def build_config(
    args: argparse.Namespace, config: Config, *, host: str, port: int, listen_public: bool, default_jobs: int
) -> ProxyConfig:
    """Raises ProxyUsageError or the index client's ConfigurationError with a message for the user."""
    from ..index.pipconfig import load_settings
    from ..pipeline import RunOptions
    from ..proxy.config import ProxyConfig, parse_allowances

    settings = load_settings(args.index_url, args.extra_index_url)
    return ProxyConfig(
        settings=settings,
        host=host,
        port=port,
        listen_public=listen_public,
        fail_on=args.fail_on or DEFAULT_FAIL_ON,
        allowances=parse_allowances(args.allow, args.reason),
        run_options=RunOptions(limits=config.limits, disabled_rules=config.disabled_rules | frozenset(args.disable)),
        jobs=args.jobs or default_jobs,
        max_file_size=config.limits.max_total_size,
    )


def default_workers() -> int:
    import os

    return max(1, min(4, os.cpu_count() or 1))


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace, config: Config) -> int:
    from ..index.errors import ConfigurationError
    from ..proxy import ProxyServer, ProxyUsageError, stderr_log

    try:
        proxy_config = build_config(
            args,
            config,
            host=args.host,
            port=args.port,
            listen_public=args.listen_public,
            default_jobs=default_workers(),
        )
        server = ProxyServer(proxy_config, stderr_log, access_log=args.access_log)
    except (ProxyUsageError, ConfigurationError) as exc:
        print(f"chainwatch: {exc}", file=sys.stderr)
        return EXIT_ERROR
    # SIGTERM (service managers, `docker stop`) stops it as cleanly as Ctrl-C.
    signal.signal(signal.SIGTERM, _interrupt)
    stderr_log(f"serving {server.index_url} (upstream: {proxy_config.settings.describe()})")
    stderr_log(
        f"policy: block malicious, error and typosquats{', suspicious' if proxy_config.fail_on == 'suspicious' else ''}; "
        f"{len(proxy_config.allowances)} override(s)"
    )
    stderr_log(
        f"use it with: pip install --index-url {server.index_url} …  |  UV_DEFAULT_INDEX={server.index_url} uv …"
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        stderr_log("stopping")
    finally:
        server.stop()
    return EXIT_OK
