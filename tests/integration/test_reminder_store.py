"""What the household remembers about its reminder, on real stores, when two devices race."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from skill.household import Household, StoredReminder
from skill.ports import HouseholdStore
from skill.services.common import Turn
from skill.services.reminders import (
    forget_reminder,
    note_offered,
    read_reminder,
    remember_reminder,
)
from skill.storage.memory import MemoryStore
from skill.storage.sqlite import SqliteStore

TURN = Turn(household_id="h-reminders", night=date(2026, 11, 20), now=datetime.now(UTC))


def reminder(reminder_id: str, hour: int = 21) -> StoredReminder:
    return StoredReminder(reminder_id=reminder_id, hour=hour, minute=30, zone="America/Chicago")


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> HouseholdStore:
    if request.param == "memory":
        return MemoryStore()
    return SqliteStore(str(tmp_path / "reminders.db"))


def test_remember_then_forget(store: HouseholdStore) -> None:
    view = read_reminder(store, TURN)
    assert view.reminder is None
    assert remember_reminder(store, view.household, reminder("a")) is None
    view = read_reminder(store, TURN)
    assert view.reminder == reminder("a")
    forget_reminder(store, view.household, "a")
    assert read_reminder(store, TURN).reminder is None


def test_a_lost_race_returns_the_reminder_it_replaced(store: HouseholdStore) -> None:
    mine = read_reminder(store, TURN).household  # read before the other device wrote
    other = read_reminder(store, TURN).household
    remember_reminder(store, other, reminder("theirs"))
    replaced = remember_reminder(store, mine, reminder("mine", hour=22))
    assert replaced == reminder("theirs")  # the caller deletes it: never two reminders
    assert read_reminder(store, TURN).reminder == reminder("mine", hour=22)


def test_forgetting_leaves_another_devices_newer_reminder(store: HouseholdStore) -> None:
    view = read_reminder(store, TURN)
    remember_reminder(store, view.household, reminder("old"))
    stale = read_reminder(store, TURN).household
    remember_reminder(store, stale, reminder("new"))
    forget_reminder(store, stale, "old")  # a cancel that read the old one, arriving late
    assert read_reminder(store, TURN).reminder == reminder("new")


def test_the_offer_is_noted_once(store: HouseholdStore) -> None:
    store.save(Household.new(TURN.household_id), expected_version=0)
    note_offered(store, TURN)
    later = Turn(household_id=TURN.household_id, night=date(2026, 12, 1), now=TURN.now)
    note_offered(store, later)
    household = store.load(TURN.household_id)
    assert household is not None and household.reminder_offered == TURN.night
    assert household.version == 2  # the second note wrote nothing
