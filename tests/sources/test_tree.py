"""Directory targets: files read under the same limits as archives, links and special files never opened."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _archive_builders import SMALL, kinds, make_zip

from chainwatch.analyzers.malware import MalwareAnalyzer
from chainwatch.model import Verdict
from chainwatch.pipeline import RunOptions, analyse_target
from chainwatch.sources import Budget, Limits, SourceFile, iter_target
from chainwatch.sources.tree import read_tree

needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo") or sys.platform == "win32", reason="POSIX links and FIFOs")


def _write(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _read(root: Path, limits: Limits = SMALL) -> tuple[list[SourceFile], Budget]:
    budget = Budget(limits)
    return list(read_tree(root, budget)), budget


def test_tree_yields_relative_paths_in_sorted_order(tmp_path: Path) -> None:
    _write(tmp_path, {"setup.py": b"setup()\n", "pkg/__init__.py": b"", "pkg/sub/mod.py": b"X = 1\n", "README": b"r"})
    files, budget = _read(tmp_path)
    assert [f.path for f in files] == ["README", "setup.py", "pkg/__init__.py", "pkg/sub/mod.py"]
    assert all(f.package_path == f.path == f.display for f in files)
    assert files[1].data == b"setup()\n"
    assert budget.issues == []
    assert budget.members == 4


def test_vcs_and_cache_folders_are_skipped(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "pkg/mod.py": b"X = 1\n",
            ".git/config": b"[core]\n",
            ".git/hooks/pre-commit": b"#!/bin/sh\n",
            "pkg/__pycache__/mod.cpython-311.pyc": b"\x00",
            ".tox/py311/lib.py": b"",
            ".mypy_cache/x.json": b"{}",
        },
    )
    files, budget = _read(tmp_path)
    assert [f.path for f in files] == ["pkg/mod.py"]
    assert budget.issues == []


def test_a_file_named_like_a_skipped_folder_is_read(tmp_path: Path) -> None:
    _write(tmp_path, {".git": b"gitdir: ../elsewhere\n"})  # a worktree's .git file is content, not a folder
    files, _ = _read(tmp_path)
    assert [f.path for f in files] == [".git"]


def test_archives_in_a_tree_are_opened(tmp_path: Path) -> None:
    _write(tmp_path, {"dist/demo-1.0-py3-none-any.whl": make_zip([("demo/__init__.py", b"A = 1\n")])})
    files, budget = _read(tmp_path)
    assert [f.display for f in files] == ["dist/demo-1.0-py3-none-any.whl!/demo/__init__.py"]
    assert files[0].depth == 1
    assert budget.issues == []


@needs_posix
def test_symlinks_are_reported_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _write(outside, {"secret.txt": b"TOP SECRET\n", "dir/inner.py": b"INNER = 1\n"})
    root = tmp_path / "pkg"
    _write(root, {"mod.py": b"X = 1\n"})
    (root / "inside-link.py").symlink_to("mod.py")
    (root / "escape.txt").symlink_to(outside / "secret.txt")
    (root / "relative-escape").symlink_to("../outside/dir")
    (root / "passwd").symlink_to("/etc/passwd")
    (root / "dangling").symlink_to(tmp_path / "nowhere")
    (root / "loop").symlink_to("loop")

    files, budget = _read(root)
    assert [f.path for f in files] == ["mod.py"]
    assert all(b"SECRET" not in f.data and b"INNER" not in f.data for f in files)
    links = {i.path: i.detail for i in budget.issues if i.kind == "link"}
    assert set(links) == {"inside-link.py", "escape.txt", "relative-escape", "passwd", "dangling", "loop"}
    assert str(outside / "secret.txt") in links["escape.txt"]
    assert all("not followed" in detail for detail in links.values())
    assert not [i for i in budget.issues if i.fatal]


@needs_posix
def test_fifo_in_a_tree_is_reported_and_never_opened(tmp_path: Path) -> None:
    _write(tmp_path, {"a.py": b"A = 1\n", "z.py": b"Z = 1\n"})
    os.mkfifo(tmp_path / "m.fifo")  # opening this for reading would block forever
    files, budget = _read(tmp_path)
    assert [f.path for f in files] == ["a.py", "z.py"]
    assert [(i.kind, i.path, i.fatal) for i in budget.issues] == [("special-file", "m.fifo", False)]


@needs_posix
def test_file_swapped_for_a_fifo_after_listing_does_not_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Race: the entry is a regular file when listed and stat'ed, a FIFO when opened.
    _write(tmp_path, {"a.py": b"A = 1\n", "swap.py": b"S = 1\n"})
    real_scandir = os.scandir

    def racing_scandir(path: Any) -> Iterator[os.DirEntry[str]]:
        entries = list(real_scandir(path))
        for entry in entries:
            entry.stat(follow_symlinks=False)  # cached: the reader will see a regular file
        swap = Path(path) / "swap.py"
        if swap.exists():
            swap.unlink()
            os.mkfifo(swap)
        return iter(entries)

    monkeypatch.setattr(os, "scandir", racing_scandir)  # the module the reader lists with
    files, budget = _read(tmp_path)
    assert [f.path for f in files] == ["a.py"]
    assert [(i.kind, i.path) for i in budget.issues] == [("special-file", "swap.py")]


@needs_posix
def test_file_swapped_for_a_symlink_after_listing_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"TOP SECRET\n")
    root = tmp_path / "pkg"
    _write(root, {"swap.py": b"S = 1\n"})
    real_scandir = os.scandir

    def racing_scandir(path: Any) -> Iterator[os.DirEntry[str]]:
        entries = list(real_scandir(path))
        for entry in entries:
            entry.stat(follow_symlinks=False)
        swap = Path(path) / "swap.py"
        if swap.is_file() and not swap.is_symlink():
            swap.unlink()
            swap.symlink_to(secret)
        return iter(entries)

    monkeypatch.setattr(os, "scandir", racing_scandir)  # the module the reader lists with
    files, budget = _read(root)
    assert files == []
    assert [(i.kind, i.path, i.fatal) for i in budget.issues] == [("unreadable", "swap.py", True)]


def test_member_count_limit_in_a_tree(tmp_path: Path) -> None:
    _write(tmp_path, {f"m{i:03d}.py": b"" for i in range(12)})
    files, budget = _read(tmp_path, Limits(max_members=10))
    assert len(files) == 10
    assert kinds(budget.issues) == {"limit"} and budget.issues[0].fatal


def test_member_size_limit_in_a_tree(tmp_path: Path) -> None:
    _write(tmp_path, {"a.py": b"A = 1\n", "big.bin": b"\x00" * 2048})
    files, budget = _read(tmp_path, Limits(max_member_size=1024))
    assert [f.path for f in files] == ["a.py"]
    assert kinds(budget.issues) == {"limit"} and "big.bin" in budget.issues[0].detail


def test_total_size_limit_in_a_tree(tmp_path: Path) -> None:
    _write(tmp_path, {f"part{i}.bin": b"\x00" * 600 for i in range(5)})
    files, budget = _read(tmp_path, Limits(max_total_size=2000))
    assert len(files) == 3
    assert kinds(budget.issues) == {"limit"} and budget.issues[0].fatal


def test_hostile_archive_inside_a_tree_fails_closed(tmp_path: Path) -> None:
    _write(tmp_path, {"ok.py": b"", "vendor/broken.zip": make_zip([("a.py", b"A" * 500)])[:-40]})
    files, budget = _read(tmp_path)
    assert [f.path for f in files] == ["ok.py"]
    assert [(i.kind, i.path, i.fatal) for i in budget.issues] == [("corrupt", "vendor/broken.zip", True)]


@needs_posix
def test_iter_target_on_a_fifo_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "demo-1.0.tar.gz"
    os.mkfifo(fifo)
    budget = Budget(SMALL)
    assert list(iter_target(fifo, budget)) == []
    assert [(i.kind, i.fatal) for i in budget.issues] == [("unreadable", True)]


@needs_posix
def test_iter_target_on_a_symlink_to_a_fifo_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "demo.whl").symlink_to(tmp_path / "fifo")
    budget = Budget(SMALL)
    assert list(iter_target(tmp_path / "demo.whl", budget)) == []
    assert [(i.kind, i.fatal) for i in budget.issues] == [("unreadable", True)]


@needs_posix
def test_pipeline_on_a_hostile_tree(tmp_path: Path) -> None:
    _write(tmp_path, {"setup.py": b"from setuptools import setup\nsetup(name='demo')\n", ".git/HEAD": b"ref\n"})
    (tmp_path / "leak").symlink_to("/etc/passwd")
    os.mkfifo(tmp_path / "pipe")
    result = analyse_target(str(tmp_path), [MalwareAnalyzer], RunOptions(limits=SMALL))
    assert result.verdict is not Verdict.ERROR, result.errors
    assert result.files_analysed == 1
    assert {"archive.link", "archive.special-file"} <= {f.rule for f in result.findings}

    _write(tmp_path, {"vendor/broken.whl": b"PK\x03\x04 not really a wheel"})
    result = analyse_target(str(tmp_path), [MalwareAnalyzer], RunOptions(limits=SMALL))
    assert result.verdict is Verdict.ERROR
    assert any(e.fatal and e.reason.startswith("corrupt:") for e in result.errors)
