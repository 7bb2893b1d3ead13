"""Accuracy and speed of `chainwatch secrets` beside detect-secrets, trufflehog3 and CredSweeper.

Scores follow the corpus README (line level, CredData-style): a finding hits every labelled line of
its file whose span overlaps it; TP = positive lines hit; FN = positive lines missed; FP = negative
lines hit by a finding that hits no positive line, plus (strict) every distinct unlabelled line
reported. Licence copies are ignored. Precision/F1 are given both with unlabelled lines counted as
FP (strict, the headline) and ignored (lenient, CredData 2022 style). MB/s is corpus bytes over wall
time of the tool's own command line, so process start-up counts for everyone.

Peers are installed from PyPI into their own venvs under ~/.cache/chainwatch-bench (never the repo's):

    python benchmarks/secrets_corpus.py [--corpus DIR] [--tools chainwatch,detect-secrets,...] [--jobs 2]
"""

from __future__ import annotations

import argparse
import compileall
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(os.environ.get("CHAINWATCH_SECRETS_CORPUS", "/work/shared/corpus/secrets"))
BENCH_HOME = Path.home() / ".cache" / "chainwatch-bench"
PEERS = {"detect-secrets": "detect-secrets", "trufflehog3": "trufflehog3", "credsweeper": "credsweeper"}
_LICENCE = re.compile(r"(^|/)(LICEN[CS]E|COPYING)[^/]*$", re.IGNORECASE)

Hit = tuple[str, int, int]  # file (relative to the corpus dir, "data/..."), first line, last line


# -- labels and scoring ----------------------------------------------------------------------------
@dataclass
class Labels:
    # file -> list of (start, end, positive, categories)
    spans: dict[str, list[tuple[int, int, bool, tuple[str, ...]]]] = field(default_factory=dict)


def load_labels(corpus: Path, drop_categories: frozenset[str] = frozenset()) -> Labels:
    """Labelled lines; positives whose only True categories are in `drop_categories` are left out entirely."""
    rows: dict[tuple[str, int, int], list[dict[str, str]]] = defaultdict(list)
    for meta in sorted((corpus / "meta").glob("*.csv")):
        with meta.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                rows[(row["FilePath"], int(row["LineStart"]), int(row["LineEnd"]))].append(row)
    labels = Labels()
    for (path, start, end), group in rows.items():
        positive = any(r["GroundTruth"] == "T" for r in group)
        cats = tuple(sorted({c for r in group if r["GroundTruth"] == "T" for c in r["Category"].split(":") if c}))
        if positive and drop_categories and set(cats) <= drop_categories:
            continue
        labels.spans.setdefault(path, []).append((start, end, positive, cats))
    return labels


def normalise(path: str, corpus: Path) -> str:
    text = path.replace("\\", "/")
    root = str(corpus).rstrip("/") + "/"
    text = text.removeprefix(root)
    text = text.lstrip("./") if text.startswith("./") else text
    if not text.startswith("data/"):
        text = "data/" + text
    return text


