"""The working-tree walk: git's ignore rules (nested files, `.git/info/exclude`), links, order."""

from __future__ import annotations

import os
from pathlib import Path

from chainwatch.analyzers.secrets.walk import WalkIssue, walk_tree


def _tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_nested_ignore_files_and_the_repository_exclude_file_are_honoured(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "*.log\nbuild/\n",
            ".git/info/exclude": "local.env\n",
            ".git/config": "[core]\n",
            "app.py": "x = 1\n",
            "debug.log": "",
            "local.env": "",
            "build/out.py": "",
            "pkg/.gitignore": "!keep.log\ngenerated/\n",
            "pkg/keep.log": "",
            "pkg/drop.log.bak": "",
            "pkg/generated/a.py": "",
            "pkg/deeper/other.log": "",
            "pkg/deeper/code.py": "",
        },
    )
    walked = [entry.rel for entry in walk_tree(tmp_path)]
    # A folder's files first, then its subfolders, each in name order.
    assert walked == [
        ".gitignore",
        "app.py",
        "pkg/.gitignore",
        "pkg/drop.log.bak",
        "pkg/keep.log",
        "pkg/deeper/code.py",
    ]
    everything = {entry.rel for entry in walk_tree(tmp_path, use_gitignore=False)}
    assert {"debug.log", "local.env", "build/out.py", "pkg/generated/a.py", "pkg/deeper/other.log"} <= everything
    assert not any(rel.startswith(".git/") for rel in everything)  # the repository's own folder is never scanned


def test_links_are_reported_not_followed(tmp_path: Path) -> None:
    _tree(tmp_path, {"real/secret.txt": "x"})
    os.symlink(tmp_path / "real", tmp_path / "link")
    issues: list[WalkIssue] = []
    walked = [entry.rel for entry in walk_tree(tmp_path, issues=issues)]
    assert walked == ["real/secret.txt"]
    assert [(i.rel, i.detail) for i in issues] == [("link", "symbolic link; not followed")]
