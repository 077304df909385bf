"""An in-memory store with the same contract as the real ones, for tests and quick runs."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date

from skill.household import Household, NightRecord, profile_expires_at
from skill.ports import NightAlreadyRecorded, VersionConflict, check_save


class MemoryStore:
    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._households: dict[str, Household] = {}
        self._profile_expiry: dict[str, int] = {}
        self._nights: dict[tuple[str, date], NightRecord] = {}
        self._lock = threading.Lock()

    def load(self, household_id: str) -> Household | None:
        with self._lock:
            return self._live(household_id)

    def _live(self, household_id: str) -> Household | None:
        """The household, unless its profile expired (a year without a write)."""
        if self._profile_expiry.get(household_id, 0) <= int(self._clock()):
            return None
        return self._households.get(household_id)

    def save(
        self, household: Household, *, expected_version: int, night: NightRecord | None = None
    ) -> Household:
        check_save(household, expected_version, night)
        with self._lock:
            current = self._live(household.household_id)
            current_version = current.version if current else 0
            if current_version != expected_version:
                raise VersionConflict(household.household_id)
            night_key = (household.household_id, night.night) if night else None
            existing = self._nights.get(night_key) if night_key else None
            if existing is not None and existing.expires_at > int(self._clock()):
                raise NightAlreadyRecorded(household.household_id)
            saved = household.model_copy(update={"version": expected_version + 1})
            self._households[household.household_id] = saved
            self._profile_expiry[household.household_id] = profile_expires_at(self._clock())
            if night and night_key:
                self._nights[night_key] = night
            return saved

    def load_night(self, household_id: str, night: date) -> NightRecord | None:
        with self._lock:
            record = self._nights.get((household_id, night))
        if record is None or record.expires_at <= int(self._clock()):
            return None  # expired raw answers are gone, as DynamoDB's TTL makes them
        return record

    def delete_household(self, household_id: str) -> int:
        with self._lock:
            deleted = int(self._households.pop(household_id, None) is not None)
            self._profile_expiry.pop(household_id, None)
            for key in [k for k in self._nights if k[0] == household_id]:
                del self._nights[key]
                deleted += 1
            return deleted
