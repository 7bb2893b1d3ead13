"""Safe reading of dependency inputs: bounded, regular files only, strict decoding, parse errors that name the file.

Every format module reads through here, so the hostile-input rules live in one place: a size limit checked before
and while reading, no FIFOs or devices (they would block), no NUL bytes (binary junk), strict UTF-8 (or a BOM'd
UTF-16/32 as pip accepts for requirements files), and TOML/JSON errors (including the RecursionError deep nesting
raises) turned into `DependencyParseError`.
"""

from __future__ import annotations

import bisect
import codecs
import json
import os
import re
import stat
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .interface import DependencyParseError, Limits

if TYPE_CHECKING:
    import tomllib

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: the UTF-16 LE BOM is a prefix of the UTF-32 LE one.
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_bytes(path: Path, limits: Limits) -> bytes:
    label = display_path(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise DependencyParseError(label, f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise DependencyParseError(label, "not a regular file")
    if info.st_size > limits.max_file_bytes:
        raise DependencyParseError(label, f"file is {info.st_size} bytes, over the {limits.max_file_bytes}-byte limit")
    try:
        with path.open("rb") as handle:
            # Read one byte past the limit: the file may have grown since stat().
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise DependencyParseError(label, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limits.max_file_bytes:
        raise DependencyParseError(label, f"file is over the {limits.max_file_bytes}-byte limit")
    return data


def decode(data: bytes, label: str, *, allow_bom: bool = True) -> str:
    encoding = "utf-8"
    if allow_bom:
        for bom, name in _BOMS:
            if data.startswith(bom):
                data, encoding = data[len(bom) :], name
                break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DependencyParseError(label, f"not valid {encoding} text (byte {exc.start})", line) from None
    nul = text.find("\0")
    if nul >= 0:
        raise DependencyParseError(label, "binary content (NUL byte)", text.count("\n", 0, nul) + 1)
    return text


def read_text(path: Path, limits: Limits) -> str:
    return decode(read_bytes(path, limits), display_path(path))


def load_toml(path: Path, limits: Limits) -> tuple[dict[str, Any], str]:
    """The parsed document and its text (kept for locating lines). TOML is UTF-8 by definition: no BOM guessing."""
    import tomllib  # a requirements-only audit needs no TOML parser

    text = decode(read_bytes(path, limits), display_path(path), allow_bom=False)
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise DependencyParseError(display_path(path), f"invalid TOML: {exc}", _toml_error_line(exc)) from None
    except RecursionError:
        raise DependencyParseError(display_path(path), "invalid TOML: nested too deeply") from None


def load_json(path: Path, limits: Limits) -> tuple[Any, str]:
    text = decode(read_bytes(path, limits), display_path(path))
    try:
        return json.loads(text), text
    except json.JSONDecodeError as exc:
        raise DependencyParseError(display_path(path), f"invalid JSON: {exc.msg}", exc.lineno) from None
    except RecursionError:
        raise DependencyParseError(display_path(path), "invalid JSON: nested too deeply") from None


_TOML_LINE = re.compile(r"at line (\d+)")


def _toml_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    found = _TOML_LINE.search(str(exc))
    return int(found.group(1)) if found else None


def expect_table(value: object, label: str, what: str) -> dict[str, Any]:
    """A TOML/JSON value that must be a table; anything else is a structural error in the file."""
    if not isinstance(value, dict):
        raise DependencyParseError(label, f"{what} must be a table, not {type(value).__name__}")
    return value


def expect_list(value: object, label: str, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise DependencyParseError(label, f"{what} must be an array, not {type(value).__name__}")
    return value


def expect_str(value: object, label: str, what: str) -> str:
    if not isinstance(value, str):
        raise DependencyParseError(label, f"{what} must be a string, not {type(value).__name__}")
    return value


def redact_url(url: str) -> str:
    """Hide a password or token in a URL's user-info: index URLs in requirements files often carry one, and reports
    are uploaded to places (CI logs, SARIF) that must not receive it."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    user, sep, _password = userinfo.partition(":")
    # A lone user-info part is usually a token (https://TOKEN@host), so it is hidden too.
    hidden = f"{user}:****" if sep else "****"
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{hidden}@{host}"))


def redact_text(text: str) -> str:
    """`redact_url` applied to every URL-looking word of a line (for snippets)."""
    return _URL_WORD.sub(lambda found: redact_url(found.group(0)), text)


_URL_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"]+")


def display_path(path: Path) -> str:
    """Paths in reports: relative to the working directory when inside it, as given otherwise."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return os.fspath(path)


class LineLocator:
    """Best-effort line numbers for evidence. tomllib and json give none, so the text is searched for each entry's
    key (`name = "x"` in a lock file, a requirement's leading name in a manifest). The data itself always comes
    from the real parser; this only points a reader at a line, and answers None when it finds nothing."""

    def __init__(self, text: str, pattern: re.Pattern[str], key: Callable[[str], str] = str) -> None:
        newlines = [found.start() for found in re.finditer("\n", text)]
        self._lines: dict[str, list[int]] = {}
        for found in pattern.finditer(text):
            line = bisect.bisect_left(newlines, found.start(1)) + 1
            self._lines.setdefault(key(found.group(1)), []).append(line)
        self._taken: dict[str, int] = {}

    def take(self, key: str) -> int | None:
        """The next unused occurrence of `key`: lock entries that share a name come in file order."""
        lines = self._lines.get(key, [])
        used = self._taken.get(key, 0)
        if used >= len(lines):
            return None
        self._taken[key] = used + 1
        return lines[used]

    def find(self, key: str, after: int = 1) -> int | None:
        """The first occurrence of `key` on or after line `after`."""
        lines = self._lines.get(key, [])
        position = bisect.bisect_left(lines, after)
        return lines[position] if position < len(lines) else None


def header_lines(text: str) -> dict[str, int]:
    """Line of each TOML table header (`[a.b]`, `[[a.b]]`, first occurrence), for locating entries per section."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            name = stripped.strip("[]").strip().replace('"', "").replace("'", "").replace(" ", "")
            found.setdefault(name, number)
    return found
