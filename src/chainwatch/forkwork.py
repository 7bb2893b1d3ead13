"""CPU-bound work over many items, shared between this process and forked copies of it.

`share(count, work, workers)` runs `work(i)` for every `i` in `range(count)` and returns the results
in order. This process works too, beside `workers - 1` forked children; every process takes the next
item numbers from one pipe when it is free, so uneven items balance themselves. Children inherit all
that is already built (compiled scanners, caches) and send back only their results, pickled once at
the end. Against a process pool this saves starting the pool, its feeder thread competing with the
parent for the GIL, and pickling the work out and back item by item.

A child that fails sends nothing; this process then does that child's items itself, so an error is
raised here, as in a serial run. Fork is used only where it is the platform's safe default
(`can_fork()`); elsewhere callers use a process pool.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import NoReturn, TypeVar

T = TypeVar("T")

# Item numbers queued at most: 4 bytes each, so the queue fits the smallest pipe buffer (one page)
# and is written whole before any process reads it. More items are queued in runs of several.
MAX_QUEUED = 1024
_NUMBER = 4


def can_fork() -> bool:
    # macOS has fork, but system libraries are not fork-safe there (CPython spawns by default). With other
    # threads alive a forked child can inherit a lock one of them holds and wait on it forever.
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def share(count: int, work: Callable[[int], T], workers: int) -> list[T]:
    """`[work(i) for i in range(count)]`, computed by this process and `workers - 1` forked children."""
    run = -(-count // MAX_QUEUED) if count else 1  # items per queue entry
    entries = range(0, count, run)
    queue_read, queue_write = os.pipe()
    try:
        os.write(queue_write, b"".join(i.to_bytes(_NUMBER, "little") for i in entries))
    finally:
        os.close(queue_write)  # readers see the end of the queue once it is empty
    children: list[tuple[int, int]] = []  # (pid, read end of its result pipe)
    results: dict[int, T] = {}
    try:
        for _ in range(min(workers, len(entries)) - 1):
            result_read, result_write = os.pipe()
            try:
                pid = os.fork()
            except OSError:  # no more processes allowed or no memory: work with the ones there are
                os.close(result_read)
                os.close(result_write)
                break
            if pid == 0:  # pragma: no cover  (the child; coverage does not follow it)
                _child(queue_read, result_read, result_write, work, run, count)
            os.close(result_write)
            children.append((pid, result_read))
        _drain(queue_read, work, run, count, results)
        while children:
            pid, result_read = children.pop()  # reaped by `_collect`: never killed below
            results.update(_collect(pid, result_read))
    finally:
        os.close(queue_read)
        for pid, result_read in children:  # this process failed: stop the others
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(result_read)
    # Items a failed child took but never sent back: done here (an error they raise is raised here).
    return [results[i] if i in results else work(i) for i in range(count)]


def _drain(queue: int, work: Callable[[int], T], run: int, count: int, into: dict[int, T]) -> None:
    while len(entry := os.read(queue, _NUMBER)) == _NUMBER:  # whole entries: all were written at once
        first = int.from_bytes(entry, "little")
        for i in range(first, min(count, first + run)):
            into[i] = work(i)


def _child(queue: int, result_read: int, result_write: int, work: Callable[[int], T], run: int, count: int) -> NoReturn:
    code = 1
    try:
        os.close(result_read)
        done: dict[int, T] = {}
        _drain(queue, work, run, count, done)
        with open(result_write, "wb") as out:
            pickle.dump(done, out, pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)  # never return into the parent's code, run its exit hooks or flush its buffers


def _collect(pid: int, result_read: int) -> dict[int, T]:
    with open(result_read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0:  # failed, or killed (while writing, too): its items are redone
        return {}
    done: dict[int, T] = pickle.loads(data)
    return done
