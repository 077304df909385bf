"""The ports the use cases depend on; `skill.storage` and `skill.alexa` implement them."""

from __future__ import annotations

from datetime import date
from typing import Protocol
from zoneinfo import ZoneInfo

from skill.household import Household, NightRecord


class StorageError(Exception):
    """Base of every storage failure the use cases handle."""


class VersionConflict(StorageError):
    """Someone else wrote the household since it was read. Re-read and decide again."""


class NightAlreadyRecorded(VersionConflict):
    """Tonight's check-in answers are already stored (another device finished first)."""


class StorageUnavailable(StorageError):
    """The store did not answer in time, throttled or failed. Nothing was written."""


def check_save(household: Household, expected_version: int, night: NightRecord | None) -> None:
    """The arguments every store's `save` refuses, checked the same way by each of them."""
    if expected_version < 0:
        raise ValueError("expected_version must be 0 or more")
    if night is not None and night.household_id != household.household_id:
        raise ValueError("a night record must belong to the household it is saved with")


class HouseholdStore(Protocol):
    def load(self, household_id: str) -> Household | None:
        """The household, or None when it has never been saved (or was deleted)."""
        ...

    def save(
        self, household: Household, *, expected_version: int, night: NightRecord | None = None
    ) -> Household:
        """Write `household` as version `expected_version + 1`, all or nothing.

        `expected_version` 0 means "must not exist yet". With `night`, the night record is
        written in the same atomic step and only if that night has no record yet.
        Raises VersionConflict, NightAlreadyRecorded or StorageUnavailable.
        """
        ...

    def load_night(self, household_id: str, night: date) -> NightRecord | None: ...

    def delete_household(self, household_id: str) -> int:
        """Delete every item of the household; returns how many were deleted."""
        ...


class TimeZoneLookup(Protocol):
    def zone_for(
        self,
        device_id: str | None,
        api_endpoint: str | None,
        token: str | None,
        locale: str = "en-US",
    ) -> ZoneInfo:
        """The device's time zone, or a default (per locale) when it cannot be read quickly."""
        ...
