"""`chainwatch db update|info` against loopback servers, and hostile exports."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from osv_reference import static_server
from vulns_fixtures import osv

from chainwatch.cli import main
from chainwatch.vulns import ExportError, ExportLimits, affected, default_db
from chainwatch.vulns.exports import read_zip
from chainwatch.vulns.store import BUNDLED_SNAPSHOT, cached_snapshot_path

RECORDS = [
    osv("PYSEC-2099-1", "requests", [{"introduced": "0"}, {"fixed": "99.0"}], aliases=["GHSA-aaaa-bbbb-cccc"]),
    osv("GHSA-aaaa-bbbb-cccc", "requests", [{"introduced": "0"}, {"fixed": "99.0"}]),
    osv("MAL-2099-7", "evil-pkg", [{"introduced": "0"}]),
    {"id": "GHSA-npm", "affected": [{"package": {"ecosystem": "npm", "name": "left-pad"}}]},
]


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def export(records: list[dict[str, Any]]) -> bytes:
    return zip_of({f"{r['id']}.json": json.dumps(r).encode() for r in records})


def test_update_from_a_loopback_url_replaces_the_bundled_database(capsys: pytest.CaptureFixture[str]) -> None:
    assert default_db().path == BUNDLED_SNAPSHOT
    with static_server({"/PyPI/all.zip": export(RECORDS)}) as base:
        assert main(["db", "update", "--url", f"{base}/PyPI/all.zip"]) == 0
    out = capsys.readouterr().out
    assert f"wrote 3 advisories for 2 packages to {cached_snapshot_path()}" in out
    assert default_db().path == cached_snapshot_path()
    assert [m.id for m in affected("requests", "2.31.0")] == ["PYSEC-2099-1"]
    assert [m.id for m in affected("evil-pkg", "0.0.1")] == ["MAL-2099-7"]
    assert main(["db", "info", "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["kind"] == "updated" and info["advisories"] == 3 and info["source"].endswith("/PyPI/all.zip")


def test_update_url_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with static_server({"/all.zip": export(RECORDS)}) as base:
        monkeypatch.setenv("CHAINWATCH_OSV_URL", f"{base}/all.zip")
        assert main(["db", "update", "--output", str(tmp_path / "db.json.gz")]) == 0
    assert (tmp_path / "db.json.gz").is_file() and not cached_snapshot_path().exists()


def test_update_from_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "osv" / "nested").mkdir(parents=True)
    (tmp_path / "osv" / "PYSEC-2099-1.json").write_text(json.dumps(RECORDS[0]))
    (tmp_path / "osv" / "nested" / "MAL.yaml").write_text(
        "id: MAL-2099-7\naffected:\n- package: {name: evil-pkg, ecosystem: PyPI}\n  versions: ['0.0.1']\n"
    )
    (tmp_path / "osv" / "README.md").write_text("not a record")
    assert main(["db", "update", "--from-dir", str(tmp_path / "osv")]) == 0
    assert "wrote 2 advisories for 2 packages" in capsys.readouterr().out
    assert [m.id for m in affected("evil-pkg", "0.0.1")] == ["MAL-2099-7"]


def test_info_on_the_bundled_database(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "info"]) == 0
    out = capsys.readouterr().out
    assert "bundled" in out and "pypa-advisory-database" in out


def _fails(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    assert not cached_snapshot_path().exists()  # a rejected update changes nothing
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"<html>this is not a zip</html>", "not a readable zip archive"),
        (zip_of({"../../etc/cron.d/x.json": b"{}"}), "unsafe member name"),
        (zip_of({"/abs/x.json": b"{}"}), "unsafe member name"),
        (zip_of({"C:/x.json": b"{}"}), "unsafe member name"),
        (zip_of({"a\\..\\x.json": b"{}"}), "unsafe member name"),
        (zip_of({"x.json": b"{not json"}), "not valid JSON"),
        (zip_of({"notes.txt": b"hello"}), "no OSV JSON records"),
        (zip_of({"x.json": b"[1, 2]"}), "must be an object"),
        (
            export([{"id": "GHSA-npm", "affected": [{"package": {"ecosystem": "npm", "name": "x"}}]}]),
            "no PyPI advisories",
        ),
    ],
)
def test_hostile_or_junk_exports_are_rejected(payload: bytes, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with static_server({"/all.zip": payload}) as base:
        err = _fails(["db", "update", "--url", f"{base}/all.zip"], capsys)
    assert "database not updated" in err and message in err


def test_zip_bomb_is_rejected_without_inflating_it() -> None:
    bomb = zip_of({"bomb.json": b"[" + b" " * (10 * 1024 * 1024) + b"]"})
    assert len(bomb) < 100_000
    with pytest.raises(ExportError, match="zip bomb"):
        read_zip(bomb)
    # A header that lies about the size is caught by the bytes actually produced.
    with pytest.raises(ExportError, match="per-member limit"):
        read_zip(zip_of({"x.json": b"{" + b" " * 5000 + b"}"}), ExportLimits(max_member_bytes=1000, ratio_floor=10**9))


def test_limits_on_members_and_totals() -> None:
    many = zip_of({f"{i}.json": b"{}" for i in range(20)})
    with pytest.raises(ExportError, match="20 members"):
        read_zip(many, ExportLimits(max_members=10))
    with pytest.raises(ExportError, match="expands to over"):
        read_zip(many, ExportLimits(max_total_bytes=30))
    with pytest.raises(ExportError, match="over the 10-byte limit"):
        read_zip(many, ExportLimits(max_archive_bytes=10))


def test_duplicate_and_encrypted_members_are_rejected() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x.json", b"{}")
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("x.json", b"{}")
    with pytest.raises(ExportError, match="duplicate member name"):
        read_zip(buffer.getvalue())
    data = bytearray(zip_of({"x.json": b"{}"}, zipfile.ZIP_STORED))
    data[6] |= 0x1  # local header flag: encrypted
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1  # central directory flag: encrypted
    with pytest.raises(ExportError, match="encrypted"):
        read_zip(bytes(data))


def test_download_errors_and_limits(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with static_server({}) as base:
        assert "HTTP 404" in _fails(["db", "update", "--url", f"{base}/missing.zip"], capsys)
    assert "unsupported URL scheme 'file'" in _fails(["db", "update", "--url", f"file://{tmp_path}/x.zip"], capsys)
    assert "cannot download" in _fails(
        ["db", "update", "--url", "http://127.0.0.1:9/all.zip", "--timeout", "5"], capsys
    )
    assert "is not a directory" in _fails(["db", "update", "--from-dir", str(tmp_path / "nope")], capsys)
