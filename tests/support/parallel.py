"""Many completions of one night at once: distinct answers per attempt, started together."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from skill.content.loader import Content
from skill.household import AnsweredItem

T = TypeVar("T")
WORKERS = 16


def answers_for(
    content: Content, item_ids: tuple[str, ...], index: int
) -> tuple[AnsweredItem, ...]:
    """A different set of answers for each completion, so the stored one names its winner."""
    answered = []
    for position, item_id in enumerate(item_ids):
        digit = (index // 5**position) % 5
        pillar = None if item_id.startswith("anchor-") else content.item_pillar(item_id)
        both = (digit + 1, 5 - digit) if index % 2 == 0 else (digit + 1,)
        answered.append(AnsweredItem(item_id=item_id, pillar=pillar, answers=both))
    return tuple(answered)


def run_in_parallel(tasks: list[Callable[[], T]]) -> list[T]:
    """Run every task on WORKERS threads; the first WORKERS start at the same moment."""
    barrier = threading.Barrier(min(WORKERS, len(tasks)))

    def at_once(index: int, task: Callable[[], T]) -> T:
        if index < barrier.parties:
            barrier.wait(timeout=30)
        return task()

    with ThreadPoolExecutor(WORKERS) as pool:
        futures = [pool.submit(at_once, i, task) for i, task in enumerate(tasks)]
        return [future.result() for future in futures]  # re-raises anything that escaped
