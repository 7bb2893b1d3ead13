"""Judge a generic `name = value` match: is the value a literal credential in this file's format?

The regexes only find assignment-shaped text; this module reads it with the format's rules
(bare words are identifiers in code, literals in config) and with what names and values mean
(`password_length = 12` is a number, `token: string` a type, `key: "value"` a placeholder).
"""

from __future__ import annotations

import base64
import functools
import re

from .context import is_hash_in_context, is_placeholder, is_template, is_uuid
from .formats import Format
from .validate import shannon_entropy

_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
PASSWORD_TOKENS = frozenset({"password", "passwd", "passphrase", "pwd", "pass", "pword", "passw", "pw", "passwords"})
SECRET_TOKENS = frozenset(
    {
        "secret",
        "secrets",
        "token",
        "tokens",
        "apikey",
        "key",
        "keys",
        "auth",
        "credential",
        "credentials",
        "salt",
        "privatekey",
        "secretkey",
        "accesskey",
        "apitoken",
        "authtoken",
        "accesstoken",
        "privkey",
        "nkey",
        "xkey",
        "masterkey",
        "signingkey",
        "cipherkey",
        "encryptionkey",
        "hmackey",
        "authkey",
        "sslkey",
        "apisecret",
        "cred",
        "creds",
    }
)
# Last name words that say the value is about a credential, not the credential itself.
NON_SECRET_SUFFIX = frozenset(
    [
        "url",
        "uri",
        "urls",
        "path",
        "paths",
        "file",
        "files",
        "filename",
        "dir",
        "directory",
        "folder",
        "name",
        "names",
        "type",
        "types",
        "id",
        "ids",
        "length",
        "len",
        "size",
        "count",
        "field",
        "fields",
        "label",
        "labels",
        "hint",
        "policy",
        "regex",
        "re",
        "pattern",
        "prompt",
        "expiry",
        "expires",
        "time",  # `tokenExpirationTime`, `secret_rotation_time`: when, not what
        "timestamp",
        "date",
        "datetime",
        "expiration",
        "expire",
        "expired",
        "header",
        "headers",
        "endpoint",
        "env",
        "var",
        "variable",
        "variables",
        "format",
        "mode",
        "enabled",
        "enable",
        "disabled",
        "disable",
        "required",
        "min",
        "max",
        "timeout",
        "ttl",
        "lifetime",
        "algorithm",
        "algo",
        "alg",
        "class",
        "provider",
        "providers",
        "store",
        "storage",
        "manager",
        "service",
        "source",
        "location",
        "template",
        "prefix",
        "suffix",
        "param",
        "params",
        "parameter",
        "version",
        "index",
        "idx",
        "column",
        "col",
        "attr",
        "attribute",
        "property",
        "prop",
        "option",
        "options",
        "flag",
        "schema",
        "reset",
        "change",
        "strength",
        "rules",
        "rule",
        "validator",
        "validation",
        "error",
        "errors",
        "message",
        "msg",
        "text",
        "title",
        "description",
        "desc",
        "help",
        "placeholder",
        "input",
        "form",
        "button",
        "link",
        "page",
        "view",
        "route",
        "handler",
        "callback",
        "func",
        "function",
        "method",
        "fn",
        "cb",
        "event",
        "request",
        "response",
        "resp",
        "req",
        "result",
        "status",
        "state",
        "cache",
        "list",
        "map",
        "dict",
        "set",
        "hash",
        "hashed",
        "digest",
        "encrypted",
        "encoded",
        "kind",
        "ref",
        "refs",
        "exception",
        "exc",
        "method",
        "length",
        "minlength",
        "maxlength",
        "count",
        "changed",
        "updated",
        "created",
        "at",
        "on",
        "is",
        "has",
        "use",
        "used",
        "show",
        "visible",
        "valid",
        "invalid",
        "check",
        "verify",
        "verified",
        "policy",
        "generator",
        "gen",
        "server",
        "host",
        "port",
        "user",
        "username",
        "login",
        "email",
        "account",
        "owner",
        "issuer",
        "audience",
        "scope",
        "scopes",
        "grant",
        "level",
        "retries",
        "retry",
        "interval",
        "mgr",
        "realm",
        "zone",
        "spec",
        "specs",
        "usage",
        "arn",
        "fingerprint",
        "thumbprint",
        "ok",
        "missing",
    ]
)
# Option and setting names written as one word ending in "pass" or "auth" (not `minipass`, `bypass`, `askpass`).
_PASS_COMPOUNDS = frozenset(
    {
        "requirepass",
        "storepass",
        "keypass",
        "srcstorepass",
        "deststorepass",
        "srckeypass",
        "destkeypass",
        "masterpass",
        "rootpass",
        "adminpass",
        "dbpass",
        "userpass",
        "newpass",
        "smtppass",
        "mailpass",
        "ftppass",
        "wifipass",
        "hexpass",
        "masterauth",
    }
)
# First name words that make the whole name a question or a flag, not a credential.
NON_SECRET_PREFIX = frozenset(
    [
        "is",
        "has",
        "use",
        "show",
        "enable",
        "disable",
        "require",
        "allow",
        "no",
        "num",
        "max",
        "min",
        "encrypted",
        "hashed",
        "public",
        "pub",
        # Pagination cursors (`PageToken`, `next_page_token`, `continuation_token`) are not credentials.
        "page",
        "next",
        "continuation",
        "cursor",
        # Pagination result keys (`result_key`) name fields in a response.
        "result",
        # Idempotency, concurrency and paging tokens (`ClientToken` aside) are request parameters.
        "idempotency",
        "lock",
        "update",
        "output",
        "input",
        "sync",
    ]
)
_REQUEST_TOKEN_WORDS = frozenset(
    {"request", "change", "purchase", "copy", "product", "idempotency", "lock", "starting", "action", "update", "page"}
)
# `<word>_key` where the key is a lookup key (a dict key, a table's sort key, a parameter's name), not a credential.
_LOOKUP_KEY_WORDS = frozenset(
    {"parameter", "param", "partition", "sort", "primary", "foreign", "row", "lookup", "dict", "map", "cache"}
    | {"edge", "node", "str", "string", "context", "object", "index", "field", "column", "translation", "locale"}
    | {"route", "routing", "shard", "range", "group", "attribute", "attributes", "attr", "label", "query", "dedup"}
    | {"dedupe", "unique", "composite", "registry", "setting", "settings", "config", "metadata", "sorting", "cluster"}
)
_PASS_VERB_OBJECTS = frozenset(
    {"arg", "args", "argument", "value", "values", "zero", "through", "thru", "fail", "filter", "band", "by", "to"}
)
# Verbs that make a call produce or inspect a credential: `createKey('Curve25519')` passes a parameter.
CALL_VERBS = frozenset(
    [
        "create",
        "generate",
        "gen",
        "get",
        "load",
        "read",
        "fetch",
        "find",
        "make",
        "new",
        "build",
        "derive",
        "decrypt",
        "encrypt",
        "import",
        "export",
        "parse",
        "validate",
        "check",
        "verify",
        "compare",
        "hash",
        "reset",
        "forgot",
        "update",
        "delete",
        "remove",
        "revoke",
        "rotate",
        "refresh",
    ]
)
_PATHLIKE = re.compile(
    rb"^(?:/|\./|\.\./|~/|@/|@\./|@~/|[A-Za-z]:\\|https?:|file:|[.#])|^[\w.\-]+(?:/[\w.\-]+)+\.\w{1,5}$|^[a-z0-9_.\-]*(?:/[a-z0-9_.\-]+){2,}/?$"
)
# Lowercase words, maybe numbered and joined (`test_value1`, `file+with+spaces`, `lightsail:create`).
_WORDLIKE = re.compile(rb"^[a-z]{1,15}\d*(?:[_\-. +:][a-z]{1,15}\d*)*(?:[_\-. ]\d{1,6})?$")
# Three or more lowercase words joined up: a description ("long-and-random-string"), not a secret.
_PHRASE = re.compile(rb"^[a-z]{2,15}(?:[_\-. +][a-z]{2,15}){2,}$")
_CAMEL_IDENT = re.compile(rb"^[a-z]+(?:[A-Z][a-z0-9]+)+$|^[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+$")
_DOTTED_IDENT = re.compile(rb"^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+$")
# A value that is a file name (`MegaFrogRaceServer_build_123.zip`, `server.pem`): it names where a secret is.
_FILE_NAME = re.compile(
    rb"^[\w.\-]{1,80}\.(?:zip|gz|tgz|tar|bz2|xz|json|ya?ml|xml|txt|csv|png|jpe?g|gif|svg|pdf|html?|js|css|py|sh|log"
    rb"|pem|key|crt|cer|p12|pfx|jks|der|pub|exe|dll|jar|war|so|conf|cfg|ini|env)$"
)
# `serverlessrepo:applicationId`, `aws:dsql:ClusterId`: a namespaced field name (tags, IAM condition keys).
_NAMESPACED_NAME = re.compile(rb"^[a-z][a-z0-9]{1,20}(?::[a-z][a-z0-9]{1,20})*:[A-Za-z][a-z]+(?:[A-Z][a-z]+)+$")
# Secret-class values that name a field or a key: `aws:rds:primaryDBClusterArn`, `resource-groups:Name`,
# `stateMachine:createdBy` (namespaces, then words). Wider than `_NAMESPACED_NAME`, which holds for every value.
_QUALIFIED_NAME = re.compile(
    rb"^[a-z][A-Za-z0-9\-]{1,30}(?::[A-Za-z][A-Za-z0-9\-]{1,30})*:[A-Za-z][a-z]+(?:[A-Z]+[a-z]*)*$"
)
_CAPITALISED_WORD = re.compile(rb"^[A-Z][a-z]{2,}$")
# Settings words (`"SelectiveAuth": "Disabled"`); `none`, `true`, `default`, … are already PLACEHOLDER_WORDS.
_SETTING_WORDS = frozenset({b"disabled", b"enabled", b"auto"})
# What a value ends in when it is the name of an identifier field (`DBInstanceIdentifier`, `Ec2SubnetId`).
_FIELD_NAME_ENDINGS = frozenset(
    {"id", "ids", "identifier", "identifiers", "name", "names", "arn", "arns", "type", "types"}
)
_GLOB = re.compile(rb"/\*|\*/|^\*\.")
# PascalCase/camelCase words with acronyms (`DocumentDBEventSourceConfig`, `LaunchWizardResourceGroupID`).
_CASED_WORDS = re.compile(rb"^(?:[a-z]{2,}|[A-Z][a-z]{2,})(?:[A-Z][a-z]{1,}|[A-Z]{2,4}(?=[A-Z][a-z]|$))+$")
_CONST_IDENT = re.compile(rb"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_NUMBER = re.compile(rb"^-?\d+(?:\.\d+)?$")
_KEYWORDISH = re.compile(rb"(?i)pass(?:word|wd)?|pwd|secret|token|api_?key|credential")
# Dotted numbers (versions, OIDs, addresses) and crypt(3)-style hashes are not passwords.
_DOTTED_NUMBER = re.compile(rb"^v?\d+(?:[.:]\d+)+$")
# An ISO-8601 date or time (`2019-02-15`, `2022-11-07T18:34:10.123Z`): when something happens, not a secret.
_TIMESTAMP = re.compile(rb"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_CRYPT_HASH = re.compile(rb"^\$(?:\d[a-z]?|apr1|sha1|md5|y|argon2\w*|pbkdf2[\w-]*|scrypt)\$")
# Secret-class values naming themselves (`UpdateSSHPublicKey`, `auth_header`) are identifiers.
_SECRET_KEYWORDISH = re.compile(rb"(?i)key|auth|salt|cred")
# Long hex or base64: what a key looks like when it is passed to a function that builds a key object.
_KEY_MATERIAL = re.compile(
    rb"^(?:[0-9a-fA-F]{32,}|(?=[A-Za-z0-9+/_\-]{0,200}[0-9])(?=[A-Za-z0-9+/_\-]{0,200}[A-Z])[A-Za-z0-9+/_\-]{32,}={0,2})$"
)
_LETTER_GROUP = re.compile(rb"[A-Za-z]+")
_VOWEL = re.compile(rb"[aeiouyAEIOUY]")
# Vowel-less words that do occur in names and phrases.
_VOWELLESS_WORDS = frozenset(
    {b"http", b"https", b"html", b"xhtml", b"smtp", b"sftp", b"xmpp", b"grpc", b"dhcp", b"ntlm"}
)
# A bare value that runs straight into interpolation continues as a template (`v1-{{ .Branch }}`).
_CONTINUES_TEMPLATE = re.compile(rb"^[{$%<(.\[]")
# One capitalised word that names a field (`"KEYID"`, `"PRIVATEBLOB"`): a constant, not a secret.
_SHOUTED_WORD = re.compile(rb"^[A-Z]{2,12}$")
_UPPER_WORD = re.compile(rb"^[A-Z]{2,20}$")
# PowerShell cmdlets and other Title-Case-Hyphenated names (`New-Object`), calls (`Base64(Header)`), values
# masked by a tool (`*SENSITIVE*DATA*DELETED*`) and account names: expressions and redactions, not secrets.
_NOT_LITERAL = re.compile(
    rb"^[A-Z][a-z]+(?:-[A-Z][a-z]+)+$|^(?:Convert(?:To|From)|[A-Z][a-z]{2,11})-(?:[A-Z][a-z0-9]{1,15}){1,6}$|^[A-Za-z_][\w.]{0,40}\([\w .,]{0,40}\)|^\*[^*]+\*(?:[^*]+\*)*$"
    rb"|^[A-Za-z][\w.\-]{0,40}\\{1,2}[A-Za-z][\w.\-]{0,40}$"  # DOMAIN\user: an account name
    rb"|^[A-Za-z_]{1,40}\[(?:['\"]?[A-Za-z_]{1,40}['\"]?|\d{1,4})\]$"  # `nested[field]`, `auth_info[2]`: subscripts
    rb"|^\d{1,10}:\d{1,10}:"  # `0:0:Name:/root:/bin/bash`: the uid:gid fields of an /etc/passwd record
    rb"|^(?:[0-9A-Fa-f]{2}:){7,}[0-9A-Fa-f]{2}$"  # `1f:51:ae:…`: a key or certificate fingerprint
    rb"|^[A-Za-z]\w{0,30}::[A-Za-z]"  # `AWS::IAM::Role`, `Fn::FindInMap`: a type or function name
    rb"|^[A-Za-z_]\w{0,40}[\[(]$"  # `parts[`, `get(`: an expression cut at a quote
    rb"|^arn:aws"  # `"encryptionKey": "arn:aws:kms:…"`: the key's name in AWS, not the key
)
# Regular expressions (`r'[^\W\d]\w*'`, `(?=\s)`): a pattern describing tokens, not one.
_REGEX_SIGNS = re.compile(rb"\(\?[:=!<P]|^\(\[|\[\^|\\[swdbSWD][*+?]|\\[swdSWD]\]|\]\{\d{1,3}(?:,\d{0,3})?\}")
# A literal that ends in a separator and is joined to more (`'gi.repository.' + name`): a name's prefix.
_JOINED_PREFIX = re.compile(rb"^['\"`]?[ \t]{0,3}\+")
# LDAP search filters (`(&(sn=admin)(password=MY*))`) query the directory: their values are patterns.
_LDAP_FILTER = re.compile(rb"\([&|!]\(")
# A word or two ending in a counting or repeated run of digits (`jira_123456`, `Oracle123`, `app-a-1234`,
# `654321`): the demo password of a how-to.
_WORD_AND_DIGITS = re.compile(rb"^[A-Za-z]{0,16}[_\-.]?(?:[A-Za-z][_\-.])?(\d{3,10})$")
_COUNTING = b"01234567890"


def _demo_digits(value: bytes) -> int:
    """Length of the counting/repeated digit run that ends a word-and-digits value (0: not such a value)."""
    found = _WORD_AND_DIGITS.match(value)
    if found is None:
        return 0
    digits = found.group(1)
    if digits in _COUNTING or digits[::-1] in _COUNTING or len(set(digits)) == 1:
        return len(digits)
    return 0


# A bare value that is a YAML tag (`!vault |`, `!secret wifi_pw`, `!Ref DbPassword`) or an HTML entity left of a
# quote (`&quot`, cut at its `;`): the value follows the tag or sits between the entities, it is not this word.
_YAML_TAG = re.compile(rb"^!{1,2}[A-Za-z][A-Za-z_:.\-]{0,30}$")
_ENTITY = re.compile(rb"^&(?:[A-Za-z]{2,8}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6})$")
# `$FROM_EMAIL`, `$DB_PASS` inside a value: an environment variable interpolated by the shell or the language.
_ENV_INTERPOLATION = re.compile(rb"\$[A-Z_][A-Z0-9_]{2,40}(?![A-Za-z0-9_])")


_NOT_ALNUM = re.compile(rb"[^A-Za-z0-9]")


def _squash(text: bytes) -> bytes:
    """Letters and digits only, lower-cased: `KxECDHE-PSK` -> `kxecdhepsk`."""
    return _NOT_ALNUM.sub(b"", text).lower()


# Bind parameters (`IDENTIFIED BY :pw`, `password = ?`): the statement takes the value at run time.
_BIND_PARAM = re.compile(rb"^(?::\w|\?$)")
# Names that are only a generic word ask for stronger values: `key` names dict keys, cache keys, i18n keys.
_GENERIC_ONLY = frozenset({"key", "keys", "auth", "token", "credential", "credentials", "private"})
# After a bare value, another word means prose or a command, not `NAME=value` (a flag, `\` or a closing
# bracket of `{ key: value }` may follow).
_PROSE_AFTER = re.compile(rb"[ \t]+(?![\w.\-]{1,40}=)[^\s\\|&;#\-}\])]")


# Base64 of a short text: Kubernetes Secret `data:` values, .npmrc `_password`, Basic credentials in config.
_BASE64_TEXT = re.compile(rb"^(?:[A-Za-z0-9+/]{4}){1,24}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$")


def _encodes_placeholder(value: bytes) -> bool:
    """Base64 whose text is a placeholder or template (`cGFzc3dvcmQ=` is "password", `Y2hhbmdlbWU=` "changeme").

    A base64-encoded secret is still the secret (reported), but an encoded placeholder is still a placeholder.
    """
    if len(value) % 4 or not _BASE64_TEXT.match(value):
        return False
    try:
        text = base64.b64decode(value, validate=True)
    except ValueError:
        return False
    if not text.isascii() or not text.strip() or any(c < 32 for c in text.rstrip(b"\n")):
        return False  # binary: random key material, not text
    text = text.strip()
    return is_placeholder(text) or is_template(text)


def name_words(name: bytes) -> list[str]:
    return [w.lower() for w in _WORDS.findall(name.decode("ascii", "replace"))]


@functools.lru_cache(maxsize=16384)
def name_class(name: bytes) -> str | None:
    """ "password", "secret" or None when the name is not a credential's name.

    Cached: the same few thousand names (`key`, `password`, `api_key`, …) come back on every line of a scan.
    """
    words = name_words(name)
    if not words:
        return None
    if words[0] == "pass" and len(words) > 1 and words[1] in _PASS_VERB_OBJECTS:
        return None  # `pass_arg`, `pass_zero`, `passValue(…)`: "pass" the verb, not a password
    if words == ["s", "3", "key"] or words == ["s3", "key"]:
        return None  # `S3Key`: an object's path in a bucket
    if len(words) >= 2 and words[-1] == "token" and words[-2] in _REQUEST_TOKEN_WORDS:
        return None  # `ClientRequestToken`, `ChangeToken`, `PurchaseToken`: idempotency and request handles
    if "tag" in words or "tags" in words:
        return None  # `aws:TagKeys`, `tag_key`: resource tags name things, they do not unlock them
    if len(words) >= 2 and words[-1] in ("key", "keys") and words[-2] in _LOOKUP_KEY_WORDS:
        return None  # `ParameterKey`, `partition_key`, `edge_key`: a key that looks something up
    if any(w.startswith("no") and w[2:] in PASSWORD_TOKENS for w in words):
        return None  # sudoers `NOPASSWD:` says no password is needed
    if words[-1] in NON_SECRET_SUFFIX or words[0] in NON_SECRET_PREFIX:
        return None
    if any(w in PASSWORD_TOKENS for w in words):
        return "password"
    if words[-1] == "psk":
        return "password"  # a WPA/IPsec pre-shared key (`psk=`, `wifi_psk:`); not `PSK-AES256-…` cipher names
    if words[-1] in _PASS_COMPOUNDS:
        return "password"  # `requirepass` (Redis), `storepass`/`keypass` (keytool): one word ending in "pass"
    # A "secret" (client secret, session secret, HMAC secret) is usually chosen like a password.
    if any(w in ("secret", "secrets", "passphrase") for w in words):
        return "password"
    if any(w in SECRET_TOKENS for w in words):
        return "secret"
    if any(w.endswith(("secret", "token", "password", "passwd")) for w in words):
        return "password" if any("pass" in w for w in words) else "secret"
    return None


def _has_non_word(value: bytes) -> bool:
    """A letter group of four or more with no vowel (`sypp-lhoe-jfxa`) is generated, not a word of a phrase."""
    return any(
        len(group) >= 4 and not _VOWEL.search(group) and group.lower() not in _VOWELLESS_WORDS
        for group in _LETTER_GROUP.findall(value)
    )


def _names_a_field(value: bytes) -> bool:
    """`DBInstanceIdentifier`, `Ec2SubnetIds`: words (and a version digit) ending in id/name/arn/type.

    Generated values break into single letters and digits (`aB3kq9ZpQrId` → a, b, 3, kq, …), which a field name never does.
    """
    if not value.isalnum() or not value.isascii():
        return False
    words = name_words(value)
    if len(words) < 2 or words[-1] not in _FIELD_NAME_ENDINGS:
        return False
    letters = [w for w in words if w.isalpha()]
    return (
        len(words) - len(letters) <= 1
        and all(len(w) >= 2 for w in letters)
        and all(len(w) < 4 or _VOWEL.search(w.encode()) for w in letters)
    )


def _is_dotted_identifier(value: bytes) -> bool:
    """`config.db.password`, `os.environ`: names joined by dots. A long random part (`ya29.<token>`) is no name."""
    if not _DOTTED_IDENT.match(value):
        return False
    return not any(
        len(part) >= 16 and shannon_entropy(part) >= 3.5 and any(48 <= c <= 57 for c in part)
        for part in value.split(b".")
    )


def _names_itself(value: bytes, name: bytes) -> bool:
    """The value spells credential words or words of its own name."""
    lowered = value.lower()
    if _SECRET_KEYWORDISH.search(value):
        return True
    return any(len(word) >= 4 and word.encode() in lowered for word in name_words(name))


# A subcommand that manages a resource (`get-api-key`, `delete-auth-token`): its options identify the resource.
_RESOURCE_VERB = rb"(?<![\w-])(?:get|delete|update|describe|remove|revoke|disable|enable|show|list)-"


def _acts_on_resource(option: bytes, line: bytes) -> bool:
    """Does the command on `line` manage the thing `option` names (`delete-api-key … --api-key X`)?"""
    lowered = option.lower().lstrip(b"-")
    text = line.lower()
    if text.count(lowered) < 2:
        return False  # the option's name must occur twice: in the subcommand and as the option
    return re.search(_RESOURCE_VERB + re.escape(lowered) + rb"s?(?![\w-])", text) is not None


def _last_segment(name: bytes) -> bytes:
    """`config.db.password` assigns `password`; `password.encode` calls `encode` on it."""
    return name.replace(b"->", b".").rstrip(b".").rsplit(b".", 1)[-1]


# Shorter literals are not reported: `pin = 1`, `key = "a"` are settings, not credentials.
MIN_PASSWORD_LENGTH = 4
MIN_SECRET_LENGTH = 8


def judge(
    name: bytes,
    value: bytes,
    quoted: bool,
    line: bytes,
    after: bytes,
    fmt: Format,
    base: float,
    prose_check: bool,
    call: bool = False,
) -> float | None:
    """Confidence for a generic assignment, or None when the value is not a literal credential."""
    segment = _last_segment(name)
    kind = name_class(segment)
    if kind is None:
        return None
    if call and name_words(segment)[0] in CALL_VERBS and not _KEY_MATERIAL.match(value.strip()):
        return None  # `createKey('Curve25519')` passes a parameter; `createSecretKey('<64 hex>')` passes the key
    value = value.strip()
    if not quoted:
        if fmt is Format.CODE:
            return None  # a bare word in code is an expression: a variable, a call, a constant
        if _CONTINUES_TEMPLATE.match(after):
            return None
        value = value.rstrip(b",;")
        if prose_check and fmt in (Format.DOCS, Format.UNKNOWN) and _PROSE_AFTER.match(after):
            return None  # "password: enter yours below" — prose, not an assignment
        if _CONST_IDENT.match(value) or _is_dotted_identifier(value):
            return None
        if _YAML_TAG.match(value) or _ENTITY.match(value):
            return None
    if len(value) < (MIN_PASSWORD_LENGTH if kind == "password" else MIN_SECRET_LENGTH) or len(value) > 200:
        return None
    if b" " in value or b"\t" in value:
        return None
    if is_placeholder(value) or is_template(value) or _PATHLIKE.match(value) or _BIND_PARAM.match(value):
        return None
    if _NOT_LITERAL.search(value) or _LDAP_FILTER.search(line) or _REGEX_SIGNS.search(value):
        return None
    if after[:1] == b";" and b"&" in value and _ENTITY.match(value[value.rfind(b"&") :]):
        # `1&rdquo;`, `&#x3C;string>`: the value runs into markup (an entity cut at its `;`), it is text around it
        return None
    if quoted and value[-1:] in b"._:/-" and _JOINED_PREFIX.match(after):
        return None
    last_word = (name_words(segment) or [""])[-1]
    if len(last_word) >= 4 and last_word.encode() in value.lower():
        return None  # `password_salt = 'lib/salt'`: the value spells what it is, it does not hold it
    if kind == "secret" and quoted and (_CONST_IDENT.match(value.lstrip(b"_")) or _UPPER_WORD.match(value)):
        return None  # `TRACING_NAME_KEY = 'AWS_XRAY_TRACING_NAME'`, `FixedToken("LSHIFTEQUAL")`: names, not keys
    if _SHOUTED_WORD.match(value) and _names_itself(value, name):
        return None  # `"KEYID"`, `PRIVATE_KEY_BLOB = "PRIVATEBLOB"`: a constant naming a field
    bare_prose = not quoted and fmt in (Format.DOCS, Format.UNKNOWN)
    if _DOTTED_NUMBER.match(value) or _CRYPT_HASH.match(value) or (bare_prose and _NUMBER.match(value)):
        return None
    if _TIMESTAMP.match(value):
        return None
    if _KEYWORDISH.search(value) or value.lower() == name.lower():
        return None
    if value.isalpha() and name_class(value) is not None:
        return None  # `pbkdf2('secret', 'salt')`, `'apikey'`: the value is itself a credential's name
    squashed = _squash(value)
    if len(squashed) >= 4 and squashed in _squash(name) and name_class(value) is not None:
        # `SN_kx_psk "KxPSK"`, `API_TOKEN = "api-token"`: a label spelling its own (credential) name. Not
        # `ORACLE_PASS oracle`: a password that is the product's name is a real (default) password.
        return None
    if _ENV_INTERPOLATION.search(value):
        return None  # `"-auth=anonymous:$FROM_EMAIL"`: shell/Perl interpolation, filled in at run time  # "new_password", "nextToken1": names of fields, not their values
    if value.endswith(b":") or _is_dotted_identifier(value) or (kind == "secret" and _CAMEL_IDENT.match(value)):
        return None
    if _FILE_NAME.match(value) or _NAMESPACED_NAME.match(value):
        return None
    if kind == "secret" and _CASED_WORDS.match(value) and not _has_non_word(value):
        return None
    if kind == "secret" and (_QUALIFIED_NAME.match(value) or _CAPITALISED_WORD.match(value) or _names_a_field(value)):
        return None  # `"Key": "aws:rds:primaryDBClusterArn"`, `apikey("Description")`, `"Key": "DBInstanceIdentifier"`
    if value.lower() in _SETTING_WORDS or _GLOB.search(value):
        return None  # `"SelectiveAuth": "Disabled"`; `db.keys('autorestore/*')`: a setting, a pattern of names
    if b"::" in line and re.search(rb"\w::\w+::" + re.escape(segment) + rb"\b", line):
        return None  # `"AWS::IAM::AccessKey": "…"`: a resource type's name, not a variable
    if is_hash_in_context(value, line) or _encodes_placeholder(value):
        return None
    if kind == "secret" and b"-" in segment and _acts_on_resource(segment, line):
        # `aws apigateway get-api-key --api-key ID`: the subcommand acts on the key, the option names which one.
        # (Not passwords: `update-password --password …` sets the new one.)
        return None
    entropy = shannon_entropy(value)
    # `'__phpseclib_marker'`: leading underscores make a word an internal name, not a password.
    words_only = value.strip(b"_") if value.startswith(b"_") else value
    if ((_WORDLIKE.match(value) and kind == "secret") or _PHRASE.match(value)) and not _has_non_word(value):
        return None
    if words_only is not value and _WORDLIKE.match(words_only):
        return None
    if kind == "secret":
        if _NUMBER.match(value) or _SECRET_KEYWORDISH.search(value):
            return None
        if entropy < (2.5 if len(value) >= 16 else 2.8):
            return None
        if set(name_words(name)) <= _GENERIC_ONLY and (len(value) < 16 or entropy < 3.3):
            return None
    elif _NUMBER.match(value) and len(value) < 6:
        return None
    confidence = base
    demo_run = _demo_digits(value)
    if demo_run:
        if fmt in (Format.DOCS, Format.UNKNOWN) or line.lstrip().startswith((b"#", b"//", b"--", b";")):
            return None  # `-e MYSQL_PASSWORD=jira_123456`, `--bindPassword "Oracle123"` in a how-to: a demo value
        if demo_run >= 4:
            confidence -= 0.1  # in live config it is a real (weak) password, but often a fixture's
    if entropy >= 3.5 and len(value) >= 12:
        confidence += 0.1
    if is_uuid(value):
        if name_words(segment)[-2:] == ["client", "token"]:
            return None  # AWS `ClientToken`: a UUID the caller picks so a retried request is not run twice
        confidence -= 0.15  # UUIDs are usually identifiers; as a named secret they still count, less surely
    if bare_prose:
        confidence -= 0.05
    if len(value) < 6:
        confidence -= 0.05
    return max(0.05, min(confidence, 0.9))
