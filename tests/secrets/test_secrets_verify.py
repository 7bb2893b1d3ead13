"""`--verify`: each verifier against a loopback server that answers like its provider (valid and invalid keys)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from secret_fixtures import github_token, token_for
from secrets_loopback import Reply, Seen, Server, serve

from chainwatch.analyzers.secrets.verify import (
    NOOP,
    VERIFIERS,
    HttpClient,
    Status,
    Verifier,
    VerifySettingsError,
    build_settings,
    read_config_table,
)
from chainwatch.cli import main

LIVE = {
    "github": github_token(31),
    "slack": token_for("secret.slack-bot-token", 31),
    "stripe": token_for("secret.stripe-live-secret-key", 31),
    "openai": token_for("secret.openai-api-key", 31),
}
DEAD = {
    "github": github_token(32),
    "slack": token_for("secret.slack-bot-token", 32),
    "stripe": token_for("secret.stripe-live-secret-key", 32),
    "openai": token_for("secret.openai-api-key", 32),
}
LIVE_VALUES = set(LIVE.values())


def _bearer(seen: Seen) -> str:
    return seen.headers.get("Authorization", "").removeprefix("Bearer ")


def _provider_like(server: Server) -> None:
    """Answers shaped like each provider's documented responses."""

    def github(seen: Seen) -> Reply:
        if _bearer(seen) in LIVE_VALUES:
            return Reply(200, b'{"login": "octocat"}', {"Content-Type": "application/json"})
        return Reply(401, b'{"message": "Bad credentials"}')

    def slack(seen: Seen) -> Reply:
        if seen.method != "POST":
            return Reply(405)
        if _bearer(seen) in LIVE_VALUES:
            return Reply(200, b'{"ok": true, "team": "Acme", "user": "bot"}')
        return Reply(200, b'{"ok": false, "error": "invalid_auth"}')

    def stripe(seen: Seen) -> Reply:
        if _bearer(seen) in LIVE_VALUES:
            return Reply(200, b'{"object": "balance", "livemode": true}')
        return Reply(401, b'{"error": {"type": "invalid_request_error"}}')

    def openai(seen: Seen) -> Reply:
        if _bearer(seen) in LIVE_VALUES:
            return Reply(200, b'{"object": "list", "data": []}')
        return Reply(401, b'{"error": {"code": "invalid_api_key"}}')

    server.routes.update({"/user": github, "/api/auth.test": slack, "/v1/balance": stripe, "/v1/models": openai})


@pytest.fixture()
def provider() -> Iterator[Server]:
    with serve() as server:
        _provider_like(server)
        yield server


def _endpoints(server: Server) -> list[str]:
    return [arg for name in LIVE for arg in ("--verify-endpoint", f"{name}={server.base}")]


def _tree(tmp_path: Path) -> Path:
    lines = [f'{name.upper()}_LIVE = "{value}"' for name, value in LIVE.items()]
    lines += [f'{name.upper()}_DEAD = "{value}"' for name, value in DEAD.items()]
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "settings.py").write_text("\n".join(lines) + "\n")
    (tmp_path / "src" / "again.py").write_text(f'GITHUB = "{LIVE["github"]}"\n')  # the same secret twice
    (tmp_path / "src" / "db.py").write_text('DATABASE_URL = "postgres://app:Sup3rS3cretPw9@db.internal/app"\n')
    return tmp_path / "src"


