"""Accuracy and speed of `chainwatch vet` (and of GuardDog, its peer) on the labelled package corpus.

Run on demand, never from the test suite:

    .venv/bin/python benchmarks/vet_corpus.py [--sample N] [--jobs N] [--no-peer | --peer-only] ...
    ./run bench [same options]

SAFETY: the corpus holds live malware. This script only reads `manifest.csv` and hands sample
*paths* to the scanners; it never opens, imports, installs, unpacks or executes a sample itself.
See benchmarks/README.md for what is measured and how GuardDog's output is mapped.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from metrics import (  # noqa: E402 - the sibling module, importable whether or not benchmarks/ is a package
    Confusion,
    confusion,
    f1,
    false_positive_rate,
    percent,
    precision,
    recall,
    stratified_sample,
    throughput,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "packages"
GUARDDOG_VERSION = "3.2.0"
CACHE_ROOT = Path(os.environ.get("CHAINWATCH_BENCH_CACHE") or Path.home() / ".cache" / "chainwatch-bench")

# How each tool's own verdict maps to "flagged". `flag` is the broad threshold (chainwatch's default
# --fail-on); `strict` is the narrow one. See benchmarks/README.md for the reasoning.
CHAINWATCH_FLAG = frozenset({"malicious", "suspicious"})
CHAINWATCH_STRICT = frozenset({"malicious"})
GUARDDOG_FLAG = frozenset({"suspicious", "high_risk"})  # risk_score.label, score >= 5.0
GUARDDOG_STRICT = frozenset({"high_risk"})  # score >= 7.0


# ---------------------------------------------------------------------------------------------- corpus


@dataclass(frozen=True, slots=True)
class Sample:
    path: str  # relative to the corpus folder, as in the manifest
    label: str  # malicious | benign
    kind: str  # sdist | wheel | other
    name: str
    version: str
    source: str
    absolute: str


def load_manifest(corpus: Path) -> tuple[list[Sample], list[str]]:
    """Rows of manifest.csv whose file exists; also the paths that are missing or unsafe."""
    manifest = corpus / "manifest.csv"
    root = corpus.resolve()
    samples: list[Sample] = []
    missing: list[str] = []
    with manifest.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rel = row["path"]
            absolute = (root / rel).resolve()
            if not absolute.is_relative_to(root) or not (absolute.is_file() or absolute.is_dir()):
                missing.append(rel)
                continue
            if row["label"] not in ("malicious", "benign"):
                raise SystemExit(f"vet_corpus: unknown label {row['label']!r} for {rel}")
            samples.append(
                Sample(rel, row["label"], row["kind"], row["name"], row["version"], row["source"], str(absolute))
            )
    return samples, missing


# ---------------------------------------------------------------------------------------------- runs


@dataclass(slots=True)
class ToolRun:
    """One tool over the selected samples: a verdict record per sample (input order) and wall time."""

    tool: str
    version: str
    records: list[dict[str, Any]]
    seconds: float
    flag: Callable[[dict[str, Any]], bool]
    strict: Callable[[dict[str, Any]], bool]
    notes: list[str] = field(default_factory=list)
    failed: bool = False  # the tool could not run at all for some samples (not a per-sample error)

    def is_error(self, record: dict[str, Any]) -> bool:
        return bool(record.get("error"))


def _arg_budget() -> int:
    """Bytes of argv we allow one chainwatch invocation, well under the kernel's ARG_MAX."""
    try:
        arg_max = os.sysconf("SC_ARG_MAX")
    except (ValueError, OSError, AttributeError):
        arg_max = 128 * 1024
    env_size = sum(len(k) + len(v) + 2 + 8 for k, v in os.environ.items())
    return max(16 * 1024, min(arg_max, 2 * 1024 * 1024) // 2 - env_size)


def batches(paths: Sequence[str], budget: int) -> list[list[str]]:
    out: list[list[str]] = []
    current: list[str] = []
    used = 0
    for path in paths:
        cost = len(os.fsencode(path)) + 1 + 8  # the string, its NUL and its argv pointer
        if current and used + cost > budget:
            out.append(current)
            current, used = [], 0
        current.append(path)
        used += cost
    if current:
        out.append(current)
    return out


def chainwatch_command() -> list[str]:
    beside = Path(sys.executable).parent / "chainwatch"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("chainwatch")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from chainwatch.cli import main; sys.exit(main())"]


def run_chainwatch(samples: Sequence[Sample], jobs: int, workdir: Path) -> ToolRun:
    """`chainwatch vet --format json` over all samples, in as few invocations as argv allows.

    Runs from an empty working directory so no project `chainwatch.toml`/`pyproject.toml` changes
    the defaults being measured.
    """
    command = chainwatch_command()
    version = _chainwatch_version(command, workdir)
    records: list[dict[str, Any]] = []
    notes: list[str] = []
    failed = False
    total_seconds = 0.0
    reported_seconds = 0.0
    groups = batches([s.absolute for s in samples], _arg_budget())
    print(
        f"chainwatch: vetting {len(samples)} samples with {jobs} jobs ({len(groups)} invocation(s))",
        file=sys.stderr,
        flush=True,
    )
    for number, group in enumerate(groups):
        report_file = workdir / f"chainwatch-report-{number}.json"
        argv = [*command, "vet", *group, "--format", "json", "--jobs", str(jobs), "--no-progress", "--allow-errors"]
        argv += ["-o", str(report_file)]
        started = time.perf_counter()
        proc = subprocess.run(argv, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        total_seconds += time.perf_counter() - started
        results, problem = _read_chainwatch_report(report_file, proc, group)
        if problem:
            failed = True
            notes.append(problem)
            print(f"chainwatch: WARNING: {problem}", file=sys.stderr, flush=True)
        else:
            reported_seconds += float(json.loads(report_file.read_text(encoding="utf-8")).get("seconds") or 0.0)
        records.extend(results)
    notes.append(f"chainwatch's own report time: {reported_seconds:.2f} s (the table uses wall time)")
    return ToolRun(
        tool="chainwatch",
        version=version,
        records=records,
        seconds=total_seconds,
        flag=lambda r: r["verdict"] in CHAINWATCH_FLAG,
        strict=lambda r: r["verdict"] in CHAINWATCH_STRICT,
        notes=notes,
        failed=failed,
    )


def _chainwatch_version(command: list[str], workdir: Path) -> str:
    proc = subprocess.run(
        [*command, "--version"], cwd=workdir, capture_output=True, text=True, check=False, timeout=120
    )
    text = (proc.stdout or proc.stderr).strip().splitlines()
    return text[-1].split()[-1] if proc.returncode == 0 and text else "unknown"


def _read_chainwatch_report(
    report_file: Path, proc: subprocess.CompletedProcess[bytes], group: list[str]
) -> tuple[list[dict[str, Any]], str]:
    """Per-sample records for one invocation; on failure every sample of the batch becomes an error."""
    problem = ""
    try:
        results = json.loads(report_file.read_text(encoding="utf-8"))["results"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        tail = proc.stderr.decode("utf-8", "replace").strip()[-600:]
        problem = f"chainwatch exited {proc.returncode} without a usable report ({type(exc).__name__}): {tail}"
        results = []
    if not problem and len(results) != len(group):
        problem = f"chainwatch returned {len(results)} results for {len(group)} targets"
    if not problem:
        by_target = {r.get("target"): r for r in results}
        ordered = [r if r.get("target") == t else by_target.get(t) for r, t in zip(results, group, strict=True)]
        if all(r is not None for r in ordered):
            return [_chainwatch_record(r) for r in ordered if r is not None], ""
        problem = "chainwatch results do not match the targets given"
    return [_chainwatch_record({"target": t, "verdict": "error", "summary": problem}) for t in group], problem


def _chainwatch_record(result: dict[str, Any]) -> dict[str, Any]:
    verdict = result.get("verdict", "error")
    return {
        "verdict": verdict,
        "score": result.get("score"),
        "error": verdict == "error",
        "top_rules": top_rules(result.get("findings") or []),
        "reason": result.get("summary", ""),
        "raw": result,
    }


def top_rules(findings: list[dict[str, Any]], limit: int = 3) -> list[str]:
    """The first distinct rules (chainwatch sorts findings by severity, then confidence)."""
    seen: dict[str, str] = {}
    for finding in findings:
        rule = str(finding.get("rule"))
        if rule not in seen:
            seen[rule] = f"{rule}({finding.get('severity', '?')})"
        if len(seen) == limit:
            break
    return list(seen.values())


# ---------------------------------------------------------------------------------------------- guarddog


def ensure_guarddog(explicit: str | None) -> Path:
    """The GuardDog executable: the one given, or our own pinned install (created on first use)."""
    if explicit:
        path = Path(explicit).expanduser()
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise SystemExit(f"vet_corpus: --guarddog {explicit!r} is not an executable file")
        return path
    venv = CACHE_ROOT / "guarddog-venv"
    exe = venv / "bin" / "guarddog"
    if exe.exists():
        return exe
    print(f"guarddog: installing guarddog=={GUARDDOG_VERSION} into {venv}", file=sys.stderr, flush=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         f"guarddog=={GUARDDOG_VERSION}"],
        check=True,
    )  # fmt: skip
    if not exe.exists():
        raise SystemExit(f"vet_corpus: installing guarddog did not produce {exe}")
    return exe


def _guarddog_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["TMPDIR"] = str(tmp)  # GuardDog extracts archives under tempfile.gettempdir(): keep them in our dir
    env["GUARDDOG_PARALLELISM"] = "1"  # one sample per process; we run `jobs` processes side by side
    env.pop("PYTHONPATH", None)
    return env


def guarddog_version(exe: Path, tmp: Path) -> str:
    """`guarddog --version`. Untimed, and it also warms up GuardDog's one-off caches."""
    proc = subprocess.run(
        [str(exe), "--version"], cwd=tmp, env=_guarddog_env(tmp), capture_output=True, text=True, check=False,
        timeout=300,
    )  # fmt: skip
    lines = proc.stdout.strip().splitlines()
    return lines[-1].strip() if proc.returncode == 0 and lines else "unknown"


def scan_one_guarddog(exe: Path, sample: Sample, tmp: Path, timeout: float, sandbox: bool) -> dict[str, Any]:
    """`guarddog pypi scan PATH --output-format json` in its own process group, with a deadline."""
    argv = [str(exe), "pypi", "scan", sample.absolute, "--output-format", "json"]
    if not sandbox:
        argv.append("--no-sandbox")
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=tmp, env=_guarddog_env(tmp), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        out, err = proc.communicate()
        return {"status": "timeout", "error": True, "label": None, "score": None, "seconds": timeout,
                "exit_code": None, "stderr_tail": err.decode("utf-8", "replace")[-400:]}  # fmt: skip
    seconds = time.perf_counter() - started
    base = {"seconds": round(seconds, 3), "exit_code": proc.returncode}
    try:
        report = json.loads(out)
        risk = report["risk_score"]
        label = str(risk["label"])
    except (ValueError, KeyError, TypeError):
        return {**base, "status": "crash", "error": True, "label": None, "score": None,
                "stderr_tail": err.decode("utf-8", "replace").strip()[-400:]}  # fmt: skip
    return {
        **base,
        "status": "ok",
        "error": False,
        "label": label,
        "score": risk.get("score"),
        "top_rules": [r.get("threat_rule", "?") for r in (report.get("risks") or [])][:3],
        "issues": report.get("issues"),
        "rule_errors": report.get("errors") or {},
        "risk_score": risk,
        "risks": report.get("risks") or [],
        "rule_hits": {rule: len(hits) for rule, hits in (report.get("results") or {}).items() if hits},
    }


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the group we created for this one GuardDog process
    except ProcessLookupError:
        pass


def run_guarddog(
    samples: Sequence[Sample], jobs: int, exe: Path, tmp: Path, timeout: float, sandbox: bool
) -> ToolRun:
    version = guarddog_version(exe, tmp)
    if version != GUARDDOG_VERSION:
        print(f"guarddog: WARNING: {exe} is version {version}, expected {GUARDDOG_VERSION}", file=sys.stderr)
    print(f"guarddog: scanning {len(samples)} samples with {jobs} processes", file=sys.stderr, flush=True)
    records: list[dict[str, Any]] = [{} for _ in samples]
    done = 0
    lock = threading.Lock()
    step = max(1, len(samples) // 20)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(samples)))) as pool:
        futures = {pool.submit(scan_one_guarddog, exe, s, tmp, timeout, sandbox): i for i, s in enumerate(samples)}
        for future in as_completed(futures):
            records[futures[future]] = future.result()
            with lock:
                done += 1
                if done % step == 0 or done == len(samples):
                    elapsed = time.perf_counter() - started
                    print(f"guarddog: {done}/{len(samples)} ({elapsed:.0f} s)", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    crashes = sum(r["status"] == "crash" for r in records)
    timeouts = sum(r["status"] == "timeout" for r in records)
    notes = [f"guarddog errors: {crashes} crash(es), {timeouts} timeout(s) at {timeout:g} s, counted as not flagged"]
    if not sandbox:
        notes.append("guarddog ran with --no-sandbox")
    failed = bool(samples) and crashes == len(samples)
    if failed:
        sample_err = next((r.get("stderr_tail") for r in records if r.get("stderr_tail")), "")
        notes.append(f"EVERY GuardDog scan crashed; first stderr: {sample_err.strip()[-300:]}")
        if "sandbox" in (sample_err or "").lower():
            notes.append("GuardDog's kernel sandbox looks unavailable here; see --guarddog-no-sandbox")
    return ToolRun(
        tool="guarddog",
        version=version,
        records=records,
        seconds=seconds,
        flag=lambda r: r.get("label") in GUARDDOG_FLAG,
        strict=lambda r: r.get("label") in GUARDDOG_STRICT,
        notes=notes,
        failed=failed,
    )


# ---------------------------------------------------------------------------------------------- metrics


@dataclass(frozen=True, slots=True)
class ToolMetrics:
    tool: str
    version: str
    flag: Confusion
    strict: Confusion
    benign_sdist: Confusion
    benign_wheel: Confusion
    errors: int
    samples: int
    seconds: float

    def row(self) -> dict[str, str]:
        rate = throughput(self.samples, self.seconds)
        return {
            "tool": f"{self.tool} {self.version}",
            "recall (flag)": percent(recall(self.flag)),
            "recall (strict)": percent(recall(self.strict)),
            "precision": percent(precision(self.flag)),
            "F1": "n/a" if f1(self.flag) is None else f"{f1(self.flag):.3f}",
            "FPR": percent(false_positive_rate(self.flag)),
            "FPR sdist": percent(false_positive_rate(self.benign_sdist)),
            "FPR wheel": percent(false_positive_rate(self.benign_wheel)),
            "errors": str(self.errors),
            "pkg/s": "n/a" if rate is None else f"{rate:.1f}",
            "seconds": f"{self.seconds:.1f}",
        }

    def as_dict(self) -> dict[str, Any]:
        def counts(c: Confusion) -> dict[str, int]:
            return {"tp": c.tp, "fn": c.fn, "fp": c.fp, "tn": c.tn}

        return {
            "tool": self.tool,
            "version": self.version,
            "flag": counts(self.flag),
            "strict": counts(self.strict),
            "benign_sdist": counts(self.benign_sdist),
            "benign_wheel": counts(self.benign_wheel),
            "recall_flag": recall(self.flag),
            "recall_strict": recall(self.strict),
            "precision": precision(self.flag),
            "precision_strict": precision(self.strict),
            "f1": f1(self.flag),
            "fpr": false_positive_rate(self.flag),
            "fpr_strict": false_positive_rate(self.strict),
            "fpr_sdist": false_positive_rate(self.benign_sdist),
            "fpr_wheel": false_positive_rate(self.benign_wheel),
            "errors": self.errors,
            "samples": self.samples,
            "seconds": self.seconds,
            "packages_per_second": throughput(self.samples, self.seconds),
        }


def measure(run: ToolRun, samples: Sequence[Sample]) -> ToolMetrics:
    pairs = list(zip(samples, run.records, strict=True))
    positive = [s.label == "malicious" for s in samples]
    flagged = [not run.is_error(r) and run.flag(r) for _, r in pairs]
    strict = [not run.is_error(r) and run.strict(r) for _, r in pairs]
    benign_of = lambda kind: [i for i, s in enumerate(samples) if s.label == "benign" and s.kind == kind]  # noqa: E731
    return ToolMetrics(
        tool=run.tool,
        version=run.version,
        flag=confusion(zip(positive, flagged, strict=True)),
        strict=confusion(zip(positive, strict, strict=True)),
        benign_sdist=confusion((False, flagged[i]) for i in benign_of("sdist")),
        benign_wheel=confusion((False, flagged[i]) for i in benign_of("wheel")),
        errors=sum(run.is_error(r) for r in run.records),
        samples=len(samples),
        seconds=run.seconds,
    )


# ---------------------------------------------------------------------------------------------- output


def render_table(rows: list[dict[str, str]], markdown: bool) -> str:
    headers = list(rows[0])
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" if h == "tool" else "---:" for h in headers) + "|"]
        lines += ["| " + " | ".join(row[h] for h in headers) + " |" for row in rows]
        return "\n".join(lines)
    widths = {h: max(len(h), *(len(row[h]) for row in rows)) for h in headers}

    def fmt(values: dict[str, str]) -> str:
        return "  ".join(values[h].ljust(widths[h]) if h == "tool" else values[h].rjust(widths[h]) for h in headers)

    lines = [fmt({h: h for h in headers}), "  ".join("-" * widths[h] for h in headers)]
    lines += [fmt(row) for row in rows]
    return "\n".join(lines)


def _listing(title: str, entries: list[str], markdown: bool, limit: int) -> list[str]:
    shown = entries if limit <= 0 else entries[:limit]
    lines = ["", f"### {title} ({len(entries)})" if markdown else f"{title} ({len(entries)}):"]
    lines += [f"- {e}" if markdown else f"  {e}" for e in shown]
    if not entries:
        lines.append("- (none)" if markdown else "  (none)")
    if len(shown) < len(entries):
        lines.append(f"{'- ' if markdown else '  '}… {len(entries) - len(shown)} more (see --json or --max-list 0)")
    return lines


def chainwatch_listings(run: ToolRun, samples: Sequence[Sample], markdown: bool, limit: int) -> list[str]:
    def entry(sample: Sample, record: dict[str, Any], what: str) -> str:
        path = f"`{sample.path}`" if markdown else sample.path
        score = record.get("score")
        head = f"{record['verdict']} {score:.2f}" if isinstance(score, int | float) else record["verdict"]
        if what == "reason":
            return f"{path}  [{head}] {record.get('reason') or ''}".rstrip()
        return f"{path}  [{head}] {', '.join(record['top_rules']) or '(no findings)'}"

    pairs = list(zip(samples, run.records, strict=True))
    fn = [entry(s, r, "rules") for s, r in pairs if s.label == "malicious" and not r["error"] and not run.flag(r)]
    fp = [entry(s, r, "rules") for s, r in pairs if s.label == "benign" and not r["error"] and run.flag(r)]
    mal_err = [entry(s, r, "reason") for s, r in pairs if s.label == "malicious" and r["error"]]
    ben_err = [entry(s, r, "reason") for s, r in pairs if s.label == "benign" and r["error"]]
    lines: list[str] = []
    lines += _listing("chainwatch false negatives (malicious, verdict clean)", fn, markdown, limit)
    lines += _listing("chainwatch false positives (benign, verdict malicious or suspicious)", fp, markdown, limit)
    lines += _listing("chainwatch errors on malicious samples (counted as missed)", mal_err, markdown, limit)
    if ben_err:
        lines += _listing("chainwatch errors on benign samples (would block an install)", ben_err, markdown, limit)
    return lines


def render(
    runs: list[ToolRun],
    metrics: list[ToolMetrics],
    samples: Sequence[Sample],
    header: list[str],
    markdown: bool,
    limit: int,
) -> str:
    lines = [*header, ""]
    lines.append(render_table([m.row() for m in metrics], markdown))
    lines.append("")
    legend = [
        "flag = chainwatch verdict malicious|suspicious; GuardDog risk label suspicious|high_risk (score >= 5).",
        "strict = chainwatch malicious; GuardDog high_risk (score >= 7). Precision, F1 and FPR are at `flag`.",
        "A sample a tool failed on (error/crash/timeout) counts as not flagged.",
    ]
    lines += [f"> {line}" if markdown else line for line in legend]
    lines.append("")
    for m in metrics:
        text = (
            f"{m.tool}: flag TP={m.flag.tp} FN={m.flag.fn} FP={m.flag.fp} TN={m.flag.tn}; "
            f"strict TP={m.strict.tp} FN={m.strict.fn} FP={m.strict.fp} TN={m.strict.tn}"
        )
        lines.append(f"- {text}" if markdown else text)
    for run in runs:
        for note in run.notes:
            lines.append(f"- {note}" if markdown else note)
    for run in runs:
        if run.tool == "chainwatch":
            lines += chainwatch_listings(run, samples, markdown, limit)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="vet_corpus.py",
        description="Benchmark `chainwatch vet` and GuardDog on the labelled corpus (samples are never executed).",
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder holding manifest.csv")
    parser.add_argument("--sample", type=int, metavar="N", help="stratified (label x kind), seeded sample of N")
    parser.add_argument("--seed", type=int, default=42, help="seed for --sample (default: 42)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel workers for each tool")
    peers = parser.add_mutually_exclusive_group()
    peers.add_argument("--no-peer", action="store_true", help="run chainwatch only")
    peers.add_argument("--peer-only", action="store_true", help="run GuardDog only")
    parser.add_argument("--guarddog", metavar="EXE", help="GuardDog executable (default: own pinned install)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per GuardDog sample (default: 300)")
    parser.add_argument(
        "--guarddog-no-sandbox",
        action="store_true",
        help="pass --no-sandbox to GuardDog (only where its kernel sandbox is unavailable)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="save raw per-sample results and metrics here")
    parser.add_argument("--markdown", action="store_true", help="print the report as markdown")
    parser.add_argument(
        "--max-list", type=int, default=0, metavar="N", help="list at most N samples per section (default: 0 = all)"
    )
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.sample is not None and args.sample < 1:
        parser.error("--sample must be at least 1")
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    return args


def describe(samples: Sequence[Sample], total: int) -> str:
    mal = [s for s in samples if s.label == "malicious"]
    ben = [s for s in samples if s.label == "benign"]
    kinds = lambda group: ", ".join(  # noqa: E731
        f"{sum(s.kind == k for s in group)} {k}" for k in sorted({s.kind for s in group})
    )
    return (
        f"{len(samples)} of {total} samples: {len(mal)} malicious ({kinds(mal)}), {len(ben)} benign ({kinds(ben)})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    corpus = args.corpus.expanduser().resolve()
    if not (corpus / "manifest.csv").is_file():
        print(f"vet_corpus: no manifest.csv in {corpus}", file=sys.stderr)
        return 2
    every, missing = load_manifest(corpus)
    if missing:
        print(f"vet_corpus: WARNING: {len(missing)} manifest row(s) missing or unsafe, skipped", file=sys.stderr)
    samples = every
    if args.sample is not None:
        samples = stratified_sample(every, lambda s: (s.label, s.kind), args.sample, args.seed)
    if not samples:
        print("vet_corpus: no samples selected", file=sys.stderr)
        return 2
    guarddog_exe = None if args.no_peer else ensure_guarddog(args.guarddog)

    runs: list[ToolRun] = []
    workdir = Path(tempfile.mkdtemp(prefix="chainwatch-bench-"))
    try:
        if not args.peer_only:
            runs.append(run_chainwatch(samples, args.jobs, workdir))
        if guarddog_exe is not None:
            gd_tmp = workdir / "guarddog-tmp"
            gd_tmp.mkdir()
            runs.append(
                run_guarddog(samples, args.jobs, guarddog_exe, gd_tmp, args.timeout, not args.guarddog_no_sandbox)
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    metrics = [measure(run, samples) for run in runs]
    selection = describe(samples, len(every) + len(missing))
    if args.sample is not None:
        selection += f" (stratified sample, seed {args.seed})"
    header = [
        "# chainwatch vet benchmark" if args.markdown else "chainwatch vet benchmark",
        "",
        f"corpus: {corpus}",
        f"selection: {selection}",
        f"jobs: {args.jobs} — "
        + "; ".join(
            ([] if args.peer_only else [f"chainwatch --jobs {args.jobs}"])
            + ([] if guarddog_exe is None else [f"GuardDog: {args.jobs} processes side by side, one per sample"])
        ),
    ]
    if guarddog_exe is not None:
        header.append(f"guarddog: {guarddog_exe} (per-sample timeout {args.timeout:g} s)")
    if args.markdown:
        header = header[:2] + [f"- {line}" for line in header[2:]]
    sys.stdout.write(render(runs, metrics, samples, header, args.markdown, args.max_list))

    if args.json:
        save_json(args.json, corpus, args, samples, runs, metrics)
        print(f"raw results written to {args.json}", file=sys.stderr)
    return 1 if any(run.failed for run in runs) else 0


def save_json(
    path: Path,
    corpus: Path,
    args: argparse.Namespace,
    samples: Sequence[Sample],
    runs: list[ToolRun],
    metrics: list[ToolMetrics],
) -> None:
    by_tool = {run.tool: run.records for run in runs}
    document = {
        "corpus": str(corpus),
        "sample": args.sample,
        "seed": args.seed,
        "jobs": args.jobs,
        "guarddog_timeout": args.timeout,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "metrics": [m.as_dict() for m in metrics],
        "notes": {run.tool: run.notes for run in runs},
        "samples": [
            {
                "path": s.path,
                "label": s.label,
                "kind": s.kind,
                "name": s.name,
                "version": s.version,
                "source": s.source,
                **{tool: records[i] for tool, records in by_tool.items()},
            }
            for i, s in enumerate(samples)
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
