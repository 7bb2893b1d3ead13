"""Where could each detector match at all? One Hyperscan pass over a superset of every detector's regex.

The keyword prefilter finds where to look; most keyword hits (`key`, `auth`, `pass`, `AC`, …) lead to
a Python regex that then fails. This pass rules those out in bulk: each detector's Python pattern is
translated into a Hyperscan pattern whose matches are a *superset* of the prefixes of its matches
(lookarounds and anchors dropped, back-references widened to the group they refer to, large bounds
unbounded, trailing optional parts cut). So if the Python pattern matches `data[s:e]`, the shape
reports an end in `[s, e]`; a region with no shape end inside it cannot produce a match, and skipping
it changes nothing. Results are therefore identical with or without this pass (the pure-Python
backend does not have it; the tests compare the two).

The translation reads the pattern through `re._parser` (CPython's own parser) so byte semantics —
`\\s`, `\\w`, ASCII case folding, `.` without DOTALL — are exactly Python's. Anything it does not
understand leaves that detector unfiltered, which is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from .detector import Detector

# Bounds above this become unbounded: a superset, and far smaller automata for Hyperscan.
_MAX_BOUND = 64
_ALL = frozenset(range(256))
_DIGIT = frozenset(range(0x30, 0x3A))
_WORD = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_SPACE = frozenset(b" \t\n\r\f\v")
_CATEGORIES = {
    sre.CATEGORY_DIGIT: _DIGIT,
    sre.CATEGORY_NOT_DIGIT: _ALL - _DIGIT,
    sre.CATEGORY_WORD: _WORD,
    sre.CATEGORY_NOT_WORD: _ALL - _WORD,
    sre.CATEGORY_SPACE: _SPACE,
    sre.CATEGORY_NOT_SPACE: _ALL - _SPACE,
    sre.CATEGORY_LINEBREAK: frozenset(b"\n"),
    sre.CATEGORY_NOT_LINEBREAK: _ALL - frozenset(b"\n"),
}
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


class Unsupported(ValueError):
    """A construct the translation does not handle: the detector stays unfiltered."""


def _fold(chars: frozenset[int]) -> frozenset[int]:
    """ASCII case folding, as `re.IGNORECASE` does for bytes patterns."""
    extra = {c ^ 0x20 for c in chars if 0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A}
    return chars | extra


def _charset(op: Any, av: Any, flags: int) -> frozenset[int]:
    if op is sre.LITERAL:
        chars = frozenset({av})
    elif op is sre.NOT_LITERAL:
        chars = _ALL - (_fold(frozenset({av})) if flags & re.IGNORECASE else frozenset({av}))
        return chars
    elif op is sre.ANY:
        return _ALL if flags & re.DOTALL else _ALL - frozenset(b"\n")
    elif op is sre.IN:
        chars, negate = frozenset(), False
        for item_op, item_av in av:
            if item_op is sre.NEGATE:
                negate = True
            elif item_op is sre.LITERAL:
                chars |= {item_av}
            elif item_op is sre.RANGE:
                chars |= set(range(item_av[0], item_av[1] + 1))
            elif item_op is sre.CATEGORY and item_av in _CATEGORIES:
                chars |= _CATEGORIES[item_av]
            else:
                raise Unsupported(f"class item {item_op}")
        if flags & re.IGNORECASE:
            chars = _fold(chars)
        return _ALL - chars if negate else chars
    else:
        raise Unsupported(str(op))
    return _fold(chars) if flags & re.IGNORECASE else chars


def _class(chars: frozenset[int]) -> str:
    if not chars:
        raise Unsupported("empty character class")
    ordered = sorted(chars)
    if len(ordered) == 1:
        return f"\\x{ordered[0]:02x}"
    parts, low, high = [], ordered[0], ordered[0]
    for c in ordered[1:]:
        if c == high + 1:
            high = c
            continue
        parts.append((low, high))
        low = high = c
    parts.append((low, high))
    body = "".join(f"\\x{a:02x}" if a == b else f"\\x{a:02x}-\\x{b:02x}" for a, b in parts)
    return f"[{body}]"


class _Translator:
    def __init__(self, parsed: sre_parse.SubPattern) -> None:
        self.groups: dict[int, tuple[list[tuple[Any, Any]], int]] = {}
        self._collect(list(parsed.data), parsed.state.flags)

    def _collect(self, items: list[tuple[Any, Any]], flags: int) -> None:
        for op, av in items:
            if op is sre.SUBPATTERN:
                group, add, remove, body = av
                inner = (flags | add) & ~remove
                if group is not None:
                    self.groups[group] = (list(body.data), inner)
                self._collect(list(body.data), inner)
            elif op in _REPEATS:
                self._collect(list(av[2].data), flags)
            elif op is sre.BRANCH:
                for alternative in av[1]:
                    self._collect(list(alternative.data), flags)
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                self._collect(list(av[1].data), flags)
            elif op is sre.ATOMIC_GROUP:
                self._collect(list(av.data), flags)

    def sequence(self, items: Sequence[tuple[Any, Any]], flags: int) -> str:
        return "".join(self.item(op, av, flags) for op, av in items)

    def item(self, op: Any, av: Any, flags: int) -> str:
        if op in _ZERO_WIDTH:
            return ""  # dropping a condition only widens the language
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
            return _class(_charset(op, av, flags))
        if op is sre.SUBPATTERN:
            _, add, remove, body = av
            return f"(?:{self.sequence(body.data, (flags | add) & ~remove)})"
        if op is sre.ATOMIC_GROUP:
            return f"(?:{self.sequence(av.data, flags)})"
        if op in _REPEATS:
            low, high, body = av
            inner = self.sequence(body.data, flags)
            if not inner:
                return ""
            low = min(low, _MAX_BOUND)
            bound = f"{{{low},}}" if high is sre.MAXREPEAT or high > _MAX_BOUND else f"{{{low},{high}}}"
            return f"(?:{inner}){bound}"
        if op is sre.BRANCH:
            alternatives = [self.sequence(alt.data, flags) for alt in av[1]]
            present = [a for a in alternatives if a]
            if not present:
                return ""
            joined = "(?:" + "|".join(present) + ")"
            return joined + "?" if len(present) < len(alternatives) else joined
        if op is sre.GROUPREF:
            # The same text the group matched: any text the group could match (case folded to be safe).
            if av not in self.groups:
                raise Unsupported("reference to an unknown group")
            body, group_flags = self.groups[av]
            return f"(?:{self.sequence(body, group_flags | re.IGNORECASE)})"
        raise Unsupported(str(op))


def _cut_tail(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """A prefix of the pattern that every match begins with: trailing optional and zero-width parts cut.

    Any match of the original has a prefix matching the result, so the result reports an end no
    later than the original's (and never before its start). Shorter shapes mean far fewer reports.
    """
    items = list(items)
    while items:
        op, av = items[-1]
        if op in _ZERO_WIDTH:
            items.pop()
            continue
        if op in _REPEATS:
            low, _, body = av
            if low == 0:
                items.pop()
                continue
            low = min(low, _MAX_BOUND)  # the first repetitions are a prefix too: keep the shape small
            items[-1] = (sre.MAX_REPEAT, (low, low, body))
            return items
        if op is sre.SUBPATTERN:
            group, add, remove, body = av
            inner = _cut_tail(list(body.data))
            if not inner:
                items.pop()
                continue
            items[-1] = (op, (group, add, remove, _Sub(inner)))
            return items
        if op is sre.BRANCH:
            cut = [_cut_tail(list(alt.data)) for alt in av[1]]
            if any(not alt for alt in cut):
                items.pop()  # one way through matches nothing more: the prefix ends before the branch
                continue
            items[-1] = (op, (None, [_Sub(alt) for alt in cut]))
            return items
        return items
    return items


def _cut_head(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Leading optional and zero-width parts removed: what remains ends where the original ends."""
    start = 0
    while start < len(items):
        op, av = items[start]
        if op in _ZERO_WIDTH or (op in _REPEATS and av[0] == 0):
            start += 1
            continue
        break
    return items[start:]


