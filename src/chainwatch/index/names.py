"""Names and versions: the pinned requirement a user typed, and what an index file's name claims.

Index file names are hostile input: they become cache file names, so anything that is not a plain,
well-formed distribution file name is refused before it gets near the filesystem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import Specifier
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from .models import ArtifactKind

# One path component, printable ASCII, no leading dot: safe as a file name on every platform we run on.
_SAFE_FILENAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+!~-]{0,254}")
_LEGACY_SDIST_SUFFIXES = (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tbz2", ".txz", ".tar", ".zip")


@dataclass(frozen=True, slots=True)
class PinnedRequirement:
    """`name==version` (or `name===version`) as typed; extras are accepted and ignored."""

    name: str
    specifier: Specifier
    text: str

    @property
    def canonical_name(self) -> str:
        return str(canonicalize_name(self.name))

    @property
    def version(self) -> str:
        return self.specifier.version

    def label(self) -> str:
        return f"{self.canonical_name}{self.specifier.operator}{self.version}"

    def matches(self, version: str) -> bool:
        """`==1.0` also matches `1.0.0` and `1.0+local` (PEP 440), so all such files get vetted."""
        if self.specifier.operator == "===":
            return self.specifier.contains(version, prereleases=True)
        try:
            return self.specifier.contains(Version(version), prereleases=True)
        except InvalidVersion:
            return False


class NotPinned(ValueError):
    """The text is a requirement, but not one exact version of one project."""


def parse_pinned(text: str) -> PinnedRequirement | None:
    """The pinned requirement in `text`, None if it is no requirement with `==`, NotPinned if it cannot be vetted."""
    if "==" not in text:
        return None
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return None
    if requirement.url:
        raise NotPinned(f"{text}: direct URL requirements are not fetched from an index; download and vet the file")
    if requirement.marker is not None:
        raise NotPinned(f"{text}: environment markers are not supported here; give just name==version")
    specifiers = list(requirement.specifier)
    if len(specifiers) != 1 or specifiers[0].operator not in ("==", "===") or specifiers[0].version.endswith(".*"):
        raise NotPinned(f"{text}: pin exactly one version with == (for example {requirement.name}==1.2.3)")
    return PinnedRequirement(name=requirement.name, specifier=specifiers[0], text=text)


@dataclass(frozen=True, slots=True)
class DistributionName:
    """What a file name says about itself."""

    project: str  # canonical
    version: str
    kind: ArtifactKind


def safe_filename(filename: str) -> bool:
    return bool(_SAFE_FILENAME.fullmatch(filename)) and ".." not in filename


def parse_distribution_filename(filename: str) -> DistributionName | None:
    """Project, version and kind of a wheel, sdist or egg file name; None for anything else (.exe, .msi…)."""
    if not safe_filename(filename):
        return None
    lowered = filename.lower()
    try:
        if lowered.endswith(".whl"):
            name, version, _build, _tags = parse_wheel_filename(filename)
            return DistributionName(str(name), str(version), ArtifactKind.WHEEL)
        if lowered.endswith((".tar.gz", ".zip")):
            name, version = parse_sdist_filename(filename)
            return DistributionName(str(name), str(version), ArtifactKind.SDIST)
    except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion):
        pass
    return _legacy(filename, lowered)


def _legacy(filename: str, lowered: str) -> DistributionName | None:
    """Old uploads: `name-1.0.tar.bz2`, `name-1.0-py2.7.egg`, odd versions that PEP 440 rejects."""
    if lowered.endswith(".egg"):
        parts = filename[: -len(".egg")].split("-")
        if len(parts) >= 2 and parts[0] and parts[1]:
            return DistributionName(str(canonicalize_name(parts[0])), parts[1].replace("_", "-"), ArtifactKind.EGG)
        return None
    for suffix in _LEGACY_SDIST_SUFFIXES:
        if lowered.endswith(suffix):
            name, _, version = filename[: -len(suffix)].rpartition("-")
            if name and version:
                return DistributionName(str(canonicalize_name(name)), version, ArtifactKind.SDIST)
            return None
    return None
