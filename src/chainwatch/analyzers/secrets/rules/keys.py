"""Private keys and signed tokens: PEM, OpenSSH, PGP, PuTTY, keystores, JWTs, JWKs, NATS seeds."""

from __future__ import annotations

import base64
import json
import string
import struct

from ....model import Severity
from ..detector import Detector, token
from ._build import ALNUM, B64, B64URL, END, START, fake

_KEY_WHY = (
    "A private key proves identity: whoever holds it can sign in to servers (SSH), impersonate a TLS site, sign "
    "releases or decrypt traffic and data meant for its owner."
)
_KEY_FIX = (
    "Treat the key as compromised: revoke or remove it where it is trusted (authorized_keys, certificate, signing "
    "config), generate a new pair, and keep private keys in a secret store or agent, never in a repository."
)


def _armor(label: str, body_len: int, seed: str, headers: str = "") -> str:
    body = fake(body_len, B64, seed)
    lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    dashes = "-" * 5
    return f"{dashes}BEGIN {label}{dashes}\n{headers}{lines}\n{dashes}END {label}{dashes}\n"


def _b64url(obj: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")


def _pem(slug: str, title: str, keyword: str, label_regex: str, example_label: str, **extra: object) -> Detector:
    # The body is bounded (64 KiB) and lazy, so a BEGIN without END costs one linear scan of the region.
    pattern = (
        rf"(?P<secret>-----BEGIN[ ]{label_regex}-----(?:\\r)?(?:\\n|\s)"
        r".{40,65536}?-----END[ ][A-Z0-9 ]{0,40}-----)"
    )
    return token(
        slug,
        title,
        str(extra.pop("provider", "PEM")),
        (keyword,),
        pattern,
        positive=str(extra.pop("positive", _armor(example_label, 1200, slug))),
        negative=str(extra.pop("negative", f'HEADER = "-----BEGIN {example_label}-----"')),
        validator="pem",
        multiline=True,
        anchor="keyword",
        severity=Severity.CRITICAL,
        confidence=0.95,
        kind="key",
        why=_KEY_WHY,
        remediation=_KEY_FIX,
        **extra,
    )


_JWT = ".".join(
    (
        _b64url({"alg": "HS256", "typ": "JWT"}),
        _b64url({"sub": fake(12, ALNUM, "jwt"), "iat": 1700000000}),
        fake(43, B64URL, "jwtsig"),
    )
)
_JWT_NONE = ".".join((_b64url({"alg": "none", "typ": "JWT"}), _b64url({"sub": "demo"}), "x" * 16))


def _ntlm_authenticate(seed: str, nt_response: int = 48) -> str:
    """Base64 of an NTLM AUTHENTICATE (type 3) message with a made-up NTLMv2 response of `nt_response` bytes."""
    user = "svc-build".encode("utf-16-le")
    fields = [bytes(24), bytes.fromhex(fake(nt_response * 2, "0123456789abcdef", seed)), b"", user, b"", b""]
    offset, header = 64, b"NTLMSSP\x00" + struct.pack("<I", 3)
    for field in fields:
        header += struct.pack("<HHI", len(field), len(field), offset)
        offset += len(field)
    return base64.b64encode(header + struct.pack("<I", 0xA2888205) + b"".join(fields)).decode()


def _paseto(header: str, payload_len: int, seed: str) -> str:
    return header + fake(payload_len, B64URL, seed)


def _crc16(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _make_nkey_seed() -> str:
    # Seed layout: 2 prefix bytes (S + user type), 32 key bytes, CRC16 little-endian; base32 without padding.
    raw = bytes([18 << 3 | (160 >> 5), (160 & 31) << 3]) + fake(32, ALNUM, "nkey").encode()
    raw += _crc16(raw).to_bytes(2, "little")
    return base64.b32encode(raw).decode().rstrip("=")


DETECTORS = [
    _pem(
        "private-key", "Private key (PEM)", "-----begin", r"(?:RSA |EC |DSA |ENCRYPTED |)PRIVATE KEY", "RSA PRIVATE KEY"
    ),
    _pem(
        "openssh-private-key",
        "OpenSSH private key",
        "-----begin openssh",
        r"OPENSSH PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
        provider="OpenSSH",
    ),
    _pem(
        "pgp-private-key",
        "PGP private key block",
        "-----begin pgp",
        r"PGP PRIVATE KEY BLOCK",
        "PGP PRIVATE KEY BLOCK",
        provider="OpenPGP",
    ),
    token(
        "ssh2-private-key",
        "SSH2 (SECSH) private key",
        "SSH",
        ("---- begin ssh2 encrypted private key",),
        r"(?P<secret>---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----.{40,65536}?---- END SSH2 ENCRYPTED PRIVATE KEY ----)",
        positive="---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\n"
        + fake(600, B64, "ssh2")
        + "\n---- END SSH2 ENCRYPTED PRIVATE KEY ----",
        negative="---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----",
        multiline=True,
        severity=Severity.HIGH,
        kind="key",
        why=_KEY_WHY,
        remediation=_KEY_FIX,
    ),
    token(
        "putty-private-key",
        "PuTTY private key",
        "PuTTY",
        ("putty-user-key-file-",),
        r"(?P<secret>PuTTY-User-Key-File-[23]: [\w\-]{3,40}.{20,8192}?Private-Lines: \d{1,3}(?:\r?\n[A-Za-z0-9+/=]{1,64}){1,200})",
        positive="PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: demo\nPublic-Lines: 1\n"
        + fake(64, B64, "ppk")
        + "\nPrivate-Lines: 2\n"
        + fake(64, B64, "ppk2")
        + "\n"
        + fake(40, B64, "ppk3")
        + "\nPrivate-MAC: "
        + fake(40, "0123456789abcdef", "mac"),
        negative="key = 'PuTTY-User-Key-File-2: ssh-rsa'",
        multiline=True,
        validator="putty",
        severity=Severity.CRITICAL,
        kind="key",
        why=_KEY_WHY,
        remediation=_KEY_FIX,
    ),
    token(
        "pkcs12-keystore",
        "PKCS#12 / PFX keystore file",
        "PKCS#12",
        (),
        r"(?P<secret>\A\x30\x82[\x00-\xff]{2}\x02\x01\x03)",
        positive="0\x82\x0a\x10\x02\x01\x03" + fake(40, ALNUM, "p12"),
        negative="0\x82\x0a\x10\x02\x01\x01" + fake(40, ALNUM, "p12"),
        path_pattern=r"(?i)\.(?:p12|pfx)$",
        example_path="deploy/server.pfx",
        severity=Severity.HIGH,
        confidence=0.8,
        kind="key",
        why="A PKCS#12 file bundles a certificate with its private key; its password is often weak or committed beside it.",
        remediation=_KEY_FIX,
    ),
    token(
        "java-keystore",
        "Java keystore file",
        "Java KeyStore",
        (),
        r"(?P<secret>\A\xfe\xed\xfe\xed)",
        positive="\xfe\xed\xfe\xed" + fake(40, ALNUM, "jks"),
        negative="\xca\xfe\xba\xbe" + fake(40, ALNUM, "jks"),
        path_pattern=r"(?i)\.(?:jks|keystore)$",
        example_path="deploy/release.jks",
        severity=Severity.HIGH,
        confidence=0.8,
        kind="key",
        why="A Java keystore holds private keys (often Android release-signing keys) protected only by its password.",
        remediation=_KEY_FIX,
    ),
    token(
        "jwt",
        "JSON Web Token",
        "JWT",
        ("eyJ",),
        rf"{START}(?P<secret>eyJ[A-Za-z0-9_\-]{{8,2000}}\.eyJ[A-Za-z0-9_\-]{{4,8000}}\.[A-Za-z0-9_\-]{{8,1000}}){END}",
        positive=f'Authorization: "{_JWT}"',
        negative=f'token = "{_JWT_NONE}"',
        validator="jwt",
        anchor="keyword",
        severity=Severity.MEDIUM,
        confidence=0.8,
        why="A signed JWT is a bearer credential: until it expires, whoever holds it is the subject it names. "
        "Long-lived service tokens are often committed as test fixtures and still accepted.",
        remediation="Revoke the session or rotate the signing key if the token may still be valid, and keep real "
        "tokens out of fixtures (mint them in the test).",
    ),
    token(
        "jwk-private-key",
        "Private key material in a JSON Web Key",
        "JWK",
        ('"d"', "'d'", " d:", "\td:", "{d:", '"k"', "'k'", " k:", "\tk:", "{k:", '"p"', '"q"', '"dp"', '"dq"', '"qi"'),
        r"(?<![\w$.])[\"']?(?:d|k|p|q|dp|dq|qi)[\"']?\s{0,2}:\s{0,2}[\"'](?P<secret>[A-Za-z0-9_\-]{20,1400})[\"']",
        positive="  d: '" + fake(43, B64URL, "jwk") + "',",
        negative="  d: 'day',",
        severity=Severity.HIGH,
        confidence=0.7,
        min_entropy=3.5,
        validator="random-b64url",
        kind="key",
        why="The `d` (private exponent), prime and `k` (symmetric key) members of a JWK are the key itself.",
        remediation=_KEY_FIX,
    ),
    token(
        "nats-nkey-seed",
        "NATS nkey seed",
        "NATS",
        ("SU", "SA", "SC", "SO", "SN", "SX", "SP"),
        r"(?<![A-Z0-9])(?P<secret>S[UACONXP][A-Z2-7]{56})(?![A-Z0-9])",
        anchor="keyword",
        positive="seed: " + _make_nkey_seed(),
        negative="seed: SUAB" + "A" * 40,
        validator="nkey",
        severity=Severity.CRITICAL,
        kind="key",
        why="An nkey seed is the private half of a NATS identity: it signs in as that user, account or operator.",
        remediation="Revoke the nkey in the account JWT or server config, generate a new seed with `nk -gen`, "
        "and keep seeds in credential files outside the repository.",
    ),
    token(
        "private-key-der-base64",
        "Private key (base64 DER without PEM armour)",
        "PKCS#1 / PKCS#8",
        ("MII",),
        rf"{START}(?P<secret>MII[A-Za-z0-9+/]{{100,8000}}={{0,2}})(?![A-Za-z0-9+/=])",
        anchor="keyword",
        positive='String privateKey = "MIIEvQIBADAN' + fake(600, B64, "der") + '";',
        negative='String publicKey = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A' + fake(300, B64, "derpub") + '";',
        validator="der-private-key",
        severity=Severity.CRITICAL,
        confidence=0.9,
        kind="key",
        why=_KEY_WHY,
        remediation=_KEY_FIX,
    ),
    token(
        "openssl-passphrase",
        "Pass phrase given to openssl on the command line",
        "OpenSSL",
        ("pass:",),
        r"-pass(?:in|out|word)?[ \t]{1,3}pass:(?P<secret>[^\s\"'`;|&]{3,128})",
        positive="openssl genrsa -aes256 -passout pass:" + fake(12, ALNUM, "ossl") + " -out key.pem 4096",
        negative="openssl genrsa -aes256 -passout pass:$KEY_PASSPHRASE -out key.pem 4096",
        severity=Severity.HIGH,
        confidence=0.8,
        kind="generic",
        why="A pass phrase on a command line protects nothing: it is in the script, the shell history and the "
        "process list.",
        remediation="Use -passout file:/env: with a secret injected at run time, and change the pass phrase.",
    ),
    token(
        "otp-secret-literal",
        "TOTP / HOTP secret passed to an OTP library",
        "OTP",
        ("totp", "hotp"),
        r"(?i:[th]otp)(?:\.new|::new|\()?[ \t]{0,2}\(?[ \t]{0,2}[\"'](?P<secret>[A-Z2-7]{16,64})[\"']",
        positive="otp = pyotp.TOTP('" + fake(32, string.ascii_uppercase + "234567", "otp-lit") + "')",
        negative="otp = pyotp.TOTP(user.otp_secret)",
        min_entropy=3.0,
        validator="random-b32",
        severity=Severity.HIGH,
        confidence=0.85,
        why="An OTP seed generates every future one-time code: it defeats the second factor it was meant to be.",
        remediation="Reset the second factor for the account and do not store enrolment URIs or seeds in files.",
    ),
    token(
        "otp-secret",
        "TOTP / HOTP shared secret",
        "OTP",
        ("otpauth://",),
        r"otpauth://[th]otp/[^\s?\"'<>]{0,200}\?(?:[^\s\"'<>]{0,200}&)?secret=(?P<secret>[A-Za-z2-7]{16,128})",
        positive="otpauth://totp/Demo:alice?secret="
        + fake(32, string.ascii_uppercase + "234567", "otp")
        + "&issuer=Demo",
        negative="otpauth://totp/Demo:alice?secret=",
        severity=Severity.HIGH,
        confidence=0.9,
        why="An OTP seed generates every future one-time code: it defeats the second factor it was meant to be.",
        remediation="Reset the second factor for the account and do not store enrolment URIs or seeds in files.",
    ),
    token(
        "paseto-token",
        "PASETO token",
        "PASETO",
        tuple(f"v{n}.{purpose}." for n in "1234" for purpose in ("local", "public")),
        rf"{START}(?P<secret>v[1-4]\.(?:local|public)\.[A-Za-z0-9_\-]{{54,4000}}(?:\.[A-Za-z0-9_\-]{{1,2000}})?){END}",
        positive=f'Authorization: Bearer {_paseto("v4.local.", 180, "paseto")}',
        negative='PREFIX = "v4.local." + payload',
        validator="paseto",
        severity=Severity.MEDIUM,
        confidence=0.8,
        why="A PASETO token is a bearer credential, like a JWT: until it expires, whoever holds it is the subject "
        "it names (and `local` tokens hide what they grant).",
        remediation="Revoke the session or rotate the key that issued the token if it may still be valid, and mint "
        "tokens in tests instead of committing them.",
        docs="https://github.com/paseto-standard/paseto-spec",
    ),
    token(
        "paserk-secret-key",
        "PASERK secret or symmetric key",
        "PASETO",
        tuple(f"k{n}.{kind}." for n in "1234" for kind in ("local", "secret") if (n, kind) != ("1", "secret"))
        + ("k1.secret.",),
        # Public keys (`.public.`), key identifiers (`lid`/`pid`/`sid`) and wrapped keys (`-wrap`, `-pw`,
        # `seal`, encrypted under another key or a password) are not reported.
        rf"{START}(?P<secret>k[1-4]\.(?:local|secret)\.[A-Za-z0-9_\-]{{43,3000}}){END}",
        positive=f'PASETO_KEY = "k4.secret.{fake(86, B64URL, "paserk")}"',
        negative=f'PASETO_PUBLIC_KEY = "k4.public.{fake(43, B64URL, "paserk-pub")}"',
        validator="paserk",
        severity=Severity.HIGH,
        anchor="keyword",
        why="A PASERK `local` key decrypts and forges every `local` PASETO of its issuer; a `secret` key signs "
        "`public` PASETOs that every verifier will accept.",
        remediation=_KEY_FIX,
        docs="https://github.com/paseto-standard/paserk",
    ),
    token(
        "ntlm-authenticate-message",
        "NTLM authentication message with a challenge response",
        "Microsoft Windows",
        ("TlRMTVNTUAAD",),  # base64 of "NTLMSSP\0" + message type 3
        r"(?<![A-Za-z0-9+/])(?P<secret>TlRMTVNTUAADAAAA[A-Za-z0-9+/]{80,8000}={0,2})(?![A-Za-z0-9+/=])",
        positive=f"Authorization: NTLM {_ntlm_authenticate('ntlm')}",
        negative=f"Authorization: NTLM {_ntlm_authenticate('ntlm-anon', nt_response=0)}",
        validator="ntlm-authenticate",
        placeholder_check=False,  # the message's zero-filled length fields read as `AAAA…` filler
        severity=Severity.MEDIUM,
        confidence=0.85,
        anchor="keyword",
        why="An NTLM AUTHENTICATE message (`Authorization: NTLM` or `Negotiate` type 3) carries the user's "
        "challenge response: it can be cracked offline to the account password (NTLMv1 trivially), and it names "
        "the user and domain.",
        remediation="Remove the captured exchange, change the password of the account it names, and record HTTP "
        "traffic with authorization headers redacted.",
        docs="https://learn.microsoft.com/openspecs/windows_protocols/ms-nlmp/033d32cc-88f9-4483-9bf2-b273055038ce",
    ),
    # Windows product keys (five groups of five) are deliberately not detected: most occurrences in code are the
    # generic volume licence keys Microsoft publishes for KMS clients, and a retail key is a licence, not
    # access to anything; both would be noise for a credential scanner.
]


__all__ = ["DETECTORS", "END"]
