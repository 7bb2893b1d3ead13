"""Structures that are slow to build and cheap to read back, kept in the user's cache directory.

`load_or_build(name, key, build, kind, parts)` returns what `build()` returns, from
`<cache root>/built/<name>.pickle` when that file was written under the same `key`. The key must name
everything the structure derives from (input bytes, the code that builds it); a different key, an
unreadable or corrupt file is rebuilt, and a cache directory that cannot be written only costs the
rebuild next time. Nothing here may fail a run.

Reading back uses pickle, but a restricted one: it can create only the classes `kind` and `parts` (plain
containers, strings and numbers need no class), so a file planted in the cache directory (a shared CI
cache, say) cannot name a callable to run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any, TypeVar

from . import __version__
from .paths import cache_root

T = TypeVar("T")

_MAGIC = b"chainwatch-built-1\n"
FOLDER = "built"


def cache_path(name: str) -> Path:
    return cache_root() / FOLDER / f"{name}.pickle"


def fingerprint(*parts: bytes) -> bytes:
    """A key over `parts`, this chainwatch version and this Python (pickled classes and ordering may differ)."""
    digest = hashlib.sha256()
    for part in (__version__.encode(), sys.version.encode(), *parts):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest().encode()


def source_fingerprint(folder: Path) -> bytes:
    """The bytes of every module in `folder`: editing any of them invalidates what they built."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest().encode()


def load_or_build(name: str, key: bytes, build: Callable[[], T], kind: type[T], parts: Collection[type] = ()) -> T:
    """`build()`, or what it built under the same `key` before; `parts`: the classes its value is made of."""
    with _collector_paused():
        found = read(name, key, kind, parts)
        if found is not None:
            return found
        built = build()
    write(name, key, built, parts)
    return built


def read(name: str, key: bytes, kind: type[T], parts: Collection[type] = ()) -> T | None:
    """What was written under `key`, if it is a `kind`; else None."""
    path = cache_path(name)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = _MAGIC + key + b"\n"
    if not data.startswith(header):
        return None
    try:
        with _collector_paused():
            value = _RestrictedUnpickler(io.BytesIO(data[len(header) :]), (kind, *parts)).load()
    except Exception:  # noqa: BLE001 - a damaged cache file is rebuilt, whatever the damage
        return None
    return value if isinstance(value, kind) else None


def write(name: str, key: bytes, value: object, parts: Collection[type] = ()) -> None:
    """Keep `value` under `key`, replacing whatever was there; quietly nothing if it cannot be written."""
    path = cache_path(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError:
        return  # read-only or missing cache directory: build again next time
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(_MAGIC + key + b"\n")
            _FieldPickler(out, (type(value), *parts)).dump(value)
        os.replace(temporary, path)  # readers see the old file or the whole new one, never a part
    except Exception:  # noqa: BLE001 - an unpicklable value or a full disk: no cache, same result
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    # Creating a few hundred thousand containers in a row sets off collection after collection, each
    # walking everything created so far; none of them is garbage, so the pauses are pure cost.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _RestrictedUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, allowed: Collection[type]) -> None:
        super().__init__(file)
        self._allowed = {(cls.__module__, cls.__qualname__): cls for cls in allowed}

    def find_class(self, module: str, name: str) -> Any:
        try:
            return self._allowed[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache file") from None


class _FieldPickler(pickle.Pickler):
    """Dataclasses are written as a call of the class with their fields: read back through `__init__`,
    which is faster than the default (an empty object, then one attribute at a time)."""

    def __init__(self, file: Any, allowed: Collection[type]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._fields = {
            cls: tuple(f.name for f in dataclasses.fields(cls))
            for cls in allowed
            if dataclasses.is_dataclass(cls) and all(f.init for f in dataclasses.fields(cls))
        }

    def reducer_override(self, obj: Any) -> Any:
        names = self._fields.get(type(obj))
        if names is None:
            return NotImplemented
        return type(obj), tuple(getattr(obj, field) for field in names)
