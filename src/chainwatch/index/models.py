"""Plain, frozen records for what an index lists and what the client hands back."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class ArtifactKind(enum.Enum):
    SDIST = "sdist"
    WHEEL = "wheel"
    EGG = "egg"


class Selection(enum.Enum):
    """Which files of a release to fetch (`--artifacts`)."""

    ALL = "all"
    SDIST = "sdist"
    WHEELS = "wheels"

    def accepts(self, kind: ArtifactKind) -> bool:
        if self is Selection.SDIST:
            return kind is ArtifactKind.SDIST
        if self is Selection.WHEELS:
            return kind is ArtifactKind.WHEEL
        return True


@dataclass(frozen=True, slots=True)
class IndexFile:
    """One link of a project page (PEP 503 anchor or PEP 691 file entry).

    `hashes` maps lower-case algorithm names to lower-case hex digests. `yanked` is None when the file
    is not yanked, else the reason ("" when none was given). `core_metadata` is None when the index
    offers no separate METADATA file (PEP 658/714), else the hashes of that file (possibly empty).
    """

    filename: str
    url: str
    hashes: dict[str, str] = field(default_factory=dict)
    requires_python: str | None = None
    yanked: str | None = None
    core_metadata: dict[str, str] | None = None
    size: int | None = None

    @property
    def metadata_url(self) -> str | None:
        return None if self.core_metadata is None else self.url + ".metadata"


@dataclass(frozen=True, slots=True)
class ProjectPage:
    """A parsed project page. `url` is where it was finally read from (after redirects)."""

    name: str
    url: str
    files: tuple[IndexFile, ...]
    api_version: str = "1.0"
    format: str = "html"  # "html" (PEP 503) or "json" (PEP 691)


@dataclass(frozen=True, slots=True)
class Artifact:
    """A downloaded (or cached) file whose sha256 was checked against the index before it was kept."""

    project: str
    version: str
    filename: str
    kind: ArtifactKind
    sha256: str
    path: Path
    index: str  # the index URL, credentials removed
    verified: bool = True  # False only for files taken with --allow-unhashed
    yanked: str | None = None
    from_cache: bool = False