@dataclass
class Score:
    tp: int
    fn: int
    fp_labelled: int
    fp_unlabelled: int
    by_category: dict[str, tuple[int, int]]

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def precision(self, strict: bool) -> float:
        fp = self.fp_labelled + (self.fp_unlabelled if strict else 0)
        return self.tp / (self.tp + fp) if self.tp + fp else 0.0

    def f1(self, strict: bool) -> float:
        p, r = self.precision(strict), self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(hits: set[Hit], labels: Labels) -> Score:
    hit_positive: set[tuple[str, int, int]] = set()
    hit_negative: set[tuple[str, int, int]] = set()
    unlabelled: set[tuple[str, int]] = set()
    for path, first, last in hits:
        if _LICENCE.search(path):
            continue
        spans = labels.spans.get(path, [])
        touched = [(s, e, pos) for s, e, pos, _ in spans if s <= last and first <= e]
        if not touched:
            unlabelled.update((path, line) for line in range(first, last + 1))
            continue
        if any(pos for _, _, pos in touched):
            hit_positive.update((path, s, e) for s, e, pos in touched if pos)
        else:
            hit_negative.update((path, s, e) for s, e, _ in touched)
    total_pos = {(p, s, e) for p, spans in labels.spans.items() for s, e, pos, _ in spans if pos}
    # A negative line reported by one finding and "rescued" by another finding that hit a positive
    # line elsewhere still counts: only findings touching no positive line produce labelled FPs.
    by_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p, spans in labels.spans.items():
        for s, e, pos, cats in spans:
            if pos:
                for cat in cats:
                    by_cat[cat][1] += 1
                    by_cat[cat][0] += (p, s, e) in hit_positive
    return Score(
        tp=len(hit_positive),
        fn=len(total_pos - hit_positive),
        fp_labelled=len(hit_negative - hit_positive),
        fp_unlabelled=len(unlabelled),
        by_category={k: (v[0], v[1]) for k, v in by_cat.items()},
    )


