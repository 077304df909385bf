"""Forgetting a household."""

from __future__ import annotations

from skill.content.loader import Content
from skill.services.checkin import complete_checkin, plan_checkin
from skill.services.privacy import forget_household
from skill.storage.memory import MemoryStore
from tests.support.use_cases import HOUSEHOLD, NIGHT, answered, turn


def test_forgetting_deletes_the_household_and_its_nights(
    store: MemoryStore, content: Content
) -> None:
    plan = plan_checkin(store, content, turn())
    complete_checkin(store, content, turn(), answered(content, plan.item_ids, (4, 3)))
    other = plan_checkin(store, content, turn(household_id="another-household"))
    assert other.item_ids

    assert forget_household(store, HOUSEHOLD) == 2  # the profile and tonight's answers
    assert store.load(HOUSEHOLD) is None
    assert store.load_night(HOUSEHOLD, NIGHT) is None
    assert forget_household(store, HOUSEHOLD) == 0


def test_forgetting_leaves_other_households_alone(store: MemoryStore, content: Content) -> None:
    plan = plan_checkin(store, content, turn(household_id="neighbours"))
    complete_checkin(
        store, content, turn(household_id="neighbours"), answered(content, plan.item_ids, (5,))
    )
    forget_household(store, HOUSEHOLD)
    assert store.load("neighbours") is not None
