"""Typosquatting: does a dependency's name imitate a popular project? (`chainwatch.analyzers.typosquat`)"""

from __future__ import annotations

from dataclasses import replace

from ..analyzers.typosquat import to_finding
from ..deps import Dependency
from ..model import Finding
from .context import TargetContext
from .indexes import resolves_from_index
from .rules import TYPOSQUAT
from .typosquat_answers import TyposquatAnswers


def check(dependency: Dependency, context: TargetContext, answers: TyposquatAnswers) -> list[Finding]:
    if not context.options.enabled(TYPOSQUAT) or dependency.constraint:
        return []  # a constraint installs nothing by itself
    if not resolves_from_index(dependency) or context.options.internal.matches(dependency.name):
        return []  # a direct reference is fetched from where it points; internal names are our own
    match = answers.match(dependency.raw_name)
    if match is None:
        return []
    return [replace(to_finding(match, path=dependency.source.path), location=dependency.source)]
