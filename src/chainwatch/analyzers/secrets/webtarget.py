"""What the `secrets` command needs to know about web targets before any is fetched: which targets are
URLs, and the default limits (its options show them). Kept apart from `web` so a scan of files does not
import the fetching code (html.parser and friends) at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class WebLimits:
    max_page_bytes: int = 5 * MiB
    max_script_bytes: int = 10 * MiB
    max_map_bytes: int = 32 * MiB
    max_scripts: int = 64
    max_sources: int = 5000  # sources taken from all source maps together
    max_total_bytes: int = 96 * MiB
    max_redirects: int = 5
    timeout: float = 10.0  # seconds per request (connect, and each read)
    deadline: float = 120.0  # seconds for the whole target
    cross_origin: bool = False


def is_web_target(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))
