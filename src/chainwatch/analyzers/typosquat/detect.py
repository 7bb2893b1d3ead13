"""Does a package name imitate a popular project? `check_name` answers with the best explanation.

Hypotheses, each explaining the name as a popular project plus a change:
1. look-alike: same skeleton (separators, 0/o, 1/l/i, rn/m, vv/w, cl/d, Unicode confusables);
2. affix game: same core (`python-`, `py`, `-py`, version digits added, dropped or swapped);
3. typo: shape or core within `max_edits(len)` edits (deletion, insertion, doubled letter,
   transposition, keyboard slip, substitution), counted per word for multi-word names;
4. combosquat: a popular name plus lure words only (`-new`, `-update`, `-fixed`, `-stealer`...);
5. compound changes: a character moved two or more places (`bo3to`), a run of one letter typed
   three or more times (`requstsss`, explained from the name with the run cut short), a mistyped
   python/py affix (`web3-p6`, `requests-pyhton`).

Each hypothesis is scored: how telling the change is, plus how much longer than usual the name is
(long names are sparse, so near-misses are rarely accidents), plus the popularity gap
`log10(target downloads / candidate downloads)`. A name that is not in the snapshot counts as
the snapshot's least popular project. Squatters aim at the most popular projects, and two
projects of similar popularity with similar names are two real projects, so the gap is evidence.
A name in the snapshot is, in addition, only flagged when its target is `min_ratio` times more
popular (the popularity-ratio rule).

Extensions by ordinary words (`requests-oauthlib`, `types-requests`, `pytest-mock`) are never
combosquats: only lure words are, and changing or adding a whole short word is not a typo.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .edits import (
    DOUBLED,
    HOMOGLYPH,
    INSERTION,
    KEYBOARD,
    MOVED,
    OMISSION,
    SUBSTITUTION,
    TRANSPOSITION,
    Edit,
    describe,
    distance,
    moved,
)
from .names import FoldedName, compact, core, fold, letter_runs, shape, skeleton, squeezed, tokens, undoubled
from .popular import PopularIndex, PopularProject, bigrams, default_index, max_edits

SEPARATOR = "separator change"
REPEATED = "repeated letter"
AFFIX = "prefix/suffix"
COMBOSQUAT = "combosquat"
MULTIPLE = "multiple edits"

TECHNIQUES = (
    OMISSION,
    INSERTION,
    DOUBLED,
    REPEATED,
    TRANSPOSITION,
    MOVED,
    KEYBOARD,
    SUBSTITUTION,
    HOMOGLYPH,
    SEPARATOR,
    AFFIX,
    COMBOSQUAT,
)

DEFAULT_MIN_RATIO = 3000.0  # a listed project is exempt unless its target is this many times more popular
THRESHOLD = 1.75  # score a hypothesis needs to be reported
POPULARITY_WEIGHT = 0.75  # score per factor of ten in the popularity gap

# Words that sell a copy as a newer, better or official release of the project, or name what a
# malicious package does. Ordinary words (`oauthlib`, `mock`, `stubs`, `types`, `utils`) are not
# here on purpose: extending a project with them is how its ecosystem names itself.
# fmt: off
LURE_WORDS = frozenset(
    {
        "new", "newest", "latest", "update", "updated", "updater", "upgrade", "upgraded", "fix", "fixed",
        "patch", "patched", "official", "original", "orig", "real", "legit", "verified", "stable", "premium",
        "free", "pro", "plus", "advanced", "ultra", "better", "best", "full", "hack", "hacked", "hacks",
        "crack", "cracked", "exploit", "stealer", "grabber", "nuker", "rat", "bypass", "unlocker", "spoofer",
        "cheat", "cheats", "modded", "library", "libary",
    }
)
# Glued to a name without a separator only these read as an add-on rather than part of a new
# name (`fastapi`, `s3pathlib`, `pymupdfpro` are real projects).
GLUED_LURE_WORDS = frozenset(
    {"new", "latest", "update", "updated", "upgrade", "fixed", "official", "ultra", "stealer", "grabber", "library",
     "libary", "hack", "hacked", "cracked"}
)
# fmt: on

_VERSIONISH = re.compile(r"^v?\d{1,3}$")
_VERSION_TAIL = re.compile(r"v?\d{1,3}$")

# How telling each change is on its own.
_STRENGTH = {
    HOMOGLYPH: 3.0,
    SEPARATOR: 2.5,
    TRANSPOSITION: 2.0,
    DOUBLED: 2.0,
    REPEATED: 2.0,
    COMBOSQUAT: 2.0,
    KEYBOARD: 1.75,
    MOVED: 1.5,
    OMISSION: 1.5,
    INSERTION: 1.25,
    SUBSTITUTION: 1.0,
    AFFIX: 1.0,
}
_WEAK_AFFIX = 0.5
_DIGITS_ONLY = -0.5
_DIGITS_ADDED = 0.6
_DIGITS = "0123456789"
_LETTER_MOVE_MIN = 7  # a letter moved in a shorter name often spells another word (`pyats`, `patsy`)
_FAMILY = 3  # listed projects sharing all words but the last
_SHORT_WORD_SLIP_MIN = 10  # names this long (separators not counted) tell a slip in a 2-3 letter word
_WORD_MOVE_MIN = 5  # a letter moved inside one word of a longer name (`tpeys-docutils`); `amp`/`mpa` are siblings
_TWO_SLIPS_WITH_DIGITS = 9  # two slips plus changed version digits only in names this long
_SHORT_NAME_TECHNIQUES = frozenset({TRANSPOSITION, DOUBLED, HOMOGLYPH, KEYBOARD})  # slips trusted on 4 letters


@dataclass(frozen=True, slots=True)
class TyposquatMatch:
    """`name` looks like an imitation of the popular project `imitates`."""

    name: str  # as given
    normalized: str
    imitates: str
    imitated_rank: int
    imitated_downloads: int
    techniques: tuple[str, ...]  # from TECHNIQUES (plus "multiple edits"), most telling first
    details: tuple[str, ...]  # human explanations, e.g. "'u' and 'e' swapped"
    distance: int  # character edits between the compared forms (0 for look-alikes and affixes)
    confidence: float  # 0..1
    candidate_downloads: int | None  # the candidate's own downloads if it is in the snapshot

    @property
    def how(self) -> str:
        return "; ".join(self.details) if self.details else ", ".join(self.techniques)


@dataclass(frozen=True, slots=True)
class _Hypothesis:
    project: PopularProject
    techniques: tuple[str, ...]
    details: tuple[str, ...]
    distance: int
    strength: float  # evidence from the change itself, before popularity
    tier: int = 1  # 0 look-alike; 1 one change; 2 two changes (typo plus affix, two typos...)


def check_name(
    name: str,
    *,
    popular: PopularIndex | None = None,
    min_ratio: float = DEFAULT_MIN_RATIO,
    threshold: float = THRESHOLD,
) -> TyposquatMatch | None:
    """The popular project `name` most likely imitates, or None when it imitates none."""
    index = popular if popular is not None else default_index()
    folded = fold(name)
    if len(compact(folded.normalized)) < 3:
        return None
    own = index.get(name) if name.isascii() else None
    best = _choose(_hypotheses(folded, index), own, index.floor, min_ratio, threshold, POPULARITY_WEIGHT)
    if best is None:
        return None
    score, chosen = best
    return TyposquatMatch(
        name=name,
        normalized=folded.normalized,
        imitates=chosen.project.name,
        imitated_rank=chosen.project.rank,
        imitated_downloads=chosen.project.downloads,
        techniques=chosen.techniques,
        details=chosen.details,
        distance=chosen.distance,
        confidence=round(1 / (1 + math.exp(-1.5 * (score - threshold) - 0.5)), 2),
        candidate_downloads=own.downloads if own is not None else None,
    )


def _choose(
    hypotheses: list[_Hypothesis],
    own: PopularProject | None,
    floor: int,
    min_ratio: float,
    threshold: float,
    weight: float,
) -> tuple[float, _Hypothesis] | None:
    """The best-scoring hypothesis that clears the threshold and the popularity-ratio rule."""
    own_downloads = own.downloads if own is not None else floor
    best: tuple[float, _Hypothesis] | None = None
    for hypothesis in hypotheses:
        target = hypothesis.project
        if own is not None and (target == own or target.downloads < min_ratio * own.downloads):
            continue
        score = hypothesis.strength + weight * math.log10(max(target.downloads, 1) / max(own_downloads, 1))
        # The simplest explanation wins; popularity only decides between equally simple ones.
        if score >= threshold and (best is None or (hypothesis.tier, -score) < (best[1].tier, -best[0])):
            best = (score, hypothesis)
    return best


def _hypotheses(folded: FoldedName, index: PopularIndex) -> list[_Hypothesis]:
    found = _single_change_hypotheses(folded, index)
    found.extend(_affix_slips(folded.normalized, index))
    found.extend(_repeated_letters(folded, index))
    return found


def _repeated_letters(folded: FoldedName, index: PopularIndex) -> list[_Hypothesis]:
    """A letter held down or hit three times or more (`requstsss`): explain the name with the run
    cut to two letters or to one, and count the run as one more change."""
    runs = letter_runs(folded.normalized)
    if not runs:
        return []
    note = tuple(f"'{run[0]}' typed {len(run)} times" for run in runs)
    found: list[_Hypothesis] = []
    for variant in squeezed(folded.normalized):
        for project in index.by_skeleton(skeleton(variant)):
            if project.name == variant and project in index.forms:
                found.append(_Hypothesis(project, (REPEATED,), note, 1, _STRENGTH[REPEATED]))
        for hypothesis in _single_change_hypotheses(FoldedName(folded.raw, variant, folded.unicode_lookalikes), index):
            found.append(
                _Hypothesis(
                    hypothesis.project,
                    tuple(dict.fromkeys((MULTIPLE, REPEATED, *hypothesis.techniques))),
                    note + hypothesis.details,
                    hypothesis.distance + 1,
                    hypothesis.strength - 0.25,
                    2,
                )
            )
    return found


_AFFIX_WORDS = ("py", "python", "python3")
_PYTHON_LETTERS = frozenset("python")
# One slip from `py`, but abbreviations names use on their own (PyTorch weights, PostgreSQL, pH).
_ABBREVIATIONS = frozenset({"pt", "pg", "ph"})


def _affix_slips(norm: str, index: PopularIndex) -> list[_Hypothesis]:
    """A popular name with a mistyped python/py affix (`web3-p6`, `pyhton-dateutil`): the affix game
    and a slip in it. Only whole words are read as a mistyped `py`; a glued one must be `python`."""
    parts, plain = tokens(norm), compact(norm)
    splits: list[tuple[str, str, bool]] = []  # (typed affix, rest, affix at the start)
    if len(parts) >= 2:
        splits += [(parts[0], "-".join(parts[1:]), True), (parts[-1], "-".join(parts[:-1]), False)]
    for size in (5, 6, 7) if len(_PYTHON_LETTERS - set(plain)) <= 1 else ():
        if len(plain) - size >= 3:
            splits += [(plain[:size], plain[size:], True), (plain[-size:], plain[:-size], False)]
    found: list[_Hypothesis] = []
    for typed, rest, at_start in splits:
        for meant in _AFFIX_WORDS:
            slip = _affix_slip(typed, meant)
            if slip is None:
                continue
            where = "before" if at_start else "after"
            for project in {*index.by_skeleton(skeleton(rest)), *index.by_core(core(rest))}:
                if project.name == norm:
                    continue
                details = (f"'{typed}' put {where} '{project.name}': '{meant}' with {slip.detail}",)
                techniques = (AFFIX, slip.technique)
                found.append(_Hypothesis(project, techniques, details, 1, _STRENGTH[AFFIX], 2))
    return found


def _affix_slip(typed: str, meant: str) -> Edit | None:
    if meant in typed or typed in _AFFIX_WORDS or abs(len(typed) - len(meant)) > 1:
        return None
    if len(set(meant) - set(typed)) > 1:
        return None  # one edit loses at most one of the letters (quick: most names are nowhere near)
    if distance(typed, meant, 1) != 1:
        return None
    (edit,) = describe(typed, meant)
    if edit.technique == SUBSTITUTION:
        return None  # only slips: `cython` is a word of its own
    if len(meant) == 2 and (edit.technique not in (KEYBOARD, TRANSPOSITION, DOUBLED) or typed in _ABBREVIATIONS):
        return None  # a lone `p` or `y` is not a `py`
    return edit


def _single_change_hypotheses(folded: FoldedName, index: PopularIndex) -> list[_Hypothesis]:
    norm = folded.normalized
    my_shape, my_core = shape(norm), core(norm)
    found: list[_Hypothesis] = []
    unicode_note = ("Unicode characters that look like ASCII letters",) if folded.unicode_lookalikes else ()

    for project in index.by_skeleton(skeleton(norm)):
        if project.name == norm:
            if folded.unicode_lookalikes:
                found.append(_Hypothesis(project, (HOMOGLYPH,), unicode_note, 0, _STRENGTH[HOMOGLYPH], 0))
        elif compact(norm) == compact(project.name):
            detail = f"separators differ from '{project.name}'"
            found.append(_Hypothesis(project, (SEPARATOR,), unicode_note + (detail,), 0, _STRENGTH[SEPARATOR], 0))
        else:
            edits = describe(compact(norm), compact(project.name))
            details = tuple(e.detail for e in edits if e.technique == HOMOGLYPH) or ("look-alike letters",)
            found.append(_Hypothesis(project, (HOMOGLYPH,), unicode_note + details, 0, _STRENGTH[HOMOGLYPH], 0))

    # Version digits glued on: the core may not show it (the core of `numpy` is `num`, of `numpy2` `numpy`).
    my_unversioned = _unversioned(norm) or my_shape
    same_core = [(p, my_core, index.forms[p].core) for p in index.by_core(my_core)]
    same_shape = [(p, my_unversioned, my_unversioned) for p in index.by_skeleton(skeleton(my_unversioned))]
    for project, mine, theirs in same_core + same_shape:
        forms = index.forms[project]
        if forms.shape != my_shape and (mine == my_core or forms.shape == my_unversioned != my_shape):
            detail = _affix_change(norm, project.name, mine, theirs)
            strength = _affix_strength(compact(norm), forms.compact, index)
            found.append(_Hypothesis(project, (AFFIX,), (detail,), 0, strength))

    # A doubled letter is visible even in names too short for the edit index (`arqq`, `raay`).
    if len(my_shape) <= 5:
        for shorter in undoubled(my_shape):
            for project in index.by_skeleton(skeleton(shorter)):
                if len(index.forms[project].shape) == 3 and project.name != norm:
                    details = tuple(e.detail for e in describe(compact(norm), index.forms[project].compact))
                    found.append(_Hypothesis(project, (DOUBLED,), details, 1, _STRENGTH[DOUBLED] - 0.6))

    # Without its python/py affix but with its digits (`wweb3-py` is a slip on `web3` plus `-py`).
    my_bare = core(norm, keep_digits=True)
    my_forms = (my_shape, my_core, my_bare, my_unversioned)
    candidates = index.near(my_shape)
    for form in set(my_forms) - {my_shape}:
        candidates |= index.near(form)
    my_bigrams = {form: bigrams(form) for form in set(my_forms)}
    for project in candidates:
        hypothesis = _typo(norm, my_forms, my_bigrams, project, index)
        if hypothesis is not None:
            found.append(hypothesis)

    found.extend(_combos(norm, index))
    return found


def _unversioned(norm: str) -> str:
    """The shape without one or two version digits glued to a last word of 3+ letters (`numpyy2`);
    digits in `faker-e164` or `types-boto3-s3` are part of a word."""
    last = tokens(norm)[-1] if tokens(norm) else ""
    word = last.rstrip(_DIGITS)
    if len(word) < 3 or not 1 <= len(last) - len(word) <= 2:
        return ""
    return shape(compact(norm)[: len(word) - len(last)])


def _affix_strength(mine: str, theirs: str, index: PopularIndex) -> float:
    """Adding `py`/`python` to a popular name is the game; the rest is mostly real projects.

    Dropping the affix leaves a plain word (`socks` for `pysocks`) and swapping it is how bindings
    name themselves (`pykafka`, `kafka-python`); version digits make forks (`markdown2`).
    """
    if mine.rstrip(_DIGITS) == theirs.rstrip(_DIGITS):
        if theirs.rstrip(_DIGITS) == theirs and mine != theirs and not index.numbered_variants(theirs):
            # A version number glued to a name that has none (`aiohttp-socks5`). Forks do this too
            # (`jsonfield2`), so only well-known targets lift it over the threshold, and not at all
            # where listed projects already number themselves (`pathlib2`, `fabric2`, `uuid6`).
            return _DIGITS_ADDED
        # `pathlib2`/`pathlib3`, `psycopg2`, `cu11`/`cu12`: variants; only the very top projects
        # (`boto4`) lift this over the threshold.
        return _DIGITS_ONLY
    if theirs in mine and mine.rstrip(_DIGITS) == mine and theirs.rstrip(_DIGITS) == theirs:
        return _STRENGTH[AFFIX]
    return _WEAK_AFFIX


def _typo(
    norm: str,
    mine_forms: tuple[str, str, str, str],
    my_bigrams: dict[str, frozenset[str]],
    project: PopularProject,
    index: PopularIndex,
) -> _Hypothesis | None:
    my_shape, my_core, my_bare, my_unversioned = mine_forms
    forms = index.forms[project]
    pairs = [(my_shape, forms.shape, forms.shape_bigrams, False)]
    # `huperopt2`: one slip plus a version digit on a digitless name, rather than two slips
    versioned = my_unversioned != my_shape and forms.shape.rstrip(_DIGITS) == forms.shape
    if versioned:
        pairs.append((my_unversioned, forms.shape, forms.shape_bigrams, True))
    if my_core != my_shape or forms.core != forms.shape:
        pairs.append((my_core, forms.core, forms.core_bigrams, True))
    if my_bare not in (my_shape, my_core) or (
        # `we3-py`: a slip on a name whose only affix is its version digits (`web3`), plus `-py`
        my_bare != my_shape and forms.core == forms.shape.rstrip(_DIGITS) and forms.core != forms.shape
    ):
        pairs.append((my_bare, forms.shape, forms.shape_bigrams, True))
    # Only version digits differ between the forms (`beuatiflsoup` for `beautifulsoup4`).
    # One-word names only: in `mypy-boto3-s3` the digits name a family member, not a version.
    digits_affix = (
        my_core == my_shape.rstrip(_DIGITS) and forms.core == forms.shape.rstrip(_DIGITS) and "-" not in project.name
    )
    for mine, theirs, their_bigrams, affix in pairs:
        allowed = max_edits(len(theirs))
        if allowed == 0 or mine == theirs or abs(len(mine) - len(theirs)) > allowed:
            continue
        if len(their_bigrams - my_bigrams[mine]) > 3 * allowed:
            continue  # each edit destroys at most three of the target's letter pairs
        d = distance(mine, theirs, allowed)
        # A move is two edits (out and back in): one too many for short names, "two slips" for long ones.
        shifted = moved(mine, theirs) if d >= 2 and len(mine) == len(theirs) else None
        if shifted is not None and (shifted.char.isdigit() or (len(theirs) >= _LETTER_MOVE_MIN and not affix)):
            edits, d = [shifted], 1
        elif d > allowed or (d > 1 and versioned and not affix):
            continue
        else:
            edits = _explain(norm, project.name, mine, theirs, affix, d)
        if all(e.digits_only for e in edits):
            continue  # digit changes are version variants (`pypdf2`/`pypdf3`, `cu11`/`cu12`), not slips
        if len(theirs) <= 4 and not all(_short_name_slip(e, mine, theirs, affix) for e in edits):
            continue
        long_digits_affix = digits_affix and len(theirs) >= _TWO_SLIPS_WITH_DIGITS
        if d > 1 and ((affix and not long_digits_affix) or sum(e.technique == SUBSTITUTION for e in edits) > 1):
            continue  # two letters replaced, or slips on top of an affix game: a different word
        if not affix and not _word_level_ok(norm, project.name, index):
            continue
        if d > 1 and _extends_listed(norm, project.name, index):
            return None  # `cli-clang` is clang with a word added, not two slips on `libclang`
        sibling = _sibling(norm, project.name, index)
        affix_detail = _affix_change(norm, project.name, mine, theirs) if affix else ""
        return _typo_hypothesis(norm, project, edits, d, affix_detail, len(theirs), sibling)
    return None


def _short_name_slip(edit: Edit, mine: str, theirs: str, affix: bool) -> bool:
    """Four letters are dense: only slips are trusted there, and a moved digit (`w3eb`). Names with
    digits are sparser: any edit that keeps the digits counts when four characters are left or the
    name carries a python/py affix too (`we3-py` for `web3`; `we3` alone is too short to tell)."""
    if edit.technique in _SHORT_NAME_TECHNIQUES:
        return True
    if edit.technique == MOVED:
        return edit.char.isdigit()
    theirs_digits = "".join(c for c in theirs if c.isdigit())
    keeps_digits = bool(theirs_digits) and "".join(c for c in mine if c.isdigit()) == theirs_digits
    return keeps_digits and (len(mine) >= 4 or affix)


def _explain(norm: str, target: str, mine: str, theirs: str, affix: bool, d: int) -> list[Edit]:
    # Describe the letters as typed (not folded), when folding did not change the distance.
    if affix:
        typed_mine, typed_theirs = _typed(norm, mine), _typed(target, theirs)
    else:
        typed_mine, typed_theirs = compact(norm), compact(target)
    if distance(typed_mine, typed_theirs, d) == d:
        return describe(typed_mine, typed_theirs)
    return describe(mine, theirs)


def _affix_change(norm: str, target: str, mine: str, theirs: str) -> str:
    """What was added to or dropped from the name around the compared forms (`'py' put after`)."""
    changes = []
    added, dropped = _around(norm, mine), _around(target, theirs)
    if added and dropped and not added[0] + dropped[0] and added[1].isdigit() and dropped[1].isdigit():
        return f"version digits '{dropped[1]}' of '{target}' changed to '{added[1]}'"
    if added is not None:
        changes += [f"'{added[0]}' put before '{target}'"] if added[0] else []
        changes += [f"'{added[1]}' put after '{target}'"] if added[1] else []
    if dropped is not None:
        changes += [f"'{dropped[0]}' dropped from the start of '{target}'"] if dropped[0] else []
        changes += [f"'{dropped[1]}' dropped from the end of '{target}'"] if dropped[1] else []
    return "; ".join(changes) or f"python/py affix or version digits of '{target}' changed"


def _around(norm: str, form: str) -> tuple[str, str] | None:
    """The letters of `norm` before and after its comparison form `form` (None if not found).
    Shapes keep the length of the compact name, so positions in one are positions in the other."""
    at = shape(norm).find(form)
    if at < 0:
        return None
    plain = compact(norm)
    return plain[:at], plain[at + len(form) :]


def _typed(norm: str, form: str) -> str:
    """The letters as typed behind a comparison form (`dateutil` behind the shape `dateutll`)."""
    found = _around(norm, form)
    return compact(norm)[len(found[0]) : len(found[0]) + len(form)] if found is not None else form


def _word_level_ok(norm: str, target: str, index: PopularIndex) -> bool:
    """A typo changes letters inside words; replacing, adding or dropping a whole word is not one."""
    mine, theirs = tokens(norm), tokens(target)
    if len(mine) == len(theirs):
        if len(mine) < 2:
            return True
        for position, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            if a == b:
                continue
            if distance(a, b, 2) <= max_edits(len(b)) or (len(b) == 3 and b in undoubled(a)):
                continue  # short words take no slips but a doubled letter (`hatchet-sddk`)
            last_of_family = position == len(theirs) - 1 and index.family_size(target) >= _FAMILY
            if not last_of_family and _short_word_slip(a, b, target):
                continue  # `mypy-boto3-ecs`/`-efs`: family members differ in exactly such words
            if len(b) < _WORD_MOVE_MIN or moved(a, b) is None:
                return False
        return True
    longer, shorter = (mine, theirs) if len(mine) > len(theirs) else (theirs, mine)
    if len(longer) == len(shorter) + 1:
        for drop in range(len(longer)):
            if "".join(longer[:drop] + longer[drop + 1 :]) == "".join(shorter):
                return False
    return True


def _extends_listed(norm: str, target: str, index: PopularIndex) -> bool:
    """Some run of the name's words, not all of them, is a listed project that the target does not
    contain: the name reads as that project plus words (`cli-clang`, `trino-client`), not as two
    slips across its word boundary (`libclang`, `tritonclient`). A shared first word (`django-`) is
    no such reading."""
    parts, theirs = tokens(norm), f"-{target}-"
    for start in range(len(parts)):
        for end in range(start + 1, len(parts) + 1):
            run = "-".join(parts[start:end])
            if end - start < len(parts) and f"-{run}-" not in theirs and index.get(run) is not None:
                return True
    return False


def _short_word_slip(typed: str, word: str, target: str) -> bool:
    """A slip (not a replaced letter) in a 2-3 letter word of a long name (`aws-sam-acli`): the rest
    of the name is long enough to tell what was meant."""
    if len(word) > 3 or len(compact(target)) < _SHORT_WORD_SLIP_MIN or distance(typed, word, 1) != 1:
        return False
    (edit,) = describe(typed, word)
    return edit.technique in (OMISSION, INSERTION, DOUBLED, TRANSPOSITION, KEYBOARD) and not edit.digits_only


def _typo_hypothesis(
    norm: str, project: PopularProject, edits: list[Edit], d: int, affix: str, length: int, sibling: bool
) -> _Hypothesis:
    """A typo hypothesis; `affix` describes the affix change made on top of the typo, if any."""
    techniques = [e.technique for e in edits]
    strength = min(_STRENGTH.get(t, 1.0) for t in techniques)
    if d == 1 and _plural(norm, project.name):
        strength = min(strength, _STRENGTH[SUBSTITUTION])  # `aiofile`/`aiofiles`: singular and plural both exist
    if d > 1:
        # Two slips in a short name make a different word more often than a squat.
        strength -= 0.75 + 0.25 * max(0, 10 - length)
        techniques.insert(0, MULTIPLE)
    details = [e.detail for e in edits]
    if affix:
        strength -= 0.5
        techniques.append(AFFIX)
        details.append(affix)
    strength += max(-0.75, min(0.75, 0.15 * (length - 7)))  # long names are sparse
    if sibling:
        strength -= 1.0
    tier = 1 if d == 1 and not affix else 2
    return _Hypothesis(project, tuple(dict.fromkeys(techniques)), tuple(details), d, strength, tier)


def _sibling(norm: str, target: str, index: PopularIndex) -> bool:
    """Only the last word differs and the target has many siblings (`apache-airflow-providers-ftp`
    and `-sftp`, `mypy-boto3-*`): family members differ exactly there, so it is weak evidence."""
    mine, theirs = tokens(norm), tokens(target)
    return len(mine) == len(theirs) >= 2 and mine[:-1] == theirs[:-1] and index.family_size(target) >= _FAMILY


def _plural(norm: str, target: str) -> bool:
    return norm + "s" == target or target + "s" == norm


def _combos(norm: str, index: PopularIndex) -> list[_Hypothesis]:
    found: list[_Hypothesis] = []
    parts = tokens(norm)
    for start in range(len(parts)):
        for end in range(start + 1, len(parts) + 1):
            rest = parts[:start] + parts[end:]
            if rest and all(_is_lure(word) for word in rest):
                found.extend(_combo_hits("-".join(parts[start:end]), "-".join(rest), index))
    plain = _VERSION_TAIL.sub("", compact(norm))
    for word in GLUED_LURE_WORDS:
        if len(plain) - len(word) >= 5:
            if plain.endswith(word):
                found.extend(_combo_hits(plain[: -len(word)], word, index, typos=False))
            if plain.startswith(word):
                found.extend(_combo_hits(plain[len(word) :], word, index, typos=False))
    return found


def _combo_hits(span: str, extra: str, index: PopularIndex, typos: bool = True) -> list[_Hypothesis]:
    span_shape = shape(span)
    if len(span_shape) < 3:
        return []
    # tier 1: the very name plus lure words; tier 2: its core or a one-letter typo of it
    matches = {p: 2 for p in index.by_core(core(span))} | {p: 1 for p in index.by_skeleton(skeleton(span))}
    slips: dict[PopularProject, Edit] = {}
    if typos and len(span_shape) >= 4:
        for project in index.near(span_shape):
            theirs = index.forms[project].shape
            if project in matches or distance(span_shape, theirs, 1) != 1:
                continue
            typed, meant = compact(span), index.forms[project].compact
            (slip,) = describe(typed, meant) if distance(typed, meant, 1) == 1 else describe(span_shape, theirs)
            # Five letters or fewer are dense: only slips (`nunpy-new`), not any replaced letter.
            if len(span_shape) >= 6 or slip.technique in _SHORT_NAME_TECHNIQUES:
                matches[project] = 3
                slips[project] = slip
    hits = []
    for project, kind in matches.items():
        text = f"'{project.name}' plus the lure word(s) '{extra}'"
        techniques: tuple[str, ...] = (COMBOSQUAT,)
        details: tuple[str, ...] = (text,)
        if project in slips:
            techniques, details = (COMBOSQUAT, slips[project].technique), (text, slips[project].detail)
        strength = _STRENGTH[COMBOSQUAT] - (0.75 if kind == 3 else 0.0)
        hits.append(_Hypothesis(project, techniques, details, 1 if kind == 3 else 0, strength, min(kind, 2)))
    return hits


def _is_lure(word: str) -> bool:
    return bool(_VERSIONISH.match(word)) or word.rstrip("0123456789") in LURE_WORDS
