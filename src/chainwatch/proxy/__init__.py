"""The vetting index proxy: installers resolve against it, and it hands out an artifact only after vetting it.

Resolving with pip runs sdists' build backends (the attacker's `setup.py`), so the check must sit
between the installer and the index. The proxy serves a PEP 503/691 simple index that mirrors the
upstream indexes — pages and PEP 658 metadata passed through, file URLs pointing back at the proxy
with upstream's sha256 kept — and answers a file request with the bytes only once those exact bytes
(verified against upstream's hash, cached by content) were vetted and the policy let them through.

    config = ProxyConfig(settings=load_settings(index_url))
    with ProxyServer(config) as proxy:            # loopback, a free port unless config.port is set
        run pip with --index-url proxy.index_url

Security model: bytes leave only after a verdict made by the current analysis (verdicts are cached
by sha256 and analysis fingerprint); `malicious`, `error` and confident typosquats are blocked, with
`--fail-on suspicious` also `suspicious`; a block is an HTTP 403 whose body explains it; overrides are
per release, need a reason and are recorded. The proxy listens on loopback unless told otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .config import (
        DEFAULT_FAIL_ON,
        DEFAULT_PORT,
        FAIL_ON,
        Allowance,
        ProxyConfig,
        ProxyUsageError,
        parse_allowances,
    )
    from .gate import Gate, GateEvent, Refused, Served
    from .policy import Action, Judgement, Policy
    from .server import ProxyServer, check_bind, stderr_log
    from .verdicts import VetRecord

# Loaded on first use: the CLI registers its commands at every start, and the HTTP stack is not cheap.
_HOMES = {
    "DEFAULT_FAIL_ON": "config",
    "DEFAULT_PORT": "config",
    "FAIL_ON": "config",
    "Allowance": "config",
    "ProxyConfig": "config",
    "ProxyUsageError": "config",
    "parse_allowances": "config",
    "Gate": "gate",
    "GateEvent": "gate",
    "Refused": "gate",
    "Served": "gate",
    "Action": "policy",
    "Judgement": "policy",
    "Policy": "policy",
    "ProxyServer": "server",
    "check_bind": "server",
    "stderr_log": "server",
    "VetRecord": "verdicts",
}


__getattr__ = lazy_exports(__name__, _HOMES)


__all__ = [
    "DEFAULT_FAIL_ON",
    "DEFAULT_PORT",
    "FAIL_ON",
    "Action",
    "Allowance",
    "Gate",
    "GateEvent",
    "Judgement",
    "Policy",
    "ProxyConfig",
    "ProxyServer",
    "ProxyUsageError",
    "Refused",
    "Served",
    "VetRecord",
    "check_bind",
    "parse_allowances",
    "stderr_log",
]
