"""Batches through an executor: a bounded window of tasks in flight, results in input order.

Why a window: input is read lazily and may be millions of articles; submitting
everything at once would hold every article and every result in memory. Why
input order: cross-article linking is incremental (the first article to name an
actor or event founds it), so the store only equals a serial run's when articles
are written in the order they were read.
"""
from __future__ import annotations

from collections import deque
from itertools import islice
from typing import Callable, Iterable, Iterator, Optional, Protocol, TypeVar

BATCH_SIZE = 16
"""Articles per task: large enough for spaCy's batching, small enough that the last tasks of a run
do not leave workers idle for long."""

T = TypeVar("T")
R = TypeVar("R")


class Future(Protocol):
    def done(self) -> bool: ...

    def result(self): ...


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def tapered(items: Iterable[T], size: int, workers: int) -> Iterator[list[T]]:
    """Batches of ``size``, except at the end: once the input is seen to end, the last items go out in
    smaller batches, so that no worker is left with a whole batch while the others idle.

    Reads ``size * (2 * workers + 1)`` items ahead of what it has handed out, to see the end coming.
    """
    it = iter(items)
    ahead: deque = deque()
    horizon = size * (2 * workers + 1)
    exhausted = False
    while True:
        while not exhausted and len(ahead) < horizon:
            try:
                ahead.append(next(it))
            except StopIteration:
                exhausted = True
        if not ahead:
            return
        n = size if not exhausted else max(MIN_TAIL_BATCH, min(size, -(-len(ahead) // (2 * workers))))
        yield [ahead.popleft() for _ in range(min(n, len(ahead)))]


MIN_TAIL_BATCH = 4
"""The smallest batch ``tapered`` makes: below this spaCy's batching gains little and the task's own
costs start to count."""


def in_order(submit: Callable[[list[T]], Future], batches: Iterable[list[T]], window: int,
             before_wait: Optional[Callable[[], None]] = None) -> Iterator[list]:
    """Submit batches, at most ``window`` in flight; yield each batch's result list in submission order.

    ``before_wait`` is called when the oldest task is not finished yet: the caller's chance to do
    its own work (write what it holds) instead of idling.
    """
    flight: deque = deque()
    source = iter(batches)
    exhausted = False
    try:
        while True:
            while not exhausted and len(flight) < window:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                else:
                    flight.append(submit(batch))
            if not flight:
                return
            head = flight[0]
            if before_wait is not None and not head.done():
                before_wait()
            result = head.result()
            flight.popleft()
            yield result
    finally:
        for f in flight:  # stopped early (an error, Ctrl-C): drop what is still queued
            cancel = getattr(f, "cancel", None)
            if cancel is not None:
                cancel()
