"""Reading the streak and what the launch greeting needs: no writes."""

from __future__ import annotations

from datetime import timedelta

from skill.content.loader import Content
from skill.household import PausedCheckin
from skill.services.checkin import pause_checkin, plan_checkin
from skill.services.starters import tonights_starter
from skill.services.streaks import greeting, streak_status
from skill.storage.memory import MemoryStore
from tests.support.use_cases import HOUSEHOLD, NIGHT, turn


def test_a_new_household_has_no_streak_and_is_greeted_for_the_first_time(
    store: MemoryStore,
) -> None:
    status = streak_status(store, turn())
    assert (status.current, status.total_nights, status.alive) == (0, 0, False)
    greet = greeting(store, turn())
    assert greet.first_time and not greet.checked_in_tonight and greet.paused is None
    assert store.load(HOUSEHOLD) is None  # reading wrote nothing


def test_three_nights_in_a_row_make_a_streak_of_three(store: MemoryStore, content: Content) -> None:
    for day in range(3):
        tonights_starter(store, content, turn(NIGHT + timedelta(days=day)))
    status = streak_status(store, turn(NIGHT + timedelta(days=2)))
    assert (status.current, status.total_nights, status.counted_tonight) == (3, 3, True)
    assert not greeting(store, turn(NIGHT + timedelta(days=3))).first_time


def test_a_check_in_paused_tonight_is_offered_tonight_only(
    store: MemoryStore, content: Content
) -> None:
    plan = plan_checkin(store, content, turn())
    pause_checkin(store, turn(), plan.item_ids, ())
    paused = greeting(store, turn()).paused
    assert paused == PausedCheckin(night=NIGHT, item_ids=plan.item_ids)
    assert greeting(store, turn(NIGHT + timedelta(days=1))).paused is None
