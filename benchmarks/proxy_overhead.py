"""What a guarded install costs: `chainwatch pip install` beside plain `pip install`, same local index.

    .venv/bin/python benchmarks/proxy_overhead.py [--packages N] [--runs R] [--json FILE]

Input: N (default 50) small pure-Python wheels, `cwbench-pkg-00` … , each a ~200-line module, linked
into a dependency chain (package i requires i+1 and i+2), so installing `cwbench-pkg-00` resolves
all N. They are served by pypiserver on loopback (sha256 hashes in the links, like PyPI).

Timed, each as a fresh process, into a fresh `--target` folder, pip's cache off (`--no-cache-dir`)
and its configuration off (`PIP_CONFIG_FILE=/dev/null`) on both sides:

* plain — `python -m pip install --index-url PYPISERVER cwbench-pkg-00`
* cold  — `python -m chainwatch.cli pip install --index-url PYPISERVER cwbench-pkg-00` with an empty
          chainwatch cache: every wheel is downloaded through the proxy and vetted
* warm  — the same with the verdict cache filled: nothing is vetted again

Medians of R rounds of plain, cold and warm runs, interleaved (after one untimed plain run to warm
the OS caches). The target: warm − plain
≤ 2 s, and cold − warm close to the time spent vetting (summed from the stored verdicts).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "proxy"))

from proxy_fixtures import start_pypiserver, stop, wheel  # the tests' wheel builder and pypiserver launcher

MODULE = '''"""Utility helpers for {name} (synthetic benchmark package)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_WORD = re.compile(r"[A-Za-z]+")


@dataclass
class Record{index}:
    key: str
    values: list[int] = field(default_factory=list)

    def total(self) -> int:
        return sum(self.values)

    def to_json(self) -> str:
        return json.dumps({{"key": self.key, "values": self.values}})

'''
FUNCTION = '''
def transform_{index}_{n}(text: str, factor: int = {n}) -> list[str]:
    """Split, filter and scale: step {n}."""
    words = [w.lower() for w in _WORD.findall(text)]
    kept = [w for w in words if len(w) > {n} % 5]
    return [w * (factor % 3 + 1) for w in kept]

'''


def build_packages(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        name = f"cwbench-pkg-{index:02d}"
        module = MODULE.format(name=name, index=index) + "".join(FUNCTION.format(index=index, n=n) for n in range(24))
        requires = [f"cwbench-pkg-{j:02d}" for j in (index + 1, index + 2) if j < count]
        files = {f"cwbench_pkg_{index:02d}/__init__.py": module}
        (folder / f"cwbench_pkg_{index:02d}-1.0-py3-none-any.whl").write_bytes(wheel(name, "1.0", files, requires))


def environment(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k.upper() != "VIRTUAL_ENV"}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", CHAINWATCH_CACHE_DIR=str(cache))
    return env


def timed(command: list[str], env: dict[str, str], expect: int = 0) -> float:
    started = time.perf_counter()
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if finished.returncode != expect:
        raise SystemExit(f"{' '.join(command[:5])} … exited {finished.returncode}:\n{finished.stderr[-3000:]}")
    return seconds


def vet_seconds(cache: Path) -> tuple[int, float]:
    records = [json.loads(p.read_text())["record"] for p in (cache / "proxy" / "verdicts").rglob("*.json")]
    return len(records), sum(r["seconds"] for r in records)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packages", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cw-proxy-bench-"))
    try:
        build_packages(work / "packages", args.packages)
        server = start_pypiserver(work / "packages", work / "pypiserver.log")
        try:
            figures = measure(work, server.url, args.runs, args.packages)
        finally:
            stop(server.process)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    return 0


def measure(work: Path, index: str, runs: int, count: int) -> dict[str, Any]:
    python = sys.executable
    common = ["install", "--no-cache-dir", "--index-url", index]
    run = 0

    def target() -> str:
        nonlocal run
        run += 1
        return str(work / f"target-{run}")

    plain_env = environment(work / "unused-cache")
    plain_cmd = [python, "-m", "pip", *common, "cwbench-pkg-00", "--target"]
    guarded_cmd = [python, "-m", "chainwatch.cli", "pip", *common, "cwbench-pkg-00", "--target"]
    timed([*plain_cmd, target()], plain_env)  # untimed: OS caches

    # Plain, cold and warm runs interleaved, so a busy machine's drift hits all three alike.
    plain, cold, warm, vetting = [], [], [], []
    for attempt in range(runs):
        plain.append(timed([*plain_cmd, target()], plain_env))
        cache = work / f"cache-{attempt}"
        cold.append(timed([*guarded_cmd, target()], environment(cache)))
        vetted, seconds = vet_seconds(cache)
        if vetted != count:
            raise SystemExit(f"expected {count} verdicts after a cold run, found {vetted}")
        vetting.append(seconds)
        warm.append(timed([*guarded_cmd, target()], environment(cache)))
    startup = [timed([python, "-m", "chainwatch.cli", "--version"], plain_env) for _ in range(runs)]
    median = statistics.median
    return {
        "packages": count,
        "runs": runs,
        "plain_s": median(plain),
        "cold_s": median(cold),
        "warm_s": median(warm),
        "vetting_s": median(vetting),
        "chainwatch_startup_s": median(startup),
        "warm_overhead_s": median(warm) - median(plain),
        "cold_overhead_s": median(cold) - median(plain),
        "raw": {"plain": plain, "cold": cold, "warm": warm, "vetting": vetting, "startup": startup},
    }


def report(figures: dict[str, Any]) -> None:
    print(f"guarded install of {figures['packages']} packages, median of {figures['runs']} runs")
    print(f"  plain pip install            {figures['plain_s']:6.2f} s")
    print(f"  chainwatch pip install, warm {figures['warm_s']:6.2f} s  (+{figures['warm_overhead_s']:.2f} s)")
    print(f"  chainwatch pip install, cold {figures['cold_s']:6.2f} s  (+{figures['cold_overhead_s']:.2f} s)")
    print(f"  of which vetting (sum)       {figures['vetting_s']:6.2f} s")
    print(f"  chainwatch start-up alone    {figures['chainwatch_startup_s']:6.2f} s")
    verdict = "met" if figures["warm_overhead_s"] <= 2.0 else "NOT met"
    print(f"target warm overhead <= 2 s: {verdict}")


if __name__ == "__main__":
    raise SystemExit(main())
