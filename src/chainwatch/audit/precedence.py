"""Whether a public copy of a name can beat the intended one, given how the installer combines its indexes.

pip (and uv's `unsafe-best-match`) merges the files of every index and takes the highest version, so any index
that lists the name can win. uv's default, `first-index`, takes a name from the first index in priority order that
lists it at all: a public index ranked below a private one is consulted only for names the private ones do not
list, but ranked above it wins whenever it lists the name. `unsafe-first-match` prefers the first index's versions
and falls through to later indexes for versions it lacks, so a public upload can still win there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..deps import Dependency, IndexStrategy


@dataclass(frozen=True, slots=True)
class Precedence:
    fallback_only: bool  # the public index is asked only when no higher-ranked index lists the name
    explanation: str  # one sentence for the finding; empty for pip's merge, which the findings already describe


def precedence(dependency: Dependency, sources: Sequence[str], public: Sequence[str]) -> Precedence:
    strategy = dependency.index_strategy
    if strategy is IndexStrategy.PIP or not public or not sources:
        return Precedence(False, "")
    if strategy is IndexStrategy.UV_BEST_MATCH:
        return Precedence(False, 'uv\'s index-strategy "unsafe-best-match" merges every index, as pip does.')
    ranked_first = sources[0]
    name = dependency.raw_name
    if ranked_first in public:
        return Precedence(
            False,
            f"uv (index-strategy {strategy.value}) asks {ranked_first} first: if '{name}' is listed there at all, "
            "that copy is the one installed.",
        )
    if strategy is IndexStrategy.UV_FIRST_MATCH:
        return Precedence(
            False,
            f"uv (index-strategy unsafe-first-match) prefers {ranked_first}'s versions but takes versions only "
            f"{', '.join(public)} has when none of those fits.",
        )
    return Precedence(
        True,
        f"uv (index-strategy first-index, its default) takes '{name}' from the first index that lists it, and "
        f"{ranked_first} ranks above {', '.join(public)}: the public index is asked only if {ranked_first} stops "
        f'listing the name. Pin it there with [tool.uv.sources] {name} = {{ index = "…" }} on an index marked '
        "explicit = true to rule that out.",
    )
