"""The scanning engine: every detector over a blob in one prefilter pass, then exact matching per line.

`Scanner.scan_bytes(path, data)` is the reusable core (git history, web assets, baselines and
`--verify` build on it): it never touches the file system or the network and is deterministic.

Linear time: the prefilter is one pass (Hyperscan) or one `find` pass per keyword; each detector
regex then runs only on the lines (or bounded windows of long lines) where its keyword occurs, and
every pattern has bounded repetition, so the work per hit is bounded by the window size.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ...model import Severity
from ...paths import cache_root
from .assignments import MIN_PASSWORD_LENGTH, judge, name_class, name_words
from .assignments import _last_segment as _last_name
from .context import is_placeholder, is_template, path_trust
from .detector import Detector
from .formats import Format, classify
from .known_examples import is_known_example
from .prefilter import KeywordIndex, build_index
from .redact import evidence_key, redact_line
from .shapes import ShapeIndex
from .validate import Check, run_validator, shannon_entropy

# Lines longer than this (minified bundles, data blobs) are matched in windows around each keyword.
LONG_LINE = 4096
WINDOW_BEFORE = 256
WINDOW_AFTER = 1024
MULTILINE_REACH = 65536
BINARY_SNIFF = 8192
# Shape reports allowed per blob before the shape filter gives up on it, plus one per 16 bytes: far above
# real files (at most ~1,500 in one CredData file), far below a run of token-like bytes (one per byte).
SHAPE_BUDGET = 20000
# What a keyword hit leads to: (detector index, anchor, multiline) for each detector using the keyword.
_Targets = tuple[tuple[int, str, bool], ...]
# Preference when two findings overlap: structured formats beat guesses from names.
_KIND_RANK = {"key": 0, "token": 1, "uri": 2, "context": 3, "generic": 4, "candidate": 5}


@dataclass(frozen=True, slots=True)
class SecretMatch:
    """One credential found in a blob. `value` stays in memory only (for --verify); never render it."""

    rule: str
    path: str
    line: int  # 1-based
    column: int  # 0-based, in characters
    end_line: int
    start: int  # byte offsets of the secret in the blob
    end: int
    confidence: float
    severity: Severity
    check: str  # validate.Check value
    snippet: str  # the line with every secret on it redacted
    redacted: str  # e.g. "ghp_…(40)"
    value: bytes = field(repr=False, compare=False, default=b"")
    evidence: str = field(repr=False, compare=False, default="")  # `evidence_key`, when computed ahead

    @property
    def evidence_key(self) -> str:
        """Salted slow hash of the value: stable for baselines, never reveals the secret (computed on demand)."""
        return self.evidence or evidence_key(self.value)

    def keyed(self) -> SecretMatch:
        """This match with its evidence key computed now (in a worker process, not the one writing the report)."""
        return self if self.evidence else replace(self, evidence=evidence_key(self.value))

    def __repr__(self) -> str:  # never leak `value` through logs or tracebacks
        return f"SecretMatch({self.rule!r}, {self.path!r}:{self.line}, {self.redacted!r}, conf={self.confidence:.2f})"


@dataclass(slots=True)
class _Raw:
    detector: Detector
    start: int
    end: int
    value: bytes
    confidence: float
    check: Check


def is_binary(data: bytes) -> bool:
    head = data[:BINARY_SNIFF]
    if b"\x00" in head:
        return True
    if not head:
        return False
    # Mostly non-text bytes (images, compressed data) without NULs in the first block.
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > 0.1


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


class Scanner:
    """Compiled detectors plus a keyword index. Build once per process; `scan_bytes` is re-entrant per thread."""

    def __init__(
        self,
        detectors: Sequence[Detector],
        backend: str = "auto",
        include_binary: bool = False,
        shapes: bool = True,
    ) -> None:
        self.detectors = list(detectors)
        self.include_binary = include_binary
        # Compiled on first use: most detectors never get past the prefilter in a given run, and
        # compiling all ~270 patterns up front would dominate the start-up of small scans.
        self._compiled: list[re.Pattern[bytes] | None] = [None] * len(self.detectors)
        keywords: dict[bytes, int] = {}
        self._by_keyword: list[list[int]] = []
        self._full_scan: list[int] = []
        self._path_rules: list[tuple[int, re.Pattern[str]]] = []
        for index, detector in enumerate(self.detectors):
            if detector.path_pattern:
                self._path_rules.append((index, re.compile(detector.path_pattern)))
                continue
            if not detector.keywords:
                self._full_scan.append(index)
                continue
            for word in _essential(detector):
                # A keyword with an uppercase letter is matched case-sensitively (`SU` for nkey seeds);
                # all-lowercase ones ignore ASCII case.
                key = word.encode("ascii")
                if key not in keywords:
                    keywords[key] = len(self._by_keyword)
                    self._by_keyword.append([])
                self._by_keyword[keywords[key]].append(index)
        self.keywords = list(keywords)
        self._anchors = [d.anchor for d in self.detectors]
        self._position = {d.id: i for i, d in enumerate(self.detectors)}
        self._kinds = [d.kind for d in self.detectors]
        self._targets = [
            tuple((i, self.detectors[i].anchor, self.detectors[i].multiline) for i in indexes)
            for indexes in self._by_keyword
        ]
        self._reach = [d.reach for d in self.detectors]
        self._block_keywords = frozenset(
            k for k, targets in enumerate(self._targets) if any(t[2] and not self._reach[t[0]] for t in targets)
        )
        self._keywords_of: list[list[int]] = [[] for _ in self.detectors]
        for keyword_index, indexes in enumerate(self._by_keyword):
            for index in indexes:
                self._keywords_of[index].append(keyword_index)
        self.index: KeywordIndex = build_index(self.keywords, backend, cache_root() / "secrets")
        # Hyperscan only: which detectors could match where, so hopeless keyword hits are never tried.
        use_shapes = shapes and self.index.backend == "hyperscan"
        self._shapes = ShapeIndex(self.detectors, cache_root() / "secrets") if use_shapes else None
        scanned = {i for i, d in enumerate(self.detectors) if not d.path_pattern}
        self._unshaped = frozenset(scanned - self._shapes.covered) if self._shapes is not None else frozenset(scanned)
        # Live detector set -> its keyword targets: ~175 distinct sets over DEV's 1,269 files.
        self._live_targets: dict[frozenset[int], tuple[dict[int, _Targets], list[int]]] = {}
        self.fingerprint = hashlib.sha256(
            "\x00".join(f"{d.id}\x01{d.pattern}\x01{d.validator}\x01{d.confidence}" for d in self.detectors).encode()
        ).hexdigest()[:16]

    @property
    def backend(self) -> str:
        return self.index.backend

    # -- public -------------------------------------------------------------------------------
    def path_rules_for(self, path: str) -> str:
        """Which file-type detectors apply to this path (part of a cache key)."""
        return ",".join(str(i) for i, pattern in self._path_rules if pattern.search(path))

    def scan_bytes(self, path: str, data: bytes) -> list[SecretMatch]:
        """Every credential in `data`, which claims to be the file at `path` (format and trust come from it)."""
        raws: list[_Raw] = []
        for index, pattern in self._path_rules:
            if pattern.search(path):
                head = self._reach[index] or 64
                raws.extend(self._match_region(index, data, 0, min(len(data), head), Format.UNKNOWN, path))
        if is_binary(data) and not self.include_binary:
            return self._finish(path, data, raws)
        fmt = classify(path)
        match_region = self._match_region
        ends = self._shapes.ends(data, SHAPE_BUDGET + len(data) // 16) if self._shapes is not None else None
        regions = self._regions(data) if ends is None else self._possible(data, ends)
        for index, start, end in regions:
            found = match_region(index, data, start, end, fmt, path)
            if found:
                raws.extend(found)
        return self._finish(path, data, raws)

    # -- stage 1: where to look ---------------------------------------------------------------
    def _possible(self, data: bytes, ends: dict[int, list[int]]) -> Iterable[tuple[int, int, int]]:
        """The regions of `_regions` in which the detector's shape ends; no other region can match.

        Detectors whose shape does not occur in the blob are left out before the keyword pass, so
        their (often very common) keywords cost nothing; with no detector left there is no pass.
        """
        uncovered = self._unshaped
        live = frozenset(ends.keys() | uncovered if uncovered else ends.keys())
        if not live:
            return
        targets, full_scan = self._live_targets.get(live) or self._targets_of(live)
        hits = self.index.hits(data, wanted=targets) if targets else []
        for index, start, end in self._regions(data, hits, targets, full_scan, ends):
            if _ends_within(ends.get(index), start, end):
                yield index, start, end

    def _targets_of(self, live: frozenset[int]) -> tuple[dict[int, _Targets], list[int]]:
        """The keyword targets and full-scan detectors among `live` ones; remembered, as many files share a set."""
        targets: dict[int, _Targets] = {}
        for index in live:
            for keyword_index in self._keywords_of[index]:
                if keyword_index not in targets:
                    targets[keyword_index] = tuple(t for t in self._targets[keyword_index] if t[0] in live)
        found = targets, [i for i in self._full_scan if i in live]
        if len(self._live_targets) >= LIVE_SETS_KEPT:
            self._live_targets.clear()  # unusual variety: start over rather than grow without bound
        self._live_targets[live] = found
        return found

    def _regions(
        self,
        data: bytes,
        hits: list[tuple[int, int]] | None = None,
        targets: Mapping[int, _Targets] | Sequence[_Targets] | None = None,
        full_scan: Sequence[int] | None = None,
        ends: Mapping[int, list[int]] | None = None,
    ) -> Iterable[tuple[int, int, int]]:
        """(detector index, start, end) regions to match, each at most once per detector.

        For keyword- and name-anchored detectors `start` is where the match must begin. Line bounds
        are tracked incrementally (hits come sorted), and on long lines the windows of one detector
        are merged, so the total work stays linear in the input however dense the hits are.
        `hits`, `targets` and `full_scan` narrow the search to some detectors (default: all). With
        shape `ends`, a single-line detector's hits on a line where its shape never ends are dropped
        early (every region they would give lies inside that line, so none could match).
        """
        seen: set[tuple[int, int, int]] = set()
        size = len(data)
        for index in self._full_scan if full_scan is None else full_scan:
            yield index, 0, size
        line_start, line_end = 0, -1
        open_windows: dict[int, list[int]] = {}  # line-mode detector -> [start, end] on the current long line
        hits = self.index.hits(data) if hits is None else hits
        targets = self._targets if targets is None else targets
        # A block (PEM) never contains the next block's start: its region ends where the next one begins.
        block_starts: dict[int, list[int]] = defaultdict(list)
        blocks = self._block_keywords
        reaches = self._reach
        for keyword_index, offset in hits:
            if keyword_index in blocks:  # most keywords lead to no multi-line detector: skip their targets
                for index, _, multiline in targets[keyword_index]:
                    if multiline and not reaches[index]:
                        block_starts[index].append(offset)
        kinds = self._kinds
        on_line: dict[int, bool] = {}  # detector -> does its shape end on the current line?
        name_at, name_start = [-1, -1], [0, 0]  # per identifier kind (plain, URI): the hit offset and its name start
        for keyword_index, offset in hits:
            if offset > line_end:
                if open_windows:
                    yield from _flush(open_windows)
                line_start = data.rfind(b"\n", 0, offset) + 1
                found = data.find(b"\n", offset)
                line_end = size if found == -1 else found
                on_line = {}
            long_line = line_end - line_start > LONG_LINE
            for index, anchor, multiline in targets[keyword_index]:
                if ends is not None and not multiline:
                    possible = on_line.get(index)
                    if possible is None:
                        possible = on_line[index] = _ends_within(ends.get(index), line_start, line_end)
                    if not possible:
                        continue
                if anchor == "keyword" and not long_line and not multiline:
                    yield index, offset, line_end  # the common case first: a match starting at the keyword
                    continue
                if anchor == "line" and long_line and not multiline:
                    low, high = max(line_start, offset - WINDOW_BEFORE), min(line_end, offset + WINDOW_AFTER)
                    window = open_windows.get(index)
                    if window is not None and low <= window[1]:
                        window[1] = max(window[1], high)
                        continue
                    if window is not None:
                        yield index, window[0], window[1]
                    open_windows[index] = [low, high]
                    continue
                start, end = line_start, line_end
                if anchor == "keyword":
                    start = offset
                elif anchor == "name":
                    # Every name-anchored detector on this hit starts at the same identifier: find it once.
                    uri = kinds[index] == "uri"
                    if name_at[uri] != offset:
                        name_at[uri] = offset
                        name_start[uri] = _name_start(data, offset, line_start, _URI_IDENT if uri else _IDENT)
                    start = name_start[uri]
                if long_line and anchor != "line":
                    end = min(line_end, start + WINDOW_AFTER)
                if multiline and reaches[index]:
                    end = min(size, start + reaches[index])
                elif multiline:
                    starts = block_starts[index]
                    following = bisect.bisect_right(starts, offset)
                    end = min(size, start + MULTILINE_REACH, starts[following] if following < len(starts) else size)
                key = (index, start, end)
                if key not in seen:
                    seen.add(key)
                    yield key
        yield from _flush(open_windows)

    # -- stage 2: exact matching and judging ---------------------------------------------------
    def _match_region(self, index: int, data: bytes, start: int, end: int, fmt: Format, path: str) -> list[_Raw]:
        pattern = self._compiled[index]
        detector = self.detectors[index]
        if pattern is None:
            pattern = self._compiled[index] = detector.compile()
        if self._anchors[index] != "line":
            anchored = pattern.match(data, start, end)
            if anchored is None:
                return []
            raw = self._judge(detector, anchored, data, fmt)
            return [raw] if raw is not None else []
        found: list[_Raw] = []
        for match in pattern.finditer(data, start, end):
            raw = self._judge(detector, match, data, fmt)
            if raw is not None:
                found.append(raw)
            if detector.multiline:
                break  # one block per region; the next BEGIN line has its own region
        return found

    def _judge(self, detector: Detector, match: re.Match[bytes], data: bytes, fmt: Format) -> _Raw | None:
        groups = match.groupdict()
        quoted = groups.get("secret") is not None
        group = "secret" if quoted else "bare_secret"
        value = match.group(group)
        if value is None:
            return None
        span = match.span(group)
        if (
            detector.kind == "generic"
            and not quoted
            and (groups.get("sep") or b"").strip() == b"="
            and _in_query(data, match.start())
        ):
            # `…?access_token=VALUE&state=…`: a URL parameter, whatever file the URL sits in. The value
            # ends at the next parameter, and a bare value is a literal (as in config), not an identifier.
            cut = re.search(rb"[&#]", value)
            if cut is not None:
                value = value[: cut.start()]
                span = (span[0], span[0] + cut.start())
            fmt = Format.CONFIG
        base = detector.confidence
        if detector.kind == "generic" and not quoted and _embedded_line(data, match.start(), span[1], groups):
            # `'USER=jdoe\\nPASS=Xk3…'`, `["DB_PASSWORD=Xk3…"]`: config text inside a string literal. The bare
            # value is a literal there (as in a config file) and ends at the next escape or the closing quote.
            # In code this reading is less sure than a config file's (parser fixtures, form bodies), so weak
            # values there fall below 0.5.
            escape_at = value.find(b"\\")
            if escape_at != -1:
                value = value[:escape_at]
                span = (span[0], span[0] + escape_at)
            if fmt is Format.CODE:
                base -= 0.1
            fmt = Format.CONFIG
        if fmt is Format.CODE and "command" in detector.tags:
            # `os.system("mysql -uroot -pXk3…")`: a command line inside code. The command's syntax (not the host
            # language's) says a bare word after the option is the literal — but a plain word there is a
            # comment or docstring talking about the option ("the --password options", `-Rpass=regexp,`).
            if not quoted and value.rstrip(b",.;:").isalpha():
                return None
            fmt = Format.SHELL
        elif fmt is Format.DOCS and "not-in-docs" in detector.tags:
            return None  # a how-to's login line shows a documented default; the rule is for what runs
        if detector.kind == "generic":
            name = groups.get("name") or b"password"
            if (
                len(value) < MIN_PASSWORD_LENGTH
                or (not quoted and fmt is Format.CODE)
                or name_class(_last_name(name)) is None
            ):
                # What `judge` would say first, said before the line is cut out for it (most generic matches
                # end here: `key = 1`, `$key = array_search(…)`, `keyboard = …`: a bare word in code is an
                # expression, and a name that is no credential's holds none).
                return None
            # The words around the value (hash names, etc.): its line, bounded so long lines stay cheap.
            low = max(0, span[0] - WINDOW_BEFORE)
            line_start = data.rfind(b"\n", low, span[0]) + 1 or low
            line_end = data.find(b"\n", span[1], span[1] + WINDOW_BEFORE)
            line = data[line_start : line_end if line_end != -1 else span[1] + WINDOW_BEFORE]
            # Enough of what follows to tell `NAME=value OTHER=…` (more assignments) from prose.
            after = data[span[1] + (1 if quoted else 0) : span[1] + 48]
            # `docker run -e NAME=value image`, `--build-arg NAME=value .`: an option's argument, not prose.
            prose_check = (
                "assignment" in detector.tags
                and not _OPTION_BEFORE.search(data, max(line_start, match.start() - 16), match.start())
                and not (groups.get("sep") == b"=" and _env_prefix(data, line_start, match.start(), name))
            )
            sep = groups.get("sep") or b""
            call = sep.strip().endswith(b"(")
            if call and fmt in (Format.DOCS, Format.UNKNOWN) and sep[:1] in (b" ", b"\t"):
                return None  # "Kubernetes Secrets (`stringData`, …)": a word and a parenthesis in prose, not a call
            confidence = judge(name, value, quoted, line, after, fmt, base, prose_check, call)
            if confidence is None:
                return None
            verdict = run_validator(detector.validator, value)
            if verdict is Check.INVALID:
                return None
            return _Raw(detector, span[0], span[1], value, confidence, verdict)
        if "named" in detector.tags and name_class(_last_name(groups.get("name") or b"")) is None:
            return None  # `publicKeyBytes`, `keyCodes_length`: the name says this is not a credential
        if detector.kind == "context" and _names_an_identifier(data[match.start() : span[0]]):
            return None  # `"SegmentId": "…"`: the provider's word names an id, not its key
        check: Check | None = None
        if detector.kind != "key" and detector.placeholder_check and (is_template(value) or is_placeholder(value)):
            # A token whose checksum or structure verifies was issued (or built to look so), whatever it spells:
            # random bodies contain `todo`, `fake` or `xxxxx` about once in 10,000.
            check = run_validator(detector.validator, value)
            if check is not Check.VALID:
                return None
        if detector.min_entropy and shannon_entropy(value) < detector.min_entropy:
            return None
        if detector.kind == "uri" and not _plausible_uri_password(value, groups.get("user") or b""):
            return None
        if check is None:
            check = run_validator(detector.validator, value)
        confidence = detector.confidence
        if check is Check.INVALID:
            return None
        if check is Check.VALID:
            confidence = max(confidence, 0.97)
        elif check is Check.BAD_CHECKSUM:
            confidence *= 0.7  # right shape, wrong checksum: a fake, a truncated copy or a doc example
        elif check is Check.PROTECTED:
            confidence *= 0.6  # passphrase-encrypted key: useless without the passphrase, unless it is weak
        return _Raw(detector, span[0], span[1], value, confidence, check)

    # -- stage 3: dedupe, locate, redact --------------------------------------------------------
    def _finish(self, path: str, data: bytes, raws: list[_Raw]) -> list[SecretMatch]:
        raws = [raw for raw in raws if not is_known_example(raw.value)]
        if not raws:
            return []
        kept = _dedupe(raws, self._position)
        trust = path_trust(path)
        by_line: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        located: list[tuple[_Raw, int, int, int, int, str]] = []
        newline_count, counted_to = 0, 0
        line_start, column, column_at = 0, 0, 0
        for raw in sorted(kept, key=lambda r: (r.start, r.detector.id)):
            newlines = data.count(b"\n", counted_to, raw.start)
            newline_count += newlines
            if newlines or not located:
                line_start = data.rfind(b"\n", counted_to if newlines else 0, raw.start) + 1
                column, column_at = 0, line_start
            counted_to = raw.start
            # Columns count characters; decoding only the stretch since the previous match keeps it linear.
            column += len(data[column_at : raw.start].decode("utf-8", "replace"))
            column_at = raw.start
            end_line = newline_count + 1 + data.count(b"\n", raw.start, raw.end)
            redacted = _redacted(raw.value)
            located.append((raw, newline_count + 1, column, end_line, line_start, redacted))
            by_line[line_start].append((raw.start, min(raw.end, _line_end(data, raw.start)), redacted))
        results = []
        for raw, line, column, end_line, line_start, redacted in located:
            results.append(
                SecretMatch(
                    rule=raw.detector.id,
                    path=path,
                    line=line,
                    column=column,
                    end_line=end_line,
                    start=raw.start,
                    end=raw.end,
                    confidence=round(min(1.0, raw.confidence * trust), 3),
                    severity=raw.detector.severity,
                    check=raw.check.value,
                    snippet=redact_line(data, line_start, _line_end(data, raw.start), by_line[line_start], raw.start),
                    redacted=redacted,
                    value=raw.value,
                )
            )
        return results


def _names_an_identifier(lead: bytes) -> bool:
    """The name before a context detector's value ends in a word such as `Id`, `Name`, `Url`."""
    name = re.sub(rb"[^\w.\-]+$", b"", lead[-64:])
    words = name_words(re.split(rb"[^\w]", name)[-1]) if name else []
    return bool(words) and words[-1] in _IDENTIFIER_WORDS


