"""Known-vulnerability matching speed: chainwatch's bundled database beside pip-audit, same input.

    .venv/bin/python benchmarks/audit_vulns.py [--packages N] [--runs R] [--json FILE]

Input: a pinned requirements file of N (default 400) projects, written to a temporary folder:
every project in the bundled advisory snapshot, half pinned just below one of its fixes (likely
vulnerable) and half at its newest fix (likely clean), topped up with popular projects from
`chainwatch/data/popular-pypi.txt` that have no advisory, pinned at 1.0.0.

chainwatch: `python -c` loads the bundled database and matches every pin, as a fresh process
(interpreter start, imports, database load and matching all counted); the median of R warm runs
(one untimed run first). The in-process split (load vs matching) is reported too.

pip-audit (installed in the test environment): `pip-audit --no-deps --disable-pip -r FILE
--vulnerability-service osv --osv-url LOOPBACK`. pip-audit cannot match offline; it asks osv.dev
once per dependency. Here a loopback server plays osv.dev and answers every query from a table
computed before timing starts (the same advisories, as OSV JSON), so its answers cost nothing:
the figure is pip-audit's own time plus loopback HTTP, a lower bound of what it takes against
the real service over a network. Median of R runs after one untimed run.

The advisory ids both tools report are compared, so the speed is for the same answer.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from packaging.utils import canonicalize_name
from packaging.version import Version

from chainwatch.vulns import VulnDB
from chainwatch.vulns.snapshot import value
from chainwatch.vulns.store import BUNDLED_SNAPSHOT

POPULAR = BUNDLED_SNAPSHOT.with_name("popular-pypi.txt")

CHAINWATCH_SCRIPT = """
import json, sys
from chainwatch.vulns import VulnDB
from chainwatch.vulns.store import BUNDLED_SNAPSHOT
db = VulnDB.load(BUNDLED_SNAPSHOT)
found = {}
for line in open(sys.argv[1]):
    name, _, version = line.strip().partition("==")
    if name:
        found[name] = sorted(m.id for m in db.affected(name, version))
json.dump(found, sys.stdout)
"""


def requirements(db: VulnDB, count: int) -> list[tuple[str, str]]:
    pins: list[tuple[str, str]] = []
    for index, name in enumerate(sorted(db.packages())):
        # the compiled entries are private, but a benchmark may look inside to pick telling versions
        fixes = sorted({f for entry in db._entries(name) for r in entry.ranges for f in r.fixed})
        if not fixes:
            continue
        fix = fixes[len(fixes) // 2] if index % 2 == 0 else fixes[-1]
        version = f"{'.'.join(map(str, fix.release))}rc1" if index % 2 == 0 else str(fix)
        pins.append((name, version))
    known = {name for name, _ in pins}
    for line in POPULAR.read_text().splitlines():
        if len(pins) >= count:
            break
        if line.startswith("#"):
            continue
        name = line.split("\t")[1]
        if canonicalize_name(name) not in known and not db.advisories_for(name):
            pins.append((name, "1.0.0"))
    return pins[:count] if len(pins) >= count else pins


def osv_json(db: VulnDB, identifier: str, name: str) -> dict[str, Any]:
    """An OSV record rebuilt from the snapshot, as osv.dev would return it (enough for pip-audit)."""
    advisory = db.advisory(identifier)
    assert advisory is not None
    raw = value(db._package_data[name])
    ranges = [r for entry in raw if entry[0] == identifier for r in entry[1]]
    record: dict[str, Any] = {
        "id": identifier,
        "aliases": list(advisory.aliases),
        "details": advisory.details,
        "modified": advisory.modified or "2024-01-01T00:00:00Z",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": name},
                "ranges": [{"type": "ECOSYSTEM", "events": [{k: v} for k, v in events]} for events in ranges],
            }
        ],
    }
    if advisory.withdrawn:
        record["withdrawn"] = advisory.withdrawn
    return record


def answer_table(db: VulnDB, pins: list[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    table: dict[tuple[str, str], bytes] = {}
    for name, version in pins:
        key = canonicalize_name(name)
        ids = {a.id for m in db.affected(name, version) for a in m.advisories}
        vulns = [osv_json(db, i, key) for i in sorted(ids)]
        table[(key, str(Version(version)))] = json.dumps({"vulns": vulns} if vulns else {}).encode()
    return table


class OSVHandler(BaseHTTPRequestHandler):
    """Plays osv.dev's /v1/query from a precomputed table (subclass it with `table` set)."""

    table: ClassVar[dict[tuple[str, str], bytes]] = {}

    def do_POST(self) -> None:
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        body = self.table.get((str(canonicalize_name(query["package"]["name"])), query["version"]), b"{}")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[:3]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packages", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="save the figures")
    args = parser.parse_args(argv)

    db = VulnDB.load(BUNDLED_SNAPSHOT)
    pins = requirements(db, args.packages)
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "PIP_NO_INDEX": "1"}
    with tempfile.TemporaryDirectory(prefix="cw-audit-bench-") as tmp:
        req = Path(tmp) / "requirements.txt"
        req.write_text("".join(f"{n}=={v}\n" for n, v in pins))

        # in-process split
        loads, matches = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            fresh = VulnDB.load(BUNDLED_SNAPSHOT)
            loads.append(time.perf_counter() - start)
            start = time.perf_counter()
            for name, version in pins:
                fresh.affected(name, version)
            matches.append(time.perf_counter() - start)

        cw_command = [sys.executable, "-c", CHAINWATCH_SCRIPT, str(req)]
        timed(cw_command, env)
        cw_runs = [timed(cw_command, env) for _ in range(args.runs)]
        ours = {canonicalize_name(k): set(v) for k, v in json.loads(cw_runs[-1][1]).items()}

        handler = type("Handler", (OSVHandler,), {"table": answer_table(db, pins)})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/v1/query"
        pa_command = [
            sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip", "-r", str(req),
            "--vulnerability-service", "osv", "--osv-url", url, "--format", "json",
            "--cache-dir", str(Path(tmp) / "pa-cache"), "--progress-spinner", "off",
        ]  # fmt: skip
        try:
            timed(pa_command, env)
            pa_runs = [timed(pa_command, env) for _ in range(args.runs)]
        finally:
            server.shutdown()
            server.server_close()
        report = json.loads(pa_runs[-1][1])
        theirs = {d["name"]: {v["id"] for v in d["vulns"]} for d in report["dependencies"] if "vulns" in d}

    cw = statistics.median(t for t, _ in cw_runs)
    pa = statistics.median(t for t, _ in pa_runs)
    figures = {
        "packages": len(pins),
        "vulnerable_packages": sum(1 for ids in ours.values() if ids),
        "advisories_reported": sum(len(ids) for ids in ours.values()),
        "same_advisories_as_pip_audit": ours == theirs,
        "chainwatch_process_s": round(cw, 3),
        "chainwatch_load_s": round(statistics.median(loads), 4),
        "chainwatch_match_s": round(statistics.median(matches), 4),
        "pip_audit_process_s": round(pa, 3),
        "speedup": round(pa / cw, 1),
        "runs": args.runs,
    }
    for key, figure in figures.items():
        print(f"{key:<30} {figure}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if ours == theirs else 1


if __name__ == "__main__":
    raise SystemExit(main())
