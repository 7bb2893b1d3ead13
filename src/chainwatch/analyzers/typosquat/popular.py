"""The popular-project snapshot and the indexes that make a name check a few dictionary look-ups.

The snapshot is the bundled `chainwatch/data/popular-pypi.txt` unless the user refreshed one into
their cache directory (`chainwatch popular refresh`). It is loaded once per process, and its built
index is kept in the cache directory (`chainwatch.built_cache`), keyed by the snapshot's bytes and
this package's source, so later processes read it back instead of building it again.

Indexes (only over projects popular enough to be imitated, see `DEFAULT_MIN_TARGET_RATIO`):
- by normalised name (is it popular itself?), over every listed project;
- by skeleton and by core (look-alike, separator and python/py affix games are exact look-ups);
- a symmetric-deletion index over shapes and cores: each form and every string made by deleting
  one character point back to their projects, and 7- and 8-letter forms also every string made by
  deleting two. Strings k edits apart share such a string, so the candidates for a name come from a
  few dozen look-ups instead of a scan of 15,000 names;
- for forms of 9+ letters (two edits allowed) a pigeonhole index: the form is cut into three pieces
  and two edits leave at least one piece intact, near its place. Two-deep deletions there would cost
  ~len**2/2 keys per name (over a million for the snapshot); three pieces cost three keys.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ... import built_cache
from ...data.derive_popular import BUNDLED_SNAPSHOT, SNAPSHOT_NAME
from ...paths import cache_root
from .names import compact, core, normalize, shape, skeleton


@dataclass(frozen=True, slots=True)
class PopularProject:
    name: str  # PEP 503-normalised
    rank: int
    downloads: int


class SnapshotError(ValueError):
    """The snapshot file is missing or malformed."""


def max_edits(length: int) -> int:
    """Edits a squat of a name with this many letters (separators not counted) may contain.

    Short names are too dense for typo matching: most 3-letter strings are one edit from some
    popular project. Longer names tolerate two slips; the detector's score still weighs each one.
    """
    if length <= 3:
        return 0
    if length <= 6:
        return 1
    return 2


# Targets must be this many times more popular than the least popular listed project: a project
# barely in the snapshot is not worth imitating, and its neighbours are mostly real projects.
DEFAULT_MIN_TARGET_RATIO = 10.0
_DIGITS = "0123456789"
_PIGEONHOLE_MIN = 9  # shorter names cut in three give pieces too common to select anything


@dataclass(frozen=True, slots=True)
class Forms:
    """Precomputed comparison forms of one popular project."""

    compact: str
    shape: str
    core: str
    shape_bigrams: frozenset[str]
    core_bigrams: frozenset[str]


def _deletions(text: str, depth: int = 1) -> set[str]:
    keys = {text}
    frontier = {text}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier if len(w) > 3 for i in range(len(w))}
        keys |= frontier
    return keys


def _pieces(length: int) -> tuple[tuple[int, int], ...]:
    """Start and end of the three pieces a name of this length is cut into."""
    first, second = length // 3, 2 * length // 3
    return ((0, first), (first, second), (second, length))


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


class PopularIndex:
    def __init__(
        self,
        projects: Iterable[PopularProject],
        *,
        source: str = "",
        derived: str = "",
        min_target_ratio: float = DEFAULT_MIN_TARGET_RATIO,
    ) -> None:
        self.projects: tuple[PopularProject, ...] = tuple(sorted(projects, key=lambda p: p.rank))
        if not self.projects:
            raise SnapshotError("the popular-project snapshot is empty")
        self.source = source
        self.derived = derived
        # Anything not listed downloads less than the least popular listed project.
        self.floor = min(p.downloads for p in self.projects)
        self.min_target_downloads = min_target_ratio * self.floor
        self._by_name = {p.name: p for p in self.projects}
        self.forms: dict[PopularProject, Forms] = {}
        self._by_skeleton: dict[str, list[PopularProject]] = {}
        self._by_core: dict[str, list[PopularProject]] = {}
        self._deletions: dict[str, list[int]] = {}  # every target form, one deletion deep
        self._deep_deletions: dict[str, list[int]] = {}  # 7- and 8-letter forms, two deep
        self._pieces: dict[tuple[int, int, str], list[int]] = {}
        self._families: dict[str, int] = {}
        self._versioned: dict[str, int] = {}  # compact name -> listed projects that add digits to it
        for number, project in enumerate(self.projects):
            family = _family(project.name)
            if family:
                self._families[family] = self._families.get(family, 0) + 1
            unversioned = compact(project.name).rstrip(_DIGITS)
            if unversioned != compact(project.name):
                self._versioned[unversioned] = self._versioned.get(unversioned, 0) + 1
            if project.downloads < self.min_target_downloads:
                continue  # never imitated: no need to index
            plain = compact(project.name)
            its_shape, its_core = shape(project.name), core(project.name)
            forms = Forms(plain, its_shape, its_core, bigrams(its_shape), bigrams(its_core))
            self.forms[project] = forms
            self._by_skeleton.setdefault(skeleton(project.name), []).append(project)
            self._by_core.setdefault(forms.core, []).append(project)
            for form in {forms.shape, forms.core}:
                if max_edits(len(form)) >= 1:
                    for key in _deletions(form, 1):
                        _add(self._deletions, key, number)
                if max_edits(len(form)) >= 2 and len(form) < _PIGEONHOLE_MIN:
                    for key in _deletions(form, 2):
                        _add(self._deep_deletions, key, number)
                if len(form) >= _PIGEONHOLE_MIN:
                    for piece, (start, end) in enumerate(_pieces(len(form))):
                        _add(self._pieces, (len(form), piece, form[start:end]), number)

    def __len__(self) -> int:
        return len(self.projects)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and normalize(name) in self._by_name

    def get(self, name: str) -> PopularProject | None:
        return self._by_name.get(normalize(name))

    def family_size(self, name: str) -> int:
        """How many listed projects share every word of `name` but the last (`mypy-boto3-*`)."""
        family = _family(normalize(name))
        return self._families.get(family, 0) if family else 0

    def numbered_variants(self, name: str) -> int:
        """How many listed projects are `name` plus version digits (`pathlib2` for `pathlib`)."""
        return self._versioned.get(compact(normalize(name)).rstrip(_DIGITS), 0)

    def targets(self) -> Iterator[PopularProject]:
        """Projects popular enough to be imitated."""
        return iter(self.forms)

    def by_skeleton(self, key: str) -> Sequence[PopularProject]:
        return self._by_skeleton.get(key, ())

    def by_core(self, stem: str) -> Sequence[PopularProject]:
        return self._by_core.get(stem, ())

    def near(self, form: str) -> set[PopularProject]:
        """Targets whose shape or core may be within their allowed edits of `form`.

        A superset: confirm each with `edits.distance`.
        """
        found: set[int] = set()
        for key in _deletions(form, 1):
            found.update(self._deletions.get(key, ()))
        if 5 <= len(form) < _PIGEONHOLE_MIN + 2:  # two edits from a 7- or 8-letter form
            for key in _deletions(form, 2):
                found.update(self._deep_deletions.get(key, ()))
        size = len(form)
        for length in range(max(size - 2, _PIGEONHOLE_MIN), size + 3):
            (_, first), (middle_start, middle_end), (last, _) = _pieces(length)
            # An intact first piece stays at the start and an intact last piece at the end; only
            # the middle one can move, by at most the two edits before it.
            found.update(self._pieces.get((length, 0, form[:first]), ()))
            found.update(self._pieces.get((length, 2, form[last + size - length :]), ()))
            for shift in range(-2, 3):
                if middle_start + shift >= 0 and middle_end + shift <= size:
                    middle = form[middle_start + shift : middle_end + shift]
                    found.update(self._pieces.get((length, 1, middle), ()))
        return {self.projects[number] for number in found}


def _family(name: str) -> str:
    head, _, _ = name.rpartition("-")
    return head


def _add(index: dict[Any, list[int]], key: Any, number: int) -> None:
    bucket = index.setdefault(key, [])
    if not bucket or bucket[-1] != number:
        bucket.append(number)


def parse_snapshot(text: str, origin: str = "snapshot") -> PopularIndex:
    projects: list[PopularProject] = []
    meta: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            meta[key.strip()] = value.strip()
            continue
        parts = line.split("\t")
        try:
            rank, name, downloads = int(parts[0]), parts[1], int(parts[2])
        except (IndexError, ValueError):
            raise SnapshotError(f"{origin}:{number}: expected 'rank<TAB>name<TAB>downloads'") from None
        projects.append(PopularProject(normalize(name), rank, downloads))
    return PopularIndex(projects, source=meta.get("source", origin), derived=meta.get("derived", ""))


def load_snapshot(path: Path) -> PopularIndex:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SnapshotError(f"cannot read popular-project snapshot {path}: {exc}") from exc
    return parse_snapshot(text, str(path))


def cache_dir() -> Path:
    """Per-user cache (`$CHAINWATCH_CACHE_DIR`, else `$XDG_CACHE_HOME/chainwatch`, else ~/.cache/chainwatch)."""
    return cache_root()


def refreshed_snapshot_path() -> Path:
    return cache_dir() / SNAPSHOT_NAME


def active_snapshot_path() -> Path:
    """A refreshed snapshot in the user's cache wins over the bundled one."""
    refreshed = refreshed_snapshot_path()
    return refreshed if refreshed.is_file() else BUNDLED_SNAPSHOT


