"""Offline checks of a candidate credential: checksums and structure, never the network.

Each validator answers with a `Check`: VALID when an embedded checksum or signature structure
proves the format (a random string cannot pass by chance), PLAUSIBLE when the format has no
checksum but the structure fits, BAD_CHECKSUM when a checksum exists and fails (a fake, a
truncated copy, or an example: reported at lower confidence), and INVALID when the value cannot
be that credential at all (dropped). PROTECTED marks key material that is itself encrypted with a
passphrase: still worth rotating (weak passphrases fall to offline guessing), reported less surely.
"""

from __future__ import annotations

import base64
import binascii
import enum
import itertools
import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


class Check(enum.Enum):
    VALID = "valid"
    PLAUSIBLE = "plausible"
    BAD_CHECKSUM = "bad-checksum"
    PROTECTED = "protected"
    INVALID = "invalid"


def shannon_entropy(value: bytes) -> float:
    """Bits per character; random base64 is near 6, hex near 4, English words near 3."""
    if not value:
        return 0.0
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in Counter(value).values())


def base62_encode(number: int, width: int) -> str:
    digits = []
    while number:
        number, rem = divmod(number, 62)
        digits.append(BASE62[rem])
    return "".join(reversed(digits)).rjust(width, "0")


def crc32_base62_token(value: bytes) -> Check:
    """GitHub (ghp_, gho_, ghu_, ghs_, ghr_) and npm (npm_) tokens: 30 random chars + base62 CRC32 (6)."""
    _, _, body = value.partition(b"_")
    if len(body) != 36:
        return Check.INVALID
    random_part, checksum = body[:30], body[30:]
    expected = base62_encode(zlib.crc32(random_part), 6)
    return Check.VALID if checksum.decode("ascii", "replace") == expected else Check.BAD_CHECKSUM


def _b64decode(text: bytes, urlsafe: bool = False) -> bytes | None:
    cleaned = b"".join(text.split()).replace(b"\\n", b"").replace(b"\\r", b"")
    cleaned = cleaned.rstrip(b"=")
    cleaned += b"=" * (-len(cleaned) % 4)
    try:
        if urlsafe:
            return base64.urlsafe_b64decode(cleaned)
        return base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError):
        return None


def jwt(value: bytes) -> Check:
    """The header is a base64url JSON object naming its `alg`; the payload decodes to a JSON object.

    A payload that decodes to `{...` but does not parse (a string with an escape JSON rejects, a
    copy cut short) still came from a JWT: PLAUSIBLE rather than dropped. Unsigned tokens are not secret.
    """
    parts = value.split(b".")
    if len(parts) < 3:
        return Check.INVALID
    try:
        header = json.loads(_b64decode(parts[0], urlsafe=True) or b"")
    except (ValueError, UnicodeDecodeError):
        return Check.INVALID
    if not isinstance(header, dict) or not isinstance(header.get("alg"), str):
        return Check.INVALID
    if header["alg"].lower() == "none":
        return Check.INVALID  # unsigned: nothing secret about it
    raw_payload = _b64decode(parts[1], urlsafe=True) or b""
    try:
        payload = json.loads(raw_payload)
    except (ValueError, UnicodeDecodeError):
        return Check.PLAUSIBLE if raw_payload.lstrip().startswith(b"{") else Check.INVALID
    return Check.VALID if isinstance(payload, dict) else Check.INVALID


_ELISION = re.compile(rb"\.\.\.|\xe2\x80\xa6")