class _Sub:
    """The part of `SubPattern` the translator reads (`.data`), for rebuilt sequences."""

    def __init__(self, data: list[tuple[Any, Any]]) -> None:
        self.data = data


def _leading_lookbehinds(items: list[tuple[Any, Any]]) -> list[list[tuple[Any, Any]]] | None:
    """The bodies of the positive lookbehind(s) a pattern starts with (`(?<=name: )…`, `(?:(?<=a)|(?<=b))…`).

    Whatever text a match starts at, the text before it matches one of them: the shape may require it
    as a prefix, which keeps name-anchored detectors from matching every `…password …` in prose.
    """
    if not items:
        return None
    op, av = items[0]
    if op is sre.ASSERT and av[0] == -1:
        return [list(av[1].data)]
    if op is sre.SUBPATTERN and av[0] is None and len(av[3].data) == 1:
        op, av = av[3].data[0]  # `(?:(?<=a)|(?<=b))` kept as a group (the parser usually inlines it)
    if op is sre.BRANCH:
        bodies = []
        for alternative in av[1]:
            inner = list(alternative.data)
            if len(inner) != 1 or inner[0][0] is not sre.ASSERT or inner[0][1][0] != -1:
                return None
            bodies.append(list(inner[0][1][1].data))
        return bodies
    return None


def shape(detector: Detector) -> bytes | None:
    """The Hyperscan shape of a detector's pattern, or None when it cannot be given one (then: no filtering)."""
    try:
        parsed = sre_parse.parse(detector.pattern.encode("ascii"), detector.compile().flags)
        translator = _Translator(parsed)
        flags = parsed.state.flags
        items = _cut_tail(list(parsed.data))
        contexts = _leading_lookbehinds(items)
        prefixes = [translator.sequence(body, flags) for body in contexts or []]
        rest = translator.sequence(items[1:], flags) if contexts else ""
        if contexts and all(prefixes) and rest:
            # The context is consumed here; nothing between it and the match may be cut.
            text = "(?:" + "|".join(prefixes) + ")" + rest
        else:
            text = translator.sequence(_cut_head(items), flags)
    except (Unsupported, re.error, RecursionError):
        return None
    return text.encode("ascii") if text else None


