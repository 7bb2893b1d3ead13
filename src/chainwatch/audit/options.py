"""What one audit run is asked to do: the policy and switches every check reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..deps import DEFAULT_INDEX
from ..index.urls import PYPI_SIMPLE
from .indexes import PUBLIC_HOSTS, host_of
from .internal import InternalNames
from .vet_options import VetSettings


@dataclass(frozen=True, slots=True)
class AuditOptions:
    internal: InternalNames = field(default_factory=InternalNames)
    offline: bool = False  # no network at all: checks that need it are reported as skipped
    public_index: str = PYPI_SIMPLE  # where internal names are looked up (tests point it at loopback)
    default_indexes: tuple[str, ...] = (DEFAULT_INDEX,)  # the installer's list for files that name no index
    disabled_rules: frozenset[str] = frozenset()
    check_vulnerabilities: bool = True
    vet: VetSettings | None = None  # `--vet`: fetch and malware-vet every exactly pinned dependency

    @property
    def public_hosts(self) -> frozenset[str]:
        return PUBLIC_HOSTS | {host_of(self.public_index)} - {""}

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled_rules
