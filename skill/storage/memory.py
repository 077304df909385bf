"""An in-memory store with the same contract as the real ones, for tests and quick runs.

Households are kept as the other stores keep them, as versioned JSON documents read back
through `read_household`, so a field that does not survive the round trip (or an old document
that needs an upgrade) behaves here exactly as it does in SQLite and DynamoDB.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from skill.household import (
    Household,
    NightRecord,
    household_json,
    profile_expires_at,
    read_household,
    with_version,
)
from skill.ports import NightAlreadyRecorded, VersionConflict, check_save


class MemoryStore:
    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        # household id -> (version, JSON document, expires at): what the other stores keep in a
        # row or item; the profile expires a year after its last write
        self.documents: dict[str, tuple[int, str, int]] = {}
        self._nights: dict[tuple[str, date], NightRecord] = {}
        self._lock = threading.Lock()
        # The last document read back, per household: reading is what the other stores pay a
        # database for, so this store (the one that stands for "no storage") reads each
        # document once. The document itself is still what every read goes through.
        self._read: dict[str, tuple[str, Household]] = {}

    def load(self, household_id: str) -> Household | None:
        with self._lock:
            stored = self._live(household_id)
        if stored is None:
            return None  # never written, or a year without a write
        version, document, _expires_at = stored
        cached = self._read.get(household_id)
        if cached is None or cached[0] is not document:
            cached = (document, read_household(document, household_id))
            self._read[household_id] = cached
        return with_version(cached[1], version)

    def save(
        self, household: Household, *, expected_version: int, night: NightRecord | None = None
    ) -> Household:
        check_save(household, expected_version, night)
        saved = replace(household, version=expected_version + 1)
        document = household_json(saved)
        with self._lock:
            current = self._live(household.household_id)
            current_version = current[0] if current else 0
            if current_version != expected_version:
                raise VersionConflict(household.household_id)
            night_key = (household.household_id, night.night) if night else None
            existing = self._nights.get(night_key) if night_key else None
            if existing is not None and existing.expires_at > int(self._clock()):
                raise NightAlreadyRecorded(household.household_id)
            expires_at = profile_expires_at(self._clock())
            self.documents[household.household_id] = (saved.version, document, expires_at)
            if night and night_key:
                self._nights[night_key] = night
            return saved

    def _live(self, household_id: str) -> tuple[int, str, int] | None:
        stored = self.documents.get(household_id)
        return stored if stored is not None and stored[2] > int(self._clock()) else None

    def load_night(self, household_id: str, night: date) -> NightRecord | None:
        with self._lock:
            record = self._nights.get((household_id, night))
        if record is None or record.expires_at <= int(self._clock()):
            return None  # expired raw answers are gone, as DynamoDB's TTL makes them
        return record

    def delete_household(self, household_id: str) -> int:
        with self._lock:
            deleted = int(self.documents.pop(household_id, None) is not None)
            for key in [k for k in self._nights if k[0] == household_id]:
                del self._nights[key]
                deleted += 1
            return deleted
