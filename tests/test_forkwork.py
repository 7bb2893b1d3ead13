"""Work shared with forked children: every item once, in order, errors raised here, children reaped."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator

import pytest

from chainwatch.forkwork import MAX_QUEUED, can_fork, share

pytestmark = pytest.mark.skipif(not can_fork(), reason="fork is not the safe default here")


def _children() -> set[int]:
    """Children of this process not yet reaped (zombies included)."""
    with open(f"/proc/{os.getpid()}/task/{os.getpid()}/children") as handle:
        return {int(pid) for pid in handle.read().split()}


@pytest.fixture(autouse=True)
def _no_child_left() -> Iterator[None]:
    before = _children()
    yield
    assert _children() <= before


@pytest.mark.parametrize("count", [0, 1, 7, 500, MAX_QUEUED * 3 + 5])
@pytest.mark.parametrize("workers", [2, 3])
def test_every_item_once_in_order(count: int, workers: int) -> None:
    assert share(count, lambda i: (i, i * i), workers) == [(i, i * i) for i in range(count)]


def test_children_do_part_of_the_work() -> None:
    me = os.getpid()
    # Slow enough items that a child gets some before this process has taken them all.
    pids = share(200, lambda i: (sum(range(20000)), os.getpid())[1], 2)
    assert me in pids and set(pids) - {me}


def test_items_of_a_failing_child_are_done_here() -> None:
    me = os.getpid()

    def work(i: int) -> int:
        if os.getpid() != me:
            raise RuntimeError("a child fails on every item")
        return i + 1

    assert share(300, work, 3) == list(range(1, 301))


def test_an_error_here_is_raised_and_children_are_reaped() -> None:
    me = os.getpid()

    def work(i: int) -> int:
        if os.getpid() == me:
            raise ValueError(f"item {i}")
        time.sleep(0.001)  # children are slow: this process surely takes an item
        return i

    with pytest.raises(ValueError, match="item"):
        share(400, work, 2)


def test_an_error_in_every_process_is_raised_here() -> None:
    def work(i: int) -> int:
        if i == 42:
            raise KeyError(i)
        return i

    with pytest.raises(KeyError):
        share(100, work, 2)


def test_no_fork_possible_means_all_work_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert share(50, lambda i: (i, os.getpid()), 4) == [(i, os.getpid()) for i in range(50)]


def test_no_more_children_than_queue_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    forks = []
    real_fork = os.fork

    def counted() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counted)
    assert share(2, lambda i: i, 8) == [0, 1]
    assert len(forks) <= 1


def test_no_fork_while_other_threads_run() -> None:
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        assert can_fork() is False  # callers fall back to a process pool
    finally:
        release.set()
        worker.join()
    assert can_fork() is True
