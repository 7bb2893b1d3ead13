"""Does a package name imitate a popular project? `check_name` answers with the best explanation.

Hypotheses, each explaining the name as a popular project plus a change:
1. look-alike: same skeleton (separators, 0/o, 1/l/i, rn/m, vv/w, cl/d, Unicode confusables);
2. affix game: same core (`python-`, `py`, `-py`, version digits added, dropped or swapped);
3. typo: shape or core within `max_edits(len)` edits (deletion, insertion, doubled letter,
   transposition, keyboard slip, substitution), counted per word for multi-word names;
4. combosquat: a popular name plus lure words only (`-new`, `-update`, `-fixed`, `-stealer`...).

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

from ...model import Finding, Location, Severity
from .edits import (
    DOUBLED,
    HOMOGLYPH,
    INSERTION,
    KEYBOARD,
    OMISSION,
    SUBSTITUTION,
    TRANSPOSITION,
    Edit,
    describe,
    distance,
)
from .names import FoldedName, compact, core, fold, shape, skeleton, tokens, undoubled
from .popular import PopularIndex, PopularProject, bigrams, default_index, max_edits

SEPARATOR = "separator change"
AFFIX = "prefix/suffix"
COMBOSQUAT = "combosquat"
MULTIPLE = "multiple edits"

TECHNIQUES = (
    OMISSION,
    INSERTION,
    DOUBLED,
    TRANSPOSITION,
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
    COMBOSQUAT: 2.0,
    KEYBOARD: 1.75,
    OMISSION: 1.5,
    INSERTION: 1.25,
    SUBSTITUTION: 1.0,
    AFFIX: 1.0,
}
_WEAK_AFFIX = 0.5
_DIGITS_ONLY = -0.5
_DIGITS = "0123456789"
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

    for project in index.by_core(my_core):
        strength = _affix_strength(compact(norm), index.forms[project].compact)
        if index.forms[project].shape != my_shape:
            found.append(_Hypothesis(project, (AFFIX,), (_affix_detail(norm, project.name),), 0, strength))

    # A doubled letter is visible even in names too short for the edit index (`arqq`, `raay`).
    if len(my_shape) <= 5:
        for shorter in undoubled(my_shape):
            for project in index.by_skeleton(skeleton(shorter)):
                if len(index.forms[project].shape) == 3 and project.name != norm:
                    details = tuple(e.detail for e in describe(compact(norm), index.forms[project].compact))
                    found.append(_Hypothesis(project, (DOUBLED,), details, 1, _STRENGTH[DOUBLED] - 0.6))

    # Without its python/py affix but with its digits (`wweb3-py` is a slip on `web3` plus `-py`).
    my_bare = core(norm, keep_digits=True)
    candidates = index.near(my_shape)
    for form in {my_core, my_bare} - {my_shape}:
        candidates |= index.near(form)
    my_bigrams = {form: bigrams(form) for form in (my_shape, my_core, my_bare)}
    for project in candidates:
        hypothesis = _typo(norm, (my_shape, my_core, my_bare), my_bigrams, project, index)
        if hypothesis is not None:
            found.append(hypothesis)

    found.extend(_combos(norm, index))
    return found


def _affix_strength(mine: str, theirs: str) -> float:
    """Adding `py`/`python` to a popular name is the game; the rest is mostly real projects.

    Dropping the affix leaves a plain word (`socks` for `pysocks`) and swapping it is how bindings
    name themselves (`pykafka`, `kafka-python`); version digits make forks (`markdown2`).
    """
    if mine.rstrip(_DIGITS) == theirs.rstrip(_DIGITS):
        # `pathlib2`, `psycopg2`, `uuid6`, `cu11`/`cu12`: forks and variants; only the very top
        # projects (`requests2`, `boto4`) lift this over the threshold.
        return _DIGITS_ONLY
    if theirs in mine and mine.rstrip(_DIGITS) == mine and theirs.rstrip(_DIGITS) == theirs:
        return _STRENGTH[AFFIX]
    return _WEAK_AFFIX


def _affix_detail(norm: str, target: str) -> str:
    mine, theirs = compact(norm), compact(target)
    if mine.endswith(theirs):
        return f"'{mine[: -len(theirs)]}' put before '{target}'"
    if mine.startswith(theirs):
        return f"'{mine[len(theirs) :]}' put after '{target}'"
    if theirs.endswith(mine):
        return f"'{theirs[: -len(mine)]}' dropped from the start of '{target}'"
    if theirs.startswith(mine):
        return f"'{theirs[len(mine) :]}' dropped from the end of '{target}'"
    return f"python/py affix or version digits of '{target}' changed"


def _typo(
    norm: str,
    mine_forms: tuple[str, str, str],
    my_bigrams: dict[str, frozenset[str]],
    project: PopularProject,
    index: PopularIndex,
) -> _Hypothesis | None:
    my_shape, my_core, my_bare = mine_forms
    forms = index.forms[project]
    pairs = [(my_shape, forms.shape, forms.shape_bigrams, False)]
    if my_core != my_shape or forms.core != forms.shape:
        pairs.append((my_core, forms.core, forms.core_bigrams, True))
    if my_bare not in (my_shape, my_core):
        pairs.append((my_bare, forms.shape, forms.shape_bigrams, True))
    for mine, theirs, their_bigrams, affix in pairs:
        allowed = max_edits(len(theirs))
        if allowed == 0 or mine == theirs or abs(len(mine) - len(theirs)) > allowed:
            continue
        if len(their_bigrams - my_bigrams[mine]) > 3 * allowed:
            continue  # each edit destroys at most three of the target's letter pairs
        d = distance(mine, theirs, allowed)
        if d > allowed:
            continue
        edits = _explain(norm, project.name, mine, theirs, affix, d)
        if all(e.digits_only for e in edits):
            continue  # digit changes are version variants (`pypdf2`/`pypdf3`, `cu11`/`cu12`), not slips
        if len(theirs) <= 4 and any(e.technique not in _SHORT_NAME_TECHNIQUES for e in edits):
            continue
        if d > 1 and (affix or sum(e.technique == SUBSTITUTION for e in edits) > 1):
            continue  # two letters replaced, or slips on top of an affix game: a different word
        if not affix and not _word_level_ok(norm, project.name, index):
            continue
        sibling = not affix and _sibling(norm, project.name, index)
        return _typo_hypothesis(norm, project, edits, d, affix, len(theirs), sibling)
    return None


def _explain(norm: str, target: str, mine: str, theirs: str, affix: bool, d: int) -> list[Edit]:
    # Describe the letters as typed (not folded), when folding did not change the distance.
    if not affix and distance(compact(norm), compact(target), d) == d:
        return describe(compact(norm), compact(target))
    return describe(mine, theirs)


def _word_level_ok(norm: str, target: str, index: PopularIndex) -> bool:
    """A typo changes letters inside words; replacing, adding or dropping a whole word is not one."""
    mine, theirs = tokens(norm), tokens(target)
    if len(mine) == len(theirs):
        if len(mine) < 2:
            return True
        for position, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            if a == b:
                continue
            if distance(a, b, 2) > max_edits(len(b)) and not (len(b) == 3 and b in undoubled(a)):
                return False  # short words take no slips but a doubled letter (`hatchet-sddk`)
        return True
    longer, shorter = (mine, theirs) if len(mine) > len(theirs) else (theirs, mine)
    if len(longer) == len(shorter) + 1:
        for drop in range(len(longer)):
            if "".join(longer[:drop] + longer[drop + 1 :]) == "".join(shorter):
                return False
    return True


def _typo_hypothesis(
    norm: str, project: PopularProject, edits: list[Edit], d: int, affix: bool, length: int, sibling: bool
) -> _Hypothesis:
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
        details.append(_affix_detail(norm, project.name))
    strength += max(-0.75, min(0.75, 0.15 * (length - 7)))  # long names are sparse
    if sibling:
        strength -= 1.0
    tier = 1 if d == 1 and not affix else 2
    return _Hypothesis(project, tuple(dict.fromkeys(techniques)), tuple(details), d, strength, tier)


def _sibling(norm: str, target: str, index: PopularIndex) -> bool:
    """Only the last word differs and the target has many siblings (`apache-airflow-providers-ftp`
    and `-sftp`, `mypy-boto3-*`): family members differ exactly there, so it is weak evidence."""
    mine, theirs = tokens(norm), tokens(target)
    return len(mine) == len(theirs) >= 2 and mine[:-1] == theirs[:-1] and index.family_size(target) >= 3


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
    if typos and len(span_shape) >= 6:
        for project in index.near(span_shape):
            theirs = index.forms[project].shape
            if project not in matches and distance(span_shape, theirs, 1) == 1:
                matches[project] = 3
    hits = []
    for project, kind in matches.items():
        text = f"'{project.name}' plus the lure word(s) '{extra}'" + (" (and a typo)" if kind == 3 else "")
        strength = _STRENGTH[COMBOSQUAT] - (0.75 if kind == 3 else 0.0)
        hits.append(_Hypothesis(project, (COMBOSQUAT,), (text,), 1 if kind == 3 else 0, strength, min(kind, 2)))
    return hits


def _is_lure(word: str) -> bool:
    return bool(_VERSIONISH.match(word)) or word.rstrip("0123456789") in LURE_WORDS


RULE_ID = "typosquat.imitates-popular-project"

_WHY = (
    "Typosquatting packages borrow the name of a popular project so that a slip of the keyboard in "
    "`pip install` or in a requirements file installs the attacker's code instead. Install-time hooks "
    "run at once, with the installing user's access to credentials, tokens and source."
)


def severity_for(match: TyposquatMatch) -> Severity:
    """Confident imitations of widely used projects are the ones attackers actually profit from."""
    if match.confidence >= 0.8 and match.imitated_rank <= 1000:
        return Severity.HIGH
    if match.confidence >= 0.6:
        return Severity.MEDIUM
    return Severity.LOW


def to_finding(match: TyposquatMatch, *, path: str = "") -> Finding:
    """The match as a finding; `path` is where the name was seen (a requirements file, PKG-INFO)."""
    popularity = f"rank {match.imitated_rank}, {match.imitated_downloads:,} downloads a month"
    own = (
        f" '{match.name}' itself has {match.candidate_downloads:,}, far fewer."
        if match.candidate_downloads is not None
        else ""
    )
    return Finding(
        rule=RULE_ID,
        title=f"'{match.name}' imitates the popular project '{match.imitates}'",
        severity=severity_for(match),
        message=(
            f"'{match.name}' looks like a typosquat of '{match.imitates}' ({popularity}): "
            f"{', '.join(match.techniques)} ({match.how}).{own}"
        ),
        location=Location(path=path or match.name, snippet=match.name),
        confidence=match.confidence,
        why=_WHY,
        remediation=(
            f"If you meant '{match.imitates}', correct the name. If '{match.name}' is intended, check its "
            "maintainers, source repository and release history before installing it, then accept this "
            "finding in the baseline."
        ),
        cwe=("CWE-1357",),
        attack=("T1195.001",),
        tags=("typosquat", *match.techniques),
        evidence_key=f"{match.normalized}->{match.imitates}",
    )
