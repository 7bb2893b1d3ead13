"""Match a set of regular expressions over bytes in one linear pass.

Hyperscan (when installed) compiles the set into one automaton; the pure-Python fallback runs the
same patterns joined into one `re` alternation. Both report the end offset of every match, so
callers get the same answers either way. Patterns must stay within the common subset: no
backreferences or lookaround.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .analyzers.secrets.prefilter import hyperscan_available


class RegexSet:
    def __init__(self, patterns: Sequence[bytes], caseless: bool = False) -> None:
        self._patterns = list(patterns)
        self._caseless = caseless
        self._python = re.compile(
            b"|".join(b"(?:" + p + b")" for p in self._patterns), re.IGNORECASE if caseless else 0
        )
        self._hyperscan: object | None = None
        self._scratch: object | None = None
        self._tried = False

    def _database(self) -> object | None:
        # Built lazily, per process: Hyperscan databases cannot be pickled into workers.
        if not self._tried:
            self._tried = True
            if hyperscan_available():
                import hyperscan

                flags = hyperscan.HS_FLAG_CASELESS if self._caseless else 0
                database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
                database.compile(
                    expressions=self._patterns,
                    ids=list(range(len(self._patterns))),
                    elements=len(self._patterns),
                    flags=[flags | hyperscan.HS_FLAG_ALLOWEMPTY * 0] * len(self._patterns),
                )
                self._hyperscan = database
                self._scratch = hyperscan.Scratch(database)
        return self._hyperscan

    def ends(self, data: bytes) -> list[int]:
        """End offsets of matches (Hyperscan: every match; fallback: non-overlapping leftmost)."""
        database = self._database()
        if database is None:
            return [m.end() for m in self._python.finditer(data)]
        found: list[int] = []
        append = found.append

        def on_match(index: int, start: int, end: int, flags: int, context: object) -> None:
            append(end)

        database.scan(data, match_event_handler=on_match, scratch=self._scratch)  # type: ignore[attr-defined]
        found.sort()
        return found

    def search(self, data: bytes) -> bool:
        database = self._database()
        if database is None:
            return self._python.search(data) is not None
        hit = False

        def on_match(index: int, start: int, end: int, flags: int, context: object) -> bool:
            nonlocal hit
            hit = True
            return True  # stop scanning at the first match

        try:
            database.scan(data, match_event_handler=on_match, scratch=self._scratch)  # type: ignore[attr-defined]
        except Exception:  # Hyperscan reports a scan we halted as an error
            if not hit:
                raise
        return hit
