"""Reading a stored household document: upgrades from older shapes, and what is unreadable."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from skill.household import (
    SCHEMA_VERSION,
    UPGRADES,
    Household,
    household_document,
    household_json,
    parse_household,
    read_household,
    upgrade,
)

V1 = {
    "household_id": "h",
    "schema_version": 1,
    "deep_opt_in": True,
    "last_seen_night": "2026-11-19",
}


def test_every_older_schema_has_an_upgrade_to_the_next() -> None:
    assert sorted(UPGRADES) == list(range(1, SCHEMA_VERSION))


@pytest.mark.parametrize(
    ("document", "depth"),
    [
        (V1, "deeper"),
        ({**V1, "deep_opt_in": False}, "usual"),
        ({"household_id": "h"}, "usual"),  # before the number was written: schema 1
        ({"household_id": "h", "schema_version": 1, "deep_opt_in": "yes"}, "usual"),
    ],
)
def test_a_schema_1_document_becomes_the_current_shape(
    document: dict[str, Any], depth: str
) -> None:
    upgraded = upgrade(dict(document))
    assert upgraded["schema_version"] == SCHEMA_VERSION and upgraded["depth"] == depth
    assert "deep_opt_in" not in upgraded and "last_seen_night" not in upgraded
    assert parse_household(upgraded).depth == depth


def test_the_current_shape_is_read_as_it_is() -> None:
    current = household_document(Household(household_id="h", depth="deeper"))
    assert upgrade(dict(current)) == current


@pytest.mark.parametrize("version", [0, -1, "2", True, None])
def test_a_schema_number_that_is_not_one_of_ours_is_refused(version: object) -> None:
    with pytest.raises(ValueError):
        upgrade({"household_id": "h", "schema_version": version})


@pytest.mark.parametrize(
    "stored",
    [
        "{not json",
        "[]",
        json.dumps({**V1, "schema_version": 0}),
        json.dumps({**V1, "household_id": "someone-else"}),
        json.dumps({**V1, "streak": "long"}),
    ],
    ids=["not-json", "not-an-object", "unknown-schema", "other-household", "wrong-types"],
)
def test_an_unreadable_document_is_a_fresh_start(stored: str) -> None:
    assert read_household(stored, "h") == Household.new("h")


def test_a_readable_v1_document_keeps_what_it_had() -> None:
    household = read_household(json.dumps({**V1, "first_night": "2026-09-01"}), "h")
    assert household.depth == "deeper" and str(household.first_night) == "2026-09-01"


def test_a_document_from_before_the_look_back_mention_loads_as_never_mentioned() -> None:
    stored = {"household_id": "h", "schema_version": SCHEMA_VERSION, "depth": "deeper"}
    household = read_household(json.dumps(stored), "h")
    assert household.depth == "deeper" and household.look_back_mentioned is None


def test_the_look_back_mention_is_kept_across_a_write_and_a_read() -> None:
    mentioned = replace(Household.new("h"), look_back_mentioned=date(2026, 11, 21))
    assert read_household(household_json(mentioned), "h") == mentioned
