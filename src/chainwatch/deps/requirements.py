"""pip requirements files (`requirements*.txt`, `*.in`, constraints files), read the way pip reads them.

Parser choice. We follow pip's own line grammar (documented as "Requirements File Format") with the standard
library and `packaging`, instead of depending on `pip-requirements-parser`:

* the grammar around a requirement is small and stable: physical lines joined on a trailing backslash, comments
  (`#` at the start or after whitespace) removed, the line split into the requirement and its options at the first
  word that starts with `-`, the options tokenised with `shlex` and parsed with `optparse` — exactly pip's steps,
  with pip's option table (abbreviated long options such as `--extra-index` are accepted, as optparse and pip do);
* the requirement itself goes to `packaging.requirements.Requirement`, the parser pip vendors, so markers, extras,
  specifiers and `name @ URL` follow PEP 508 exactly;
* `pip-requirements-parser` (a copy of pip's code) would add an unmaintained (2022), untyped 3,000-line module and a
  `pyparsing` dependency to a hash-locked runtime, and we would still have to wrap the parts a security tool
  needs and pip's code lacks: include-cycle reporting (its copy of pip recurses until RecursionError; current
  pip refuses the whole file), size and depth limits, confinement of `-r`/`-c` to the project tree, and never
  resolving URLs in nested includes.

Deliberate differences from pip, all in the direction of reading less:

* `${VAR}` is not expanded: the auditor's environment must not change (or leak into) what the file says;
* `-r`/`-c` over http(s) is never fetched, and a nested file outside the project tree is never read (a hostile
  `-r /proc/self/environ` would otherwise copy secrets into a report): both become `SkippedDependency`;
* an include cycle is reported (as skipped) and the rest of the tree is still read; a file included twice is read
  once.

Index options (`--index-url`, `--extra-index-url`, `--no-index`, `--find-links`) are global in pip, wherever they
appear in the tree of files and in order, so they are applied to every dependency once all files are read.
"""

from __future__ import annotations

import optparse
import os
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NoReturn

from packaging.markers import InvalidMarker, Marker

from ..model import Location
from ._pep508 import Parsed, from_pep508, from_reference, normalise_hash
from ._read import display_path, read_text, redact_text, redact_url
from .interface import (
    DEFAULT_INDEX,
    DEFAULT_LIMITS,
    Dependency,
    DependencyParseError,
    Limits,
    ParsedSource,
    SkippedDependency,
    SourceKind,
)

