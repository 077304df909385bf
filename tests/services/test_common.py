"""What every use case shares: the household key and the read-decide-write loop."""

from __future__ import annotations

import pytest

from skill.household import Household, NightRecord
from skill.ports import VersionConflict
from skill.services.common import MAX_ATTEMPTS, Change, household_id_for, update_household
from skill.storage.memory import MemoryStore
from tests.support.use_cases import HOUSEHOLD


class AlwaysBehind(MemoryStore):
    """Every save loses a race: someone else always wrote first."""

    def __init__(self) -> None:
        super().__init__()
        self.saves = 0

    def save(
        self, household: Household, *, expected_version: int, night: NightRecord | None = None
    ) -> Household:
        self.saves += 1
        raise VersionConflict(household.household_id)


def test_the_household_key_is_stable_and_does_not_carry_the_user_id() -> None:
    user = "amzn1.ask.account.SOMEONE"
    key = household_id_for(user)
    assert key == household_id_for(user) and len(key) == 40
    assert "SOMEONE" not in key and key != household_id_for(user + "2")


def test_a_decision_that_changes_nothing_writes_nothing() -> None:
    store = MemoryStore()
    assert update_household(store, HOUSEHOLD, lambda h: (Change(), "nothing")) == "nothing"
    assert store.load(HOUSEHOLD) is None


def test_conflicts_are_retried_a_bounded_number_of_times() -> None:
    store = AlwaysBehind()
    with pytest.raises(VersionConflict):
        update_household(store, HOUSEHOLD, lambda h: (Change(household=h), None))
    assert store.saves == MAX_ATTEMPTS
