"""What every use case shares: who is asking, which night it is, and the read-decide-write loop."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypeVar

from skill.household import Household, NightRecord
from skill.ports import HouseholdStore, VersionConflict

T = TypeVar("T")

# Two devices racing can each lose once; a third conflict in one turn means something is wrong.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Turn:
    """One request, reduced to what the use cases need."""

    household_id: str
    night: date
    now: datetime


def household_id_for(user_id: str) -> str:
    """A stable, non-reversible key: the Alexa userId itself is never stored or logged."""
    return hashlib.sha256(f"heart-to-heart|{user_id}".encode()).hexdigest()[:40]


@dataclass(frozen=True)
class Change:
    """What a decision wants written: nothing, the household, or the household and a night."""

    household: Household | None = None
    night: NightRecord | None = None


Decide = Callable[[Household], tuple[Change, T]]


def update_household(store: HouseholdStore, household_id: str, decide: Decide[T]) -> T:
    """Read, decide, write conditionally; on a lost race read again and decide again.

    `decide` is pure: it sees the freshest household and returns what to write and what to
    answer. After a conflict it runs again on the winner's state, so the answer is right
    ("you've already checked in tonight") rather than a blind overwrite.
    """
    for _ in range(MAX_ATTEMPTS - 1):
        try:
            return _attempt(store, household_id, decide)
        except VersionConflict:
            continue
    return _attempt(store, household_id, decide)


def _attempt(store: HouseholdStore, household_id: str, decide: Decide[T]) -> T:
    current = store.load(household_id) or Household.new(household_id)
    change, result = decide(current)
    if change.household is not None:
        store.save(change.household, expected_version=current.version, night=change.night)
    return result


RECENT_NIGHTS_KEPT = 14  # two weeks: this week and last, for the weekly look back


def seen_tonight(household: Household, night: date, **changes: Any) -> Household:
    """Note a night that counts: for the first-night welcome and the weekly look back (the
    nights together of the last two weeks); `changes` go into the same copy."""
    recent = {n for n in household.recent_nights if 0 <= (night - n).days < RECENT_NIGHTS_KEPT}
    return replace(
        household,
        first_night=household.first_night or night,
        recent_nights=tuple(sorted(recent | {night})),
        **changes,
    )
