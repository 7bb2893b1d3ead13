"""What `audit --vet --offline` costs when the verdict store answers every file, beside the same audit without `--vet`.

    .venv/bin/python benchmarks/audit_offline_vet.py [--packages N] [--runs R]

Input: a requirements file of N (default 400) projects from the top of the bundled popular-project list, each
pinned `==1.0.0` with two `--hash=sha256:` values (an sdist and a wheel, as lock files record them). The verdict
store of a throwaway cache directory holds a clean verdict for every one of those 2N hashes, made with the
fingerprint a default `--vet` run computes (what an earlier online run leaves behind); the hashes are synthetic,
no file is fetched or analysed. Timed: `chainwatch audit FILE --offline --vet --format json` and the same without
`--vet`, each a fresh process, interleaved, median of R runs after one untimed run of each. The difference is
what offline vetting adds: computing the analysis fingerprint (a digest of the analyzer code) and reading 2N
verdict records. Every pin must come out vetted from the cache, which the script checks.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path


def popular_names(count: int) -> list[str]:
    text = resources.files("chainwatch.data").joinpath("popular-pypi.txt").read_text(encoding="utf-8")
    names = [line.split("\t")[1] for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return names[:count]


def digest(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def fill_store(cache: Path, names: list[str]) -> None:
    os.environ["CHAINWATCH_CACHE_DIR"] = str(cache)
    from chainwatch.index.models import ArtifactKind
    from chainwatch.index.names import DistributionName
    from chainwatch.model import TargetResult, Verdict
    from chainwatch.pipeline import RunOptions
    from chainwatch.proxy.verdicts import VerdictStore, VetRecord, analysis_fingerprint

    store = VerdictStore(cache, analysis_fingerprint(RunOptions()))  # what a default `--vet` run computes
    clean = TargetResult(target="", verdict=Verdict.CLEAN, score=0.0)
    for name in names:
        files = ((ArtifactKind.SDIST, f"{name}-1.0.0.tar.gz"), (ArtifactKind.WHEEL, f"{name}-1.0.0-py3-none-any.whl"))
        for kind, filename in files:
            dist = DistributionName(name, "1.0.0", kind)
            store.put(VetRecord.from_result(clean, digest(filename), filename, dist, store.fingerprint))


def requirements(names: list[str]) -> str:
    lines = []
    for name in names:
        hashes = " ".join(
            f"--hash=sha256:{digest(f)}" for f in (f"{name}-1.0.0.tar.gz", f"{name}-1.0.0-py3-none-any.whl")
        )
        lines.append(f"{name}==1.0.0 {hashes}")
    return "\n".join(lines) + "\n"


def timed(command: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    return time.perf_counter() - started, done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=400)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    names = popular_names(args.packages)
    with tempfile.TemporaryDirectory(prefix="cw-offline-vet-") as folder:
        root = Path(folder)
        fill_store(root / "cache", names)
        source = root / "requirements.txt"
        source.write_text(requirements(names), encoding="utf-8")
        env = {**os.environ, "CHAINWATCH_CACHE_DIR": str(root / "cache"), "PIP_CONFIG_FILE": os.devnull}
        chainwatch = str(Path(sys.executable).with_name("chainwatch"))
        base = [chainwatch, "audit", str(source), "--offline", "--format", "json"]
        commands = {"without --vet": base, "--vet (from the cache)": [*base, "--vet"]}
        for command in commands.values():
            timed(command, env)  # warm-up: built indexes, parsed advisory snapshot, page cache
        seconds: dict[str, list[float]] = {label: [] for label in commands}
        for _ in range(args.runs):
            for label, command in commands.items():
                elapsed, done = timed(command, env)
                seconds[label].append(elapsed)
                if label.startswith("--vet"):
                    expected = f"{2 * len(names)} files of {len(names)} pinned releases (0 analysed, {2 * len(names)}"
                    if expected not in done.stderr:
                        print(done.stderr, file=sys.stderr)
                        raise SystemExit("offline vetting was not answered from the cache")
        print(f"{len(names)} pins, {2 * len(names)} recorded sha256 hashes, median of {args.runs} fresh processes:")
        for label, values in seconds.items():
            print(f"  {label:24s} {statistics.median(values):.3f} s (min {min(values):.3f}, max {max(values):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