_COMMENT = re.compile(r"(^|\s+)#.*$")
_URL_SCHEMES = ("http", "https", "file", "ftp")
_ARCHIVE_SUFFIXES = (".whl", ".tar.gz", ".zip", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar", ".tgz")
_EXTRAS_SUFFIX = re.compile(r"^(.+?)(\[[^\]]+\])$")
_SNIPPET_CHARS = 240


class _OptionError(Exception):
    pass


class _Parser(optparse.OptionParser):
    def error(self, msg: str) -> NoReturn:
        # optparse would print and sys.exit(); a bad line is data, not a reason to stop the process.
        raise _OptionError(msg)


def _build_parser() -> _Parser:
    """pip's requirements-file options (pip 26's SUPPORTED_OPTIONS and SUPPORTED_OPTIONS_REQ), plus the per-
    requirement options older pips accepted, so files written for them still parse."""
    parser = _Parser(add_help_option=False)
    add = parser.add_option
    add("-i", "--index-url", "--pypi-url", dest="index_url")
    add("--extra-index-url", dest="extra_index_urls", action="append", default=[])
    add("--no-index", dest="no_index", action="store_true", default=False)
    add("-c", "--constraint", dest="constraints", action="append", default=[])
    add("-r", "--requirement", dest="requirements", action="append", default=[])
    add("-e", "--editable", dest="editables", action="append", default=[])
    add("-f", "--find-links", dest="find_links", action="append", default=[])
    for flag in ("--no-binary", "--only-binary", "--all-releases", "--only-final", "--trusted-host", "--use-feature"):
        add(flag, action="append", default=[])
    for flag in ("--prefer-binary", "--require-hashes", "--no-require-hashes", "--pre"):
        add(flag, action="store_true", default=False)
    add("--hash", dest="hashes", action="append", default=[])
    add("-C", "--config-settings", dest="config_settings", action="append", default=[])
    add("--global-option", "--install-option", "--build-option", dest="legacy", action="append", default=[])
    return parser


_PARSER = _build_parser()


def _parse_options(options: str) -> tuple[optparse.Values, list[str]]:
    """Tokenise like a shell, parse like pip. Fresh defaults each time: optparse only shallow-copies them, and the
    shared `append` lists would otherwise collect values across lines."""
    defaults = {key: list(value) if isinstance(value, list) else value for key, value in _PARSER.defaults.items()}
    parsed, leftover = _PARSER.parse_args(_tokens(options), optparse.Values(defaults))
    return parsed, leftover


_SHELL_SPECIAL = frozenset("'\"\\")
_SHELL_BLANKS = re.compile(r"[ \t\r\n]+")


def _tokens(options: str) -> list[str]:
    # shlex is slow and only matters for quotes and escapes; without them it splits on exactly these blanks.
    if _SHELL_SPECIAL.isdisjoint(options):
        return [token for token in _SHELL_BLANKS.split(options) if token]
    return shlex.split(options)


@dataclass(slots=True)
class _IndexState:
    """pip's finder state, updated in reading order (`--index-url` replaces the list, extras append to it)."""

    index_urls: list[str] | None = None
    find_links: list[str] = field(default_factory=list)
    no_index: bool = False

    def apply(self, opts: optparse.Values) -> None:
        if opts.index_url:
            self.index_urls = [redact_url(opts.index_url)]
        if opts.no_index:
            self.no_index = True
        if opts.extra_index_urls:
            if self.index_urls is None:
                self.index_urls = [DEFAULT_INDEX]
            self.index_urls.extend(redact_url(u) for u in opts.extra_index_urls)
        self.find_links.extend(redact_url(u) for u in opts.find_links)

    def stamp(self, dependency: Dependency) -> Dependency:
        indexes = () if self.no_index else tuple(dict.fromkeys(self.index_urls or ()))
        return replace(
            dependency, index_urls=indexes, find_links=tuple(dict.fromkeys(self.find_links)), no_index=self.no_index
        )


@dataclass(slots=True)
class _Reader:
    root: Path
    limits: Limits
    index: _IndexState = field(default_factory=_IndexState)
    dependencies: list[Dependency] = field(default_factory=list)
    skipped: list[SkippedDependency] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    seen: set[tuple[Path, bool]] = field(default_factory=set)

    def read(self, path: Path, constraint: bool, stack: tuple[Path, ...]) -> None:
        resolved = path.resolve()
        self.seen.add((resolved, constraint))
        self.files.append(display_path(path))
        if len(self.files) > self.limits.max_files:
            raise DependencyParseError(display_path(path), f"more than {self.limits.max_files} nested files")
        label = display_path(path)
        for number, line in logical_lines(read_text(path, self.limits)):
            if len(line) > self.limits.max_line_chars:
                raise DependencyParseError(label, f"line over {self.limits.max_line_chars} characters", number)
            where = Location(label, number, snippet=_snippet(line))
            self._line(path, line, where, constraint, stack + (resolved,))
            if len(self.dependencies) + len(self.skipped) > self.limits.max_entries:
                raise DependencyParseError(label, f"more than {self.limits.max_entries} entries", number)

    def _line(self, path: Path, line: str, where: Location, constraint: bool, stack: tuple[Path, ...]) -> None:
        args, options = _split_args_options(line)
        try:
            opts, leftover = _parse_options(options)
        except (_OptionError, ValueError) as exc:
            self.skipped.append(SkippedDependency(where, f"pip cannot parse this line's options: {exc}"))
            return
        if leftover:
            self.skipped.append(SkippedDependency(where, f"unexpected words after the options: {' '.join(leftover)}"))
        hashes: list[str] = []
        for text in opts.hashes:
            normalised = normalise_hash(text)
            if normalised is None:
                self.skipped.append(SkippedDependency(where, f"--hash={text!r} is not a hash name and hex digest"))
                return
            hashes.append(normalised)
        if args:
            # pip ignores global options written after a requirement on the same line; so do we.
            self._add(_requirement(args, where, constraint, tuple(hashes)))
            return
        for editable in opts.editables:
            self._add(_editable(editable, where, constraint))
        if opts.editables:
            return
        if hashes:
            self.skipped.append(SkippedDependency(where, "--hash without a requirement: pip ignores it"))
        self.index.apply(opts)
        for nested in opts.requirements:
            self._include(path, nested, where, False, stack)
        for nested in opts.constraints:
            self._include(path, nested, where, True, stack)

    def _add(self, parsed: Parsed) -> None:
        if isinstance(parsed, Dependency):
            self.dependencies.append(parsed)
        else:
            self.skipped.append(parsed)

    def _include(self, parent: Path, target: str, where: Location, constraint: bool, stack: tuple[Path, ...]) -> None:
        flag = "-c" if constraint else "-r"
        scheme = target.split(":", 1)[0].lower() if ":" in target else ""
        if scheme in ("http", "https", "ftp"):
            self.skipped.append(SkippedDependency(where, f"{flag} {redact_url(target)}: remote files are not fetched"))
            return
        if scheme == "file":
            target = target[len("file:") :].removeprefix("//")
        nested = Path(os.path.normpath(parent.parent / target))  # tidy for display; containment uses resolve()
        resolved = nested.resolve()
        if resolved in stack:
            chain = " -> ".join(display_path(p) for p in (*stack[stack.index(resolved) :], resolved))
            self.skipped.append(SkippedDependency(where, f"{flag} {target}: include cycle ({chain}); not read again"))
            return
        if not resolved.is_relative_to(self.root):
            self.skipped.append(
                SkippedDependency(where, f"{flag} {target}: outside the project tree ({self.root}); not read")
            )
            return
        if (resolved, constraint) in self.seen:
            return  # already read through another include: its entries are in the result once
        if len(stack) >= self.limits.max_include_depth:
            raise DependencyParseError(
                where.path, f"-r/-c nested more than {self.limits.max_include_depth} levels deep", where.line
            )
        self.read(nested, constraint, stack)


def parse_requirements(path: Path, limits: Limits = DEFAULT_LIMITS, root: Path | None = None) -> ParsedSource:
    """Read a requirements file and everything it includes with `-r`/`-c` (inside `root`, by default the project
    the file belongs to)."""
    reader = _Reader(root=(root or project_root(path.parent)).resolve(), limits=limits)
    reader.read(path, constraint=False, stack=())
    return ParsedSource(
        kind=SourceKind.REQUIREMENTS,
        path=display_path(path),
        dependencies=tuple(reader.index.stamp(d) for d in reader.dependencies),
        skipped=tuple(reader.skipped),
        files=tuple(reader.files),
    )


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """pip's preprocessing: join backslash continuations (a comment line ends one), drop comments and blank lines.
    Each logical line keeps the number of its first physical line."""
    pending: list[str] = []
    first = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        is_comment = _COMMENT.match(raw) is not None
        if raw.endswith("\\") and not is_comment:
            if not pending:
                first = number
            pending.append(raw.rstrip("\\"))
            continue
        if pending:
            pending.append(" " + raw if is_comment else raw)
            yield from _clean(first, "".join(pending))
            pending = []
        else:
            yield from _clean(number, raw)
    if pending:
        yield from _clean(first, "".join(pending))


def _clean(number: int, line: str) -> Iterator[tuple[int, str]]:
    line = _COMMENT.sub("", line).strip()
    if line:
        yield number, line


def _split_args_options(line: str) -> tuple[str, str]:
    """pip's rule: the requirement runs up to the first space-separated word that starts with `-`. Only the options
    are shell-tokenised, because markers in the requirement would not survive shlex."""
    words = line.split(" ")
    for position, word in enumerate(words):
        if word.startswith("-"):
            return " ".join(words[:position]).strip(), " ".join(words[position:])
    return line.strip(), ""


def _requirement(text: str, where: Location, constraint: bool, hashes: tuple[str, ...]) -> Parsed:
    if _is_url(text):
        return _reference(text, where, constraint, hashes, editable=False, marker_separator="; ")
    if _is_path(text):
        return _reference(text, where, constraint, hashes, editable=False, marker_separator=";")
    return from_pep508(text, where, constraint=constraint, hashes=hashes)


def _editable(text: str, where: Location, constraint: bool) -> Parsed:
    separator = "; " if _is_url(text) else ";"
    return _reference(text, where, constraint, (), editable=True, marker_separator=separator)


def _reference(
    text: str, where: Location, constraint: bool, hashes: tuple[str, ...], *, editable: bool, marker_separator: str
) -> Parsed:
    """A URL or path requirement (pip's `install_req_from_line` path): markers after `; `, extras after a path."""
    reference, _, marker_text = text.partition(marker_separator)
    reference = reference.strip()
    markers = None
    if marker_text.strip():
        try:
            markers = str(Marker(marker_text.strip()))
        except InvalidMarker as exc:
            return SkippedDependency(where, f"invalid environment marker: {str(exc).splitlines()[0]}")
    extras: tuple[str, ...] = ()
    if not _is_url(reference):
        found = _EXTRAS_SUFFIX.match(reference)
        if found:
            reference = found.group(1)
            extras = tuple(sorted(e.strip().lower() for e in found.group(2)[1:-1].split(",") if e.strip()))
    return from_reference(
        reference, where, extras=extras, markers=markers, editable=editable, constraint=constraint, hashes=hashes
    )


def _is_url(text: str) -> bool:
    scheme, sep, _ = text.partition(":")
    scheme = scheme.lower()
    if not sep or not scheme or any(c.isspace() for c in scheme):
        return False
    return scheme in _URL_SCHEMES or scheme.startswith(("git+", "hg+", "svn+", "bzr+"))


def _is_path(text: str) -> bool:
    """pip treats a line as a path when it looks like one (a separator, or a leading dot) or names an archive, unless
    it is `name @ ...` whose name part does not look like a path (then it is PEP 508)."""
    head = text.split(";", 1)[0].strip()
    looks = "/" in head or "\\" in head or head.startswith(".")
    if not looks and not head.lower().endswith(_ARCHIVE_SUFFIXES):
        return False
    name_part, at, _ = head.partition("@")
    return not (at and "/" not in name_part and "\\" not in name_part and not name_part.startswith("."))


def looks_like_requirements(text: str) -> bool:
    """Content sniffing for a file given by an unusual name: every logical line must be a valid requirement or pip
    option line, and there must be at least one. Prose, config files and code fail on their first line."""
    nowhere = Location("")
    seen = False
    for _number, line in logical_lines(text):
        args, options = _split_args_options(line)
        if args and not (_is_url(args) or _is_path(args) or isinstance(from_pep508(args, nowhere), Dependency)):
            return False
        if options:
            try:
                _parse_options(options)
            except (_OptionError, ValueError):
                return False
        seen = True
    return seen


def _snippet(line: str) -> str:
    shown = redact_text(line)
    return shown if len(shown) <= _SNIPPET_CHARS else shown[: _SNIPPET_CHARS - 1] + "…"


_ROOT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg")
_REQUIREMENTS_DIRS = ("requirements", "requirements.d", "reqs")


def project_root(start: Path) -> Path:
    """The tree nested `-r`/`-c` files may come from: the enclosing git work tree, else the nearest directory with
    a project file, else `start` (or its parent when `start` is a `requirements/` directory)."""
    start = start.resolve()
    ancestors = [start, *start.parents]
    for directory in ancestors:
        if (directory / ".git").exists():
            return directory
    for directory in ancestors:
        if any((directory / marker).is_file() for marker in _ROOT_MARKERS):
            return directory
    return start.parent if start.name.lower() in _REQUIREMENTS_DIRS else start
