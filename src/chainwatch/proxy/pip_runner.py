"""Run the user's pip with the proxy as its only index, and nothing else pointing it elsewhere.

pip's configuration files are switched off (`PIP_CONFIG_FILE=/dev/null`, pip's own rule) and the
environment variables that name indexes, link pages or requirement files are dropped: the proxy
already read them to find its upstreams. The loopback address is added to `NO_PROXY` so an HTTP
proxy in the environment does not intercept the local index. pip's read timeout is raised so a
slow vet of a large artifact is not mistaken for a dead index (a `--timeout` given by the user wins).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from .pipargs import PipPlan

# Everything that could add an index, a link page or unread requirements behind the proxy's back.
_DROPPED = frozenset(
    {
        "PIP_INDEX_URL",
        "PIP_PYPI_URL",
        "PIP_EXTRA_INDEX_URL",
        "PIP_FIND_LINKS",
        "PIP_NO_INDEX",
        "PIP_REQUIREMENT",
        "PIP_CONSTRAINT",
        "PIP_BUILD_CONSTRAINT",
        "PIP_EDITABLE",
        "PIP_REQUIREMENTS_FROM_SCRIPT",
        "PIP_CONFIG_FILE",
    }
)
VET_TIMEOUT = "330"  # seconds: the pipeline's per-target budget (300 s) plus a margin for the download


def pip_python(env: Mapping[str, str]) -> str:
    """The interpreter whose pip the user means: the active virtual environment's, else chainwatch's own."""
    venv = env.get("VIRTUAL_ENV")
    if venv:
        for candidate in (Path(venv) / "bin" / "python", Path(venv) / "Scripts" / "python.exe"):
            if candidate.is_file():
                return str(candidate)
    return sys.executable


def pip_environment(env: Mapping[str, str], has_timeout: bool) -> dict[str, str]:
    isolated = {k: v for k, v in env.items() if k.upper() not in _DROPPED}
    isolated["PIP_CONFIG_FILE"] = os.devnull
    isolated["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"  # the check would go through the proxy for nothing
    if not has_timeout and not {"PIP_TIMEOUT", "PIP_DEFAULT_TIMEOUT"} & set(isolated):
        isolated["PIP_DEFAULT_TIMEOUT"] = VET_TIMEOUT
    for name in ("NO_PROXY", "no_proxy"):
        current = [h for h in isolated.get(name, "").split(",") if h.strip()]
        isolated[name] = ",".join(dict.fromkeys([*current, "127.0.0.1", "localhost", "::1"]))
    return isolated


def pip_command(python: str, plan: PipPlan, index_url: str) -> list[str]:
    return [python, "-m", "pip", plan.action, "--index-url", index_url, *plan.pip_args]


def run_pip(command: list[str], env: Mapping[str, str]) -> int:
    """Run pip with our stdin/stdout/stderr (its output streams as usual); its exit code."""
    process = subprocess.Popen(command, env=dict(env))
    try:
        return process.wait()
    except KeyboardInterrupt:
        # The terminal sent the interrupt to pip as well; let it clean up before the proxy goes away.
        process.wait()
        return 130
