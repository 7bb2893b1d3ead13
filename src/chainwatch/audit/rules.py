"""The audit's rule ids and what each one means to a reader. Ids are stable: never rename or reuse one."""

from __future__ import annotations

TYPOSQUAT = "typosquat.imitates-popular-project"  # the typosquat analyzer's own id, reused on purpose
KNOWN_VULNERABILITY = "vuln.known-vulnerability"  # chainwatch.vulns' id for exact (pinned) matches

POSSIBLY_AFFECTED = "audit.possibly-affected"
INTERNAL_PUBLIC_INDEX = "audit.internal-name-public-index"
INTERNAL_REGISTERED = "audit.internal-name-registered"
INTERNAL_LOCKED_FROM_PUBLIC = "audit.internal-locked-from-public"
CONFUSION_VERSION = "audit.confusion-version"
MULTIPLE_INDEXES = "audit.multiple-indexes-unpinned"
UNPINNED = "audit.unpinned"
NO_HASHES = "audit.no-hashes"
UNCHECKED = "audit.unchecked-dependency"
MALICIOUS_DEPENDENCY = "audit.malicious-dependency"  # `--vet`: the malware analysis of a file says malicious
SUSPICIOUS_DEPENDENCY = "audit.suspicious-dependency"  # `--vet`: ... says suspicious

CONFUSION_RULES = frozenset(
    {INTERNAL_PUBLIC_INDEX, INTERNAL_REGISTERED, INTERNAL_LOCKED_FROM_PUBLIC, CONFUSION_VERSION}
)

CONFUSION_WHY = (
    "Dependency confusion: when an installer may take a name from a public index as well as a private one, "
    "anyone who registers that name publicly (often with a higher version) gets their code installed in "
    "builds and developer machines, with their credentials."
)
CONFUSION_ATTACK = ("T1195.001",)
CONFUSION_CWE = ("CWE-427",)
