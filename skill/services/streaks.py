"""Reading the streak and the greeting context, without writing anything."""

from __future__ import annotations

from dataclasses import dataclass

from skill.domain.reminders import offer_due
from skill.domain.streaks import StreakStatus, status
from skill.household import Household, PausedCheckin
from skill.ports import HouseholdStore
from skill.services.common import Turn


@dataclass(frozen=True)
class Greeting:
    """What the launch greeting needs to know about this household tonight."""

    first_time: bool
    streak: StreakStatus
    checked_in_tonight: bool
    paused: PausedCheckin | None
    reminder_offer_due: bool = False


def streak_status(store: HouseholdStore, turn: Turn) -> StreakStatus:
    household = store.load(turn.household_id) or Household.new(turn.household_id)
    return status(household.streak, turn.night)


def greeting(store: HouseholdStore, turn: Turn) -> Greeting:
    household = store.load(turn.household_id) or Household.new(turn.household_id)
    paused = household.paused_checkin
    return Greeting(
        first_time=household.first_night is None,
        streak=status(household.streak, turn.night),
        checked_in_tonight=household.last_checkin_night == turn.night,
        paused=paused if paused and paused.night == turn.night else None,
        reminder_offer_due=offer_due(
            household.streak.total_nights,
            household.reminder_offered is not None,
            household.reminder is not None,
        ),
    )
