"""What the household remembers about its bedtime reminder; the API calls are the handler's.

A reminder turn reads the household once, calls the Reminders API, then writes once,
conditionally on the version it read; a lost race decides again on the winner's state.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from skill.domain.reminders import offer_due
from skill.household import Household, StoredReminder
from skill.ports import HouseholdStore, VersionConflict
from skill.services.common import Change, Decide, T, Turn, update_household


@dataclass(frozen=True)
class ReminderView:
    """The household as a reminder turn sees it."""

    household: Household
    reminder: StoredReminder | None
    offer_due: bool


def read_reminder(store: HouseholdStore, turn: Turn) -> ReminderView:
    household = store.load(turn.household_id) or Household.new(turn.household_id)
    return ReminderView(
        household=household,
        reminder=household.reminder,
        offer_due=offer_due(
            household.streak.total_nights,
            household.reminder_offered is not None,
            household.reminder is not None,
        ),
    )


def _update_from(store: HouseholdStore, read: Household, decide: Decide[T]) -> T:
    """Write on the household already read; after a lost race, the usual read-decide-write."""
    change, result = decide(read)
    if change.household is None:
        return result
    try:
        store.save(change.household, expected_version=read.version)
    except VersionConflict:
        return update_household(store, read.household_id, decide)
    return result


def remember_reminder(
    store: HouseholdStore, read: Household, reminder: StoredReminder
) -> StoredReminder | None:
    """Store the reminder; returns the one it replaced when that is another reminder.

    The caller deletes a replaced reminder (two devices setting one at once must not leave two).
    """

    def decide(household: Household) -> tuple[Change, StoredReminder | None]:
        previous = household.reminder
        replaced = previous if previous and previous.reminder_id != reminder.reminder_id else None
        if previous == reminder:
            return Change(), None
        return Change(household=replace(household, reminder=reminder)), replaced

    return _update_from(store, read, decide)


def forget_reminder(store: HouseholdStore, read: Household, reminder_id: str) -> None:
    """Forget the reminder with this id (cancelled, or gone from the API); another one stays."""

    def decide(household: Household) -> tuple[Change, None]:
        current = household.reminder
        if current is None or current.reminder_id != reminder_id:
            return Change(), None
        return Change(household=replace(household, reminder=None)), None

    _update_from(store, read, decide)


def note_offered(store: HouseholdStore, turn: Turn) -> None:
    """The offer is being spoken: it is never made again."""

    def decide(household: Household) -> tuple[Change, None]:
        if household.reminder_offered is not None:
            return Change(), None
        return Change(household=replace(household, reminder_offered=turn.night)), None

    update_household(store, turn.household_id, decide)