class ShapeIndex:
    """Every shape in one Hyperscan database: per blob, the end offsets where each detector could match.

    Compiling ~270 regexes takes Hyperscan about half a second, so the database is serialised into
    the user cache directory (keyed by the shapes, the Hyperscan version and the machine) and loaded
    in well under a millisecond on later runs. A missing, stale or unreadable file is just rebuilt.
    """

    def __init__(self, detectors: Sequence[Detector], cache_dir: Path | None = None) -> None:
        import hyperscan

        self._hs = hyperscan
        self._db, ids = _load_or_compile(hyperscan, detectors, cache_dir)
        self.covered: frozenset[int] = frozenset(ids)
        self._scratch = hyperscan.Scratch(self._db) if self._db is not None else None

    def ends(self, data: bytes, budget: int) -> dict[int, list[int]] | None:
        """Detector index -> sorted end offsets of its shape in `data` (a covered detector absent: no match).

        None when the blob yields more than `budget` ends (a pathological run of token-like bytes):
        the scan stops there and the caller filters nothing, so this pass never costs more than
        `budget` reports on top of one linear Hyperscan pass.
        """
        if self._db is None:
            return None
        found: dict[int, list[int]] = {}
        count = 0

        def on_match(index: int, start: int, end: int, flags: int, context: object) -> bool:
            nonlocal count
            count += 1
            ends = found.get(index)
            if ends is None:
                found[index] = [end]
            else:
                ends.append(end)
            return count > budget  # True stops the scan

        try:
            self._db.scan(data, match_event_handler=on_match, scratch=self._scratch)
        except self._hs.ScanTerminated:
            return None
        if count > budget:
            return None
        for ends in found.values():
            ends.sort()  # Hyperscan reports in end order already; sorting a sorted list is one pass
        return found


def _load_or_compile(hyperscan: Any, detectors: Sequence[Detector], cache_dir: Path | None) -> tuple[Any, list[int]]:
    """The database and the detector indexes it covers, from the cache when the same detectors were seen."""
    path = cache_dir / f"shapes-{_cache_key(hyperscan, detectors)}.hsdb" if cache_dir is not None else None
    if path is not None:
        try:
            head, _, body = (read_database(path) or b"").partition(b"\n")
            return hyperscan.loadb(body, hyperscan.HS_MODE_BLOCK), [int(x) for x in head.split(b",") if x]
        except (ValueError, hyperscan.error):
            pass  # absent, damaged, or built by another Hyperscan or CPU: build it again
    shapes = {i: shape(d) for i, d in enumerate(detectors) if not d.path_pattern}
    ids = sorted(i for i, s in shapes.items() if s is not None)
    database = _compile(hyperscan, [shapes[i] for i in ids], ids) if ids else None  # type: ignore[misc]
    if database is None and ids:  # some shape Hyperscan cannot build (too large, matches empty): leave those out
        ids = [i for i in ids if _compile(hyperscan, [shapes[i]], [i]) is not None]  # type: ignore[list-item]
        database = _compile(hyperscan, [shapes[i] for i in ids], ids) if ids else None  # type: ignore[misc]
    if database is None:
        return None, []
    if path is not None:
        store_database(path, ",".join(map(str, ids)).encode() + b"\n" + hyperscan.dumpb(database))
    return database, ids


def _cache_key(hyperscan: Any, detectors: Sequence[Detector]) -> str:
    """Everything the database depends on: the patterns and flags, this translator, Hyperscan, the machine."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    machine = os.uname().machine if hasattr(os, "uname") else sys.platform
    digest.update(f"{hyperscan.__version__}\x00{machine}".encode())
    for detector in detectors:
        flags = f"{detector.case_insensitive:d}{detector.multiline:d}{bool(detector.path_pattern):d}"
        digest.update(f"\x00{flags}{detector.pattern}".encode())
    return digest.hexdigest()[:24]


def _compile(hyperscan: Any, patterns: list[bytes], ids: list[int]) -> Any | None:
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        database.compile(expressions=patterns, ids=ids, elements=len(ids), flags=[0] * len(ids))
    except hyperscan.error:
        return None
    return database


def read_database(path: Path) -> bytes | None:
    """What `store_database` wrote, if the file is there and whole (Hyperscan does not notice every damage)."""
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    check, _, payload = stored.partition(b"\n")
    return payload if check == hashlib.sha256(payload).hexdigest().encode() else None


def store_database(path: Path, payload: bytes) -> None:
    """Write atomically (concurrent runs may race); a read-only cache just means compiling next time."""
    import tempfile  # only when the database was just built

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