def pem_body(value: bytes) -> Check:
    """The armoured body between BEGIN and END must be base64 of a plausible, complete key.

    Documentation shows keys cut short (`MIIEpQIBAAK…` then END), elided (`...`) or made of a
    repeated word; a DER body that declares more bytes than it holds is such an excerpt.
    """
    lines = value.replace(b"\\n", b"\n").replace(b"\\r", b"").splitlines()
    inner = [line for line in lines[1:-1] if b":" not in line and not line.strip().startswith(b"=")]
    if any(_ELISION.search(line) for line in inner):
        return Check.INVALID
    # Keep only base64 characters: bodies arrive wrapped in string concatenations and escapes.
    body = re.sub(rb"[^A-Za-z0-9+/=]", b"", b"".join(inner)).rstrip(b"=")
    if len(body) < 64 or shannon_entropy(body) < 4.0:
        return Check.INVALID
    decoded = _b64decode(body[: len(body) // 4 * 4])
    if decoded is None or len(decoded) < 48:
        return Check.INVALID
    declared = _der_length(decoded)
    if declared is not None and len(decoded) < declared * 0.9:
        return Check.INVALID  # an excerpt: the SEQUENCE promises far more than is there
    if _encrypted_pem(lines[0] if lines else b"", value, decoded):
        return Check.PROTECTED
    return Check.VALID


def _der_length(decoded: bytes) -> int | None:
    """Total length a DER SEQUENCE header declares (long form only: real keys are > 127 bytes)."""
    if len(decoded) < 4 or decoded[0] != 0x30 or not 0x81 <= decoded[1] <= 0x83:
        return None
    size = decoded[1] & 0x7F
    return 2 + size + int.from_bytes(decoded[2 : 2 + size], "big")


def _encrypted_pem(begin_line: bytes, value: bytes, decoded: bytes) -> bool:
    """PKCS#8 `ENCRYPTED PRIVATE KEY`, OpenSSL `Proc-Type: 4,ENCRYPTED`, or an OpenSSH key with a cipher."""
    if b"ENCRYPTED" in begin_line or b"Proc-Type: 4,ENCRYPTED" in value:
        return True
    magic = b"openssh-key-v1\x00"
    if decoded.startswith(magic) and len(decoded) >= len(magic) + 4:
        size = int.from_bytes(decoded[len(magic) : len(magic) + 4], "big")
        cipher = decoded[len(magic) + 4 : len(magic) + 4 + size]
        return cipher not in (b"none", b"")
    return False


def putty_key(value: bytes) -> Check:
    """PuTTY key files say in clear whether the private lines are encrypted with a passphrase."""
    match = re.search(rb"Encryption: ([\w\-]{1,40})", value)
    if match is not None and match.group(1) != b"none":
        return Check.PROTECTED
    return Check.PLAUSIBLE


def _counting(data: bytes) -> bool:
    """Bytes that step by a constant (01 02 03 …, "1234567890…"): a test vector, not a random key."""
    if len(data) < 8:
        return False
    steps = Counter((b - a) % 256 for a, b in itertools.pairwise(data))
    return steps.most_common(1)[0][1] >= 0.85 * (len(data) - 1)


def random_b64url(value: bytes) -> Check:
    """JWK members are base64url key bytes; RFC examples and test vectors count up instead."""
    decoded = _b64decode(value, urlsafe=True)
    if decoded is None:
        return Check.INVALID
    return Check.INVALID if _counting(decoded) else Check.PLAUSIBLE


def random_mixed(value: bytes) -> Check:
    """Random base64 of 30+ characters has digits, capitals and small letters (all three: 99.9% for 40).

    `policy/AmazonSSMAutomationApproverAccess`, the tail of an ARN after `aws:`, happens to be 40
    base64 characters too; it has no digit.
    """
    if _PATH_START.match(value):
        return Check.INVALID  # `policy/EC2InstanceProfile…`: a path, not base64
    has = (any(c in _DIGITS for c in value), any(c in _UPPER for c in value), any(c in _LOWER for c in value))
    return Check.PLAUSIBLE if all(has) else Check.INVALID


_PATH_START = re.compile(rb"^[a-z][a-z\-]{2,19}/[A-Z]")
_DIGITS = frozenset(b"0123456789")
_UPPER = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LOWER = frozenset(b"abcdefghijklmnopqrstuvwxyz")


def random_b32(value: bytes) -> Check:
    """OTP secrets are base32 of random bytes; RFC 4226/6238 test secrets encode "1234567890…"."""
    padded = value.upper() + b"=" * (-len(value) % 8)
    try:
        decoded = base64.b32decode(padded)
    except (binascii.Error, ValueError):
        return Check.INVALID
    return Check.INVALID if _counting(decoded) else Check.PLAUSIBLE


def der_private_key(value: bytes) -> Check:
    """Base64 DER that starts like a private key: SEQUENCE, then INTEGER version 0 (PKCS#1 or PKCS#8).

    Public keys (SEQUENCE, SEQUENCE…) and certificates (SEQUENCE, SEQUENCE…) fail, which is the point.
    """
    decoded = _b64decode(value[:16])
    if decoded is None or len(decoded) < 7:
        return Check.INVALID
    if decoded[0] == 0x30 and decoded[1] == 0x82 and decoded[4:7] == b"\x02\x01\x00":
        return Check.PLAUSIBLE
    return Check.INVALID


def pypi_macaroon(value: bytes) -> Check:
    """PyPI API tokens are `pypi-` + base64url of a v2 macaroon whose location is the index host."""
    body = value[len(b"pypi-") :]
    decoded = _b64decode(body[: len(body) // 4 * 4], urlsafe=True)
    if decoded is None:
        return Check.INVALID
    if decoded.startswith((b"\x02\x01\x08pypi.org", b"\x02\x01\x0dtest.pypi.org")):
        return Check.VALID
    return Check.INVALID


def base64_any(value: bytes) -> Check:
    return Check.PLAUSIBLE if _b64decode(value, urlsafe=b"-" in value or b"_" in value) is not None else Check.INVALID


def basic_auth(value: bytes) -> Check:
    """`Authorization: Basic` carries base64 of `user:password`."""
    decoded = _b64decode(value)
    if decoded is None or b":" not in decoded:
        return Check.INVALID
    _, _, password = decoded.partition(b":")
    return Check.PLAUSIBLE if password and all(32 <= c < 127 for c in decoded) else Check.INVALID


_BEDROCK_LONG_TERM = re.compile(rb"BedrockAPIKey-[A-Za-z0-9]{2,12}-at-\d{12}:[\x21-\x7e]{20,200}")


def bedrock_long_term_key(value: bytes) -> Check:
    """Amazon Bedrock long-term API keys: `ABSK` + base64 of `BedrockAPIKey-<id>-at-<account>:<secret>`."""
    decoded = _b64decode(value[4:])
    return Check.PLAUSIBLE if decoded is not None and _BEDROCK_LONG_TERM.fullmatch(decoded) else Check.INVALID


def bedrock_short_term_key(value: bytes) -> Check:
    """Short-term Bedrock API keys: `bedrock-api-key-` + base64 of a SigV4-presigned Bedrock URL."""
    decoded = _b64decode(value.removeprefix(b"bedrock-api-key-"))
    if decoded is None or not decoded.startswith(b"bedrock.amazonaws.com/"):
        return Check.INVALID
    return Check.PLAUSIBLE if b"X-Amz-Credential=" in decoded and b"X-Amz-Signature=" in decoded else Check.INVALID


# Smallest payload (bytes) of each PASETO version/purpose: nonce + tag (local) or signature (public).
_PASETO_MIN = {
    b"v1.local": 32 + 48,
    b"v2.local": 24 + 16,
    b"v3.local": 32 + 48,
    b"v4.local": 32 + 32,
    b"v1.public": 256,
    b"v2.public": 64,
    b"v3.public": 96,
    b"v4.public": 64,
}


def paseto_token(value: bytes) -> Check:
    """`v<n>.<purpose>.<payload>[.<footer>]`: the base64url payload is at least nonce + tag or a signature."""
    parts = value.split(b".")
    if len(parts) not in (3, 4):
        return Check.INVALID
    decoded = _b64decode(parts[2], urlsafe=True)
    minimum = _PASETO_MIN.get(b".".join(parts[:2]))
    return Check.PLAUSIBLE if minimum and decoded is not None and len(decoded) >= minimum else Check.INVALID


# Key bytes of PASERK secret keys: symmetric keys are 32 bytes; signing keys per version (k1 is RSA DER).
_PASERK_SIZES = {
    b"k1.local": 32,
    b"k2.local": 32,
    b"k3.local": 32,
    b"k4.local": 32,
    b"k2.secret": 64,  # Ed25519 seed + public key
    b"k3.secret": 48,  # P-384 scalar
    b"k4.secret": 64,
}


def paserk_key(value: bytes) -> Check:
    """PASERK `k<n>.local.` / `k<n>.secret.` keys: base64url of exactly the version's key size."""
    version_type, _, data = value.rpartition(b".")
    decoded = _b64decode(data, urlsafe=True)
    if decoded is None:
        return Check.INVALID
    if version_type == b"k1.secret":  # an RSA private key in DER: SEQUENCE, then INTEGER version 0
        return Check.PLAUSIBLE if decoded[:1] == b"\x30" and len(decoded) > 300 else Check.INVALID
    if len(decoded) != _PASERK_SIZES.get(version_type) or _counting(decoded) or len(set(decoded)) < len(decoded) // 4:
        return Check.INVALID
    return Check.PLAUSIBLE


def ntlm_authenticate(value: bytes) -> Check:
    """An NTLM AUTHENTICATE (type 3) message whose NT response field holds a challenge response (crackable)."""
    decoded = _b64decode(value)
    if decoded is None or len(decoded) < 64 or not decoded.startswith(b"NTLMSSP\x00\x03\x00\x00\x00"):
        return Check.INVALID
    nt_length = int.from_bytes(decoded[20:22], "little")
    nt_offset = int.from_bytes(decoded[24:28], "little")
    # NTLMv1 responses are 24 bytes, NTLMv2 longer; an anonymous logon carries none.
    if nt_length < 24 or nt_offset + nt_length > len(decoded) or len(set(decoded[nt_offset : nt_offset + 16])) < 8:
        return Check.INVALID
    return Check.PLAUSIBLE


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            checksum ^= generator[i] if (top >> i) & 1 else 0
    return checksum


def bech32(value: bytes) -> Check:
    """age secret keys are Bech32 (`AGE-SECRET-KEY-1…`) with a 6-character checksum."""
    text = value.decode("ascii", "replace").lower()
    hrp, sep, data = text.rpartition("1")
    if not sep or any(c not in _BECH32 for c in data) or len(data) < 6:
        return Check.INVALID
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    polymod = _bech32_polymod(expanded + [_BECH32.index(c) for c in data])
    return Check.VALID if polymod == 1 else Check.BAD_CHECKSUM


def _crc16_xmodem(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def nkey_seed(value: bytes) -> Check:
    """NATS nkey seeds: base32 of prefix bytes + key + little-endian CRC16/XMODEM."""
    padded = value + b"=" * (-len(value) % 8)
    try:
        raw = base64.b32decode(padded)
    except (binascii.Error, ValueError):
        return Check.INVALID
    if len(raw) < 4:
        return Check.INVALID
    body, checksum = raw[:-2], int.from_bytes(raw[-2:], "little")
    return Check.VALID if _crc16_xmodem(body) == checksum else Check.BAD_CHECKSUM


def hex_or_base64_key(value: bytes) -> Check:
    return Check.PLAUSIBLE if shannon_entropy(value) >= 3.0 else Check.INVALID


_BYTE_ITEM = re.compile(rb"0[xX]([0-9a-fA-F]{1,2})|(\d{1,3})")


def byte_array(value: bytes) -> Check:
    """A literal list of byte values that looks like key material: varied, in range, not a counting sequence."""
    items = [int(h, 16) if h else int(d) for h, d in _BYTE_ITEM.findall(value)]
    if len(items) < 8 or max(items) > 255:
        return Check.INVALID
    if len(set(items)) < max(6, len(items) // 2):
        return Check.INVALID  # mostly repeats: padding, masks, lookup tables
    steps = {b - a for a, b in itertools.pairwise(items)}
    if len(steps) <= 2:
        return Check.INVALID  # 1, 2, 3, … or 0, 16, 32, …: a counting sequence, not a key
    if max(items) < 16:
        return Check.INVALID  # small numbers only: indices, codes, nibbles
    return Check.PLAUSIBLE


VALIDATORS: dict[str, Callable[[bytes], Check]] = {
    "byte-array": byte_array,
    "crc32-base62": crc32_base62_token,
    "jwt": jwt,
    "pem": pem_body,
    "putty": putty_key,
    "random-b64url": random_b64url,
    "random-b32": random_b32,
    "random-mixed": random_mixed,
    "der-private-key": der_private_key,
    "pypi-macaroon": pypi_macaroon,
    "base64": base64_any,
    "basic-auth": basic_auth,
    "bech32": bech32,
    "nkey": nkey_seed,
    "key-material": hex_or_base64_key,
    "bedrock-long-term": bedrock_long_term_key,
    "bedrock-short-term": bedrock_short_term_key,
    "paseto": paseto_token,
    "paserk": paserk_key,
    "ntlm-authenticate": ntlm_authenticate,
}


def run_validator(name: str, value: bytes) -> Check:
    if not name:
        return Check.PLAUSIBLE
    return VALIDATORS[name](value)
