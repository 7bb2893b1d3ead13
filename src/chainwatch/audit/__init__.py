"""`chainwatch audit`: the dependencies of a project or an environment, checked for typosquats, dependency
confusion, known vulnerabilities and pinning hygiene.

    inputs = collect_inputs(["."], pythons=[])              # files found or named, environments
    run = run_audit(inputs, AuditOptions(internal=InternalNames(("acme-*",)), offline=True))
    for target in run.targets:                              # one per input file, in input order
        target.result                                       # TargetResult: verdict, findings, errors
        target.vulnerabilities                              # VulnHits for the CycloneDX report

Modules, one job each: `inputs` (reading), `registry` (the one network check), `typosquats`, `confusion`,
`vulnerabilities`, `hygiene`, `unchecked` (per-dependency checks), `vetting` and `vet_findings` (`--vet`: the
pinned releases' files fetched and malware-vetted, their verdicts as findings), `verdict` (the audit's verdict
mapping), `runner` (putting it together), `bom` (CycloneDX data).
"""

from .inputs import AuditInput, collect_inputs
from .internal import InternalNames
from .options import AuditOptions
from .registry import Registration, RegistryReport
from .runner import AuditedTarget, AuditRun, run_audit
from .verdict import audit_verdict

__all__ = [
    "AuditInput",
    "AuditOptions",
    "AuditRun",
    "AuditedTarget",
    "InternalNames",
    "Registration",
    "RegistryReport",
    "audit_verdict",
    "collect_inputs",
    "run_audit",
]
