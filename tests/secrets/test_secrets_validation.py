"""Offline validators and context filters, each alone."""

from __future__ import annotations

import base64
import json
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chainwatch.analyzers.secrets import context
from chainwatch.analyzers.secrets.context import is_hash_in_context, is_placeholder, is_template, is_uuid, path_trust
from chainwatch.analyzers.secrets.validate import Check, base62_encode, run_validator, shannon_entropy


def _b64url(obj: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")


def test_crc32_base62() -> None:
    body = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5"
    token = f"ghp_{body}{base62_encode(zlib.crc32(body.encode()), 6)}".encode()
    assert run_validator("crc32-base62", token) is Check.VALID
    assert run_validator("crc32-base62", token[:-1] + b"0") is Check.BAD_CHECKSUM
    assert run_validator("crc32-base62", b"ghp_short") is Check.INVALID


def test_jwt_structure() -> None:
    signed = f"{_b64url({'alg': 'RS256'})}.{_b64url({'sub': 'x'})}.c2lnbmF0dXJlc2lnbmF0dXJl".encode()
    assert run_validator("jwt", signed) is Check.VALID
    unsigned = f"{_b64url({'alg': 'none'})}.{_b64url({'sub': 'x'})}.c2ln".encode()
    assert run_validator("jwt", unsigned) is Check.INVALID
    assert run_validator("jwt", b"eyJub3Q.eyJqc29u.xxxxxxxx") is Check.INVALID


def test_jwt_payload_that_does_not_parse_is_still_plausible() -> None:
    # A claim string with an escape JSON rejects (`\\k`), or a payload cut short: still a token's shape.
    header = _b64url({"typ": "JWT", "alg": "HS512"})
    odd = base64.urlsafe_b64encode(b'{"sub":"svc","path":"a\\k1"}').decode().rstrip("=")
    assert run_validator("jwt", f"{header}.{odd}.c2lnbmF0dXJlc2ln".encode()) is Check.PLAUSIBLE
    not_an_object = base64.urlsafe_b64encode(b'"just a string"').decode().rstrip("=")
    assert run_validator("jwt", f"{header}.{not_an_object}.c2lnbmF0dXJlc2ln".encode()) is Check.INVALID
    list_payload = _b64url([1, 2])
    assert run_validator("jwt", f"{header}.{list_payload}.c2lnbmF0dXJlc2ln".encode()) is Check.INVALID


def test_pem_body_must_decode() -> None:
    body = base64.b64encode(bytes(range(256)) * 2).decode()
    good = f"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----".encode()
    assert run_validator("pem", good) is Check.VALID
    assert run_validator("pem", b"-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----") is Check.INVALID


def _armor(label: str, der: bytes, headers: str = "") -> bytes:
    body = base64.b64encode(der).decode()
    lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {label}-----\n{headers}{lines}\n-----END {label}-----".encode()


def _der_sequence(size: int) -> bytes:
    content = bytes((i * 37 + 11) % 256 for i in range(size))
    return b"\x30\x82" + size.to_bytes(2, "big") + content


def test_pem_excerpts_from_documentation_are_not_keys() -> None:
    whole = _armor("RSA PRIVATE KEY", _der_sequence(1190))
    assert run_validator("pem", whole) is Check.VALID
    # The first line of a real key, then END: the SEQUENCE declares 1,194 bytes and holds 48.
    cut = _armor("RSA PRIVATE KEY", _der_sequence(1190)[:48])
    assert run_validator("pem", cut) is Check.INVALID
    lines = whole.decode().splitlines()
    elided = "\n".join([lines[0], lines[1], "...", *lines[-3:]]).encode()
    assert run_validator("pem", elided) is Check.INVALID
    repeated = b"-----BEGIN PRIVATE KEY-----\n" + b"s3cr3t" * 40 + b"\n-----END PRIVATE KEY-----"
    assert run_validator("pem", repeated) is Check.INVALID


def test_passphrase_protected_keys_are_marked() -> None:
    der = _der_sequence(600)
    assert run_validator("pem", _armor("ENCRYPTED PRIVATE KEY", der)) is Check.PROTECTED
    legacy = _armor("RSA PRIVATE KEY", bytes(range(256)) * 3, "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00FF\n\n")
    assert run_validator("pem", legacy) is Check.PROTECTED

    def openssh(cipher: bytes) -> bytes:
        blob = b"openssh-key-v1\x00" + len(cipher).to_bytes(4, "big") + cipher + bytes(range(200))
        return _armor("OPENSSH PRIVATE KEY", blob)

    assert run_validator("pem", openssh(b"aes256-ctr")) is Check.PROTECTED
    assert run_validator("pem", openssh(b"none")) is Check.VALID
    putty = b"PuTTY-User-Key-File-2: ssh-rsa\nEncryption: %s\nComment: k\n"
    assert run_validator("putty", putty % b"aes256-cbc") is Check.PROTECTED
    assert run_validator("putty", putty % b"none") is Check.PLAUSIBLE


def test_counting_test_vectors_are_not_key_material() -> None:
    # RFC 6238's TOTP secret is base32 of "12345678901234567890"; JOSE examples count bytes up.
    assert run_validator("random-b32", base64.b32encode(b"12345678901234567890")) is Check.INVALID
    assert run_validator("random-b64url", base64.urlsafe_b64encode(bytes(range(1, 16))).rstrip(b"=")) is Check.INVALID
    random_bytes = bytes((i * 97 + 13) % 251 for i in range(20))
    assert run_validator("random-b32", base64.b32encode(random_bytes)) is Check.PLAUSIBLE
    assert run_validator("random-b64url", base64.urlsafe_b64encode(random_bytes).rstrip(b"=")) is Check.PLAUSIBLE


def test_der_private_key_vs_public_key() -> None:
    private = base64.b64encode(b"\x30\x82\x04\xbd\x02\x01\x00" + bytes(100)).decode().encode()
    public = base64.b64encode(b"\x30\x82\x01\x22\x30\x0d\x06" + bytes(100)).decode().encode()
    assert run_validator("der-private-key", private) is Check.PLAUSIBLE
    assert run_validator("der-private-key", public) is Check.INVALID


def test_basic_auth_needs_user_and_password() -> None:
    assert run_validator("basic-auth", base64.b64encode(b"user:pw123")) is Check.PLAUSIBLE
    assert run_validator("basic-auth", base64.b64encode(b"no-colon-here")) is Check.INVALID


def test_pypi_macaroon_location() -> None:
    body = base64.urlsafe_b64encode(b"\x02\x01\x08pypi.org\x02" + bytes(60)).decode().rstrip("=")
    assert run_validator("pypi-macaroon", f"pypi-{body}".encode()) is Check.VALID
    other = base64.urlsafe_b64encode(b"\x02\x01\x08evil.org\x02" + bytes(60)).decode().rstrip("=")
    assert run_validator("pypi-macaroon", f"pypi-{other}".encode()) is Check.INVALID


def test_entropy_orders_randomness() -> None:
    assert shannon_entropy(b"aaaaaaaa") == 0
    assert shannon_entropy(b"password") < shannon_entropy(b"q8Z!x2Lr#V9m")


@pytest.mark.parametrize(
    "value",
    [
        "${DB_PASSWORD}",
        "{{ secrets.token }}",
        "%(password)s",
        "<your-api-key>",
        "$API_KEY",
        "%APPDATA%",
        "#{pw}",
        "@db.password@",
        "{0}",
        "{}",
    ],
)
def test_templates(value: str) -> None:
    assert is_template(value.encode())


# Template syntax and the characters around it, so that most draws are near-misses of some template form.
_TEMPLATE_ALPHABET = st.sampled_from(
    [b"$", b"{", b"}", b"%", b"(", b")", b"<", b">", b"#", b"@", b"[", b"]", b"_"]
) | st.binary(min_size=1, max_size=3)


@given(st.lists(_TEMPLATE_ALPHABET, max_size=12).map(b"".join))
def test_template_quick_check_agrees_with_the_full_pattern(value: bytes) -> None:
    # The character pre-check must never turn a template into a non-template.
    assert is_template(value) == (context._TEMPLATE.search(value) is not None)


@pytest.mark.parametrize(
    "value", ["changeme", "your_api_key_here", "xxxxxxxxxxxx", "********", "EXAMPLEKEY123", "password", "dummy-token"]
)
def test_placeholders(value: str) -> None:
    assert is_placeholder(value.encode())


@pytest.mark.parametrize("value", ["hT9#kq2LmZ", "Zr8vXq4wLp2N"])
def test_real_looking_values_are_not_placeholders(value: str) -> None:
    assert not is_placeholder(value.encode()) and not is_template(value.encode())


def test_hashes_uuids_and_integrity_strings() -> None:
    digest = b"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert is_hash_in_context(digest, b'sha256 = "' + digest + b'"')
    assert not is_hash_in_context(digest, b'api_key = "' + digest + b'"')
    assert is_hash_in_context(b"sha512-" + b"A" * 86 + b"==", b'"integrity": "..."')
    assert is_uuid(b"123e4567-e89b-12d3-a456-426614174000")


def test_path_trust() -> None:
    assert path_trust("src/app/settings.py") == 1.0
    assert path_trust("tests/test_settings.py") < 1.0
    assert path_trust("examples/demo.py") < 1.0
    assert path_trust("README.md") < 1.0
    # Test files named the JS/Go way, Windows separators, `./` prefixes.
    assert path_trust("src/login.test.js") == path_trust("src/login.spec.ts") == 0.85
    assert path_trust("pkg/auth/token_test.go") == 0.85
    assert path_trust(".\\Tests\\Fixtures\\app.config") == 0.85
    assert path_trust("./src/contest.py") == 1.0  # "test" inside a word is not a test folder


@pytest.mark.parametrize("value", [b"test1111", b"admin123", b"Password1!", b"root_2024", b"***", b"xxxx", b"abcdefg"])
def test_stock_demo_values_are_placeholders(value: bytes) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize("value", [b"tiger1111", b"admin123x9", b"Rk7#admin123"])
def test_values_that_only_start_like_demo_values_are_not(value: bytes) -> None:
    assert not is_placeholder(value)
