"""A fake of our storage port that can be switched off: every call fails while `down` is set."""

from __future__ import annotations

from datetime import date

from skill.household import Household, NightRecord
from skill.ports import StorageUnavailable
from skill.storage.memory import MemoryStore


class SwitchableStore(MemoryStore):
    """A memory store whose every call fails while `down` is set (throttling, a timeout)."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False

    def _check(self) -> None:
        if self.down:
            raise StorageUnavailable("ThrottlingException")

    def load(self, household_id: str) -> Household | None:
        self._check()
        return super().load(household_id)

    def save(
        self, household: Household, *, expected_version: int, night: NightRecord | None = None
    ) -> Household:
        self._check()
        return super().save(household, expected_version=expected_version, night=night)

    def load_night(self, household_id: str, night: date) -> NightRecord | None:
        self._check()
        return super().load_night(household_id, night)

    def delete_household(self, household_id: str) -> int:
        self._check()
        return super().delete_household(household_id)
