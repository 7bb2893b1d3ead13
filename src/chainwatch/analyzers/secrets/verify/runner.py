"""Run verifiers over matches: each distinct secret is checked once, a few requests at a time."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from ..engine import SecretMatch
from .http import HttpClient, NetworkError
from .interface import Status, Verification, Verifier
from .providers import NOOP
from .settings import VerifySettings


def verifier_for(rule: str, verifiers: Sequence[Verifier]) -> Verifier:
    for verifier in verifiers:
        if rule in verifier.rules:
            return verifier
    return NOOP


def verify_matches(
    matches: Sequence[SecretMatch], verifiers: Sequence[Verifier], settings: VerifySettings
) -> list[Verification]:
    """One answer per match, in order. The same secret found in many places costs one request."""
    http = HttpClient(timeout=settings.timeout)
    jobs: dict[tuple[str, bytes], Verifier] = {}
    for match in matches:
        verifier = verifier_for(match.rule, verifiers)
        jobs.setdefault((verifier.id, match.value), verifier)

    def run(key: tuple[str, bytes]) -> Verification:
        verifier = jobs[key]
        if verifier.id in settings.disabled:
            return Verification(Status.UNKNOWN, f"verification for {verifier.id} is disabled", verifier.id)
        endpoint = settings.endpoints.get(verifier.id, "")
        try:
            secret = key[1].decode("ascii")
        except UnicodeDecodeError:
            return Verification(Status.UNKNOWN, "value is not a plain token; not sent", verifier.id)
        try:
            answer = verifier.verify(secret, endpoint, http)
        except NetworkError as exc:
            answer = Verification(Status.UNKNOWN, str(exc))
        return Verification(answer.status, answer.detail, verifier.id)

    keys = list(jobs)
    with ThreadPoolExecutor(max_workers=max(1, min(settings.workers, len(keys) or 1))) as pool:
        answers = dict(zip(keys, pool.map(run, keys), strict=True))
    return [answers[(verifier_for(m.rule, verifiers).id, m.value)] for m in matches]
