"""Edit distance with adjacent transpositions (optimal string alignment), and what the edits were.

The distance is computed only between a candidate and the few popular names the deletion index
proposes, so a plain dynamic programme is fast enough.
"""

from __future__ import annotations

from dataclasses import dataclass

# Technique labels, shared with the detector and the findings.
OMISSION = "one-letter deletion"
INSERTION = "one-letter insertion"
DOUBLED = "doubled letter"
TRANSPOSITION = "transposition"
KEYBOARD = "keyboard slip"
SUBSTITUTION = "one-letter substitution"
HOMOGLYPH = "homoglyph"
MOVED = "moved character"

_ROWS = ("1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm")
# Visually confusable ASCII pairs (beyond the multi-letter ones the skeleton already merges).
_LOOKALIKE_PAIRS = frozenset(
    frozenset(p) for p in ("0o", "1l", "1i", "il", "5s", "2z", "6b", "9g", "9q", "gq", "uv", "vy", "nh", "ce", "ec")
)


# How far right of the number row each row starts, in keys (ANSI layout: `q` sits between `1` and
# `2`, `a` a quarter key right of `q`, `z` half a key right of `a`).
_ROW_OFFSETS = (0.0, 0.5, 0.75, 1.25)


def _neighbours() -> dict[str, frozenset[str]]:
    # Keys whose centres are at most one key apart, same row or the rows above and below; so each
    # digit touches two letters (`6`: `t` and `y`).
    position: dict[str, tuple[float, float]] = {}
    for row, keys in enumerate(_ROWS):
        for column, key in enumerate(keys):
            position[key] = (row, column + _ROW_OFFSETS[row])
    result: dict[str, frozenset[str]] = {}
    for key, (r1, c1) in position.items():
        result[key] = frozenset(
            other
            for other, (r2, c2) in position.items()
            if other != key and abs(r1 - r2) <= 1 and abs(c1 - c2) <= (1.0 if r1 == r2 else 0.75)
        )
    return result


KEYBOARD_NEIGHBOURS = _neighbours()


def adjacent_keys(a: str, b: str) -> bool:
    return b in KEYBOARD_NEIGHBOURS.get(a, frozenset())


def lookalike(a: str, b: str) -> bool:
    return frozenset((a, b)) in _LOOKALIKE_PAIRS


def distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance, or `limit + 1` once it must exceed `limit`.

    Only the diagonal band |i - j| <= limit can hold values within the limit, so that is all that
    is computed: linear in the length for the small limits used here.
    """
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    # Shared ends cost nothing; cutting them leaves a short middle, and a mismatch at its very
    # start lets the band give up after a few rows.
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    over = limit + 1
    width = len(b)
    previous2 = [over] * (width + 1)
    previous = [j if j <= limit else over for j in range(width + 1)]
    for i in range(1, len(a) + 1):
        current = [over] * (width + 1)
        if i <= limit:
            current[0] = i
        low, high = max(1, i - limit), min(width, i + limit)
        best = current[0]
        ai = a[i - 1]
        for j in range(low, high + 1):
            bj = b[j - 1]
            value = previous[j - 1] if ai == bj else previous[j - 1] + 1
            value = min(value, previous[j] + 1)
            value = min(value, current[j - 1] + 1)
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == bj and previous2[j - 2] + 1 < value:
                value = previous2[j - 2] + 1
            current[j] = value
            best = min(best, value)
        if best > limit:
            return over
        previous2, previous = previous, current
    return min(previous[width], over)


@dataclass(frozen=True, slots=True)
class Edit:
    technique: str
    detail: str  # e.g. "'u' and 'e' swapped"
    digits_only: bool = False  # only digits were touched (a version variant rather than a slip)
    char: str = ""  # the character moved, for MOVED


def describe(candidate: str, target: str) -> list[Edit]:
    """Label the edits that turn `target` into `candidate`, from one optimal alignment."""
    rows, cols = len(target), len(candidate)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows + 1):
        table[i][0] = i
    for j in range(cols + 1):
        table[0][j] = j
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            cost = 0 if target[i - 1] == candidate[j - 1] else 1
            value = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and target[i - 1] == candidate[j - 2] and target[i - 2] == candidate[j - 1]:
                value = min(value, table[i - 2][j - 2] + 1)
            table[i][j] = value
    edits: list[Edit] = []
    i, j = rows, cols
    while i > 0 or j > 0:
        here = table[i][j]
        if i > 0 and j > 0 and target[i - 1] == candidate[j - 1] and here == table[i - 1][j - 1]:
            i, j = i - 1, j - 1
        elif (
            i > 1
            and j > 1
            and target[i - 1] == candidate[j - 2]
            and target[i - 2] == candidate[j - 1]
            and here == table[i - 2][j - 2] + 1
        ):
            edits.append(
                Edit(TRANSPOSITION, f"'{target[i - 2]}' and '{target[i - 1]}' swapped", target[i - 2 : i].isdigit())
            )
            i, j = i - 2, j - 2
        elif i > 0 and here == table[i - 1][j] + 1:
            # Indels before substitutions: `tensxoflow` is an extra 'x' and a lost 'r', not two
            # replaced letters.
            edits.append(Edit(OMISSION, f"'{target[i - 1]}' left out", target[i - 1].isdigit()))
            i -= 1
        elif j > 0 and here == table[i][j - 1] + 1:
            before = target[i - 1] if i > 0 else ""
            after = target[i] if i < rows else ""
            edits.append(_insertion(candidate[j - 1], before, after))
            j -= 1
        else:
            edits.append(_substitution(candidate[j - 1], target[i - 1]))
            i, j = i - 1, j - 1
    edits.reverse()
    return edits


def moved(candidate: str, target: str) -> Edit | None:
    """The edit when `candidate` is `target` with one character moved two or more places (`bo3to`
    for `boto3`, `w3eb` for `web3`); an adjacent move is a transposition and is not reported here."""
    if len(candidate) != len(target) or candidate == target:
        return None
    start = 0
    while candidate[start] == target[start]:
        start += 1
    end = len(candidate)
    while candidate[end - 1] == target[end - 1]:
        end -= 1
    mine, theirs = candidate[start:end], target[start:end]
    if len(mine) < 3:
        return None
    places = len(mine) - 1
    if mine[0] == theirs[-1] and mine[1:] == theirs[:-1]:
        return Edit(MOVED, f"'{mine[0]}' moved {places} places to the left", char=mine[0])
    if mine[-1] == theirs[0] and mine[:-1] == theirs[1:]:
        return Edit(MOVED, f"'{mine[-1]}' moved {places} places to the right", char=mine[-1])
    return None


def _substitution(got: str, meant: str) -> Edit:
    if got.isdigit() and meant.isdigit():
        return Edit(SUBSTITUTION, f"'{meant}' replaced by '{got}'", True)
    if lookalike(got, meant):
        return Edit(HOMOGLYPH, f"'{meant}' replaced by look-alike '{got}'")
    if adjacent_keys(got, meant):
        return Edit(KEYBOARD, f"'{meant}' typed as neighbouring key '{got}'")
    return Edit(SUBSTITUTION, f"'{meant}' replaced by '{got}'")


def _insertion(got: str, before: str, after: str) -> Edit:
    if got.isdigit():
        return Edit(INSERTION, f"extra '{got}'", True)
    if got in (before, after):
        return Edit(DOUBLED, f"'{got}' doubled")
    if adjacent_keys(got, before) or adjacent_keys(got, after):
        return Edit(KEYBOARD, f"extra neighbouring key '{got}'")
    return Edit(INSERTION, f"extra '{got}'")
