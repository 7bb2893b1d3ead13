"""Reports are pure functions of a `Report`."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Report
from .json_report import render_json
from .sarif import render_sarif

CYCLONEDX_SPEC_VERSION = "1.6"  # here, not in `cyclonedx`: the audit's --help names it without loading the BOM code

RENDERERS: dict[str, Callable[[Report], str]] = {"json": render_json, "sarif": render_sarif}
