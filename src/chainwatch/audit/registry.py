"""Are internal names registered on the public index? The audit's only network access, through
`chainwatch.index` (PEP 691/503 project pages, TLS, redirects checked, credentials never logged).

Never called with `--offline`: the caller records the check as skipped instead. After the first connection
failure the remaining names are not tried (each would wait out the same timeout) and are reported unchecked.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx


class Registration(enum.Enum):
    REGISTERED = "registered"
    ABSENT = "absent"
    UNKNOWN = "unknown"  # not checked: offline, or the index could not be asked


@dataclass(frozen=True, slots=True)
class RegistryReport:
    """What the public index said about each internal name; `skipped` says why nothing was asked."""

    index: str
    answers: dict[str, Registration] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)  # name -> why it could not be checked
    skipped: str | None = None

    def status(self, name: str) -> Registration:
        return self.answers.get(name, Registration.UNKNOWN)

    def unchecked_reason(self, name: str) -> str | None:
        if self.skipped is not None:
            return self.skipped
        return self.problems.get(name)


OFFLINE_REASON = "needs the network; skipped (--offline)"


def offline_report(index: str) -> RegistryReport:
    return RegistryReport(index, skipped=OFFLINE_REASON)


def look_up(names: Iterable[str], index_url: str, transport: httpx.BaseTransport | None = None) -> RegistryReport:
    """Ask `index_url` for each name's project page. Imports the HTTP stack only when there is something to ask."""
    wanted = sorted(set(names))
    if not wanted:
        return RegistryReport(index_url)
    from ..index.cache import ArtifactCache
    from ..index.client import IndexClient
    from ..index.errors import IndexClientError, IndexUnreachable
    from ..index.pipconfig import IndexSettings
    from ..index.urls import parse_index_url

    answers: dict[str, Registration] = {}
    problems: dict[str, str] = {}
    try:
        index = parse_index_url(index_url, "--public-index")
        client = IndexClient(IndexSettings(index_url=index), ArtifactCache(), transport=transport)
    except IndexClientError as exc:
        return RegistryReport(index_url, skipped=f"could not be checked: {exc}")
    with client:
        for position, name in enumerate(wanted):
            try:
                page = client.project_page(index, name)
            except IndexUnreachable as exc:
                reason = f"could not be checked: {exc}"
                problems.update({n: reason for n in wanted[position:]})
                break
            except IndexClientError as exc:
                problems[name] = f"could not be checked: {exc}"
                continue
            answers[name] = Registration.REGISTERED if page is not None else Registration.ABSENT
    return RegistryReport(index.display, answers, problems)
