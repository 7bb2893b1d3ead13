"""The public surface of chainwatch.index is pinned: changing it is a deliberate act."""

from __future__ import annotations

from chainwatch import index

EXPECTED = {
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
}


def test_exported_api() -> None:
    assert set(index.__all__) == EXPECTED
    for name in EXPECTED:
        assert getattr(index, name) is not None


def test_every_error_is_an_index_client_error() -> None:
    for name in ("BadIndexResponse", "ConfigurationError", "DownloadRefused", "FileTooLarge", "HashMismatch"):
        assert issubclass(getattr(index, name), index.IndexClientError)
    for name in ("IndexUnreachable", "ProjectNotFound", "UnhashedFile", "VersionNotFound"):
        assert issubclass(getattr(index, name), index.IndexClientError)
