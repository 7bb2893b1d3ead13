"""`chainwatch audit` speed on a large pinned requirements file, offline and warm, beside pip-audit.

    .venv/bin/python benchmarks/audit_speed.py [--packages N] [--runs R] [--json FILE]

Input: a requirements file of N (default 400, at least 300) projects from the top of the bundled
`chainwatch/data/popular-pypi.txt`, each pinned with `==`. A project the advisory database knows is pinned at
the smallest version its advisories name as a fix (a real release, usually affected by later advisories); the
others at the version installed here when there is one, else 1.0.0.

chainwatch: `chainwatch audit FILE --offline --format json` as a fresh process (interpreter start, imports,
reading the file, loading the advisory snapshot, every check on every dependency, the report), with the bundled
advisory database; the median of R runs after one untimed (warm-up) run. Warm means what a second run on the
same machine finds in the cache directory: the parsed advisory snapshot, the built popular-project index and the
typosquat answers for names seen before (the last two keyed by the popular snapshot's bytes and the typosquat
code). Two figures: the same file again
(every name answered from the cache, the index not even loaded), and new names (the answers removed before
every run: the index read back from the cache, every name checked). Both tools start from compiled bytecode:
pip compiled pip-audit's when it installed it, and this benchmark compiles chainwatch's (an editable checkout
has none, and PYTHONDONTWRITEBYTECODE may forbid writing it). The in-process split (reading, advisory
snapshot, checks, and the popular index new names need) is printed too.

pip-audit cannot audit offline: it has no local advisory database and asks a service (PyPI's JSON API or
osv.dev) once per dependency. To time it on the same input *and the same data*, a loopback server plays osv.dev
(`--vulnerability-service osv --osv-url ...`) and answers every query from a table computed from chainwatch's
bundled snapshot before timing starts, so its answers cost nothing: the figure is pip-audit's own time plus
loopback HTTP, a lower bound of what it takes against the real service. `pip-audit --no-deps --disable-pip -r
FILE`, median of R runs after one untimed run. The advisory ids both tools report are compared, so both answered
the same question. pip-audit checks known vulnerabilities only; chainwatch's figure includes its typosquat,
confusion and hygiene checks as well.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from importlib import metadata
from pathlib import Path
from typing import Any

from audit_vulns import OSVHandler, answer_table  # the OSV stand-in the vulnerability benchmark serves
from packaging.utils import canonicalize_name

import chainwatch
from chainwatch import built_cache
from chainwatch.audit.typosquat_answers import CACHE_NAME as ANSWERS
from chainwatch.vulns import VulnDB
from chainwatch.vulns.store import BUNDLED_SNAPSHOT

POPULAR = BUNDLED_SNAPSHOT.with_name("popular-pypi.txt")
CHAINWATCH = Path(sys.executable).with_name("chainwatch")


def pins(db: VulnDB, count: int) -> list[tuple[str, str]]:
    installed = {str(canonicalize_name(d.metadata["Name"])): d.version for d in metadata.distributions()}
    chosen: list[tuple[str, str]] = []
    for line in POPULAR.read_text(encoding="utf-8").splitlines():
        if len(chosen) >= count:
            break
        if not line or line.startswith("#"):
            continue
        name = str(canonicalize_name(line.split("\t")[1]))
        # The compiled entries are private, but a benchmark may look inside to pick telling versions.
        fixes = sorted({f for entry in db._entries(name) for r in entry.ranges for f in r.fixed})
        chosen.append((name, str(fixes[0]) if fixes else installed.get(name, "1.0.0")))
    return chosen


def timed(command: list[str], env: dict[str, str], forget: Path | None = None) -> tuple[float, str]:
    if forget is not None:
        forget.unlink(missing_ok=True)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[:3]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, done.stdout


def in_process_split(requirements: Path) -> dict[str, float]:
    """Where chainwatch's time goes, in this process (imports already paid): reading the file, loading the
    advisory snapshot, the checks (typosquat answers from the cache, as in a warm run), and what a run with
    new names pays on top: reading the built popular-project index back from the cache."""
    from chainwatch.analyzers.typosquat import default_index
    from chainwatch.audit import AuditOptions, collect_inputs, run_audit
    from chainwatch.vulns import default_db

    start = time.perf_counter()
    inputs = collect_inputs([str(requirements)], [])
    read = time.perf_counter() - start
    start = time.perf_counter()
    default_db()
    advisories = time.perf_counter() - start
    start = time.perf_counter()
    run_audit(inputs, AuditOptions(offline=True))
    checks = time.perf_counter() - start
    start = time.perf_counter()
    default_index()
    index = time.perf_counter() - start
    return {"read_s": read, "advisory_db_s": advisories, "checks_s": checks, "popular_index_s": index}


def findings(stdout: str) -> list[list[dict[str, Any]]]:
    return [result["findings"] for result in json.loads(stdout)["results"]]


def vulnerability_ids(report: dict[str, Any]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for result in report["results"]:
        for finding in result["findings"]:
            if finding["rule"] == "vuln.known-vulnerability":
                name = finding["snippet"].split("==")[0]
                found.setdefault(str(canonicalize_name(name)), set()).add(finding["tags"][1])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packages", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="save the figures")
    args = parser.parse_args(argv)
    if args.packages < 300:
        parser.error("--packages must be at least 300")

    db = VulnDB.load(BUNDLED_SNAPSHOT)
    pinned = pins(db, args.packages)
    with tempfile.TemporaryDirectory(prefix="cw-audit-speed-") as tmp:
        folder = Path(tmp)
        requirements = folder / "requirements.txt"
        requirements.write_text("".join(f"{name}=={version}\n" for name, version in pinned), encoding="utf-8")
        # An empty cache directory: the bundled snapshots, whatever the developer updated; no pip configuration.
        env = {
            **os.environ,
            "CHAINWATCH_CACHE_DIR": str(folder / "cache"),
            "PIP_CONFIG_FILE": os.devnull,
            "NO_PROXY": "127.0.0.1,localhost",
            "PIP_NO_INDEX": "1",
        }

        compileall.compile_dir(Path(chainwatch.__file__).parent, quiet=1)
        os.environ["CHAINWATCH_CACHE_DIR"] = env["CHAINWATCH_CACHE_DIR"]
        stored_answers = built_cache.cache_path(ANSWERS)
        cw_command = [str(CHAINWATCH), "audit", str(requirements), "--offline", "--format", "json"]

        handler = type("Handler", (OSVHandler,), {"table": answer_table(db, pinned)})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/v1/query"
        pa_command = [
            sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip", "-r", str(requirements),
            "--vulnerability-service", "osv", "--osv-url", url, "--format", "json",
            "--cache-dir", str(folder / "pa-cache"), "--progress-spinner", "off",
        ]  # fmt: skip
        cw_runs: list[tuple[float, str]] = []
        new_names_runs: list[tuple[float, str]] = []
        pa_runs: list[tuple[float, str]] = []
        try:
            timed(cw_command, env)
            timed(pa_command, env)
            # Interleaved, so that the other jobs on a shared machine weigh on both tools alike.
            for _ in range(args.runs):
                cw_runs.append(timed(cw_command, env))
                pa_runs.append(timed(pa_command, env))
                new_names_runs.append(timed(cw_command, env, forget=stored_answers))
        finally:
            server.shutdown()
            server.server_close()
        ours = vulnerability_ids(json.loads(cw_runs[-1][1]))
        if findings(new_names_runs[-1][1]) != findings(cw_runs[-1][1]):
            raise SystemExit("chainwatch answered differently without its stored typosquat answers")
        split = in_process_split(requirements)
        report = json.loads(pa_runs[-1][1])
        theirs = {
            str(canonicalize_name(d["name"])): {v["id"] for v in d["vulns"]}
            for d in report["dependencies"]
            if d.get("vulns")
        }

    cw = statistics.median(t for t, _ in cw_runs)
    cw_new_names = statistics.median(t for t, _ in new_names_runs)
    pa = statistics.median(t for t, _ in pa_runs)
    figures = {
        "packages": len(pinned),
        "packages_in_advisory_db": sum(1 for name, _ in pinned if db.advisories_for(name)),
        "vulnerable_packages": len(ours),
        "advisories_reported": sum(len(ids) for ids in ours.values()),
        "same_advisories_as_pip_audit": ours == theirs,
        "chainwatch_audit_s": round(cw, 3),
        "chainwatch_packages_per_s": round(len(pinned) / cw),
        "chainwatch_new_names_s": round(cw_new_names, 3),
        "chainwatch_read_s": round(split["read_s"], 4),
        "chainwatch_advisory_db_s": round(split["advisory_db_s"], 4),
        "chainwatch_checks_s": round(split["checks_s"], 4),
        "chainwatch_popular_index_s": round(split["popular_index_s"], 4),
        "pip_audit_s": round(pa, 3),
        "speedup": round(pa / cw, 1),
        "speedup_new_names": round(pa / cw_new_names, 1),
        "runs": args.runs,
    }
    for key, figure in figures.items():
        print(f"{key:<30} {figure}")
    if ours != theirs:
        for name in sorted(set(ours) | set(theirs)):
            if ours.get(name) != theirs.get(name):
                print(
                    f"  differs: {name}: chainwatch {sorted(ours.get(name, ()))} pip-audit {sorted(theirs.get(name, ()))}"
                )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if ours == theirs else 1


if __name__ == "__main__":
    raise SystemExit(main())
