"""The small interface every analyzer implements.

An analyzer is instantiated once per target, fed each file that it `wants`, and asked for its
findings at the end. Keeping the per-target state inside the instance lets an analyzer combine
evidence across files (a network call in `setup.py` plus an environment dump in the same scope).
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field

from ..model import Finding
from ..sources import SourceFile


@dataclass(slots=True)
class TargetContext:
    """What an analyzer may know about the target as a whole."""

    target: str
    kind: str  # "sdist", "wheel", "directory", "file"
    package: dict[str, str] = field(default_factory=dict)


class Analyzer(abc.ABC):
    name: str = ""

    def __init__(self, context: TargetContext) -> None:
        self.context = context

    @abc.abstractmethod
    def wants(self, file: SourceFile) -> bool:
        """Cheap test on the path and first bytes; the pipeline reads each file only once."""

    @abc.abstractmethod
    def feed(self, file: SourceFile) -> None:
        """Look at one file. Must not raise on hostile content: record an error finding instead."""

    @abc.abstractmethod
    def finish(self) -> list[Finding]:
        """Combine what was seen into findings."""
