"""Name forms used to compare a candidate with popular projects.

- `fold`: Unicode look-alikes to ASCII, then PEP 503 normalisation (what the index would see).
- `shape`: separators dropped and single-character ASCII look-alikes (0/o, 1/l/i) merged; it keeps
  the length, so edit distances on shapes still count typing slips.
- `skeleton`: the shape with multi-letter look-alikes (rn/m, vv/w, cl/d) merged too, so names that
  *look* the same compare equal.
- `core`: the shape without the `python`/`py` prefixes and suffixes and trailing version digits
  that squatters add or drop (`python-dateutil` -> `dateutil`, `pyyaml` -> `yaml`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[-_.\s]+")

# Non-ASCII letters that render like ASCII ones (Cyrillic, Greek, Latin variants). NFKC already
# folds full-width forms and ligatures; these survive it.
# fmt: off
_UNICODE_CONFUSABLES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k",
        "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
        "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g", "ь": "b", "п": "n", "г": "r",
        # Greek
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
        "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
        # Latin look-alikes and dotless forms
        "ı": "i", "ȷ": "j", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŀ": "l", "ſ": "s",
    }
)
# fmt: on

# ASCII characters and sequences that read as another letter in common fonts.
_SINGLE_LOOKALIKES = str.maketrans({"0": "o", "1": "l", "i": "l"})
_MULTI_LOOKALIKES = (("rn", "m"), ("vv", "w"), ("cl", "d"))  # after the single ones: "1"/"i" are "l" here

_PREFIXES = ("python3", "python", "py3", "py")
_SUFFIXES = ("python3", "python", "py3", "py")
_TRAILING_DIGITS = re.compile(r"(?<=[a-z])\d{1,2}$")


@dataclass(frozen=True, slots=True)
class FoldedName:
    raw: str
    normalized: str  # PEP 503 form after Unicode look-alikes were mapped to ASCII
    unicode_lookalikes: bool  # the raw name needed that mapping


def normalize(name: str) -> str:
    """PEP 503 normalisation."""
    return _SEPARATORS.sub("-", name).lower().strip("-")


def fold(raw: str) -> FoldedName:
    text = unicodedata.normalize("NFKC", raw).casefold()
    mapped = text.translate(_UNICODE_CONFUSABLES)
    # Combining marks (accents) are invisible at a glance: drop them after decomposition.
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", mapped) if not unicodedata.combining(ch))
    return FoldedName(raw, normalize(stripped), unicode_lookalikes=not raw.isascii())


def compact(normalized: str) -> str:
    """The name without separators: `scikit-learn` and `scikitlearn` are the same to a reader."""
    return normalized.replace("-", "")


def shape(normalized: str) -> str:
    return compact(normalized).translate(_SINGLE_LOOKALIKES)


def skeleton(normalized: str) -> str:
    # Single letters first, so that `cIick` (capital I) meets `click` in `dlck`.
    text = shape(normalized)
    for seen, meant in _MULTI_LOOKALIKES:
        text = text.replace(seen, meant)
    return text


def core(normalized: str, *, keep_digits: bool = False) -> str:
    """Shape of the name stripped of one python/py affix on each side and version digits."""
    text = compact(normalized)
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) - len(prefix) >= 3:
            text = text[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) - len(suffix) >= 3:
            text = text[: -len(suffix)]
            break
    stripped = text if keep_digits else _TRAILING_DIGITS.sub("", text)
    text = stripped if len(stripped) >= 3 else text
    return shape(text)


def undoubled(text: str) -> set[str]:
    """`text` with one letter of a doubled pair removed, for each doubled pair."""
    return {text[:i] + text[i + 1 :] for i in range(1, len(text)) if text[i] == text[i - 1]}


_LETTER_RUN = re.compile(r"([a-z])\1{2,}")


def letter_runs(normalized: str) -> list[str]:
    """Runs of three or more of one letter (`sss` in `requstsss`): nobody types those on purpose."""
    return [m.group(0) for m in _LETTER_RUN.finditer(normalized)]


def squeezed(normalized: str) -> tuple[str, ...]:
    """`normalized` with every run of three or more of one letter cut to two, and cut to one."""
    if not _LETTER_RUN.search(normalized):
        return ()
    return tuple(dict.fromkeys((_LETTER_RUN.sub(r"\1\1", normalized), _LETTER_RUN.sub(r"\1", normalized))))


def tokens(normalized: str) -> list[str]:
    return [t for t in normalized.split("-") if t]
