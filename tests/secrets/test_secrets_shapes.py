"""The Hyperscan shape pass only ever skips work: with it, without it and on the Python backend, same results."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainwatch.analyzers.secrets import DETECTORS, Scanner
from chainwatch.analyzers.secrets.detector import Detector
from chainwatch.analyzers.secrets.prefilter import hyperscan_available
from chainwatch.analyzers.secrets.shapes import ShapeIndex, shape

pytestmark = pytest.mark.skipif(not hyperscan_available(), reason="the shape pass needs Hyperscan")

SCANNED = [d for d in DETECTORS if not d.path_pattern]


def _python_pattern(detector: Detector) -> re.Pattern[bytes]:
    return detector.compile()


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> ShapeIndex:
    return ShapeIndex(DETECTORS, tmp_path_factory.mktemp("shapes"))


def _possible(shapes: ShapeIndex, detector_index: int, data: bytes, start: int, end: int) -> bool:
    ends = shapes.ends(data, budget=10**9)
    assert ends is not None
    return any(start <= e <= end for e in ends.get(detector_index, []))


def test_every_scanned_detector_has_a_shape(shapes: ShapeIndex) -> None:
    # Not a correctness matter (a detector without a shape is simply never filtered), but each one
    # left out slows every scan: a new pattern construct should get a translation in shapes.py.
    missing = [d.id for i, d in enumerate(DETECTORS) if not d.path_pattern and i not in shapes.covered]
    assert missing == []


@pytest.mark.parametrize("detector", SCANNED, ids=lambda d: d.id)
def test_shape_reports_an_end_inside_every_example_match(shapes: ShapeIndex, detector: Detector) -> None:
    index = DETECTORS.index(detector)
    data = detector.positive.encode("utf-8")
    matches = list(_python_pattern(detector).finditer(data))
    assert matches, "the positive example matches its own pattern"
    for match in matches:
        assert _possible(shapes, index, data, match.start(), match.end())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_shape_is_a_superset_of_the_pattern_on_generated_text(shapes: ShapeIndex, data: st.DataObject) -> None:
    detector = data.draw(st.sampled_from([d for d in SCANNED if d.id != "secret.pkcs12-keystore"]))
    pattern = _python_pattern(detector)
    # Drawn through the str form of the pattern (Hypothesis's bytes-regex support breaks on case-folded
    # negated literals), limited to latin-1 so every character is one byte; the bytes pattern decides.
    text_pattern = re.compile(detector.pattern, pattern.flags & ~re.UNICODE | re.ASCII)
    drawn = data.draw(st.from_regex(text_pattern, alphabet=st.characters(max_codepoint=255)))
    text = drawn.encode("latin-1")
    match = pattern.search(text)
    if match is None:  # Hypothesis approximates lookarounds; only real matches are claims
        return
    assert _possible(shapes, DETECTORS.index(detector), text, match.start(), match.end()), detector.id


def test_translation_keeps_python_byte_semantics() -> None:
    def translated(pattern: str, **flags: bool) -> re.Pattern[bytes]:
        detector = Detector("secret.t", "t", "t", ("x",), pattern, "", "", **flags)  # type: ignore[arg-type]
        text = shape(detector)
        assert text is not None
        return re.compile(text)  # the emitted shapes are plain byte regexes Python can read too

    assert translated(r"(?<![a-z])ab(?![a-z])").search(b"xaby")  # lookarounds dropped: wider
    assert translated(r"(?i:ab)c").search(b"ABc") and not translated(r"(?i:ab)c").search(b"ABC")
    assert translated(r"x\s", case_insensitive=False).search(b"x\x0b")  # Python's \s has VT
    assert not translated(r"x.y").search(b"x\ny") and translated(r"x.y", multiline=True).search(b"x\ny")
    backref = translated(r"(?P<q>['\"])k(?P=q)")
    assert backref.search(b"'k\"")  # a back-reference becomes "anything the group could match"
    assert translated(r"ab[0-9]{8,300}").pattern.endswith(b"{8,8}")  # a trailing repeat keeps its minimum


def test_scans_agree_with_and_without_shapes_and_with_python() -> None:
    rng = random.Random(11)
    parts = []
    for detector in SCANNED:
        parts += [detector.positive, detector.negative, "".join(rng.choice("ab=:'\" \n_-KEYkey") for _ in range(80))]
    document = "\n".join(parts).encode()
    shaped = Scanner(DETECTORS, backend="hyperscan")
    plain = Scanner(DETECTORS, backend="hyperscan", shapes=False)
    python = Scanner(DETECTORS, backend="python")
    for path in ("src/app.py", "conf/app.env", "docs/readme.md", "bundle.min.js"):
        expected = plain.scan_bytes(path, document)
        assert shaped.scan_bytes(path, document) == expected == python.scan_bytes(path, document)
        assert len(expected) > 50


def test_a_blob_over_the_report_budget_is_scanned_unfiltered(shapes: ShapeIndex) -> None:
    twitter = next(d for d in SCANNED if d.id == "secret.twitter-bearer-token")
    data = b"x " + b"A" * 5000 + b"\n" + twitter.positive.encode()
    assert shapes.ends(data, budget=100) is None
    assert shapes.ends(data, budget=10**9) is not None
    shaped = Scanner(DETECTORS, backend="hyperscan")
    assert shaped.scan_bytes("a.py", data) == Scanner(DETECTORS, backend="python").scan_bytes("a.py", data)


def test_database_is_cached_and_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    first = ShapeIndex(DETECTORS, tmp_path)
    (stored,) = tmp_path.glob("shapes-*.hsdb")
    again = ShapeIndex(DETECTORS, tmp_path)
    sample = SCANNED[0].positive.encode()
    assert again.covered == first.covered and again.ends(sample, 10**6) == first.ends(sample, 10**6)
    stored.write_bytes(b"1,2,3\nnot a database")
    rebuilt = ShapeIndex(DETECTORS, tmp_path)
    assert rebuilt.covered == first.covered and rebuilt.ends(sample, 10**6) == first.ends(sample, 10**6)
    assert ShapeIndex(DETECTORS, tmp_path / "file-not-dir" / "x").covered == first.covered  # unwritable: still works


def test_a_leading_lookbehind_becomes_a_required_prefix_of_the_shape(tmp_path: Path) -> None:
    # `(?<=name: )DB_PASSWORD`: the text before a match is part of the shape, so prose that merely
    # mentions a password word gives no shape end, and a real `name: …` line still does.
    from chainwatch.analyzers.secrets.detector import token

    detector = token(
        "lookbehind-demo",
        "demo",
        "demo",
        ("pass",),
        r"(?:(?<=name: )|(?<=key: \"))(?P<secret>[A-Z_]{0,20}PASS[A-Z_]{0,20})",
        positive="name: DB_PASS",
        negative="DB_PASS",
        case_insensitive=True,
    )
    assert (shape(detector) or b"").startswith(b"(?:")
    index = ShapeIndex([detector], tmp_path)
    line = b"- name: DB_PASSWORD\n"
    match = detector.compile().search(line)
    assert match is not None and _possible(index, 0, line, match.start(), match.end())
    assert (index.ends(b'set the DB_PASSWORD first, then the key: "DB_PASS', budget=10**9) or {}).get(0)
    assert not (index.ends(b"set the DB_PASSWORD variable first\n", budget=10**9) or {}).get(0)
