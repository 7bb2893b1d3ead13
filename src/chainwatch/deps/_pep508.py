"""From a requirement as written (PEP 508 string, direct URL, local path) to a `Dependency` or a `SkippedDependency`.

Shared by every format that stores requirement strings. Parsing is `packaging`'s (the same code pip vendors); the
only judgement made here is which references can be identified statically: an archive or wheel whose file name
carries name and version can, a VCS checkout or a local directory cannot (its version is known only after a
checkout or a build, and a build runs the project's backend, which we never do).
"""

from __future__ import annotations

import urllib.parse
from pathlib import PurePosixPath

from packaging.markers import InvalidMarker, Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)

from ..model import Location
from ._read import redact_url
from .interface import Dependency, SkippedDependency

VCS_PREFIXES = ("git+", "hg+", "svn+", "bzr+")
_HASH_ALGORITHMS = frozenset({"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s"})
_HEX = frozenset("0123456789abcdef")
_SDIST_SUFFIXES = (".tar.gz", ".zip")
_OTHER_ARCHIVES = (".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar", ".tgz", ".tar.lz", ".tlz", ".egg")

Parsed = Dependency | SkippedDependency


def exact_pin(specifier: SpecifierSet) -> str | None:
    """The version a specifier pins exactly (`==1.2`, `===1.2`), or None (ranges and `==1.*` pin nothing)."""
    for spec in specifier:
        if spec.operator == "===" or (spec.operator == "==" and not spec.version.endswith(".*")):
            return spec.version
    return None


def normalise_hash(text: str) -> str | None:
    """`algo:hex` (or `algo=hex`, as URL fragments write it) in lower case; None when it is not a hash."""
    algo, sep, digest = text.replace("=", ":", 1).partition(":")
    algo, digest = algo.strip().lower(), digest.strip().lower()
    if not sep or algo not in _HASH_ALGORITHMS or not digest or not _HEX.issuperset(digest):
        return None
    return f"{algo}:{digest}"


def canonical_extras(extras: object) -> tuple[str, ...]:
    if not isinstance(extras, list | tuple | set | frozenset):
        return ()
    return tuple(sorted({str(canonicalize_name(str(e))) for e in extras if isinstance(e, str) and e}))


def from_pep508(
    text: str,
    source: Location,
    *,
    group: str | None = None,
    constraint: bool = False,
    hashes: tuple[str, ...] = (),
) -> Parsed:
    """A PEP 508 string: `name[extras] specifier ; markers` or `name[extras] @ URL ; markers`."""
    try:
        req = Requirement(text)
    except InvalidRequirement as exc:
        return SkippedDependency(source, f"not a valid requirement: {_first_line(str(exc))}")
    markers = str(req.marker) if req.marker is not None else None
    extras = canonical_extras(sorted(req.extras))
    if req.url:
        return from_reference(
            req.url,
            source,
            name=req.name,
            extras=extras,
            markers=markers,
            group=group,
            constraint=constraint,
            hashes=hashes,
        )
    return Dependency(
        name=canonicalize_name(req.name),
        raw_name=req.name,
        source=source,
        version=exact_pin(req.specifier),
        specifier=str(req.specifier),
        extras=extras,
        markers=markers,
        hashes=hashes,
        group=group,
        constraint=constraint,
    )


def from_reference(
    reference: str,
    source: Location,
    *,
    name: str | None = None,
    extras: tuple[str, ...] = (),
    markers: str | None = None,
    editable: bool = False,
    local: bool | None = None,
    group: str | None = None,
    constraint: bool = False,
    hashes: tuple[str, ...] = (),
) -> Parsed:
    """A direct URL or a local path. Identified when its file name is a wheel or sdist name; skipped otherwise."""
    shown = redact_url(reference)
    scheme = reference.split(":", 1)[0].lower() if "://" in reference or reference.startswith("file:") else ""
    split = urllib.parse.urlsplit(reference) if scheme else None
    fragment = urllib.parse.parse_qs(split.fragment) if split else {}
    if name is None:
        # The legacy `#egg=name` fragment is the only name a bare URL carries.
        egg = fragment.get("egg", [""])[0].split("[", 1)[0]
        name = egg or None
    fragment_hashes = tuple(
        h for key, values in fragment.items() for h in (normalise_hash(f"{key}:{v}") for v in values) if h
    )
    hashes = tuple(dict.fromkeys(hashes + fragment_hashes))
    canonical = canonicalize_name(name) if name else None
    is_local = local if local is not None else scheme in ("", "file")
    if scheme.startswith(VCS_PREFIXES) or reference.lower().startswith(VCS_PREFIXES):
        return SkippedDependency(
            source,
            f"VCS reference {shown}: the code comes from a repository, not an index, and its version is known only "
            "after a checkout",
            canonical,
        )
    path = urllib.parse.unquote(split.path) if split else reference
    filename = PurePosixPath(path.replace("\\", "/")).name
    artifact = _artifact_name_version(filename)
    if artifact is None:
        what = "local directory or file" if is_local else "direct URL"
        unknown = "an unrecognised archive" if filename.lower().endswith(_OTHER_ARCHIVES) else "not a wheel or sdist"
        return SkippedDependency(
            source,
            f"{what} {shown} is {unknown}: its name and version are known only after building it, and building runs "
            "its build backend",
            canonical,
        )
    artifact_name, version = artifact
    if canonical is not None and canonical != artifact_name:
        return SkippedDependency(
            source, f"{shown} holds '{artifact_name}', not '{name}' as the requirement says", canonical
        )
    return Dependency(
        name=artifact_name,
        raw_name=name or artifact_name,
        source=source,
        version=version,
        specifier=f"=={version}",
        extras=extras,
        markers=markers,
        hashes=hashes,
        url=shown,
        editable=editable,
        local=is_local,
        group=group,
        constraint=constraint,
    )


def _artifact_name_version(filename: str) -> tuple[str, str] | None:
    try:
        if filename.endswith(".whl"):
            wheel_name, wheel_version, _build, _tags = parse_wheel_filename(filename)
            return str(wheel_name), str(wheel_version)
        if filename.endswith(_SDIST_SUFFIXES):
            sdist_name, sdist_version = parse_sdist_filename(filename)
            return str(sdist_name), str(sdist_version)
    except (InvalidWheelFilename, InvalidSdistFilename, ValueError):
        return None
    return None


def valid_marker(text: str) -> str | None:
    """The normalised marker, or None when it does not parse."""
    try:
        return str(Marker(text))
    except InvalidMarker:
        return None


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text
