"""Optional live verification (`--verify`): ask the provider whether a found credential still works.

Off by default: verifying sends the secret to the provider's API, which the user must choose to do.
Pluggable: a verifier is any object with `id`, `rules`, `default_endpoint` and `verify()` (see
`interface.Verifier`); `VERIFIERS` holds the built-in ones (GitHub, Slack, Stripe, OpenAI), and every
other rule gets a no-op answer "unknown". The secret goes only to the configured endpoint for its
provider, over https (or loopback), in a header, with redirects refused.
"""

from __future__ import annotations

from .http import EndpointError, HttpClient, NetworkError, Response
from .interface import Status, Verification, Verifier
from .providers import NOOP, VERIFIERS
from .runner import verifier_for, verify_matches
from .settings import VerifySettings, VerifySettingsError, build_settings, read_config_table

__all__ = [
    "NOOP",
    "VERIFIERS",
    "EndpointError",
    "HttpClient",
    "NetworkError",
    "Response",
    "Status",
    "Verification",
    "Verifier",
    "VerifySettings",
    "VerifySettingsError",
    "build_settings",
    "read_config_table",
    "verifier_for",
    "verify_matches",
]