_IDENTIFIER_WORDS = frozenset({"id", "ids", "name", "names", "url", "uri", "arn", "region", "host", "endpoint"})


def _ends_within(ends: list[int] | None, start: int, end: int) -> bool:
    """Is some shape end in [start, end]? (None: the detector has no shape, so it always may match.)"""
    if ends is None:
        return True
    at = bisect.bisect_left(ends, start)
    return at < len(ends) and ends[at] <= end


def _flush(windows: dict[int, list[int]]) -> Iterable[tuple[int, int, int]]:
    for index, (start, end) in sorted(windows.items()):
        yield index, start, end
    windows.clear()


def _essential(detector: Detector) -> list[str]:
    """Keywords minus those containing another keyword of the same detector (they add only duplicate hits).

    Keyword-anchored detectors keep all: their match starts exactly at the keyword found.
    """
    words = list(dict.fromkeys(detector.keywords))
    if detector.anchor == "keyword":
        return words
    return [w for w in words if not any(o != w and o.lower() in w.lower() and o.islower() for o in words)]


# Command-line options whose argument is a `NAME=value` binding (container env, build args, Helm values).
_OPTION_BEFORE = re.compile(rb"(?:^|[\s\"'])(?:-e|--env|--build-arg|--set(?:-string)?)[ \t]{1,3}$")

