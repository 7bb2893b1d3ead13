"""The declarative record every credential detector is: what to look for, how to check it, what to say.

A detector is data, not code: literal `keywords` feed the one-pass prefilter, `pattern` (a Python
regex over bytes with a named group `secret`) extracts the value from the candidate line, and
`validator` names an offline check in `validate.py`. Patterns must be linear-safe: bounded
quantifiers only around overlapping classes, no nested repetition (a test enforces this).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ...model import Severity

Kind = Literal["token", "context", "generic", "key", "uri", "candidate"]
# Where matching starts: at the keyword itself (the pattern begins with it), at the start of the
# identifier that contains the keyword (assignments), or anywhere on the keyword's line.
Anchor = Literal["keyword", "name", "line"]


@dataclass(frozen=True, slots=True)
class Detector:
    id: str  # stable rule id, `secret.<slug>`
    title: str  # "GitHub personal access token"
    provider: str  # "GitHub"
    keywords: tuple[str, ...]  # lowercase literals; one must occur near the secret (prefilter anchors)
    pattern: str  # regex over bytes; group `secret` is the credential value
    positive: str  # a synthetic line the detector must report (assembled at import time, never live)
    negative: str  # a look-alike line it must not report
    severity: Severity = Severity.HIGH
    confidence: float = 0.9  # base confidence when the value passes validation
    validator: str = ""  # name in validate.VALIDATORS; "" = shape only
    min_entropy: float = 0.0  # Shannon bits per character the value must reach
    kind: Kind = "token"
    multiline: bool = False  # the match may span lines (PEM blocks)
    # Multi-line only: how many bytes past its start a match can end. 0: up to the next match start of the same
    # detector (PEM blocks); a small reach keeps the shape filter tight for two-line forms (`name:`/`value:`).
    # File-type detectors (`path_pattern`): how many bytes from the start the pattern reads (0: 64, a magic number).
    reach: int = 0
    case_insensitive: bool = False
    why: str = ""
    remediation: str = ""
    docs: str = ""  # where the provider documents the format or revocation
    path_pattern: str = ""  # set for file-type detectors (keystores): matched on the path, `pattern` on the head
    example_path: str = "src/app.py"
    anchor: Anchor = "line"
    placeholder_check: bool = True  # off where the format itself looks like a template (`$apr1$…`, `AAAA…`)  # where the examples pretend to live (formats change generic parsing)
    tags: tuple[str, ...] = field(default=())

    def compile(self) -> re.Pattern[bytes]:
        flags = re.MULTILINE | (re.IGNORECASE if self.case_insensitive else 0) | (re.DOTALL if self.multiline else 0)
        return re.compile(self.pattern.encode("ascii"), flags)


def token(
    slug: str,
    title: str,
    provider: str,
    keywords: tuple[str, ...],
    pattern: str,
    positive: str,
    negative: str,
    **extra: object,
) -> Detector:
    """Shorthand for the common case: a provider token recognised by its own prefix or shape."""
    why = extra.pop("why", None) or (
        f"A {title} lets anyone who reads it act as its owner at {provider}: read or change data, spend money, "
        "or pivot further into the account."
    )
    remediation = extra.pop("remediation", None) or (
        f"Revoke the {title} at {provider} now (treat it as compromised, it may already be copied), issue a new "
        "one, and load it from a secret manager or an environment variable instead of the source."
    )
    return Detector(
        id=f"secret.{slug}",
        title=title,
        provider=provider,
        keywords=keywords,
        pattern=pattern,
        positive=positive,
        negative=negative,
        why=str(why),
        remediation=str(remediation),
        **extra,  # type: ignore[arg-type]
    )


def context(
    slug: str,
    title: str,
    provider: str,
    names: str,
    value: str,
    positive: str,
    negative: str,
    **extra: object,
) -> Detector:
    """A credential with no distinctive prefix, recognised by a provider word in the name it is assigned to.

    `names` is a regex alternation of provider words; `value` the shape of the credential.
    """
    keywords = tuple(w.replace("\\", "") for w in names.split("|") if w and "[" not in w and "(" not in w)
    pattern = (
        rf"(?i:(?:{names})[\w.\-]{{0,30}}?)"
        r"[\"'`]?\s{0,4}(?:[:=]{1,3}>?|\s)\s{0,4}(?:[\w.]{1,20}\()?[\"'`]?"
        rf"(?P<secret>{value})(?![\w+/=\-])"
    )
    extra.setdefault("confidence", 0.75)
    extra.setdefault("kind", "context")
    extra.setdefault("anchor", "keyword")
    return token(slug, title, provider, keywords, pattern, positive, negative, **extra)