# -- runners: each returns (hits, wall seconds) -----------------------------------------------------
def run_chainwatch(corpus: Path, jobs: int, extra: list[str]) -> tuple[set[Hit], float]:
    exe = Path(sys.executable).with_name("chainwatch")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = [
            str(exe),
            "secrets",
            "data",
            "--format",
            "json",
            "-o",
            str(out),
            "-j",
            str(jobs),
            "--allow-errors",
            *extra,
        ]
        started = time.perf_counter()
        subprocess.run(cmd, cwd=corpus, check=False, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        report = json.loads(out.read_text(encoding="utf-8"))
    hits: set[Hit] = set()
    for result in report["results"]:
        for finding in result["findings"]:
            line = finding.get("line") or 1
            hits.add((normalise(finding["path"], corpus), line, line))
    return hits, seconds


def run_detect_secrets(corpus: Path, jobs: int, extra: list[str]) -> tuple[set[Hit], float]:
    exe = BENCH_HOME / "detect-secrets" / "bin" / "detect-secrets"
    started = time.perf_counter()
    proc = subprocess.run(
        [str(exe), "scan", "--all-files", "data"], cwd=corpus, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    results = json.loads(proc.stdout or "{}").get("results", {})
    hits = {
        (normalise(path, corpus), item["line_number"], item["line_number"])
        for path, items in results.items()
        for item in items
    }
    return hits, seconds


def run_trufflehog3(corpus: Path, jobs: int, extra: list[str]) -> tuple[set[Hit], float]:
    exe = BENCH_HOME / "trufflehog3" / "bin" / "trufflehog3"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        started = time.perf_counter()
        subprocess.run(
            [str(exe), "--no-history", "-z", "-p", str(jobs), "-f", "JSON", "-o", str(out), "data"],
            cwd=corpus,
            capture_output=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        items = json.loads(out.read_text(encoding="utf-8") or "[]") if out.exists() else []
    hits = set()
    for item in items:
        line = int(item.get("line") or 1)
        hits.add((normalise(item["path"], corpus), line, line))
    return hits, seconds


def run_credsweeper(corpus: Path, jobs: int, extra: list[str]) -> tuple[set[Hit], float]:
    exe = BENCH_HOME / "credsweeper" / "bin" / "credsweeper"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        started = time.perf_counter()
        subprocess.run(
            [str(exe), "--path", "data", "--ml_threshold", "0", "--jobs", str(jobs), "--save-json", str(out)],
            cwd=corpus,
            capture_output=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        items = json.loads(out.read_text(encoding="utf-8")) if out.exists() else []
    hits = set()
    for item in items:
        for entry in item.get("line_data_list", []):
            line = int(entry.get("line_num") or 1)
            hits.add((normalise(entry["path"], corpus), line, line))
    return hits, seconds


def run_chainwatch_audit(corpus: Path, jobs: int, extra: list[str]) -> tuple[set[Hit], float]:
    """chainwatch at `--min-confidence 0.3`: also the low-confidence candidates (bare UUIDs)."""
    return run_chainwatch(corpus, jobs, ["--min-confidence", "0.3", *extra])


RUNNERS: dict[str, Callable[[Path, int, list[str]], tuple[set[Hit], float]]] = {
    "chainwatch": run_chainwatch,
    "chainwatch-0.3": run_chainwatch_audit,
    "detect-secrets": run_detect_secrets,
    "trufflehog3": run_trufflehog3,
    "credsweeper": run_credsweeper,
}


def ensure_peer(name: str) -> bool:
    """Install a peer into its own venv outside the repository, once."""
    venv = BENCH_HOME / name
    exe = venv / "bin" / PEERS[name]
    if exe.exists():
        return True
    BENCH_HOME.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    proc = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", PEERS[name]], check=False)
    return proc.returncode == 0 and exe.exists()


def engine_throughput(corpus: Path) -> dict[str, float]:
    """MB/s of the engine alone, one process, files already in memory: what the CLI adds is start-up."""
    from chainwatch.analyzers.secrets import DETECTORS, Scanner
    from chainwatch.analyzers.secrets.prefilter import hyperscan_available

    files = [(str(p.relative_to(corpus)), p.read_bytes()) for p in sorted((corpus / "data").rglob("*")) if p.is_file()]
    size = sum(len(d) for _, d in files)
    speeds = {}
    for backend in ["python", *(["hyperscan"] if hyperscan_available() else [])]:
        scanner = Scanner(DETECTORS, backend=backend)
        best = None
        for _ in range(3):
            started = time.perf_counter()
            for path, data in files:
                scanner.scan_bytes(path, data)
            elapsed = time.perf_counter() - started
            best = elapsed if best is None else min(best, elapsed)
        speeds[backend] = size / 1e6 / (best or 1.0)
    return speeds


def warm_runs(corpus: Path, jobs: int, repeat: int, size: int) -> dict[str, float]:
    """Reported apart from the headline: with `--cache`, files known clean from an earlier run are skipped."""
    with tempfile.TemporaryDirectory() as cache:
        previous = os.environ.get("CHAINWATCH_CACHE_DIR")
        os.environ["CHAINWATCH_CACHE_DIR"] = cache
        try:
            run_chainwatch(corpus, jobs, ["--cache"])  # fills the cache (not timed)
            times = sorted(run_chainwatch(corpus, jobs, ["--cache"])[1] for _ in range(repeat))
        finally:
            if previous is None:
                os.environ.pop("CHAINWATCH_CACHE_DIR", None)
            else:
                os.environ["CHAINWATCH_CACHE_DIR"] = previous
    median = statistics.median(times)
    print(
        f"chainwatch with a warm --cache (not the headline), {len(times)} runs: best {times[0]:.2f} s "
        f"({size / 1e6 / times[0]:.1f} MB/s), median {median:.2f} s ({size / 1e6 / median:.1f} MB/s)"
    )
    return {"seconds_best": times[0], "seconds_median": median, "mb_per_s_best": size / 1e6 / times[0]}


def corpus_bytes(corpus: Path) -> int:
    return sum(p.stat().st_size for p in (corpus / "data").rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--tools", default=",".join(RUNNERS))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="best-of-N wall time for chainwatch (default 3)")
    parser.add_argument("--categories", action="store_true", help="also print recall per CredData category")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="also time chainwatch with --cache after a filling run (clean files skipped by content hash)",
    )
    args = parser.parse_args(argv)
    labels = load_labels(args.corpus)
    # Bare UUIDs are identifiers, which chainwatch deliberately does not report; this view shows the rest.
    no_uuid = load_labels(args.corpus, frozenset({"UUID"}))
    size = corpus_bytes(args.corpus)
    rows = []
    run_times: dict[str, list[float]] = {}
    # An installed chainwatch has bytecode, as the peers installed into their venvs do; this checkout may
    # not (PYTHONDONTWRITEBYTECODE), and recompiling its sources on every run is not the tool's cost.
    import chainwatch

    compileall.compile_dir(Path(chainwatch.__file__).parent, quiet=1)
    for tool in args.tools.split(","):
        if not tool.startswith("chainwatch") and not ensure_peer(tool):
            print(f"{tool}: could not be installed; skipped", file=sys.stderr)
            continue
        runs = args.repeat if tool == "chainwatch" else 1
        # Cold every time: chainwatch runs without `--cache`, so no run can skip a file it saw before.
        times = []
        for _ in range(runs):
            hits, seconds = RUNNERS[tool](args.corpus, args.jobs, [])
            times.append(seconds)
        run_times[tool] = sorted(times)
        result = score(hits, labels)
        rows.append((tool, result, min(times), score(hits, no_uuid)))
    print(f"corpus: {args.corpus} ({size / 1e6:.1f} MB), {args.jobs} jobs")
    header = (
        f"{'tool':<15}{'P strict':>9}{'F1 strict':>10}{'P lenient':>10}{'F1 lenient':>11}{'recall':>8}{'TP':>6}{'FN':>6}"
        f"{'FP lab':>7}{'FP unl':>7}{'s':>8}{'MB/s':>8}{'F1 noUUID':>10}{'R noUUID':>9}"
    )
    print(header)
    figures = {}
    for tool, result, seconds, without_uuid in rows:
        mbps = size / 1e6 / seconds if seconds else 0.0
        print(
            f"{tool:<15}{result.precision(True):>9.3f}{result.f1(True):>10.3f}{result.precision(False):>10.3f}"
            f"{result.f1(False):>11.3f}{result.recall:>8.3f}{result.tp:>6}{result.fn:>6}{result.fp_labelled:>7}"
            f"{result.fp_unlabelled:>7}{seconds:>8.2f}{mbps:>8.1f}{without_uuid.f1(True):>10.3f}{without_uuid.recall:>9.3f}"
        )
        figures[tool] = {
            "precision_strict": result.precision(True),
            "f1_strict": result.f1(True),
            "precision_lenient": result.precision(False),
            "f1_lenient": result.f1(False),
            "recall": result.recall,
            "tp": result.tp,
            "fn": result.fn,
            "fp_labelled": result.fp_labelled,
            "fp_unlabelled": result.fp_unlabelled,
            "seconds": seconds,
            "mb_per_s": mbps,
            "seconds_each_run": run_times[tool],
            "seconds_median": statistics.median(run_times[tool]),
            "mb_per_s_median": size / 1e6 / statistics.median(run_times[tool]),
            "f1_strict_without_uuid_only_lines": without_uuid.f1(True),
            "recall_without_uuid_only_lines": without_uuid.recall,
        }
        if args.categories:
            for cat, (hit, total) in sorted(result.by_category.items(), key=lambda kv: -kv[1][1])[:25]:
                print(f"    {cat:<32}{hit:>5}/{total:<5} {hit / total:.2f}")
    if "chainwatch" in run_times and len(run_times["chainwatch"]) > 1:
        times = run_times["chainwatch"]
        print(
            f"chainwatch end to end, {len(times)} cold runs: best {times[0]:.2f} s ({size / 1e6 / times[0]:.1f} MB/s), "
            f"median {statistics.median(times):.2f} s ({size / 1e6 / statistics.median(times):.1f} MB/s)"
        )
    if args.warm and "chainwatch" in run_times:
        figures["chainwatch_warm_cache"] = warm_runs(args.corpus, args.jobs, args.repeat, size)
    if "chainwatch" in args.tools.split(","):
        speeds = engine_throughput(args.corpus)
        figures["chainwatch_engine_mb_per_s_one_core"] = speeds
        print(
            "chainwatch engine alone, one core, files in memory: "
            + ", ".join(f"{name} {mbps:.1f} MB/s" for name, mbps in speeds.items())
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