# `PGPASSWORD=… psql -h db`, `$ export API_TOKEN=…`: an environment variable set at the start of a command line.
_COMMAND_START = re.compile(rb"[ \t]{0,8}(?:[$#>%][ \t]{1,2})?(?:(?:export|env|sudo(?:[ \t]{1,2}-E)?)[ \t]{1,3})?")
_ENV_NAME = re.compile(rb"[A-Z][A-Z0-9]{0,20}(?:_[A-Z0-9]{1,20}){0,6}")


def _env_prefix(data: bytes, line_start: int, start: int, name: bytes) -> bool:
    """Is `name` an upper-case variable assigned at the start of a command line (so what follows is a command)?"""
    return _ENV_NAME.fullmatch(name) is not None and _COMMAND_START.fullmatch(data, line_start, start) is not None


_IDENT = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$@.-"
# URL schemes also join words with `+` (`odbc+db2://`, `postgresql+psycopg://`).
_URI_IDENT = _IDENT + b"+"
NAME_REACH = 40
LIVE_SETS_KEPT = 1024


def _name_start(data: bytes, offset: int, floor: int, ident: bytes = _IDENT) -> int:
    """Start of the identifier that contains the keyword at `offset` (at most NAME_REACH back)."""
    limit = max(floor, offset - NAME_REACH)
    position = limit + len(data[limit:offset].rstrip(ident))  # back over identifier bytes, in C
    if position < offset and position > floor and data[position - 1] == 0x5C and data[position] in b"nrt":
        position += 1  # `\\nPASS=…`: the `n` belongs to an escaped line break, the name starts after it
    return position


