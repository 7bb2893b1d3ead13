"""The words a blocked client sees: the 403 body, the status line's reason phrase, the log lines.

pip prints the reason phrase of a failed download ("403 Client Error: <reason> for url: …") but not
the body, so the phrase names the verdict and the top rules; the body carries the whole explanation.
"""

from __future__ import annotations

from ..model import Severity
from .policy import Judgement
from .verdicts import FindingBrief, VetRecord

_MAX_FINDINGS = 12
_MAX_PHRASE = 300


def top_rules(record: VetRecord, limit: int = 3) -> list[str]:
    ranked = sorted(record.findings, key=lambda f: (-f.severity, -f.confidence))
    rules = [f.rule for f in ranked if f.severity >= Severity.MEDIUM]
    return list(dict.fromkeys(rules))[:limit]


def reason_phrase(record: VetRecord, judgement: Judgement) -> str:
    rules = top_rules(record)
    detail = f" ({', '.join(rules)})" if rules else ""
    text = f"Blocked by chainwatch: {record.project} {record.version} is {record.verdict.value}{detail}"
    if not rules and judgement.reasons:
        text += f": {judgement.reasons[0]}"
    return phrase(text)


def phrase(text: str) -> str:
    """Safe for an HTTP status line: one line of printable ASCII."""
    cleaned = "".join(c if " " <= c <= "~" else "?" for c in text)
    return cleaned[:_MAX_PHRASE]


def block_text(record: VetRecord, judgement: Judgement) -> str:
    lines = [
        f"chainwatch blocked {record.filename} ({record.project} {record.version})",
        f"sha256: {record.sha256}",
        f"verdict: {record.verdict.value} (score {record.score:.2f})",
        "blocked because " + "; ".join(judgement.reasons),
    ]
    if record.summary:
        lines.append(f"summary: {record.summary}")
    shown = _worth_showing(record.findings)
    if shown:
        lines += ["", "findings:"]
        for finding in shown:
            where = finding.path + (f":{finding.line}" if finding.line else "")
            lines.append(f"  [{finding.severity.label}] {finding.rule}  {where}")
            lines.append(f"      {finding.title}")
            if finding.message and finding.message != finding.title:
                lines.append(f"      {finding.message[:400]}")
        hidden = len(record.findings) - len(shown)
        if hidden > 0:
            lines.append(f"  … and {hidden} more (chainwatch vet {record.project}=={record.version} shows all)")
    if record.errors:
        lines += ["", "could not analyse:"] + [f"  {reason[:400]}" for reason in record.errors[:5]]
    pin = f"{record.project}=={record.version}"
    lines += [
        "",
        "Nothing from this file was installed or run. If you have reviewed it and trust it anyway:",
        f'  chainwatch pip install --allow {pin} --reason "why it is safe" …',
        f'  or start the proxy with: chainwatch proxy --allow {pin} --reason "why it is safe"',
        f"To see the full analysis: chainwatch vet {pin}",
        "",
    ]
    return "\n".join(lines)


def _worth_showing(findings: tuple[FindingBrief, ...]) -> list[FindingBrief]:
    ranked = sorted(findings, key=lambda f: (-f.severity, -f.confidence))
    notable = [f for f in ranked if f.severity >= Severity.MEDIUM] or ranked[:3]
    return notable[:_MAX_FINDINGS]


def log_line(record: VetRecord, judgement: Judgement) -> str:
    rules = top_rules(record)
    detail = f" [{', '.join(rules)}]" if rules else ""
    what = f"{record.filename}: {record.verdict.value}{detail}"
    if judgement.allowance is not None:
        return (
            f"OVERRIDE {what} served because of --allow {judgement.allowance.label} "
            f"(reason: {judgement.allowance.reason}); would be blocked: {'; '.join(judgement.reasons)}"
        )
    return f"{judgement.action.name} {what}" + (f": {'; '.join(judgement.reasons)}" if judgement.reasons else "")


def after_run_line(record: VetRecord, judgement: Judgement, overrides_file: str) -> str:
    """What `chainwatch pip` repeats once pip is done, so it is not lost in pip's output."""
    rules = ", ".join(top_rules(record)) or record.verdict.value
    if judgement.allowance is not None:
        return (
            f"override: {record.filename} ({rules}) was installed because of --allow {judgement.allowance.label} "
            f"({judgement.allowance.reason}); recorded in {overrides_file}"
        )
    return f"warning: {record.filename} is {record.verdict.value} ({rules}) and was served; review it"
