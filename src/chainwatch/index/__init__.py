"""Package-index client: PEP 503/691 simple repositories, downloads verified by hash, a content-addressed cache.

    settings = load_settings()                     # --index-url/--extra-index-url, else pip's configuration
    with IndexClient(settings) as client:
        release = fetch_release(client, parse_pinned("requests==2.31.0"))
        for outcome in release.outcomes:           # one per file: .artifact (verified, cached) or .error
            ...

Security model: a file is kept only if its bytes match the sha256 (or stronger) hash the index
published, unless the caller opted into unhashed files; downloads stop at a size cap and a deadline;
redirects are few and never downgrade to plain http; plain http is accepted only for this machine
and pip's trusted hosts; credentials in index URLs go only to their own host and never into messages.
Every failure is an `IndexClientError` with a message meant for the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .cache import ArtifactCache, default_root
    from .client import IndexClient
    from .errors import (
        BadIndexResponse,
        ConfigurationError,
        DownloadRefused,
        FileTooLarge,
        HashMismatch,
        IndexClientError,
        IndexUnreachable,
        ProjectNotFound,
        UnhashedFile,
        VersionNotFound,
    )
    from .models import Artifact, ArtifactKind, IndexFile, ProjectPage, Selection
    from .names import NotPinned, PinnedRequirement, parse_distribution_filename, parse_pinned
    from .pipconfig import IndexSettings, load_settings
    from .release import FileOutcome, Release, fetch_release
    from .urls import IndexURL, redact

# Names are loaded on first use: `chainwatch vet` imports this package for every run, and most runs
# never touch an index, so httpx and friends should not slow their start-up.
_HOMES = {
    "ArtifactCache": "cache",
    "default_root": "cache",
    "IndexClient": "client",
    "BadIndexResponse": "errors",
    "ConfigurationError": "errors",
    "DownloadRefused": "errors",
    "FileTooLarge": "errors",
    "HashMismatch": "errors",
    "IndexClientError": "errors",
    "IndexUnreachable": "errors",
    "ProjectNotFound": "errors",
    "UnhashedFile": "errors",
    "VersionNotFound": "errors",
    "Artifact": "models",
    "ArtifactKind": "models",
    "IndexFile": "models",
    "ProjectPage": "models",
    "Selection": "models",
    "NotPinned": "names",
    "PinnedRequirement": "names",
    "parse_distribution_filename": "names",
    "parse_pinned": "names",
    "IndexSettings": "pipconfig",
    "load_settings": "pipconfig",
    "FileOutcome": "release",
    "Release": "release",
    "fetch_release": "release",
    "IndexURL": "urls",
    "redact": "urls",
}


__getattr__ = lazy_exports(__name__, _HOMES)


__all__ = [
    "Artifact",
    "ArtifactCache",
    "ArtifactKind",
    "BadIndexResponse",
    "ConfigurationError",
    "DownloadRefused",
    "FileOutcome",
    "FileTooLarge",
    "HashMismatch",
    "IndexClient",
    "IndexClientError",
    "IndexFile",
    "IndexSettings",
    "IndexURL",
    "IndexUnreachable",
    "NotPinned",
    "PinnedRequirement",
    "ProjectNotFound",
    "ProjectPage",
    "Release",
    "Selection",
    "UnhashedFile",
    "VersionNotFound",
    "default_root",
    "fetch_release",
    "load_settings",
    "parse_distribution_filename",
    "parse_pinned",
    "redact",
]
