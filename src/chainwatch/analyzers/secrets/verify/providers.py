"""Verifiers for the providers whose APIs answer "is this credential live?" with one harmless read.

Each asks a read-only identity or listing endpoint (never one that changes anything or sends a
message) and maps the provider's answer to valid / invalid / unknown. Endpoints are base URLs so
GitHub Enterprise, regional deployments and test servers can stand in for the public APIs.
"""

from __future__ import annotations

from dataclasses import dataclass

from .http import HttpClient, Response
from .interface import Status, Verification, Verifier


def _unexpected(provider: str, answer: Response) -> Verification:
    return Verification(Status.UNKNOWN, f"{provider} answered HTTP {answer.status}; could not tell")


@dataclass(frozen=True, slots=True)
class GitHubVerifier:
    """`GET /user` with the token: 200 names the account, 401 means revoked or fake."""

    id: str = "github"
    default_endpoint: str = "https://api.github.com"
    rules: frozenset[str] = frozenset(
        {
            "secret.github-pat",
            "secret.github-oauth-token",
            "secret.github-user-to-server-token",
            "secret.github-server-to-server-token",
            "secret.github-fine-grained-pat",
            "secret.github-legacy-token",
        }
    )

    def verify(self, secret: str, endpoint: str, http: HttpClient) -> Verification:
        answer = http.request(
            "GET",
            f"{endpoint}/user",
            {"Authorization": f"Bearer {secret}", "Accept": "application/vnd.github+json"},
        )
        if answer.status == 200:
            body = answer.json()
            login = body.get("login") if isinstance(body, dict) else None
            return Verification(
                Status.VALID, f"GitHub accepted it (account {login})" if login else "GitHub accepted it"
            )
        if answer.status == 401:
            return Verification(Status.INVALID, "GitHub rejected it (401: revoked, expired or not a real token)")
        if answer.status == 403:
            if answer.headers.get("X-RateLimit-Remaining", answer.headers.get("x-ratelimit-remaining")) == "0":
                return Verification(Status.UNKNOWN, "GitHub rate limit reached; could not tell")
            # App installation tokens authenticate but may not read /user.
            return Verification(Status.VALID, "GitHub accepted it (403 on /user: authenticated, limited scope)")
        return _unexpected("GitHub", answer)


_SLACK_DEAD = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"})


@dataclass(frozen=True, slots=True)
class SlackVerifier:
    """`POST /api/auth.test`: Slack answers 200 with `ok` true or an `error` code."""

    id: str = "slack"
    default_endpoint: str = "https://slack.com"
    rules: frozenset[str] = frozenset(
        {"secret.slack-bot-token", "secret.slack-user-token", "secret.slack-legacy-token"}
    )

    def verify(self, secret: str, endpoint: str, http: HttpClient) -> Verification:
        answer = http.request(
            "POST",
            f"{endpoint}/api/auth.test",
            {"Authorization": f"Bearer {secret}", "Content-Type": "application/x-www-form-urlencoded"},
            b"",
        )
        body = answer.json()
        if answer.status != 200 or not isinstance(body, dict):
            return _unexpected("Slack", answer)
        if body.get("ok") is True:
            team = body.get("team")
            return Verification(Status.VALID, f"Slack accepted it (workspace {team})" if team else "Slack accepted it")
        error = str(body.get("error", ""))
        if error in _SLACK_DEAD:
            return Verification(Status.INVALID, f"Slack rejected it ({error})")
        return Verification(Status.UNKNOWN, f"Slack answered {error or 'an error'}; could not tell")


@dataclass(frozen=True, slots=True)
class StripeVerifier:
    """`GET /v1/balance`: 200 live, 401 invalid; restricted keys without balance access get 403 (still live)."""

    id: str = "stripe"
    default_endpoint: str = "https://api.stripe.com"
    rules: frozenset[str] = frozenset(
        {
            "secret.stripe-live-secret-key",
            "secret.stripe-test-secret-key",
            "secret.stripe-live-restricted-key",
            "secret.stripe-test-restricted-key",
        }
    )

    def verify(self, secret: str, endpoint: str, http: HttpClient) -> Verification:
        answer = http.request("GET", f"{endpoint}/v1/balance", {"Authorization": f"Bearer {secret}"})
        if answer.status == 200:
            body = answer.json()
            mode = "live mode" if isinstance(body, dict) and body.get("livemode") else "test mode"
            return Verification(Status.VALID, f"Stripe accepted it ({mode})")
        if answer.status == 401:
            return Verification(Status.INVALID, "Stripe rejected it (401: invalid or rolled key)")
        if answer.status == 403:
            return Verification(Status.VALID, "Stripe accepted it (restricted key without balance access)")
        return _unexpected("Stripe", answer)


@dataclass(frozen=True, slots=True)
class OpenAIVerifier:
    """`GET /v1/models`: 200 live, 401 invalid; 429 (quota) and 403 (project limits) still mean a real key."""

    id: str = "openai"
    default_endpoint: str = "https://api.openai.com"
    rules: frozenset[str] = frozenset({"secret.openai-api-key"})

    def verify(self, secret: str, endpoint: str, http: HttpClient) -> Verification:
        answer = http.request("GET", f"{endpoint}/v1/models", {"Authorization": f"Bearer {secret}"})
        if answer.status == 200:
            return Verification(Status.VALID, "OpenAI accepted it")
        if answer.status == 401:
            return Verification(Status.INVALID, "OpenAI rejected it (401: invalid or deleted key)")
        if answer.status in (403, 429):
            return Verification(Status.VALID, f"OpenAI accepted it but refused the call (HTTP {answer.status})")
        return _unexpected("OpenAI", answer)


@dataclass(frozen=True, slots=True)
class NoopVerifier:
    """Every credential type without a verifier: nothing is sent anywhere."""

    id: str = "none"
    default_endpoint: str = ""
    rules: frozenset[str] = frozenset()

    def verify(self, secret: str, endpoint: str, http: HttpClient) -> Verification:
        return Verification(Status.UNKNOWN, "no live check exists for this credential type")


VERIFIERS: tuple[Verifier, ...] = (
    GitHubVerifier(),
    SlackVerifier(),
    StripeVerifier(),
    OpenAIVerifier(),
)
NOOP = NoopVerifier()