INDEX_CACHE_NAME = "popular-index"


def _index_key(path: Path, data: bytes) -> bytes:
    # Every module here may shape the index (name forms, keys) or what is computed from it: any edit
    # builds it afresh.
    code = built_cache.source_fingerprint(Path(__file__).parent)
    return built_cache.fingerprint(str(path).encode(), data, code)


def index_key() -> bytes | None:
    """What the active index derives from (the snapshot's place and bytes, this package's code), for
    caching it or anything this package computes from it alone; None when the snapshot is unreadable."""
    path = active_snapshot_path()
    try:
        return _index_key(path, path.read_bytes())
    except OSError:
        return None


@functools.cache
def _load_cached(path: Path, mtime_ns: int) -> PopularIndex:
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
        key = _index_key(path, data)
    except (OSError, UnicodeDecodeError):
        return load_snapshot(path)  # the error it reports
    build = functools.partial(parse_snapshot, text, str(path))
    return built_cache.load_or_build(INDEX_CACHE_NAME, key, build, PopularIndex, (PopularProject, Forms))


def default_index() -> PopularIndex:
    """The active snapshot, loaded once per process (and again only if the file changes)."""
    path = active_snapshot_path()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise SnapshotError(f"cannot read popular-project snapshot {path}: {exc}") from exc
    return _load_cached(path, mtime)


def bundled_index() -> PopularIndex:
    return _load_cached(BUNDLED_SNAPSHOT, BUNDLED_SNAPSHOT.stat().st_mtime_ns)
