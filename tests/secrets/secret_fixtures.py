"""Synthetic credentials and real git repositories for the workflow tests (history, web, verify, baseline).

A uniquely named module (not conftest) so test files can import it. Every value is generated at run
time from a seed (right shape, never a live credential); nothing here contacts the internet.
"""

from __future__ import annotations

import os
import random
import subprocess
import zlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from chainwatch.analyzers.secrets import DETECTORS, scan_bytes
from chainwatch.analyzers.secrets.validate import base62_encode

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def github_token(seed: int) -> str:
    """A `ghp_` token whose CRC32 checksum verifies (so it is reported at full confidence)."""
    rng = random.Random(seed)
    body = "".join(rng.choice(ALNUM) for _ in range(30))
    return "gh" + "p_" + body + base62_encode(zlib.crc32(body.encode()), 6)


@cache
def _positive_value(rule: str) -> str:
    detector = next(d for d in DETECTORS if d.id == rule)
    (match,) = [m for m in scan_bytes(detector.example_path, detector.positive.encode()) if m.rule == rule]
    return match.value.decode()


def token_for(rule: str, seed: int) -> str:
    """A value of `rule`'s shape: the detector's own example with its last characters re-randomised (same classes)."""
    value = _positive_value(rule)
    rng = random.Random(f"{rule}:{seed}")
    keep = len(value) - 10  # prefixes and inner markers (OpenAI's `T3BlbkFJ`) stay
    tail = []
    for char in value[keep:]:
        if char.isdigit():
            tail.append(rng.choice("0123456789"))
        elif char.isupper():
            tail.append(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        elif char.islower():
            tail.append(rng.choice("abcdefghijklmnopqrstuvwxyz"))
        else:
            tail.append(char)
    made = value[:keep] + "".join(tail)
    found = [m.rule for m in scan_bytes("src/app.py", f'secret_value = "{made}"\n'.encode())]
    assert rule in found, (rule, found)
    return made


# -- git --------------------------------------------------------------------------------------------------
class Repo:
    """A real repository in a temporary folder, with commits by chosen authors at chosen dates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def env(self, author: str = "Alice", email: str = "alice@example.com", date: str = "") -> Mapping[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "GIT_AUTHOR_NAME": author,
                "GIT_AUTHOR_EMAIL": email,
                "GIT_COMMITTER_NAME": author,
                "GIT_COMMITTER_EMAIL": email,
                "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_CONFIG_GLOBAL": os.devnull,
                "HOME": str(self.path),
            }
        )
        if date:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
        return env

    def git(self, *args: str, **who: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.path), *args], env=self.env(**who), check=True, capture_output=True, text=True
        )
        return done.stdout.strip()

    def write(self, rel: str, content: str | bytes) -> None:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content)

    def commit(self, message: str, *, author: str = "Alice", email: str = "alice@example.com", date: str = "") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, author=author, email=email, date=date)
        return self.git("rev-parse", "HEAD")
