"""Typosquat answers of earlier audits, kept on disk (`chainwatch.built_cache`).

A name's answer depends on nothing but the name, the popular-project snapshot and the typosquat code, which
is exactly what the popular index is keyed by (`index_key()`): answers stored under that key stay right
until one of them changes. Projects audit the same few hundred names run after run, and when every name
has an answer the index is not even loaded.
"""

from __future__ import annotations

from .. import built_cache
from ..analyzers.typosquat import TyposquatMatch, check_name
from ..analyzers.typosquat.popular import index_key

CACHE_NAME = "typosquat-answers"
MAX_NAMES = 20_000  # a cache, not an archive: past this it starts again from one run's names


class TyposquatAnswers:
    """`check_name(name)` for the names of one audit run, answered from the disk when it can be."""

    def __init__(self, key: bytes | None) -> None:
        self._key = key
        stored = built_cache.read(CACHE_NAME, key, dict, (TyposquatMatch,)) if key is not None else None
        self._known: dict[str, TyposquatMatch | None] = stored if stored is not None and _valid(stored) else {}
        self._new: dict[str, TyposquatMatch | None] = {}

    @classmethod
    def for_active_snapshot(cls) -> TyposquatAnswers:
        return cls(index_key())

    def match(self, name: str) -> TyposquatMatch | None:
        for answers in (self._new, self._known):
            if name in answers:
                return answers[name]
        found = self._new[name] = check_name(name)
        return found

    def save(self) -> None:
        """Keep the new answers (with the old ones, while they fit) for the next run."""
        if not self._new or self._key is None:
            return
        keep = self._known if len(self._known) + len(self._new) <= MAX_NAMES else {}
        built_cache.write(CACHE_NAME, self._key, {**keep, **self._new}, (TyposquatMatch,))


def _valid(stored: dict[object, object]) -> bool:
    return all(isinstance(k, str) and (v is None or isinstance(v, TyposquatMatch)) for k, v in stored.items())
