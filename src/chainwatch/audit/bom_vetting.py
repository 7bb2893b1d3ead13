"""`audit --vet` in the CycloneDX inventory: each dependency's vetting as component properties (verdict, score,
the files vetted with their sha256, why it was not vetted or not fully), and each malicious or suspicious file
the report flags as a `vulnerabilities[]` entry affecting the component, in the standard's own fields."""

from __future__ import annotations

from ..model import Finding, Verdict
from ..reports.cyclonedx import BomAffect, BomRating, BomVet, BomVetFile, BomVulnerability, cwe_numbers, purl
from .runner import AuditRun
from .vet_findings import VettedDependency, malware_verdict

# A component's vetting status, worst first: a malicious file blocks whatever else is known; a release that could
# not be vetted fails closed; then what someone has to look at; then what was not (fully) looked at.
_STATUS_ORDER = ("malicious", "error", "suspicious", "partly-vetted", "not-vetted", "clean")
_RATING_JUSTIFICATION = "chainwatch's static malware analysis score of the file (0 to 1); nothing was run"


def component_vets(run: AuditRun) -> dict[tuple[str, str | None], BomVet]:
    """Each vetted or vettable dependency's status by (name, version), merged over every declaration of it."""
    vets: dict[tuple[str, str | None], BomVet] = {}
    for target in run.targets:
        for vetted in target.vetted:
            key = (vetted.dependency.name, vetted.dependency.version)
            status = _status(vetted)
            vets[key] = _merge(vets[key], status) if key in vets else status
    return vets


def vet_vulnerabilities(run: AuditRun) -> list[BomVulnerability]:
    """One entry per malicious or suspicious file the report flags (a disabled rule flags none)."""
    entries: dict[str, BomVulnerability] = {}
    for target in run.targets:
        for vetted in target.vetted:
            reported = {f.evidence_key: f for f in vetted.findings}
            dependency = vetted.dependency
            for record in vetted.vet.records if vetted.vet is not None else ():
                finding = reported.get(f"{dependency.name}:{dependency.version}:{record.sha256}")
                if finding is None:
                    continue
                verdict, score, _ = malware_verdict(record)
                entry = _vulnerability(finding, purl(dependency.name, dependency.version), dependency.version,
                                       record.filename, record.sha256, verdict, score)  # fmt: skip
                entries.setdefault(entry.bom_ref, entry)
    return list(entries.values())


def _status(vetted: VettedDependency) -> BomVet:
    if vetted.vet is None:
        return BomVet("not-vetted", reasons=(vetted.not_vetted or "not vetted",))
    files = []
    for record in vetted.vet.records:
        verdict, score, _ = malware_verdict(record)
        files.append(BomVetFile(record.filename, record.sha256, verdict.value, score))
    verdicts = {f.verdict for f in files}
    reasons = tuple(error.reason for error in vetted.errors)
    if vetted.vet.skipped is not None:
        reasons += (vetted.vet.skipped,)
    if Verdict.MALICIOUS.value in verdicts:
        status = "malicious"
    elif vetted.errors or Verdict.ERROR.value in verdicts:
        status = "error"
    elif Verdict.SUSPICIOUS.value in verdicts:
        status = "suspicious"
    elif vetted.vet.skipped is not None or not files:
        status = "partly-vetted" if files else "not-vetted"
    else:
        status = "clean"
    return BomVet(status, tuple(files), reasons)


def _merge(first: BomVet, second: BomVet) -> BomVet:
    status = min(first.status, second.status, key=_STATUS_ORDER.index)
    files = {f.sha256: f for f in (*first.files, *second.files)}
    return BomVet(status, tuple(files.values()), tuple(dict.fromkeys((*first.reasons, *second.reasons))))


def _vulnerability(
    finding: Finding, ref: str, version: str | None, filename: str, sha256: str, verdict: Verdict, score: float
) -> BomVulnerability:
    malicious = verdict is Verdict.MALICIOUS
    return BomVulnerability(
        # PyPI never lets a file name be uploaded twice: rule and file name identify the finding and read well.
        id=f"{finding.rule}/{filename}",
        bom_ref=f"chainwatch-vet:{ref}:{sha256}",
        origin="chainwatch",
        description=finding.title,
        detail=f"{finding.message} {finding.why}".strip(),
        recommendation=finding.remediation,
        ratings=(
            BomRating(
                finding.severity.label,
                "other",
                round(score, 2),
                origin="chainwatch",
                justification=_RATING_JUSTIFICATION,
            ),
        ),
        cwes=tuple(cwe_numbers(finding.cwe)),
        affects=(BomAffect(ref, version=version),),
        # VEX: a malicious file runs when installed (exploitable); a suspicious one awaits a person (in triage).
        analysis_state="exploitable" if malicious else "in_triage",
        properties=(
            ("chainwatch:rule", finding.rule),
            ("chainwatch:vet:verdict", verdict.value),
            ("chainwatch:vet:file", filename),
            ("chainwatch:vet:sha256", sha256),
        ),
    )
