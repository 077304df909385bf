"""What the service-level tests hand a use case: a turn on a known night, and check-in answers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from skill.content.loader import Content
from skill.household import AnsweredItem
from skill.services.common import Turn

NIGHT = date(2026, 11, 20)
HOUSEHOLD = "household-under-test"


def turn(night: date = NIGHT, household_id: str = HOUSEHOLD) -> Turn:
    """A request in the evening of `night` (21:30 UTC)."""
    now = datetime(night.year, night.month, night.day, 21, 30, tzinfo=UTC)
    return Turn(household_id=household_id, night=night, now=now)


def answered(
    content: Content, item_ids: Sequence[str], *answers: tuple[int, ...]
) -> tuple[AnsweredItem, ...]:
    """Answers to the items in order (the last answer repeats; an empty tuple is a skip)."""
    recorded = []
    for index, item_id in enumerate(item_ids):
        values = answers[min(index, len(answers) - 1)]
        pillar = None if item_id == content.anchor.id else content.item_pillar(item_id)
        recorded.append(AnsweredItem(item_id=item_id, pillar=pillar, answers=values))
    return tuple(recorded)
