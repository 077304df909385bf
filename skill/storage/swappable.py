"""A store whose real store can be replaced while the skill keeps its reference.

The Lambda entry point builds the DynamoDB store at init; with SnapStart, each environment
restored from the snapshot replaces it with one of its own (fresh client, no shared
connections), while the skill built at init keeps pointing here.
"""

from __future__ import annotations

from datetime import date

from skill.household import Household, NightRecord
from skill.ports import HouseholdStore


class SwappableStore:
    """`skill.ports.HouseholdStore` forwarding every call to the current real store."""

    def __init__(self, store: HouseholdStore) -> None:
        self.current = store

    def replace(self, store: HouseholdStore) -> None:
        """From now on, calls go to `store` (one assignment: atomic for concurrent turns)."""
        self.current = store

    def load(self, household_id: str) -> Household | None:
        return self.current.load(household_id)

    def save(
        self, household: Household, *, expected_version: int, night: NightRecord | None = None
    ) -> Household:
        return self.current.save(household, expected_version=expected_version, night=night)

    def load_night(self, household_id: str, night: date) -> NightRecord | None:
        return self.current.load_night(household_id, night)

    def delete_household(self, household_id: str) -> int:
        return self.current.delete_household(household_id)
