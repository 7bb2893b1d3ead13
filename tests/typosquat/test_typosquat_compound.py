"""Changes that combine or stretch the single-slip techniques: moved characters, runs of one letter,
a mistyped python/py affix, version digits glued on, two slips in a long name plus version digits,
a slip in a short word of a long name.
Each must say which project is imitated and how; the look-alikes next to them must be left alone."""

from __future__ import annotations

import pytest

from chainwatch.analyzers.typosquat import PopularIndex, check_name
from chainwatch.analyzers.typosquat.edits import MOVED, moved

CAUGHT = [
    # (name, imitated project, techniques the finding must name, words its explanation must contain)
    ("bo3to", "boto3", ("moved character",), "'3' moved 2 places to the left"),
    ("w3eb", "web3", ("moved character",), "'3' moved"),
    ("tenorsflow", "tensorflow", ("moved character",), "'s' moved 2 places to the right"),
    ("requstsss", "requests", ("repeated letter", "one-letter deletion"), "'s' typed 3 times"),
    ("numpyyy", "numpy", ("repeated letter",), "'y' typed 3 times"),
    ("web3-p6", "web3", ("prefix/suffix", "keyboard slip"), "'py' with 'y' typed as neighbouring key '6'"),
    ("requests-pyhton", "requests", ("prefix/suffix", "transposition"), "'python' with 't' and 'h' swapped"),
    ("django-yp", "django", ("prefix/suffix", "transposition"), "'yp' put after 'django'"),
    ("aiohttp-socks5", "aiohttp-socks", ("prefix/suffix",), "'5' put after 'aiohttp-socks'"),
    ("beuatiflsoup", "beautifulsoup4", ("multiple edits", "prefix/suffix"), "'4' dropped from the end"),
    ("we3-py", "web3", ("one-letter deletion", "prefix/suffix"), "'py' put after 'web3'"),
    ("numpy2", "numpy", ("prefix/suffix",), "'2' put after 'numpy'"),  # the core of numpy is 'num'
    ("numpyy2", "numpy", ("doubled letter", "prefix/suffix"), "'2' put after 'numpy'"),
    ("boto4", "boto3", ("prefix/suffix",), "version digits '3' of 'boto3' changed to '4'"),
    ("aws-xray-sdmk", "aws-xray-sdk", ("keyboard slip",), "extra neighbouring key 'm'"),  # a slip in a short word
    ("nunpy-new", "numpy", ("combosquat", "keyboard slip"), "'m' typed as neighbouring key 'n'"),
    # two slips in a long name whose first word (google) is a listed project the target shares
    ("google-clod-storagee", "google-cloud-storage", ("multiple edits",), "'u' left out"),
    ("requets-update", "requests", ("combosquat", "one-letter deletion"), "'s' left out"),
    ("orderly-wset", "orderly-set", ("keyboard slip",), "extra neighbouring key 'w'"),
    ("dateutl", "python-dateutil", ("one-letter deletion", "prefix/suffix"), "'i' left out"),
]

SPARED = [
    # (name, why it is not a squat)
    ("nmpuy", "a letter moved in a short name (numpy) is too often another word"),
    ("pdanas", "a letter moved in a six-letter name (pandas)"),
    ("smclarifyyy", "a run of one letter, but the project it shortens to is barely popular"),
    ("cython-cmake", "'cython' is a word of its own, not a mistyped 'python'"),
    ("torch-pt", "'pt' is an abbreviation of its own, not a mistyped 'py'"),
    ("django-pg", "'pg' (PostgreSQL) is an abbreviation of its own, not a mistyped 'py'"),
    ("pathlib3", "pathlib2 is listed: the family numbers its forks"),
    ("fabric4", "fabric2 and fabric3 are listed: the family numbers its forks"),
    ("jsonfield2", "version digits on a project below ~2M downloads a month: forks do this"),
    ("mypy-boto3-dms", "in a multi-word name the digits name a family member, not a version"),
    ("faker-e164", "digits inside a word (E.164) are not a version"),
    ("types-boto3-s3x", "digits inside a word (s3) are not a version"),
    ("mypy-boto3-rfs", "the last word of a large family (mypy-boto3-rds, -efs, ...) names a member"),
    ("aws-sam-cki", "a slip in a 3-letter word counts only in names of 10+ letters"),
    ("numpi-new", "a replaced letter (not a slip) in a five-letter name, even with a lure word"),
    ("cli-clang", "clang (listed) plus a word, not two slips on libclang"),
    ("trino-client", "trino (listed) plus a word, not two slips on tritonclient"),
    ("we3", "three characters left: too short to tell a slip from another name"),
    ("s3f", "three characters left: too short to tell a slip from another name"),
]


@pytest.mark.parametrize(("name", "target", "techniques", "explained"), CAUGHT)
def test_catches(index: PopularIndex, name: str, target: str, techniques: tuple[str, ...], explained: str) -> None:
    match = check_name(name, popular=index)
    assert match is not None, name
    assert match.imitates == target
    assert set(techniques) <= set(match.techniques), match.techniques
    assert explained in match.how, match.how
    assert 0.5 <= match.confidence <= 1.0


@pytest.mark.parametrize(("name", "why"), SPARED)
def test_leaves_alone(index: PopularIndex, name: str, why: str) -> None:
    assert check_name(name, popular=index) is None, why


@pytest.mark.parametrize(
    "name",
    # Listed projects of these shapes: a digit moved (`s3fs`/`fs3`-like pairs do not exist), a
    # tripled letter (`tifffile`), a numbered fork (`pathlib2`, `psycopg2`), `py` words (`pypdf`).
    ["tifffile", "cssselect2", "pathlib2", "psycopg2", "markdown2", "boto3", "boto", "web3", "pypdf", "uuid6"],
)
def test_listed_look_alikes_are_not_flagged(index: PopularIndex, name: str) -> None:
    assert index.get(name) is not None
    assert check_name(name, popular=index) is None


def test_moved_only_describes_a_single_move() -> None:
    edit = moved("bo3to", "boto3")
    assert edit is not None and edit.technique == MOVED and edit.char == "3"
    assert moved("w3eb", "web3") is not None
    assert moved("reqeusts", "requests") is None  # adjacent: a transposition
    assert moved("cuolur", "colour") is None  # two different letters changed
    assert moved("abc", "abcd") is None


def test_numbered_variants(index: PopularIndex) -> None:
    assert index.numbered_variants("pathlib") >= 1  # pathlib2
    assert index.numbered_variants("elasticsearch") >= 2
    assert index.numbered_variants("aiohttp-socks") == 0
