"""Popular projects and their legitimate relatives are not typosquats."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainwatch.analyzers.typosquat import PopularIndex, check_name

RELATED = [
    "requests-oauthlib", "requests-toolbelt", "types-requests", "requests-mock", "requests-cache",
    "boto3-stubs", "types-pyyaml", "pandas-stubs", "django-stubs", "pytest-cov", "pytest-mock",
    "flask-sqlalchemy", "sqlalchemy-utils", "pip-tools", "typing-extensions", "google-cloud-storage",
    "opentelemetry-sdk", "azure-storage-blob", "mypy-boto3-s3", "grequests", "aiohttp-retry",
]  # fmt: skip


def test_top_500_are_never_flagged(index: PopularIndex) -> None:
    flagged = [p.name for p in index.projects[:500] if check_name(p.name, popular=index) is not None]
    assert flagged == []


@pytest.mark.parametrize("name", RELATED)
def test_related_projects_are_not_flagged(index: PopularIndex, name: str) -> None:
    assert check_name(name, popular=index) is None


def test_spelling_variants_of_a_popular_name_are_that_name(index: PopularIndex) -> None:
    for name in ("Requests", "PyYAML", "typing_extensions", "Typing.Extensions", "SCIKIT-LEARN"):
        assert check_name(name, popular=index) is None, name


def test_popularity_ratio_rule(index: PopularIndex) -> None:
    # 'pytorch' is a real (placeholder) project with its own downloads: it imitates 'torch' only
    # under a lax ratio, and is left alone under the default one.
    assert check_name("pytorch", popular=index) is None
    match = check_name("pytorch", popular=index, min_ratio=10)
    assert match is not None and match.imitates == "torch"
    assert match.candidate_downloads == index.get("pytorch").downloads  # type: ignore[union-attr]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_safe(index: PopularIndex, text: str) -> None:
    match = check_name(text, popular=index)
    if match is not None:
        assert index.get(match.imitates) is not None
        assert match.normalized != match.imitates or not text.isascii()


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(range(500)))
def test_a_top_name_is_never_a_squat_of_another(index: PopularIndex, position: int) -> None:
    project = index.projects[position]
    assert check_name(project.name.upper().replace("-", "_"), popular=index) is None
