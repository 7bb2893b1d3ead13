"""The terminal report names each verdict and the evidence behind it, without colour codes when asked."""

from __future__ import annotations

import io

from report_samples import (
    ARCHIVE_TARGET,
    CLEAN_TARGET,
    DIR_TARGET,
    HIDDEN_BINARY,
    INFO_NOTE,
    LOW_NOTE,
    MALICIOUS_SETUP,
    MISSING_TARGET,
    NESTED_SAME_RULE,
    OBFUSCATED,
)
from rich.console import Console

from chainwatch.model import Finding, Location, Report, Severity, TargetResult, Verdict
from chainwatch.reports.text import print_text


def _text(report: Report, verbose: bool = False) -> str:
    buffer = io.StringIO()
    # Wide enough that no line wraps, so assertions see whole paths.
    print_text(report, Console(file=buffer, no_color=True, width=400, force_terminal=False), verbose)
    return buffer.getvalue()


def _block(text: str, target: str) -> str:
    """The lines printed for one target: from its verdict line to the next target's."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if target in line)
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1].strip()), len(lines))
    return "\n".join(lines[start:end])


def test_no_escape_codes_without_colour(report: Report) -> None:
    assert "\x1b[" not in _text(report)


def test_each_target_is_named_with_its_verdict(report: Report) -> None:
    text = _text(report)
    for result in report.results:
        verdict_line = next(line for line in text.splitlines() if result.target in line)
        assert result.verdict.value.upper() in verdict_line


def test_findings_show_rule_location_and_why(report: Report) -> None:
    block = _block(_text(report), ARCHIVE_TARGET)
    for finding in (MALICIOUS_SETUP, NESTED_SAME_RULE):
        assert f"{finding.location.path}:{finding.location.line}" in block
        assert finding.rule in block
        assert finding.message in block
    assert MALICIOUS_SETUP.why in block
    assert MALICIOUS_SETUP.location.snippet is not None and MALICIOUS_SETUP.location.snippet in block
    # Without a line number the path stands alone, and non-ASCII text comes through intact.
    assert OBFUSCATED.location.path in block and f"{OBFUSCATED.location.path}:" not in block
    assert OBFUSCATED.message in block and OBFUSCATED.why in block


def test_fatal_errors_are_shown(report: Report) -> None:
    block = _block(_text(report), MISSING_TARGET)
    fatal = report.results[-1].errors[0]
    assert fatal.fatal and fatal.reason in block


def test_non_fatal_errors_stay_quiet(report: Report) -> None:
    non_fatal = report.results[0].errors[0]
    assert not non_fatal.fatal
    assert non_fatal.reason not in _text(report)


def test_clean_targets_are_one_line_unless_verbose(report: Report) -> None:
    assert _block(_text(report), CLEAN_TARGET).count("\n") == 0


def test_low_findings_need_verbose(report: Report) -> None:
    quiet = _block(_text(report), DIR_TARGET)
    assert HIDDEN_BINARY.rule in quiet
    assert LOW_NOTE.rule not in quiet and INFO_NOTE.rule not in quiet
    assert "2 more" in quiet  # the hidden ones are counted, not silently dropped
    loud = _block(_text(report, verbose=True), DIR_TARGET)
    assert LOW_NOTE.rule in loud and INFO_NOTE.rule in loud
    assert MALICIOUS_SETUP.remediation in _text(report, verbose=True)


def test_summary_counts_targets(report: Report) -> None:
    text = _text(report)
    assert f"{len(report.results)} target(s)" in text
    for verdict in Verdict:
        assert verdict.value in text


def test_markup_in_untrusted_text_is_printed_literally() -> None:
    # Names and messages come from the artifact under analysis: they must not restyle or hide output.
    finding = Finding(
        "test.markup",
        "Markup",
        Severity.HIGH,
        "message with [bold red]fake[/] markup",
        Location("[link=https://x]pkg[/link].py", line=2),
        why="[dim]why[/dim]",
    )
    result = TargetResult("[red]target[/red]", Verdict.SUSPICIOUS, 0.6, [finding])
    text = _text(Report("vet", [result], "1"))
    assert "[red]target[/red]" in text
    assert "message with [bold red]fake[/] markup" in text
    assert "[link=https://x]pkg[/link].py:2" in text
    assert "[dim]why[/dim]" in text
