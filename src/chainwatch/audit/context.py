"""What every per-dependency check knows about the target it runs in."""

from __future__ import annotations

from dataclasses import dataclass

from ..deps import Dependency, SourceKind
from .indexes import sources_of
from .options import AuditOptions
from .registry import RegistryReport

LOCK_KINDS = frozenset(
    {SourceKind.PYLOCK, SourceKind.UV_LOCK, SourceKind.POETRY_LOCK, SourceKind.PIPFILE_LOCK, SourceKind.PDM_LOCK}
)
_ARCHIVES = (".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz")


@dataclass(frozen=True, slots=True)
class TargetContext:
    kind: SourceKind
    options: AuditOptions
    registry: RegistryReport
    compiled: bool = False  # a `.in` file whose compiled `.txt` sits beside it

    @property
    def installable_list(self) -> bool:
        """A requirements file someone installs from as it is (not a manifest of ranges, not a compile input)."""
        return self.kind is SourceKind.REQUIREMENTS and not self.compiled

    @property
    def lock(self) -> bool:
        return self.kind in LOCK_KINDS

    def sources(self, dependency: Dependency) -> tuple[str, ...]:
        return sources_of(dependency, self.options.default_indexes)


def is_checkout(dependency: Dependency) -> bool:
    """The project's own tree (editable install, a local directory): no index serves it, no advisory names it."""
    if dependency.editable:
        return True
    return dependency.local and not (dependency.url or "").lower().endswith(_ARCHIVES)
