"""The benchmark's pure metric helpers. No scanner runs here, and no corpus file is touched."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "metrics.py"


def _load() -> ModuleType:
    # Loaded by path under a private name: `benchmarks` is a folder of scripts, not a package, and
    # a plain `import benchmarks` would clash with this test folder's own name under pytest.
    spec = importlib.util.spec_from_file_location("_chainwatch_bench_metrics", _PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered while it executes
    spec.loader.exec_module(module)
    return module


m = _load()


def test_confusion_counts_pairs() -> None:
    pairs = [(True, True), (True, True), (True, False), (False, True), (False, False), (False, False)]
    assert m.confusion(pairs) == m.Confusion(tp=2, fn=1, fp=1, tn=2)


def test_rates_from_counts() -> None:
    c = m.Confusion(tp=8, fn=2, fp=2, tn=38)
    assert m.precision(c) == pytest.approx(0.8)
    assert m.recall(c) == pytest.approx(0.8)
    assert m.f1(c) == pytest.approx(0.8)
    assert m.false_positive_rate(c) == pytest.approx(0.05)
    assert (c.positives, c.negatives, c.flagged, c.total) == (10, 40, 10, 50)


def test_f1_is_harmonic_mean() -> None:
    c = m.Confusion(tp=3, fn=7, fp=1, tn=9)
    p, r = m.precision(c), m.recall(c)
    assert m.f1(c) == pytest.approx(2 * p * r / (p + r))


def test_empty_denominators_are_undefined_not_zero() -> None:
    empty = m.Confusion()
    assert m.precision(empty) is None
    assert m.recall(empty) is None
    assert m.f1(empty) is None
    assert m.false_positive_rate(empty) is None
    # Nothing flagged: precision undefined, but missing every positive is a real 0 recall and F1.
    silent = m.Confusion(tp=0, fn=5, fp=0, tn=5)
    assert m.precision(silent) is None
    assert m.recall(silent) == 0.0
    assert m.f1(silent) == 0.0
    assert m.false_positive_rate(silent) == 0.0
    # Only benign samples: recall undefined, FPR defined.
    benign_only = m.Confusion(fp=1, tn=3)
    assert m.recall(benign_only) is None
    assert m.false_positive_rate(benign_only) == pytest.approx(0.25)
    assert m.precision(benign_only) == 0.0


def test_negative_counts_rejected_and_addition() -> None:
    with pytest.raises(ValueError):
        m.Confusion(tp=-1)
    assert m.Confusion(1, 2, 3, 4) + m.Confusion(4, 3, 2, 1) == m.Confusion(5, 5, 5, 5)


def test_throughput_and_percent() -> None:
    assert m.throughput(10, 2.0) == 5.0
    assert m.throughput(10, 0.0) is None
    assert m.throughput(0, 3.0) is None
    assert m.percent(None) == "n/a"
    assert m.percent(0.12345) == "12.3%"


def test_allocate_is_proportional_and_keeps_small_strata() -> None:
    sizes = {("malicious", "sdist"): 1423, ("malicious", "wheel"): 60, ("malicious", "other"): 18,
             ("benign", "sdist"): 120, ("benign", "wheel"): 200}  # fmt: skip
    alloc = m.allocate(sizes, 40)
    assert sum(alloc.values()) == 40
    assert all(alloc[k] >= 1 for k in sizes)
    assert alloc[("malicious", "sdist")] == max(alloc.values())
    assert m.allocate(sizes, 10_000) == sizes
    assert sum(m.allocate(sizes, 3).values()) == 3  # fewer than strata: no guarantee, still exact
    assert m.allocate({"a": 2, "b": 0}, 1) == {"a": 1, "b": 0}


def test_stratified_sample_is_seeded_and_ordered() -> None:
    items = [("m", i) for i in range(90)] + [("b", i) for i in range(10)]
    first = m.stratified_sample(items, lambda x: x[0], 20, seed=42)
    assert first == m.stratified_sample(items, lambda x: x[0], 20, seed=42)
    assert first != m.stratified_sample(items, lambda x: x[0], 20, seed=7)
    assert Counter(x[0] for x in first) == {"m": 18, "b": 2}
    assert first == sorted(first, key=items.index)
