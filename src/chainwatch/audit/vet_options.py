"""What `audit --vet` is asked to do; kept apart so an audit without `--vet` never loads the analysis stack."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..index.models import Selection
    from ..pipeline import RunOptions


@dataclass(frozen=True, slots=True)
class VetSettings:
    selection: Selection  # files of a release to vet when the input records no hashes (`--artifacts`)
    run_options: RunOptions  # limits and disabled rules: part of the verdict store's fingerprint
    jobs: int | None = None
    index_url: str | None = None  # `--index-url`; None: pip's configuration decides
    extra_index_urls: tuple[str, ...] = ()

    @property
    def max_file_size(self) -> int:
        return self.run_options.limits.max_total_size
