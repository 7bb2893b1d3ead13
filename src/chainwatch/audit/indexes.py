"""Where an installer may fetch a dependency from, and which of those places are public indexes.

A dependency file either names its indexes (requirements options, `[tool.uv.index]`, a lock file's recorded
registry) or says nothing, and then the installer's configuration decides: `--index-url`/`--extra-index-url`
given to `chainwatch audit`, else pip's own configuration, read the way pip reads it
(`chainwatch.index.pipconfig`). pip merges the candidates of every index and find-links location, which is what
makes more than one source a confusion risk; uv's index strategies, which may not merge, are in `precedence`.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from ..deps import DEFAULT_INDEX, Dependency

# Hosts anyone can publish to. The audit's `--public-index` host is added to these at run time.
PUBLIC_HOSTS = frozenset({"pypi.org", "pypi.python.org", "test.pypi.org", "upload.pypi.org"})


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def sources_of(dependency: Dependency, default_indexes: Sequence[str]) -> tuple[str, ...]:
    """Every index and find-links location the installer may take this dependency from."""
    if dependency.no_index:
        return tuple(dict.fromkeys(dependency.find_links))
    indexes = dependency.index_urls or tuple(default_indexes)
    return tuple(dict.fromkeys((*indexes, *dependency.find_links)))


def is_public(url: str, public_hosts: frozenset[str]) -> bool:
    return host_of(url) in public_hosts


def resolves_from_index(dependency: Dependency) -> bool:
    """Direct references (`name @ URL`, local paths, VCS) are fetched from where they point, never looked up."""
    return dependency.url is None and not dependency.local


def default_index_list(index_url: str | None, extra_index_urls: Sequence[str]) -> tuple[tuple[str, ...], str | None]:
    """The installer's index list for files that name none, and a note when pip's configuration could not be used.

    Bad URLs on the command line raise `chainwatch.index.ConfigurationError` (a usage error). On a broken pip
    configuration the audit assumes pip's default (PyPI) rather than nothing: a confusion check that assumed no
    public index would pass silently.
    """
    from ..index.errors import ConfigurationError  # light: no HTTP stack
    from ..index.pipconfig import load_settings

    try:
        settings = load_settings(index_url, extra_index_urls)
    except ConfigurationError as exc:
        if index_url or extra_index_urls:
            raise
        if "no-index" in str(exc):
            return (), None  # pip is configured to use no index at all: nothing can be confused
        return (DEFAULT_INDEX,), f"pip configuration not usable ({exc}); assuming {DEFAULT_INDEX}"
    return tuple(i.url for i in settings.indexes), None
