"""Human report for terminals: verdict per target, then the evidence that drove it."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..model import Report, Severity, TargetResult, Verdict

_VERDICT_STYLE = {
    Verdict.CLEAN: "green",
    Verdict.SUSPICIOUS: "yellow",
    Verdict.MALICIOUS: "bold red",
    Verdict.ERROR: "magenta",
}
_SEVERITY_STYLE = {
    Severity.INFO: "dim",
    Severity.LOW: "cyan",
    Severity.MEDIUM: "yellow",
    Severity.HIGH: "red",
    Severity.CRITICAL: "bold red",
}


def print_text(report: Report, console: Console, verbose: bool = False) -> None:
    for result in report.results:
        _print_result(result, console, verbose)
    _print_summary(report, console)


def _print_result(result: TargetResult, console: Console, verbose: bool) -> None:
    style = _VERDICT_STYLE[result.verdict]
    console.print(
        f"[{style}]{result.verdict.value.upper():<10}[/] {escape(result.target)}  "
        f"[dim]score {result.score:.2f}, {result.files_analysed} files, {result.seconds:.2f}s[/]"
    )
    if result.verdict is Verdict.CLEAN and not verbose:
        return
    console.print(f"  [dim]{escape(result.summary)}[/]")
    shown = result.findings if verbose else [f for f in result.findings if f.severity >= Severity.MEDIUM]
    for finding in shown[: None if verbose else 12]:
        where = finding.location.path + (f":{finding.location.line}" if finding.location.line else "")
        sev = _SEVERITY_STYLE[finding.severity]
        console.print(f"  [{sev}]{finding.severity.label:<8}[/] [bold]{finding.rule}[/] {escape(where)}")
        console.print(f"           {escape(finding.message)}")
        if finding.location.snippet:
            console.print(f"           [dim]> {escape(finding.location.snippet[:200])}[/]")
        if finding.why:
            console.print(f"           [italic]why:[/] {escape(finding.why)}")
        if finding.remediation and verbose:
            console.print(f"           [italic]fix:[/] {escape(finding.remediation)}")
    hidden = len(result.findings) - len(shown[:12] if not verbose else shown)
    if hidden > 0:
        console.print(f"           [dim]… {hidden} more finding(s); use --verbose or --format json[/]")
    for error in result.errors:
        if error.fatal:
            console.print(f"  [magenta]error[/]    {escape(error.path)}: {escape(error.reason)}")


def _print_summary(report: Report, console: Console) -> None:
    table = Table(show_header=True, header_style="bold", box=None)
    for verdict in Verdict:
        table.add_column(verdict.value, justify="right", style=_VERDICT_STYLE[verdict])
    counts = [sum(1 for r in report.results if r.verdict is v) for v in Verdict]
    table.add_row(*(str(c) for c in counts))
    console.print()
    console.print(table)
    console.print(f"[dim]{len(report.results)} target(s) in {report.seconds:.2f}s[/]")
