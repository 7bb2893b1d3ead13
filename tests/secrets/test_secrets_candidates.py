"""Low-confidence candidates (bare UUIDs): listed only when asked for, never winning over a real finding."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from chainwatch.analyzers.secrets import DETECTORS, Scanner
from chainwatch.analyzers.secrets.prefilter import hyperscan_available
from chainwatch.analyzers.secrets.rules import CANDIDATES
from chainwatch.cli import main

BACKENDS = ["python", *(["hyperscan"] if hyperscan_available() else [])]


def _uuid(seed: int) -> str:
    rng = random.Random(seed)
    return "-".join("".join(rng.choice("0123456789abcdef") for _ in range(n)) for n in (8, 4, 4, 4, 12))


@pytest.fixture(scope="module", params=BACKENDS)
def audit_scanner(request: pytest.FixtureRequest) -> Scanner:
    return Scanner((*DETECTORS, *CANDIDATES), backend=request.param)


@pytest.mark.parametrize("path", ["src/app.cs", "tests/fixtures/rows.sql", "docs/setup.md"])
def test_bare_uuid_is_a_candidate_below_the_default_threshold(audit_scanner: Scanner, path: str) -> None:
    line = f'public static readonly Guid Folder = new Guid("{_uuid(1)}");'
    matches = audit_scanner.scan_bytes(path, line.encode())
    assert [m.rule for m in matches] == ["secret.uuid-candidate"]
    assert 0.3 <= matches[0].confidence < 0.5


@pytest.mark.parametrize(
    "value",
    ["00000000-0000-0000-0000-000000000000", "12345678-1234-1234-1234-123456789012", "abcd1234-0000-1111-2222-abcdabcd1234"],
)
def test_placeholder_uuids_are_not_candidates(audit_scanner: Scanner, value: str) -> None:
    assert audit_scanner.scan_bytes("src/app.py", f'request_id = "{value}"'.encode()) == []


def test_uuid_inside_a_longer_token_is_not_a_candidate(audit_scanner: Scanner) -> None:
    assert audit_scanner.scan_bytes("src/app.py", f'ref = "x{_uuid(2)}-7"'.encode()) == []


def test_named_credential_wins_over_its_candidate(audit_scanner: Scanner) -> None:
    matches = audit_scanner.scan_bytes("config/app.yml", f"notify_api_key: {_uuid(3)}".encode())
    assert [m.rule for m in matches] == ["secret.generic-secret"]
    assert matches[0].confidence >= 0.5


def test_command_lists_candidates_only_when_the_threshold_allows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ids.sql").write_text(f"INSERT INTO users (id, name) VALUES ({_uuid(4)}, 'Ann');\n")
    assert main(["secrets", str(tmp_path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["findings"] == []
    code = main(["secrets", str(tmp_path), "--format", "json", "--min-confidence", "0.3"])
    findings = json.loads(capsys.readouterr().out)["results"][0]["findings"]
    assert [f["rule"] for f in findings] == ["secret.uuid-candidate"]
    assert _uuid(4) not in json.dumps(findings)  # redacted like every other finding
    assert code == 1
