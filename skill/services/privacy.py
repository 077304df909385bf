"""Forgetting a household: on a spoken, confirmed request and when the skill is disabled."""

from __future__ import annotations

from skill.ports import HouseholdStore


def forget_household(store: HouseholdStore, household_id: str) -> int:
    """Delete everything stored for the household; returns how many items went."""
    return store.delete_household(household_id)