def _embedded_line(data: bytes, start: int, value_end: int, groups: Mapping[str, bytes | None]) -> bool:
    """Is the `NAME=value` at `start` a line of config text inside a string literal?

    Either the name follows an escaped line break (`\\n`, `\\r`, `\\t`), or the literal opens right before
    the name with an env-style `=` and the value runs to the escape or the closing quote.
    """
    if start >= 2 and data[start - 2 : start - 1] == b"\\" and data[start - 1 : start] in (b"n", b"r", b"t"):
        return True
    if start < 1 or (groups.get("sep") or b"").strip() != b"=":
        return False
    quote = data[start - 1 : start]
    if quote not in (b'"', b"'"):
        return False
    following = data[value_end : value_end + 1]
    return following == quote or data.find(b"\\", start, value_end) != -1


def _in_query(data: bytes, start: int) -> bool:
    """Is the name at `start` a URL query or fragment parameter (`?name=`, `&name=`, `#name=`)?"""
    if start == 0:
        return False
    before = data[start - 1 : start]
    if before == b"&":
        return start < 2 or data[start - 2 : start - 1] not in (b"&", b" ")  # `a && token=…` is code
    return before in (b"?", b"#") and start >= 2 and data[start - 2 : start - 1] not in (b" ", b"\t", b"\n", b"#")


