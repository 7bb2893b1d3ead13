"""Read a pip command line the way pip does, to take the index options out and to refuse what would bypass the proxy.

pip's own `--index-url`/`--extra-index-url` become the proxy's upstreams; anything that would let pip
fetch code without going through the proxy — `--find-links`, `--no-index`, direct URL and VCS
requirements, index options inside requirements files — is refused before pip starts. Local
archives are vetted before pip sees them; local source trees are the user's own code and are passed
on (their build dependencies still come through the proxy).

The option tables are pip 26's (`install`, `download`, `wheel` and the general options); long options
may be abbreviated to any unique prefix, as pip's optparse allows.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

ACTIONS = ("install", "download", "wheel")

# fmt: off
_VALUE_LONG = frozenset({
    "--abi", "--all-releases", "--build-constraint", "--cache-dir", "--cert", "--client-cert", "--config-settings",
    "--constraint", "--default-timeout", "--dest", "--destination-dir", "--destination-directory", "--editable",
    "--exists-action", "--extra-index-url", "--find-links", "--group", "--implementation", "--index-url",
    "--keyring-provider", "--local-log", "--log", "--log-file", "--no-binary", "--only-binary", "--only-final",
    "--platform", "--prefix", "--progress-bar", "--proxy", "--pypi-url", "--python", "--python-version",
    "--refresh-package", "--report", "--requirement", "--requirements-from-script", "--resume-retries", "--retries",
    "--root", "--root-user-action", "--source", "--source-dir", "--source-directory", "--src", "--target",
    "--timeout", "--trusted-host", "--upgrade-strategy", "--uploaded-prior-to", "--use-deprecated", "--use-feature",
    "--wheel-dir",
})
_FLAG_LONG = frozenset({
    "--break-system-packages", "--check-build-dependencies", "--compile", "--debug", "--disable-pip-version-check",
    "--dry-run", "--force-reinstall", "--help", "--ignore-installed", "--ignore-requires-python", "--isolated",
    "--no-build-isolation", "--no-cache-dir", "--no-clean", "--no-color", "--no-compile", "--no-dependencies",
    "--no-deps", "--no-index", "--no-input", "--no-proxy-env", "--no-python-version-warning", "--no-require-hashes",
    "--no-user", "--no-verify", "--no-warn-conflicts", "--no-warn-script-location", "--only-dependencies",
    "--only-deps", "--pre", "--prefer-binary", "--quiet", "--require-hashes", "--require-venv",
    "--require-virtualenv", "--upgrade", "--use-pep517", "--user", "--verbose", "--version",
})
# fmt: on
_SHORT_VALUE = {
    "-r": "--requirement",
    "-c": "--constraint",
    "-e": "--editable",
    "-i": "--index-url",
    "-f": "--find-links",
    "-t": "--target",
    "-d": "--dest",
    "-w": "--wheel-dir",
    "-C": "--config-settings",
}
_ALL_LONG = _VALUE_LONG | _FLAG_LONG
_INDEX = frozenset({"--index-url", "--pypi-url"})
_FILES = frozenset({"--requirement", "--constraint", "--build-constraint"})
_TIMEOUT = frozenset({"--timeout", "--default-timeout"})
_BYPASS = {
    "--find-links": "--find-links lets pip take files from outside the index, unvetted; serve them from an index",
    "--no-index": "--no-index would leave pip no index but --find-links, bypassing the vetting proxy",
    "--requirements-from-script": "--requirements-from-script is not supported through chainwatch yet",
}
_VCS = ("git+", "hg+", "svn+", "bzr+")
_ARCHIVES = (".whl", ".tar.gz", ".zip", ".tar.bz2", ".tar.xz", ".tgz", ".tar")


class PipArgsError(ValueError):
    """The command line would bypass the vetting proxy (or cannot be read); the message says what to do."""


@dataclass(slots=True)
class PipPlan:
    action: str
    pip_args: list[str] = field(default_factory=list)  # what pip gets, index options taken out
    index_url: str | None = None
    extra_index_urls: list[str] = field(default_factory=list)
    requirement_files: list[Path] = field(default_factory=list)
    local_archives: list[Path] = field(default_factory=list)
    local_trees: list[str] = field(default_factory=list)
    has_timeout: bool = False


def plan_pip(action: str, args: Sequence[str]) -> PipPlan:
    if action not in ACTIONS:
        raise PipArgsError(f"'chainwatch pip {action}' is not supported; use one of: {', '.join(ACTIONS)}")
    plan = PipPlan(action)
    tokens = list(args)
    position = 0
    positional_only = False
    while position < len(tokens):
        token = tokens[position]
        position += 1
        if positional_only or token == "-" or not token.startswith("-"):
            _positional(plan, token)
        elif token == "--":
            positional_only = True
            plan.pip_args.append(token)
        elif token.startswith("--"):
            name, has_value, value = token.partition("=")
            option = _resolve_long(name)
            if option in _BYPASS:
                raise PipArgsError(_BYPASS[option])
            if option in _VALUE_LONG:
                if not has_value:
                    if position >= len(tokens):
                        raise PipArgsError(f"{name} needs a value")
                    value, position = tokens[position], position + 1
                _option(plan, option, value)
            elif has_value:
                plan.pip_args.append(token)  # a flag given a value, or an option unknown here: pip decides
            else:
                _option(plan, option, None)
        else:
            position = _short_cluster(plan, token, tokens, position)
    return plan


def _resolve_long(name: str) -> str:
    if name in _ALL_LONG:
        return name
    matches = [option for option in _ALL_LONG if option.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise PipArgsError(f"{name} is ambiguous ({', '.join(sorted(matches))})")
    return name  # unknown to this table: passed on for pip to judge


def _short_cluster(plan: PipPlan, token: str, tokens: list[str], position: int) -> int:
    """`-Ur req.txt`, `-iURL`: flags first, then at most one option that takes the rest or the next word."""
    for offset in range(1, len(token)):
        short = "-" + token[offset]
        long_name = _SHORT_VALUE.get(short)
        if long_name is None:
            plan.pip_args.append(short)
            continue
        rest = token[offset + 1 :]
        if not rest:
            if position >= len(tokens):
                raise PipArgsError(f"{short} needs a value")
            rest, position = tokens[position], position + 1
        _option(plan, long_name, rest)
        break
    return position


def _option(plan: PipPlan, option: str, value: str | None) -> None:
    if option in _BYPASS:
        raise PipArgsError(_BYPASS[option])
    if option in _INDEX:
        plan.index_url = value  # the last one wins, as in pip
        return
    if option == "--extra-index-url":
        plan.extra_index_urls.append(value or "")
        return
    if option in _FILES and value is not None:
        plan.requirement_files.append(Path(value))
    elif option == "--editable" and value is not None:
        _reference(plan, value, editable=True)
    elif option in _TIMEOUT:
        plan.has_timeout = True
    plan.pip_args.extend([option] if value is None else [option, value])


def _positional(plan: PipPlan, token: str) -> None:
    _reference(plan, token, editable=False)
    plan.pip_args.append(token)


def _reference(plan: PipPlan, text: str, editable: bool) -> None:
    """Sort one requirement: a name for the index, a local path, or a URL the proxy cannot vet."""
    head = text.split(";", 1)[0].strip()
    if head.lower().startswith(_VCS) or "://" in head.split("@", 1)[-1] or head.lower().startswith("file:"):
        if not _local_url(plan, head, editable):
            raise PipArgsError(
                f"{text!r} is a direct URL or VCS requirement: pip would fetch it without the index, unvetted. "
                "Download it and pass the file (it is vetted first), or publish it to an index"
            )
        return
    if "@" in head:
        try:
            requirement = Requirement(head)
        except InvalidRequirement:
            requirement = None
        if requirement is not None and requirement.url:
            raise PipArgsError(f"{text!r} is a direct reference (name @ URL): pip would fetch it unvetted")
    _local_path(plan, head, editable)


def _local_url(plan: PipPlan, head: str, editable: bool) -> bool:
    if not head.lower().startswith("file:"):
        return False
    path = head[len("file:") :].removeprefix("//")
    _local_path(plan, path, editable)
    return True


def _local_path(plan: PipPlan, text: str, editable: bool) -> None:
    looks_like_path = os.sep in text or "/" in text or text.startswith(".") or text.lower().endswith(_ARCHIVES)
    path = Path(text)
    if not looks_like_path and not path.exists():
        return  # a requirement by name: it comes through the proxy
    if path.is_dir():
        plan.local_trees.append(text)
    elif path.is_file():
        if editable or not text.lower().endswith(_ARCHIVES):
            raise PipArgsError(f"{text!r}: only wheels and sdists can be installed from a local file")
        plan.local_archives.append(path)


def check_requirement_files(paths: Sequence[Path]) -> list[str]:
    """Refuse requirements files that would send pip around the proxy; notes about local trees they name.

    Index options in a requirements file win over the command line in pip, so a file that sets
    `--index-url` would quietly replace the proxy. Nested `-r`/`-c` files are read too, wherever they are:
    pip would read them all.
    """
    from ..deps.interface import DependencyParseError
    from ..deps.requirements import parse_requirements

    notes: list[str] = []
    for path in paths:
        try:
            parsed = parse_requirements(path, root=Path(path.resolve().anchor))
        except (DependencyParseError, OSError) as exc:
            raise PipArgsError(f"cannot read {path}: {exc}") from None
        for dependency in parsed.dependencies:
            where = f"{dependency.source.path}:{dependency.source.line}"
            if dependency.index_urls or dependency.find_links or dependency.no_index:
                raise PipArgsError(
                    f"{parsed.path} sets index options (--index-url, --extra-index-url, --find-links or --no-index), "
                    "which would replace the vetting proxy in pip; give them on chainwatch's command line instead"
                )
            if dependency.url is not None and not dependency.local:
                raise PipArgsError(f"{where}: direct URL {dependency.url}: pip would fetch it unvetted")
            if dependency.url is not None:
                raise PipArgsError(
                    f"{where}: local archive {dependency.url}: name it on the command line so it is vetted first"
                )
        for skipped in parsed.skipped:
            where = f"{skipped.source.path}:{skipped.source.line}"
            # deps' wording for a local directory (or editable checkout): the user's own source tree.
            if skipped.reason.startswith("local directory or file"):
                notes.append(f"{where}: a local source tree is installed as it is (your own code is not vetted)")
                continue
            raise PipArgsError(f"{where}: {skipped.reason}; chainwatch cannot vet it, so it refuses to run pip")
    return notes
