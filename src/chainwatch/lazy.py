"""Package namespaces that import a submodule only when one of its names is first used.

A package's `__init__` lists where each public name lives; `from chainwatch.index import IndexClient`
then imports `chainwatch.index.client` alone, so a command that never touches the network never pays
for the HTTP stack.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module-level `__getattr__` for `package` that finds each name in its submodule `homes[name]`."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{home}"), name)

    return __getattr__