def _line_end(data: bytes, offset: int) -> int:
    end = data.find(b"\n", offset, offset + LONG_LINE)
    return min(len(data), offset + LONG_LINE) if end == -1 else end


def _redacted(value: bytes) -> str:
    from .redact import redact_value

    return redact_value(value)


def _plausible_uri_password(password: bytes, user: bytes) -> bool:
    if is_placeholder(password) or is_template(password) or is_template(user):
        return False
    if password.isdigit() and len(password) <= 5:
        return False  # `host:8080@…` style, a port not a password
    if len(password) < 3 or any(c in password for c in b"#?\\"):
        return False  # `nats://a:a@…` demos; `host:80#@evil` is a fragment (URL-parser confusion), not userinfo
    if not user and b":" in password:
        return False  # `cvs://:pserver:anoncvs@host`: a CVSROOT's method and user, no password
    if b"%20" in password and re.fullmatch(rb"[a-z]{1,12}(?:%20[a-z]{1,12})+", password):
        return False  # `a%20secret`: words, percent-encoded
    return not (password.lower() == b"password" or password.startswith((b"$", b"%", b"{", b"<")))


def _dedupe(raws: list[_Raw], position: Mapping[str, int]) -> list[_Raw]:
    """Keep one finding per overlapping span: the most structured, then most confident, detector wins.

    `position`: each detector id's place in the scanner's order (the last tie-break).
    """
    ranked = sorted(
        raws,
        key=lambda r: (_KIND_RANK[r.detector.kind], -r.confidence, position[r.detector.id], r.start),
    )
    # The kept spans never overlap, so sorted by start they are sorted by end too: the only one that can
    # overlap a new span is the last kept one starting before it ends (a bisection, not a scan of all:
    # a file of 30,000 tokens stays linear).
    starts: list[int] = []
    ends: list[int] = []
    kept: list[_Raw] = []
    for raw in ranked:
        before = bisect.bisect_left(starts, raw.end)
        if before and ends[before - 1] > raw.start:
            continue
        at = bisect.bisect_right(starts, raw.start)
        starts.insert(at, raw.start)
        ends.insert(at, raw.end)
        kept.append(raw)
    return kept


def restamp(matches: Iterable[SecretMatch], path: str) -> list[SecretMatch]:
    """The same blob seen at another path (cache hit): same findings, new location."""
    return [replace(m, path=path) for m in matches]
