"""The snapshot derivation script, on small exports written here."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from chainwatch.analyzers.typosquat import check_name, load_snapshot
from chainwatch.data import derive_popular
from chainwatch.data.derive_popular import SourceError, derive_file

CSV = 'download_count,project\n900,"Zeta_Pkg"\n5000,"alpha"\n900,"beta.pkg"\n70,"zeta-pkg"\n40,"tiny"\n'


def test_writes_the_expected_snapshot(tmp_path: Path) -> None:
    source = tmp_path / "top.csv"
    source.write_text(CSV, encoding="utf-8")
    output = tmp_path / "out" / "popular-pypi.txt"
    count = derive_file(source, output, top=3, today=dt.date(2026, 1, 2))
    digest = hashlib.sha256(CSV.encode()).hexdigest()
    assert count == 3
    assert output.read_text(encoding="utf-8") == (
        "# chainwatch popular-pypi snapshot\n"
        f"# source: top.csv sha256={digest}\n"
        "# derived: 2026-01-02\n"
        "# projects: 3\n"
        "# columns: rank name downloads (tab-separated; names PEP 503-normalised)\n"
        "1\talpha\t5000\n"
        "2\tbeta-pkg\t900\n"  # ties by name; duplicates after normalisation keep the larger count
        "3\tzeta-pkg\t900\n"
    )
    index = load_snapshot(output)
    assert [p.name for p in index.projects] == ["alpha", "beta-pkg", "zeta-pkg"]
    assert index.derived == "2026-01-02"


def test_reads_the_json_export(tmp_path: Path) -> None:
    source = tmp_path / "top.json"
    source.write_text(
        json.dumps({"rows": [{"project": "B", "download_count": 2}, {"project": "a", "download_count": 9}]})
    )
    output = tmp_path / "s.txt"
    assert derive_file(source, output, today=dt.date(2026, 1, 2)) == 2
    assert output.read_text().splitlines()[-2:] == ["1\ta\t9", "2\tb\t2"]


@pytest.mark.parametrize(
    "text",
    [
        "project_id,total\nx,1\n",
        "download_count,project\nmany,x\n",
        "download_count,project\n-1,x\n",
        '{"rows": 3}',
        "download_count,project\n",
    ],
)
def test_rejects_unusable_sources(tmp_path: Path, text: str) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(text)
    with pytest.raises(SourceError):
        derive_file(source, tmp_path / "out.txt")
    assert not (tmp_path / "out.txt").exists()


def test_module_entry_point(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "top.csv"
    source.write_text(CSV)
    output = tmp_path / "snap.txt"
    assert derive_popular.main(["--source", str(source), "--output", str(output), "--top", "2"]) == 0
    assert "wrote 2 projects" in capsys.readouterr().out
    assert derive_popular.main(["--source", str(tmp_path / "missing.csv"), "--output", str(output)]) == 2


def test_a_derived_snapshot_drives_detection(tmp_path: Path) -> None:
    rows = "".join(f'{10_000_000 // (i + 1)},"project-{i:03d}"\n' for i in range(60))
    source = tmp_path / "top.csv"
    source.write_text('download_count,project\n10000000000,"frobnicate"\n' + rows)
    output = tmp_path / "snap.txt"
    derive_file(source, output)
    index = load_snapshot(output)
    match = check_name("frobnicatr", popular=index)
    assert match is not None and match.imitates == "frobnicate"
    assert check_name("frobnicate", popular=index) is None


def test_bundled_snapshot_is_well_formed() -> None:
    index = load_snapshot(derive_popular.BUNDLED_SNAPSHOT)
    assert len(index) == 15_000
    assert index.source.startswith("top-pypi-packages.csv sha256=")
    assert [p.rank for p in index.projects[:3]] == [1, 2, 3]
    downloads = [p.downloads for p in index.projects]
    assert downloads == sorted(downloads, reverse=True)
