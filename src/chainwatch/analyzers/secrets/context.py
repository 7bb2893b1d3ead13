"""Context filters: what makes a credential-shaped value not a credential, and where it sits.

Plain functions over the value and its line, so each is testable alone. They drop obvious
placeholders and templates, hashes next to hash words, UUIDs and integrity strings, and lower the
confidence of findings in test, example and documentation paths instead of hiding them.
"""

from __future__ import annotations

import re

# Values people write where a real secret would go.
PLACEHOLDER_WORDS = frozenset(
    [
        "password",
        "passwd",
        "pass",
        "pwd",
        "passw0rd",
        "p@ssw0rd",
        "p@ssword",
        "secret",
        "secrets",
        "token",
        "key",
        "apikey",
        "api_key",
        "api-key",
        "accesskey",
        "access_key",
        "secretkey",
        "secret_key",
        "privatekey",
        "private_key",
        "credential",
        "credentials",
        "auth",
        "admin",
        "administrator",
        "root",
        "user",
        "username",
        "login",
        "guest",
        "demo",
        "default",
        "changeme",
        "changeit",
        "change_me",
        "test",
        "tests",
        "testing",
        "test123",
        "test1234",
        "testpass",
        "testpassword",
        "testtoken",
        "testkey",
        "tester",
        "123",
        "1234",
        "12345",
        "123456",
        "1234567",
        "12345678",
        "123456789",
        "1234567890",
        "0000",
        "00000000",
        "qwerty",
        "abc",
        "abc123",
        "abcdef",
        "letmein",
        "welcome",
        "hello",
        "foo",
        "bar",
        "baz",
        "foobar",
        "xyz",
        "qux",
        "none",
        "null",
        "nil",
        "undefined",
        "true",
        "false",
        "yes",
        "no",
        "empty",
        "string",
        "str",
        "value",
        "values",
        "text",
        "number",
        "int",
        "bool",
        "boolean",
        "object",
        "function",
        "symbol",
        "bigint",
        "any",
        "required",
        "optional",
        "hidden",
        "example",
        "sample",
        "dummy",
        "fake",
        "mock",
        "stub",
        "placeholder",
        "redacted",
        "removed",
        "hidden",
        "masked",
        "todo",
        "fixme",
        "tbd",
        "xxx",
        "yourpassword",
        "mypassword",
        "mysecret",
        "mytoken",
        "mykey",
        "yourkey",
        "yourtoken",
        "yoursecret",
        "newpassword",
        "oldpassword",
        "asdf",
        "fdsa",
        "asdfgh",
        "asdfghjkl",
        "qwertyuiop",
        "zxcvbn",
        "wrong",
        "incorrect",
        "invalid",
        "bad",
        "badpass",
        "wrongpass",
        "wrongpassword",
        "pa55word",
        "pass123",
        "pass1234",
        "password1",
        "password123",
        "secret123",
        "s3cr3t",
        "s3cret",
        "supersecret",
        "topsecret",
        # What the docs call the option itself: "the --password flag may be used to ..."
        "flag",
        "option",
        "argument",
        "parameter",
    ]
)
# Substrings that mark a value as an illustration, not a credential.
PLACEHOLDER_MARKERS = (
    b"example",
    b"your_",
    b"your-",
    b"yourapi",
    b"<your",
    b"changeme",
    b"change_me",
    b"change-me",
    b"change_this",
    b"replace_me",
    b"replaceme",
    b"replace-me",
    b"replace_with",
    b"replacewith",
    b"placeholder",
    b"dummy",
    b"redacted",
    b"insert_",
    b"insert-",
    b"enter_your",
    b"enter-your",
    b"put_your",
    b"xxxxx",
    b"*****",
    b".....",
    b"00000000",
    b"aaaaaaaa",
    b"123456789",
    b"abcdefgh",
    b"fake",
    b"not_a_real",
    b"notreal",
    b"not-real",
    b"sample",
    b"todo",
    b"secret_here",
    b"key_here",
    b"token_here",
    b"-here",
    b"_here",
    b"\\xx",  # `\xx\xx`: escaped bytes left for the reader to fill in
    b"****",  # masked: `:****`
)
# Counting runs people type as stand-ins: `abcdefg`, `123456`, `qwerty…`, `zyxw`.
_STOCK_WORD_AND_DIGITS = re.compile(
    rb"^(?:test|demo|example|sample|dummy|admin|root|user|guest|password|passwd|pass|secret|changeme|qwerty"
    rb"|letmein|welcome|default)[_\-.@]?\d{1,6}[!.]?$"
)
_COUNT4 = re.compile(rb"abcd|bcde|cdef|0123|1234|2345|3456|4567|5678|6789")
# Joined by NUL: a value without NUL is inside one run exactly when it is inside this (one search, not five).
_RUNS_JOINED = b"\x00".join(
    (b"abcdefghijklmnopqrstuvwxyz", b"zyxwvutsrqponmlkjihgfedcba", b"0123456789", b"9876543210", b"qwertyuiop")
)
# One search for every marker: this runs for each candidate value, tens of thousands per megabyte.
_MARKERS = re.compile(b"|".join(re.escape(marker) for marker in PLACEHOLDER_MARKERS))
_TEMPLATE = re.compile(
    rb"""\$\{|\$\(|\{\{|\}\}|\{%|%\(\w+\)s|<%|%>|#\{|@\w+@|^\$[A-Za-z_]|^%[A-Za-z_]\w*%$|^<[^>]*>$|^\[[^\]]*\]$"""
    rb"""|\{\w{0,20}(?:![rsa])?(?::[^{}\s]{0,20})?\}|^%s$|^%[dsv]|(?<!%)%[sd](?![A-Za-z0-9])|\$\d\b|^__\w+__$|^\{[A-Za-z_]|^%[\w.\-]+%$|^@[\w.\-]+@$"""
)
_TEMPLATE_SIGNS = re.compile(rb"[$%{}<#@\[]")
_UUID = re.compile(rb"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_HEX = re.compile(rb"^[0-9a-fA-F]+$")
_HASH_WORDS = re.compile(
    rb"(?i)sha-?(?:1|224|256|384|512)|md5|hash|digest|checksum|integrity|etag|fingerprint|commit|revision|\brev\b"
    rb"|\bsum\b|crc|blake|\bsri\b|shasum|\bref\b|object_id|oid|nonce|git"
)
_INTEGRITY = re.compile(rb"^(?:sha(?:1|256|384|512))-[A-Za-z0-9+/]{20,}={0,2}$")
_REPEATED = re.compile(rb"^(.{1,3})\1{3,}$")
# Path parts that mark tests, examples and docs: findings there are often fixtures.
_LOW_TRUST_PARTS = frozenset(
    [
        "test",
        "tests",
        "testing",
        "__tests__",
        "spec",
        "specs",
        "fixture",
        "fixtures",
        "testdata",
        "test_data",
        "mock",
        "mocks",
        "example",
        "examples",
        "sample",
        "samples",
        "demo",
        "demos",
        "doc",
        "docs",
        "documentation",
    ]
)


def is_template(value: bytes) -> bool:
    """`${VAR}`, `{{ var }}`, `%(name)s`, `<your-key>`, `$VAR`, `%VAR%`, `#{var}`, `@var@`."""
    # Every template form has one of these characters (or is `__name__`); most values have none, and one
    # character-class pass is far cheaper than trying each alternative of `_TEMPLATE` at every offset.
    if _TEMPLATE_SIGNS.search(value) is None and not value.startswith(b"__"):
        return False
    return _TEMPLATE.search(value) is not None


def is_placeholder(value: bytes) -> bool:
    lowered = value.lower()
    if lowered.decode("ascii", "replace") in PLACEHOLDER_WORDS:
        return True
    if _MARKERS.search(lowered) is not None:
        return True
    if _STOCK_WORD_AND_DIGITS.match(lowered):
        return True  # `test1111`, `admin123`, `password1!`: the stock demo passwords
    if lowered and (lowered.strip(b"*") == b"" or lowered.strip(b"x") == b""):
        return True  # `***`, `xxx`: masked
    if len(lowered) >= 4 and b"\x00" not in lowered and lowered in _RUNS_JOINED:
        return True
    if len(lowered) <= 40 and len(_COUNT4.findall(lowered)) >= 2:
        return True  # `abcd12345-12ab-abcd-…`: typed by hand to look like an id or key
    return _REPEATED.match(lowered) is not None or is_template(value) or is_prose(value)


def is_prose(value: bytes) -> bool:
    """Mostly non-Latin letters (`'新密码'`, `'数据库用户名的密码'`): a description of the value, in words.

    Generated secrets and the passwords people type into configs are ASCII; docs in other languages
    write what goes there instead.
    """
    if value.isascii():
        return False
    text = value.decode("utf-8", "replace")
    foreign = sum(1 for ch in text if ord(ch) > 0x2FF and ch.isalpha())
    return foreign * 2 >= len(text)


def is_uuid(value: bytes) -> bool:
    return _UUID.match(value) is not None


def is_hash_in_context(value: bytes, line: bytes) -> bool:
    """A hex digest of a hash's length on a line that talks about hashes, or an SRI string."""
    if _INTEGRITY.match(value):
        return True
    if len(value) in (32, 40, 56, 64, 96, 128) and _HEX.match(value):
        return _HASH_WORDS.search(line) is not None
    return False


def path_trust(path: str) -> float:
    """Multiplier for confidence: 1.0 for product code, lower for tests, examples and docs."""
    # Plain string splitting (not pathlib): this runs once per scanned file.
    parts = [p for p in path.replace("\\", "/").lower().split("/") if p and p != "."]
    name = parts[-1] if parts else ""
    stem = name.split(".")[0]
    base = name.rsplit(".", 1)[0]  # `app.test.js` -> `app.test`
    if any(p in _LOW_TRUST_PARTS for p in parts[:-1]):
        return 0.85
    if stem.startswith("test_") or base.endswith(("_test", "_spec", ".test", ".spec")) or stem in _LOW_TRUST_PARTS:
        return 0.85
    if name.endswith((".md", ".rst", ".adoc", ".txt")) or ".example" in name or ".sample" in name:
        return 0.9
    return 1.0
