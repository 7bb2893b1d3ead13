"""The small interface every live verifier implements, and what it answers.

A verifier knows one provider: which rule ids it can check, its public API endpoint, and how to ask
that endpoint whether a credential is live. It receives the secret and an `HttpClient` bound to the
configured endpoint; it never logs, stores or echoes the secret, and its `detail` must not contain it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

from .http import HttpClient


class Status(enum.Enum):
    VALID = "true"  # the provider accepted the credential: it is live
    INVALID = "false"  # the provider rejected it: revoked, expired or never real
    UNKNOWN = "unknown"  # no verifier, network trouble, rate limits, unexpected answers


@dataclass(frozen=True, slots=True)
class Verification:
    status: Status
    detail: str
    provider: str = ""


class Verifier(Protocol):
    @property
    def id(self) -> str:
        """Provider id used in configuration and environment variables: "github"."""
        ...

    @property
    def rules(self) -> frozenset[str]:
        """The rule ids whose values this verifier can check."""
        ...

    @property
    def default_endpoint(self) -> str:
        """The provider's public API base URL."""
        ...

    def verify(self, secret: str, endpoint: str, http: HttpClient) -> Verification:
        """Ask `endpoint` (a base URL) whether `secret` is live. Must not raise for HTTP answers."""
        ...
