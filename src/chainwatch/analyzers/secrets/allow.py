"""Inline allow comments: `# chainwatch: allow secret.github-pat reason="test fixture"`.

The comment sits on the finding's line or alone on the line above it, after `#`, `//`, `/*`, `--`,
`;` or inside `<!-- -->`. Several rule ids may be listed (commas or spaces). A reason is mandatory:
without one the finding stays and says why. The command honours these comments only in the user's
own files (trees, single files, stdin, git history), never inside archives or fetched web assets,
and `--no-inline-allow` turns them off, so content under analysis cannot switch the analysis off.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

# One comment per line; the part after `allow` is parsed by _BODY. Bounded so hostile lines stay cheap.
_COMMENT = re.compile(rb"(?:#|//|/\*|<!--|--|;)\s{0,8}chainwatch:\s{0,8}allow\b([^\n]{0,512})")
_BODY = re.compile(
    r"""^\s*(?P<rules>[A-Za-z0-9_.,\-\s]*?)\s*
        (?:\breason\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'))?
        \s*(?:-->|\*/)?\s*$""",
    re.VERBOSE,
)
_COMMENT_ONLY = re.compile(rb"^\s*(?:#|//|/\*|<!--|--|;)")
MAX_LINE = 4096


class AllowStatus(enum.Enum):
    ALLOWED = "allowed"
    NO_REASON = "no-reason"  # names the rule but gives no reason: ignored, with a note
    OTHER_RULES = "other-rules"  # an allow comment for different rules
    MALFORMED = "malformed"


@dataclass(frozen=True, slots=True)
class AllowDecision:
    status: AllowStatus
    rules: tuple[str, ...] = ()
    reason: str = ""

    @property
    def note(self) -> str:
        """What to tell the user when a comment was found but did not apply."""
        if self.status is AllowStatus.NO_REASON:
            return 'An inline allow comment names this rule but has no reason="…"; a reason is required, so it was ignored.'
        if self.status is AllowStatus.OTHER_RULES:
            return f"An inline allow comment nearby names other rules ({', '.join(self.rules)}), not this one."
        if self.status is AllowStatus.MALFORMED:
            return 'An inline allow comment nearby could not be read; write `chainwatch: allow RULE reason="…"`.'
        return ""


def parse_comment(line: bytes) -> AllowDecision | None:
    """The allow comment on one line, if any (status ALLOWED or NO_REASON until matched to a rule)."""
    found = _COMMENT.search(line)
    if found is None:
        return None
    body = _BODY.match(found.group(1).decode("utf-8", "replace"))
    if body is None:
        return AllowDecision(AllowStatus.MALFORMED)
    rules = tuple(r for r in re.split(r"[\s,]+", body.group("rules")) if r)
    reason = (body.group("dq") if body.group("dq") is not None else body.group("sq") or "").strip()
    if not rules:
        return AllowDecision(AllowStatus.MALFORMED)
    return AllowDecision(AllowStatus.ALLOWED if reason else AllowStatus.NO_REASON, rules, reason)


def check_allow(data: bytes, start: int, rule: str) -> AllowDecision | None:
    """Whether a comment on the line holding byte `start`, or alone on the line above, allows `rule`."""
    low = max(0, start - MAX_LINE)
    newline = data.rfind(b"\n", low, start)
    line_start = newline + 1 if newline != -1 else low
    line_end = data.find(b"\n", start, start + MAX_LINE)
    current = data[line_start : line_end if line_end != -1 else start + MAX_LINE]
    candidates = [parse_comment(current)]
    if newline != -1:  # the line above is known (a very long line has no "above" within reach)
        above_start = data.rfind(b"\n", max(0, line_start - 1 - MAX_LINE), line_start - 1) + 1
        above = data[above_start : line_start - 1]
        if _COMMENT_ONLY.match(above):
            candidates.append(parse_comment(above))
    found = [c for c in candidates if c is not None]
    for decision in found:
        if decision.status is not AllowStatus.MALFORMED and rule in decision.rules:
            return decision
    if not found:
        return None
    # Nothing applies: report why (malformed first, then the rules it named instead).
    for decision in found:
        if decision.status is AllowStatus.MALFORMED:
            return decision
    named = tuple(dict.fromkeys(r for d in found for r in d.rules))
    return AllowDecision(AllowStatus.OTHER_RULES, named)
