"""Provider formats whose structure, not just their prefix, decides: what is a credential and what only looks like one.

Every value is assembled here from random bytes (nothing credential-shaped is written in the source).
"""

from __future__ import annotations

import base64
import hashlib
import struct

from chainwatch.analyzers.secrets import Scanner
from chainwatch.analyzers.secrets.validate import Check, run_validator


def _rules(scanner: Scanner, text: str, path: str = "src/app.py") -> set[str]:
    return {m.rule for m in scanner.scan_bytes(path, text.encode())}


def _noise(size: int, seed: int) -> bytes:
    """Random-looking bytes, the same every run: `os.urandom` here made a test fail one run in a few
    thousand (a random payload can spell a placeholder marker such as `todo`)."""
    return hashlib.shake_256(f"provider-formats:{seed}".encode()).digest(size)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _alnum(length: int, seed: int = 0) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(alphabet[b % len(alphabet)] for b in _noise(length, 1000 + seed))


def test_bedrock_long_term_key_needs_the_issued_structure(scanner: Scanner) -> None:
    secret = base64.b64encode(_noise(30, 2)).decode()
    issued = base64.b64encode(f"BedrockAPIKey-x7q2-at-{'4' * 12}:{secret}".encode()).decode()
    assert "secret.aws-bedrock-api-key" in _rules(scanner, f"AWS_BEARER_TOKEN_BEDROCK={'ABSK'}{issued}")
    # Same prefix, but no `-at-<account id>:<secret>` inside: a made-up test value, not an issued key.
    made_up = base64.b64encode(b"BedrockAPIKey-test-key-that-is-long-enough-0123").decode()
    assert "secret.aws-bedrock-api-key" not in _rules(scanner, f"AWS_BEARER_TOKEN_BEDROCK={'ABSK'}{made_up}")


def test_bedrock_short_term_key_is_a_presigned_url() -> None:
    signed = (
        "bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Credential=abc%2Fbedrock"
        f"&X-Amz-Signature={_noise(32, 3).hex()}&Version=1"
    )
    prefix = b"bedrock-api-key-"
    assert run_validator("bedrock-short-term", prefix + base64.b64encode(signed.encode())) is Check.PLAUSIBLE
    unsigned = "bedrock.amazonaws.com/?Action=CallWithBearerToken&Version=1" + "&pad=x" * 30
    assert run_validator("bedrock-short-term", prefix + base64.b64encode(unsigned.encode())) is Check.INVALID


def test_paseto_payload_must_hold_nonce_and_tag(scanner: Scanner) -> None:
    assert "secret.paseto-token" in _rules(scanner, f"token = 'v2.local.{_b64url(_noise(80, 4))}'")
    # 45 bytes: enough for v2 (24-byte nonce + 16-byte tag + data) but not for v4 (32 + 32).
    short = _b64url(_noise(45, 5))
    assert "secret.paseto-token" in _rules(scanner, f"token = 'v2.local.{short}'")
    assert "secret.paseto-token" not in _rules(scanner, f"token = 'v4.local.{short}'")


def test_paserk_reports_secret_keys_of_the_right_size_only(scanner: Scanner) -> None:
    assert "secret.paserk-secret-key" in _rules(scanner, f"key = 'k4.local.{_b64url(_noise(32, 6))}'")
    assert "secret.paserk-secret-key" in _rules(scanner, f"key = 'k3.secret.{_b64url(_noise(48, 7))}'")
    # A k4 signing key is 64 bytes: 48 cannot be one; a short documentation key is not either.
    assert "secret.paserk-secret-key" not in _rules(scanner, f"key = 'k4.secret.{_b64url(_noise(48, 8))}'")
    assert "secret.paserk-secret-key" not in _rules(scanner, f"key = 'k4.local.{_b64url(b'our-secret' * 4)}'")
    # Public keys and key identifiers are not secret.
    assert "secret.paserk-secret-key" not in _rules(scanner, f"pid = 'k4.pid.{_b64url(_noise(33, 9))}'")


def _ntlm(message_type: int, nt_response: bytes = b"") -> str:
    if message_type != 3:
        return base64.b64encode(b"NTLMSSP\x00" + struct.pack("<II", message_type, 0xA2088207) + bytes(24)).decode()
    fields = [bytes(24), nt_response, b"", "admin".encode("utf-16-le"), b"", b""]
    header, offset = b"NTLMSSP\x00" + struct.pack("<I", 3), 64
    for field in fields:
        header += struct.pack("<HHI", len(field), len(field), offset)
        offset += len(field)
    return base64.b64encode(header + struct.pack("<I", 0xA2888205) + b"".join(fields)).decode()


def test_ntlm_only_the_authenticate_message_with_a_response_is_reported(scanner: Scanner) -> None:
    rule = "secret.ntlm-authenticate-message"
    assert rule in _rules(scanner, f"Authorization: NTLM {_ntlm(3, _noise(48, 10))}")
    assert rule in _rules(scanner, f"Authorization: Negotiate {_ntlm(3, _noise(24, 11))}")
    # NEGOTIATE (1) and CHALLENGE (2) messages carry no user secret; an anonymous AUTHENTICATE has no response.
    assert rule not in _rules(scanner, f"Authorization: NTLM {_ntlm(1)}")
    assert rule not in _rules(scanner, f"WWW-Authenticate: NTLM {_ntlm(2)}")
    assert rule not in _rules(scanner, f"Authorization: NTLM {_ntlm(3)}")


def test_square_tokens_are_not_reported_as_meta_tokens(scanner: Scanner) -> None:
    rules = _rules(scanner, f"SQUARE_ACCESS_TOKEN = 'EAAA{_alnum(60)}'")
    assert "secret.facebook-access-token" not in rules


def test_public_posthog_project_keys_are_not_reported(scanner: Scanner) -> None:
    assert not _rules(scanner, f"posthog.init('phc_{_alnum(43)}', {{api_host: 'https://us.i.posthog.com'}})")
    assert "secret.posthog-personal-api-key" in _rules(scanner, f"POSTHOG_PERSONAL_API_KEY=phx_{_alnum(47)}")


def test_akamai_host_is_not_a_token_but_the_tokens_are(scanner: Scanner) -> None:
    client, access = (f"akab-{_alnum(16, i).lower()}-{_alnum(16, i + 2).lower()}" for i in range(2))
    edgerc = f"[default]\nhost = {client}.luna.akamaiapis.net\nclient_token = {client}\naccess_token = {access}\n"
    found = scanner.scan_bytes(".edgerc", edgerc.encode())
    lines = {m.line for m in found if m.rule == "secret.akamai-edgegrid-token"}
    assert lines == {3, 4}


def test_yandex_formats_are_found_without_a_yandex_name(scanner: Scanner) -> None:
    oauth = f"y0_Ag{_alnum(53)}"
    assert "secret.yandex-oauth-token" in _rules(scanner, f"fetch('https://login.example/info?oauth_token={oauth}')")
    assert "secret.yandex-cloud-static-key-id" in _rules(scanner, f"aws_access_key_id = YCAJE{_alnum(20)}")
    # Elided documentation values are not tokens.
    assert not _rules(scanner, "OAUTH_TOKEN=y0_AgAAAA...")
    assert not _rules(scanner, "# aws_access_key_id = YCAJEK...")
