"""What a proxy is told at start: where upstream is, where to listen, what to block, which overrides hold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..index.names import NotPinned, PinnedRequirement, parse_pinned
from ..index.pipconfig import IndexSettings
from ..pipeline import RunOptions
from ..sources import Limits

FAIL_ON = ("malicious", "suspicious")
# `suspicious` alone only warns by default: blocking installs on it would stop too many honest
# packages (the analyzer's own precision trade-off); `malicious`, error verdicts and confident
# typosquats of popular projects always block.
DEFAULT_FAIL_ON = "malicious"
DEFAULT_PORT = 7341


class ProxyUsageError(ValueError):
    """A setting the proxy cannot start with; the message is meant for the user."""


@dataclass(frozen=True, slots=True)
class Allowance:
    """`--allow NAME==VERSION --reason TEXT`: that release is served even when its verdict would block it."""

    requirement: PinnedRequirement
    reason: str

    @property
    def label(self) -> str:
        return self.requirement.label()

    def matches(self, project: str, version: str) -> bool:
        return self.requirement.canonical_name == project and self.requirement.matches(version)


def parse_allowances(pins: Sequence[str], reasons: Sequence[str]) -> tuple[Allowance, ...]:
    """Pair each `--allow` with its `--reason`: one reason for all of them, or one per allowance, in order."""
    if not pins:
        if reasons:
            raise ProxyUsageError("--reason is only meaningful with --allow NAME==VERSION")
        return ()
    if not reasons or any(not r.strip() for r in reasons):
        raise ProxyUsageError("--allow needs --reason TEXT: an override is recorded with why it was granted")
    if len(reasons) not in (1, len(pins)):
        raise ProxyUsageError(f"give one --reason for all --allow options or one per option ({len(pins)})")
    paired = [reasons[0]] * len(pins) if len(reasons) == 1 else list(reasons)
    allowances = []
    for pin, reason in zip(pins, paired, strict=True):
        try:
            requirement = parse_pinned(pin)
        except NotPinned as exc:
            raise ProxyUsageError(f"--allow {exc}") from None
        if requirement is None:
            raise ProxyUsageError(f"--allow {pin!r}: give one exact release, NAME==VERSION")
        allowances.append(Allowance(requirement, reason.strip()))
    return tuple(allowances)


@dataclass(frozen=True, slots=True)
class ProxyConfig:
    settings: IndexSettings  # the upstream indexes, in pip's order
    host: str = "127.0.0.1"
    port: int = 0  # 0: any free port
    listen_public: bool = False
    fail_on: str = DEFAULT_FAIL_ON
    allowances: tuple[Allowance, ...] = ()
    run_options: RunOptions = field(default_factory=RunOptions)
    jobs: int = 1  # vetting processes; 1 vets in the request's own thread
    cache_root: Path | None = None  # None: chainwatch's cache root
    max_file_size: int = Limits().max_total_size  # anything bigger could not be analysed

    def __post_init__(self) -> None:
        if self.fail_on not in FAIL_ON:
            raise ProxyUsageError(f"--fail-on must be one of {', '.join(FAIL_ON)}")
        if self.jobs < 1:
            raise ProxyUsageError("--jobs must be at least 1")
        if not 0 <= self.port <= 65535:
            raise ProxyUsageError("--port must be between 0 and 65535")
