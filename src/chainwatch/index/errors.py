"""One exception hierarchy for everything the index client can refuse or fail at.

Every message is meant for the user as it stands: it names the project, the file and the index
(with credentials already removed) and says what to do. Callers catch `IndexClientError` alone.
"""

from __future__ import annotations


class IndexClientError(Exception):
    """Base class: the index could not give us verified bytes for what was asked."""


class ConfigurationError(IndexClientError):
    """An index URL or a pip setting is unusable (bad scheme, insecure host, unreadable pip.conf)."""


class IndexUnreachable(IndexClientError):
    """Connection refused, DNS failure, TLS failure, timeout, or a server error (5xx)."""


class BadIndexResponse(IndexClientError):
    """The index answered, but not with something we can trust to parse (bad JSON, unknown API version)."""


class ProjectNotFound(IndexClientError):
    """No configured index knows the project."""


class VersionNotFound(IndexClientError):
    """The project exists, but no file of that version (and kind) is listed."""


class DownloadRefused(IndexClientError):
    """A file was not downloaded or not accepted: no usable hash, a hash mismatch, too big, unsafe name."""


class HashMismatch(DownloadRefused):
    """The bytes received are not the bytes the index promised."""


class FileTooLarge(DownloadRefused):
    """The file is over the size limit (declared or actually sent); the download was stopped."""


class UnhashedFile(DownloadRefused):
    """The index lists the file without a strong hash and `--allow-unhashed` was not given."""
