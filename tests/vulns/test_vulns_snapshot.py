"""The derivation script, the snapshot format, and the bundled snapshot itself."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from chainwatch.data.derive_osv import derive, main
from chainwatch.vulns import SnapshotError, VulnDB
from chainwatch.vulns.records import RecordError, parse_record
from chainwatch.vulns.store import BUNDLED_SNAPSHOT

YAML_RECORD = """\
id: PYSEC-2099-1
details: "Example before 1.10 lets  remote\\n attackers do things."
aliases:
- CVE-2099-0001
- GHSA-aaaa-bbbb-cccc
modified: 2099-01-02T03:04:05Z
published: 2099-01-01T00:00:00Z
affected:
- package:
    name: Example_Pkg
    ecosystem: PyPI
  ranges:
  - type: GIT
    repo: https://example.invalid/repo
    events:
    - introduced: "0"
    - fixed: 0123456789abcdef0123456789abcdef01234567
  - type: ECOSYSTEM
    events:
    - introduced: "0"
    - fixed: 1.10
  versions:
  - 1.0
  - 1.9
  - 0.9.legacy
severity:
- type: CVSS_V3
  score: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N
references:
- type: WEB
  url: https://example.invalid/web
- type: ADVISORY
  url: https://example.invalid/advisory
"""


def tree(root: Path) -> Path:
    (root / "vulns" / "example-pkg").mkdir(parents=True)
    (root / "vulns" / "example-pkg" / "PYSEC-2099-1.yaml").write_text(YAML_RECORD)
    (root / "vulns" / "other").mkdir()
    (root / "vulns" / "other" / "PYSEC-2099-2.yaml").write_text(
        "id: PYSEC-2099-2\nwithdrawn: 2099-03-03T00:00:00Z\naffected:\n- package: {name: other, ecosystem: PyPI}\n"
        "  ranges: [{type: ECOSYSTEM, events: [{introduced: '0'}]}]\n"
    )
    (root / "vulns" / "npm-only").mkdir()
    (root / "vulns" / "npm-only" / "GHSA-x.json").write_text(
        json.dumps({"id": "GHSA-x", "affected": [{"package": {"ecosystem": "npm", "name": "left-pad"}}]})
    )
    (root / "vulns" / ".id-allocator").write_text("ignored")
    return root


def test_derive_a_tiny_yaml_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4070908800")  # 2099-01-01
    output = tmp_path / "out" / "osv.json.gz"
    header = derive(tree(tmp_path / "src"), output, "tiny")
    assert header["count"] == 2 and header["withdrawn_count"] == 1 and header["package_count"] == 2
    document = json.loads(gzip.decompress(output.read_bytes()))
    assert document["source"].startswith("tiny sha256=") and document["derived"] == "2099-01-01"
    # tables hold JSON texts, decoded on first use
    advisory = json.loads(document["advisories"]["PYSEC-2099-1"])
    # YAML scalars stay strings: `fixed: 1.10` is version 1.10, not the float 1.1.
    assert json.loads(document["packages"]["example-pkg"]) == [
        ["PYSEC-2099-1", [[["introduced", "0"], ["fixed", "1.10"]]], ["!0.9.legacy"]]
    ]
    assert document["withdrawn"] == ["PYSEC-2099-2"]
    assert advisory["details"] == "Example before 1.10 lets remote attackers do things."
    assert advisory["refs"] == ["https://example.invalid/advisory", "https://example.invalid/web"]
    assert (advisory["severity"], advisory["score"]) == ("high", 7.5)
    db = VulnDB.load(output)
    assert [m.id for m in db.affected("example-pkg", "1.9.5")] == ["PYSEC-2099-1"]
    assert db.affected("example-pkg", "1.10") == []
    assert db.affected("other", "1.0") == []  # withdrawn
    # deterministic: same tree, same date, same bytes
    again = tmp_path / "again.json.gz"
    derive(tmp_path / "src", again, "tiny")
    assert again.read_bytes() == output.read_bytes()


def test_derive_cli_reports_bad_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.yaml").write_text("id: PYSEC-1\naffected: not-a-list\n")
    assert main(["--source", str(tmp_path), "--output", str(tmp_path / "x.json.gz")]) == 2
    assert "affected must be a list" in capsys.readouterr().err
    assert main(["--source", str(tree(tmp_path / "ok")), "--output", str(tmp_path / "y.json.gz")]) == 0
    assert "wrote 2 advisories (1 withdrawn) for 2 packages" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ([], "must be an object"),
        ({"affected": []}, "no usable 'id'"),
        ({"id": "X", "aliases": "CVE-1"}, "aliases must be a list"),
        ({"id": "X", "affected": [{"package": {"ecosystem": "PyPI"}}]}, "has no name"),
        (
            {
                "id": "X",
                "affected": [
                    {
                        "package": {"ecosystem": "PyPI", "name": "p"},
                        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0", "fixed": "1"}]}],
                    }
                ],
            },
            "exactly one",
        ),
        (
            {"id": "X", "affected": [{"package": {"ecosystem": "PyPI", "name": "p"}, "versions": [{"v": 1}]}]},
            "must be a string",
        ),
    ],
)
def test_malformed_records_are_rejected(record: object, message: str) -> None:
    with pytest.raises(RecordError, match=message):
        parse_record(record)


def test_snapshot_format_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "s.json.gz"
    path.write_bytes(gzip.compress(b'{"format": "something-else"}'))
    with pytest.raises(SnapshotError, match="not a chainwatch advisory snapshot"):
        VulnDB.load(path)
    path.write_bytes(b"not gzip")
    with pytest.raises(SnapshotError, match="cannot read"):
        VulnDB.load(path)


def test_bundled_snapshot_is_small_and_described() -> None:
    assert BUNDLED_SNAPSHOT.stat().st_size < 2 * 1024 * 1024
    db = VulnDB.load(BUNDLED_SNAPSHOT)
    assert db.source.startswith("pypa-advisory-database sha256=")
    assert db.derived and db.count > 2000 and db.package_count > 500


@pytest.mark.parametrize(
    ("name", "version", "advisory", "aliases", "fix"),
    [
        ("requests", "2.2.1", "PYSEC-2014-13", ("CVE-2014-1829", "GHSA-cfj3-7x9c-4p3h"), "2.3.0"),
        ("Jinja2", "2.10", "PYSEC-2019-217", ("CVE-2019-10906", "GHSA-462w-v97r-4m45"), "2.10.1"),
        ("urllib3", "1.26.4", "PYSEC-2021-108", ("CVE-2021-33503", "GHSA-q2q7-5pp4-w6pg"), "1.26.5"),
    ],
)
def test_bundled_snapshot_finds_known_advisories(
    name: str, version: str, advisory: str, aliases: tuple[str, ...], fix: str
) -> None:
    db = VulnDB.load(BUNDLED_SNAPSHOT)
    match = next(m for m in db.affected(name, version) if m.id == advisory)
    assert match.aliases == aliases
    assert match.fix_version == fix
    assert all(m.id != advisory for m in db.affected(name, fix))


def test_corrupt_entries_fail_when_used_and_updates_are_checked_in_full(tmp_path: Path) -> None:
    from chainwatch.vulns.snapshot import FORMAT, check_document, encode

    document = {"format": FORMAT, "advisories": {"PYSEC-1": "{}"}, "packages": {"pkg": '[["PYSEC-1", "oops"]]'}}
    path = tmp_path / "corrupt.json.gz"
    path.write_bytes(encode(document))
    db = VulnDB.load(path)  # loading checks the shape only, so queries start fast
    assert db.affected("other", "1.0") == []
    with pytest.raises(SnapshotError, match="malformed entries for 'pkg'"):
        db.affected("pkg", "1.0")
    with pytest.raises(SnapshotError, match="malformed entries for package 'pkg'"):
        check_document(document, "update", deep=True)
