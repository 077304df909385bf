"""The weekly look back, read-only: one read of the household."""

from __future__ import annotations

from datetime import date

from skill.domain.weekly import LookBack, look_back
from skill.household import Household
from skill.ports import HouseholdStore
from skill.services.common import Turn


def weekly_look_back(store: HouseholdStore, turn: Turn) -> LookBack:
    household = store.load(turn.household_id) or Household.new(turn.household_id)
    nights = (*household.recent_nights, *_streak_night(household))
    return look_back(household.observations, nights, turn.night)


def _streak_night(household: Household) -> tuple[date, ...]:
    """The last counted night, for households that counted it before nights were kept."""
    last = household.streak.last_night
    return (last,) if last is not None else ()
