"""Adversarial inputs finish: no pattern backtracks catastrophically, on either backend.

Each case runs in a subprocess with a generous timeout (no timing assertion in-process): a
catastrophic pattern would take hours on these inputs, a linear one takes seconds at most.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from chainwatch.analyzers.secrets.prefilter import hyperscan_available

CASES = {
    "run-of-a": "b'a' * 1_000_000",
    "run-of-A": "b'A' * 1_000_000",
    "key-equals": "b'key=' * 250_000",
    "password-quote": "b'password=\"' * 100_000",
    "begin-without-end": "b'-----BEGIN RSA PRIVATE KEY-----\\n' * 20_000",
    "url-without-at": "b'postgres://user:' * 60_000",
    "jwt-fragments": "b'eyJhbGciOi.eyJ' * 70_000",
    "one-long-line": "b'x=\"' + b'Ab1/' * 250_000",
    "many-lines": "b'token: abc\\n' * 100_000",
    "uuid-fragments": "b'9f3ab2c1-' * 120_000",
    "uuids": "b'9f3ab2c1-7d4e-4a1b-b2c3-d4e5f6a7b8c9 ' * 30_000",
}
BACKENDS = ["python", *(["hyperscan"] if hyperscan_available() else [])]
SCRIPT = """
import sys
from chainwatch.analyzers.secrets import DETECTORS, Scanner
from chainwatch.analyzers.secrets.rules import CANDIDATES
scanner = Scanner((*DETECTORS, *CANDIDATES), backend=sys.argv[1])  # the --min-confidence 0.3 rule set
data = eval(sys.argv[2])
for path in ("a.py", "a.env", "a.md"):
    scanner.scan_bytes(path, data)
print("done")
"""


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_adversarial_input_finishes(backend: str, case: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, backend, CASES[case]], check=False, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "done"