def test_verify_marks_live_and_dead_keys(provider: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = _tree(tmp_path)
    code = main(["secrets", str(target), "--format", "json", "-j", "1", "--verify", *_endpoints(provider)])
    out = capsys.readouterr().out
    assert code == 1
    findings = json.loads(out)["results"][0]["findings"]
    status = {(f["path"], f["line"]): dict(t.split(":", 1) for t in f["tags"] if ":" in t) for f in findings}
    for index, name in enumerate(LIVE):
        live, dead = status[("settings.py", index + 1)], status[("settings.py", index + 5)]
        assert live["verified"] == "true", name
        assert dead["verified"] == "false", name
    assert status[("again.py", 1)]["verified"] == "true"
    assert status[("db.py", 1)]["verified"] == "unknown"  # no verifier for database URLs: nothing sent
    by_line = {(f["path"], f["line"]): f for f in findings}
    assert by_line[("settings.py", 1)]["severity"] == "critical" and by_line[("settings.py", 1)]["confidence"] == 1.0
    assert "octocat" in by_line[("settings.py", 1)]["message"]
    # Each distinct secret was sent once, only to its provider's endpoint, only in the Authorization header.
    sent = [(s.path, _bearer(s)) for s in provider.seen]
    assert len(sent) == len(set(sent)) == 8
    assert all(s.path.startswith(("/user", "/api/auth.test", "/v1/")) and "?" not in s.path for s in provider.seen)
    for value in [*LIVE.values(), *DEAD.values()]:
        assert value not in out


def test_no_request_without_verify(provider: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = _tree(tmp_path)
    assert main(["secrets", str(target), "--format", "json", *_endpoints(provider)]) == 1
    out = capsys.readouterr().out
    assert provider.seen == [] and '"verified:' not in out


def test_endpoint_from_environment(
    provider: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CHAINWATCH_VERIFY_GITHUB_ENDPOINT", provider.base)
    (tmp_path / "a.py").write_text(f'T = "{LIVE["github"]}"\n')
    assert main(["secrets", str(tmp_path / "a.py"), "--format", "json", "--verify"]) == 1
    assert "verified:true" in json.loads(capsys.readouterr().out)["results"][0]["findings"][0]["tags"]
    assert [s.path for s in provider.seen] == ["/user"]


@pytest.mark.parametrize("verifier", VERIFIERS, ids=lambda v: v.id)
def test_each_verifier_valid_and_invalid(provider: Server, verifier: Verifier) -> None:
    http = HttpClient(timeout=5)
    assert verifier.verify(LIVE[verifier.id], provider.base, http).status is Status.VALID
    assert verifier.verify(DEAD[verifier.id], provider.base, http).status is Status.INVALID


def test_unclear_answers_are_unknown(tmp_path: Path) -> None:
    github, slack, stripe, openai = VERIFIERS
    http = HttpClient(timeout=5)
    with serve() as server:
        server.routes["/user"] = Reply(403, b"{}", {"X-RateLimit-Remaining": "0"})
        server.routes["/api/auth.test"] = Reply(200, b'{"ok": false, "error": "ratelimited"}')
        server.routes["/v1/balance"] = Reply(500, b"oops")
        server.routes["/v1/models"] = Reply(429, b"{}")
        assert github.verify("x", server.base, http).status is Status.UNKNOWN
        assert slack.verify("x", server.base, http).status is Status.UNKNOWN
        assert stripe.verify("x", server.base, http).status is Status.UNKNOWN
        assert openai.verify("x", server.base, http).status is Status.VALID  # quota errors still mean a real key
        server.routes["/user"] = Reply(403, b'{"message": "Resource not accessible by integration"}')
        assert github.verify("x", server.base, http).status is Status.VALID
    assert NOOP.verify("x", "", http).status is Status.UNKNOWN


def test_redirects_are_not_followed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with serve() as api, serve() as elsewhere:
        api.routes["/user"] = Reply(302, b"", {"Location": f"{elsewhere.base}/user"})
        (tmp_path / "a.py").write_text(f'T = "{LIVE["github"]}"\n')
        code = main(
            ["secrets", str(tmp_path), "--format", "json", "--verify", "--verify-endpoint", f"github={api.base}"]
        )
        findings = json.loads(capsys.readouterr().out)["results"][0]["findings"]
        assert code == 1 and "verified:unknown" in findings[0]["tags"]
        assert elsewhere.seen == []  # the Authorization header never travelled to another host


def test_unreachable_endpoint_is_unknown_not_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serve() as server:
        dead = server.base
    (tmp_path / "a.py").write_text(f'T = "{LIVE["github"]}"\n')
    code = main(["secrets", str(tmp_path), "--format", "json", "--verify", "--verify-endpoint", f"github={dead}"])
    out = capsys.readouterr().out
    finding = json.loads(out)["results"][0]["findings"][0]
    assert code == 1 and "verified:unknown" in finding["tags"] and "could not reach 127.0.0.1" in finding["message"]
    assert LIVE["github"] not in out


def test_endpoints_must_be_https_or_loopback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    for bad in ["github=http://api.example.com", "github=ftp://x", "nosuch=https://x", "github"]:
        assert main(["secrets", str(tmp_path), "--verify", "--verify-endpoint", bad]) == 2
    assert "plain http" in capsys.readouterr().err


def test_settings_precedence_and_config_table(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        "[tool.chainwatch.secrets.verify]\ntimeout = 2\ndisable = ['openai']\n"
        "[tool.chainwatch.secrets.verify.endpoints]\ngithub = 'https://ghe.example.com/api/v3/'\n"
        "slack = 'https://slack.example.com'\n"
    )
    table = read_config_table(str(pyproject))
    settings = build_settings(VERIFIERS, table, {"CHAINWATCH_VERIFY_SLACK_ENDPOINT": "https://env.example.com"})
    assert settings.endpoints["github"] == "https://ghe.example.com/api/v3"
    assert settings.endpoints["slack"] == "https://env.example.com"  # environment beats config
    assert settings.endpoints["stripe"] == "https://api.stripe.com"
    assert settings.timeout == 2 and settings.disabled == {"openai"}
    cli = build_settings(VERIFIERS, table, {}, ["slack=https://cli.example.com"], timeout=9)
    assert cli.endpoints["slack"] == "https://cli.example.com" and cli.timeout == 9
    with pytest.raises(VerifySettingsError):
        build_settings(VERIFIERS, {"endpoints": {"github": "http://plain.example.com"}}, {})
    with pytest.raises(VerifySettingsError):
        build_settings(VERIFIERS, {"surprise": 1}, {})
    assert read_config_table("defaults") == {}


def test_disabled_provider_is_never_contacted(provider: Server) -> None:
    from chainwatch.analyzers.secrets import scan_bytes
    from chainwatch.analyzers.secrets.verify import verify_matches

    matches = scan_bytes("a.py", f'T = "{LIVE["github"]}"\n'.encode())
    settings = build_settings(VERIFIERS, {"disable": ["github"]}, {}, [f"github={provider.base}"])
    (answer,) = verify_matches(matches, VERIFIERS, settings)
    assert answer.status is Status.UNKNOWN and provider.seen == []


def test_a_plugged_in_verifier(provider: Server) -> None:
    """Verifiers are plain objects with id, rules, default_endpoint and verify(): a new provider plugs in."""
    from dataclasses import dataclass

    from chainwatch.analyzers.secrets import scan_bytes
    from chainwatch.analyzers.secrets.verify import Verification, VerifySettings, verify_matches

    @dataclass(frozen=True)
    class DatabaseVerifier:
        id: str = "db"
        default_endpoint: str = "https://db.example.com"
        rules: frozenset[str] = frozenset({"secret.github-pat"})

        def verify(self, secret: str, endpoint: str, http: HttpClient) -> Verification:
            answer = http.request("GET", f"{endpoint}/user", {"Authorization": f"Bearer {secret}"})
            return Verification(Status.VALID if answer.status == 200 else Status.INVALID, f"HTTP {answer.status}")

    matches = scan_bytes("a.py", f'T = "{LIVE["github"]}"\n'.encode())
    (answer,) = verify_matches(matches, [DatabaseVerifier()], VerifySettings({"db": provider.base}))
    assert answer.status is Status.VALID and answer.provider == "db"
