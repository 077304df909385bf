"""A store built on first use: a cold start that needs no storage (Help) never imports boto3."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

from skill.household import Household, NightRecord
from skill.ports import HouseholdStore


class LazyStore:
    """Wraps a factory; the real store (and its client) is built once, by the first call."""

    def __init__(self, factory: Callable[[], HouseholdStore]) -> None:
        self._factory = factory
        self._store: HouseholdStore | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> HouseholdStore:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._store = self._factory()
        return self._store

    def load(self, household_id: str) -> Household | None:
        return self.store.load(household_id)

    def save(
        self, household: Household, *, expected_version: int, night: NightRecord | None = None
    ) -> Household:
        return self.store.save(household, expected_version=expected_version, night=night)

    def load_night(self, household_id: str, night: date) -> NightRecord | None:
        return self.store.load_night(household_id, night)

    def delete_household(self, household_id: str) -> int:
        return self.store.delete_household(household_id)
