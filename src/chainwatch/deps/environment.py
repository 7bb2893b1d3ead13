"""Installed environments: the distributions a Python interpreter would import, read from their metadata files.

The current interpreter is read with `importlib.metadata` over `sys.path`. For `--python PATH` we never import
anything from, or run any code of, the target environment beyond its interpreter's own start-up: the interpreter
is asked for its search path with

    PATH -I -S -c "<print sys.path and site.getsitepackages() as JSON>" [VENV]

`-I` (isolated) ignores `PYTHON*` variables, the user site directory and the current directory; `-S` skips the
`site` module's start-up work, so no `.pth` file (which may run code: `import ...` lines) and no `sitecustomize`
or `usercustomize` is executed. `site.getsitepackages()` is then called only as a function that computes paths.
Because `-S` also skips virtual-environment detection, we find the `pyvenv.cfg` ourselves (as `site` would) and
pass its directory to `getsitepackages`.
The `*.dist-info/METADATA` and `*.egg-info/PKG-INFO` files in those directories are read here, by this process,
through `importlib.metadata.distributions(path=...)`, which parses them as email headers and imports nothing.

Not covered: distributions made importable only by a `.pth` path line (their metadata lives in the directory the
`.pth` names, which start-up would add), the target's user site directory, and zipped eggs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name

from ..model import Location
from ._read import redact_url
from .interface import (
    DEFAULT_LIMITS,
    Dependency,
    DependencyParseError,
    DependencySource,
    Limits,
    ParsedSource,
    SkippedDependency,
    SourceKind,
)

if TYPE_CHECKING:
    from importlib import metadata

_PROBE = (
    "import json, site, sys; venv = sys.argv[1:]; "
    "print(json.dumps({'path': sys.path, 'venv': site.getsitepackages(venv) if venv else [], "
    "'site': site.getsitepackages()}))"
)
_MAX_PROBE_OUTPUT = 1024 * 1024

if TYPE_CHECKING:
    from importlib import metadata


class EnvironmentSource(DependencySource):
    """The distributions installed for `python` (a path to an interpreter), or for the running one when None."""

    kind = SourceKind.ENVIRONMENT

    def __init__(self, python: str | None = None, limits: Limits = DEFAULT_LIMITS) -> None:
        self.python = python
        self.limits = limits

    @property
    def label(self) -> str:
        return f"environment of {self.python or sys.executable}"

    def collect(self) -> ParsedSource:
        directories = sys.path if self.python is None else interpreter_search_path(self.python, self.limits)
        return read_distributions(directories, self.label, self.limits)


def installed_environment(python: str | None = None, limits: Limits = DEFAULT_LIMITS) -> EnvironmentSource:
    """The environment of the interpreter at `python`, or of the running interpreter."""
    return EnvironmentSource(python, limits)


def interpreter_search_path(python: str, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """Ask `python` where it looks for packages, without letting its environment run any code (see module doc)."""
    label = f"--python {python}"
    executable = Path(python)
    if not executable.is_file() or not os.access(executable, os.X_OK):
        raise DependencyParseError(label, "not an executable file")
    venv, system_site = _virtual_environment(executable)
    try:
        completed = subprocess.run(
            [str(executable), "-I", "-S", "-c", _PROBE, *([str(venv)] if venv else [])],
            capture_output=True,
            timeout=limits.interpreter_timeout,
            env={"PATH": os.environ.get("PATH", os.defpath)},
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise DependencyParseError(label, f"no answer within {limits.interpreter_timeout:g}s") from None
    except OSError as exc:
        raise DependencyParseError(label, f"cannot run it: {exc.strerror or exc}") from None
    if completed.returncode != 0:
        detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise DependencyParseError(label, f"exited with status {completed.returncode}: {detail[0]}")
    try:
        answer = json.loads(completed.stdout[:_MAX_PROBE_OUTPUT].decode("utf-8"))
        found = [*answer["venv"], *(answer["site"] if system_site else []), *answer["path"]]
        paths = [p for p in found if isinstance(p, str)]
    except (ValueError, KeyError, TypeError):
        raise DependencyParseError(
            label, "is not a Python interpreter (unexpected answer to a sys.path query)"
        ) from None
    return list(dict.fromkeys(paths))


def _virtual_environment(executable: Path) -> tuple[Path | None, bool]:
    """Where `site` would find a virtual environment (`pyvenv.cfg` beside the executable or one level up, the path
    as given, not resolved: a venv's python is a symlink to the base one), and whether it also sees the system
    site-packages. Under `-S`, `site` does not do this itself, so we read the config file here."""
    for directory in (executable.parent, executable.parent.parent):
        config = directory / "pyvenv.cfg"
        if config.is_file():
            try:
                lines = config.read_text(encoding="utf-8", errors="replace").splitlines()[:200]
            except OSError:
                return directory, False
            settings = {k.strip().lower(): v.strip().lower() for k, _, v in (line.partition("=") for line in lines)}
            return directory, settings.get("include-system-site-packages") == "true"
    return None, True


def read_distributions(directories: Iterable[str], label: str, limits: Limits = DEFAULT_LIMITS) -> ParsedSource:
    """Every distribution whose metadata sits directly in one of `directories`; the first of a name wins, as it does
    for imports."""
    from importlib import metadata  # ~10 ms of imports (email parsing) that only environments need

    existing = [d for d in directories if d and Path(d).is_dir()]
    seen: set[str] = set()
    dependencies: list[Dependency] = []
    skipped: list[SkippedDependency] = []
    for dist in metadata.distributions(path=existing):
        where = Location(_metadata_path(dist))
        try:
            raw_name = dist.metadata["Name"]
            version = dist.metadata["Version"]
        except Exception as exc:  # noqa: BLE001 - a broken METADATA file is data, whatever it raises
            skipped.append(SkippedDependency(where, f"unreadable metadata: {exc}"))
            continue
        if not isinstance(raw_name, str) or not raw_name.strip():
            skipped.append(SkippedDependency(where, "metadata has no Name"))
            continue
        name = str(canonicalize_name(raw_name))
        if name in seen:
            continue  # shadowed by an earlier directory on the path: not what an import gets
        seen.add(name)
        if not isinstance(version, str) or not version.strip():
            skipped.append(SkippedDependency(where, "metadata has no Version", name))
            continue
        url, editable = _direct_url(dist)
        dependencies.append(
            Dependency(
                name=name,
                raw_name=raw_name.strip(),
                source=where,
                version=version.strip(),
                specifier=f"=={version.strip()}",
                url=url,
                editable=editable,
                local=url is not None and url.startswith("file:"),
            )
        )
        if len(dependencies) + len(skipped) > limits.max_entries:
            raise DependencyParseError(label, f"more than {limits.max_entries} distributions")
    dependencies.sort(key=lambda d: d.name)
    return ParsedSource(SourceKind.ENVIRONMENT, label, tuple(dependencies), tuple(skipped), tuple(existing))


def _metadata_path(dist: metadata.Distribution) -> str:
    # PathDistribution keeps its directory in `_path`; other finders may not, hence the fallback.
    path = getattr(dist, "_path", None)
    return str(path) if path is not None else repr(dist)


def _direct_url(dist: metadata.Distribution) -> tuple[str | None, bool]:
    """PEP 610 `direct_url.json`: set for installs from a URL, a local directory, or in editable mode."""
    try:
        text = dist.read_text("direct_url.json")
        data = json.loads(text) if text else None
    except (OSError, ValueError, RecursionError):
        return None, False
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        return None, False
    dir_info = data.get("dir_info")
    editable = isinstance(dir_info, dict) and dir_info.get("editable") is True
    return redact_url(data["url"]), editable
