"""Reading a stored household document: upgrades from older shapes, and what is unreadable."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from skill import household as household_module
from skill.domain.pillars import PILLARS
from skill.domain.scoring import Focus, Observation
from skill.domain.streaks import Streak
from skill.household import (
    SCHEMA_VERSION,
    UPGRADES,
    Household,
    PausedCheckin,
    StoredReminder,
    household_document,
    household_json,
    night_json,
    parse_household,
    read_household,
    read_night,
    upgrade,
)
from skill.records import RecordError
from tests.support.records import (
    DROP,
    HOUSEHOLD_DOCUMENT,
    HOUSEHOLD_ID,
    NIGHT_DOCUMENT,
    case_id,
    edited,
    household_with_every_field,
    night_with_every_field,
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


# -- the same documents as the release that read them through pydantic ------------------------


def test_a_household_written_by_the_release_before_reads_to_an_equal_household() -> None:
    household = read_household(HOUSEHOLD_DOCUMENT, HOUSEHOLD_ID)
    assert household == household_with_every_field()


def test_a_household_written_now_is_byte_for_byte_what_the_release_before_wrote() -> None:
    """So that release reads it back after a rollback, as it read its own documents."""
    assert household_json(household_with_every_field()) == HOUSEHOLD_DOCUMENT


@pytest.mark.parametrize("observations", [0, 1, 42])
def test_the_observations_written_from_kept_text_are_what_json_writes(observations: int) -> None:
    """household_json writes the observations from text kept per observation: the document is
    still exactly json.dumps of household_document, the first time and from what was kept."""
    household = household_with_every_field()
    kept = [
        Observation(date(2026, 11, 1 + n % 14), PILLARS[n % len(PILLARS)], 12.5 * (n % 9) + n / 3)
        for n in range(observations)
    ]
    household = replace(household, observations=tuple(kept))
    expected = json.dumps(household_document(household), ensure_ascii=False, separators=(",", ":"))
    assert household_json(household) == expected
    assert household_json(household) == expected  # the second time, from the kept text
    assert read_household(expected, household.household_id) == household


def test_a_night_reads_and_writes_as_the_release_before_did() -> None:
    assert read_night(NIGHT_DOCUMENT) == night_with_every_field()
    assert night_json(night_with_every_field()) == NIGHT_DOCUMENT


def test_a_new_household_goes_through_a_write_and_a_read_unchanged() -> None:
    household = Household.new(HOUSEHOLD_ID)
    assert read_household(household_json(household), HOUSEHOLD_ID) == household


# -- every rule of the stored shapes --------------------------------------------------------------

LONG_ZONE = "A" * 64
LONG_REMINDER_ID = "r" * 200
PAUSED_ANSWER = ("paused_checkin", "answered", 0)

# (path to one field, a value that field must refuse); everything else is the full document.
REFUSED: list[tuple[tuple[str | int, ...], object]] = [
    (("household_id",), DROP),
    (("household_id",), 7),
    (("household_id",), None),
    (("version",), True),
    (("version",), 1.5),
    (("version",), "7"),
    (("version",), None),
    (("schema_version",), "2"),
    (("schema_version",), True),
    (("schema_version",), 2.0),
    (("schema_version",), 0),
    (("first_night",), "2026-09-01T00:00:00"),
    (("first_night",), "20260901"),
    (("first_night",), "2026-W36-2"),
    (("first_night",), "2026-02-30"),
    (("first_night",), "２０２６-09-01"),
    (("first_night",), 20260901),
    (("first_night",), ["2026-09-01"]),
    (("depth",), "deep"),
    (("depth",), None),
    (("depth",), True),
    (("tonight",), "light-007"),
    (("tonight", "night"), DROP),
    (("tonight", "starter_id"), None),
    (("tonight", "extra"), True),
    (("tonight", "extra"), 2.5),
    (("tonight", "tip_id"), 3),
    (("heard_starters",), "light-001"),
    (("heard_starters",), {"light-001": 1}),
    (("heard_starters", 0), 1),
    (("heard_starters", 0), None),
    (("streak",), None),
    (("streak",), "long"),
    (("streak", "current"), True),
    (("streak", "longest"), "31"),
    (("streak", "total_nights"), 57.5),
    (("streak", "last_night"), "yesterday"),
    (("streak", "rest_nights"), None),
    (("streak", "nights_toward_rest"), [5]),
    (("observations",), {}),
    (("observations", 0), ["2026-11-17", "trust", 62.5]),
    (("observations", 0, "night"), DROP),
    (("observations", 0, "night"), "17 November"),
    (("observations", 0, "pillar"), "love"),
    (("observations", 0, "pillar"), None),
    (("observations", 0, "pillar"), ["trust"]),
    (("observations", 0, "score"), True),
    (("observations", 0, "score"), False),
    (("observations", 0, "score"), "62.5"),
    (("observations", 0, "score"), float("nan")),
    (("observations", 0, "score"), float("inf")),
    (("observations", 0, "score"), None),
    (("anchor_lows", 0), ["2026-11-17"]),
    (("anchor_lows", 0), ["2026-11-17", 2, 3]),
    (("anchor_lows", 0), {"night": "2026-11-17", "lowest": 2}),
    (("anchor_lows", 0, 0), "soon"),
    (("anchor_lows", 0, 1), True),
    (("anchor_lows", 0, 1), 1.5),
    (("focus",), None),
    (("focus", "pillar"), "love"),
    (("focus", "since"), 10),
    (("focus", "maintenance"), 1),
    (("focus", "maintenance"), "yes"),
    (("focus", "maintenance"), None),
    (("focus", "strongest"), "Trust"),
    (("items_asked",), ["anchor-1"]),
    (("items_asked", "anchor-1"), "soon"),
    (("items_asked", "anchor-1"), None),
    (("tips_heard", "listening-tip-3"), 20261118),
    (("counselling_suggested",), "2026-10-2"),
    (("paused_checkin",), ["anchor-1"]),
    (("paused_checkin", "night"), None),
    (("paused_checkin", "item_ids"), DROP),
    (("paused_checkin", "item_ids"), "anchor-1"),
    (("paused_checkin", "item_ids", 0), 1),
    (("paused_checkin", "answered"), {}),
    ((*PAUSED_ANSWER, "item_id"), "Anchor-1"),
    ((*PAUSED_ANSWER, "item_id"), "anchor-123"),
    ((*PAUSED_ANSWER, "item_id"), "anchor-1\n"),
    ((*PAUSED_ANSWER, "item_id"), "anchor-١"),
    ((*PAUSED_ANSWER, "item_id"), "anchor"),
    ((*PAUSED_ANSWER, "item_id"), DROP),
    ((*PAUSED_ANSWER, "pillar"), DROP),  # required, even though it may be null
    ((*PAUSED_ANSWER, "pillar"), "love"),
    ((*PAUSED_ANSWER, "answers"), [0]),
    ((*PAUSED_ANSWER, "answers"), [6]),
    ((*PAUSED_ANSWER, "answers"), [1, 2, 3]),
    ((*PAUSED_ANSWER, "answers"), [True]),
    ((*PAUSED_ANSWER, "answers"), [4.5]),
    ((*PAUSED_ANSWER, "answers"), ["4"]),
    ((*PAUSED_ANSWER, "answers"), 4),
    (("recent_nights",), "2026-11-17"),
    (("recent_nights", 0), None),
    (("reminder",), "21:30"),
    (("reminder", "reminder_id"), ""),
    (("reminder", "reminder_id"), LONG_REMINDER_ID + "r"),
    (("reminder", "reminder_id"), DROP),
    (("reminder", "hour"), 24),
    (("reminder", "hour"), -1),
    (("reminder", "hour"), True),
    (("reminder", "hour"), "21"),
    (("reminder", "minute"), 60),
    (("reminder", "minute"), 30.5),
    (("reminder", "zone"), ""),
    (("reminder", "zone"), LONG_ZONE + "A"),
    (("reminder", "zone"), None),
    (("reminder_offered",), "never"),
    (("look_back_mentioned",), []),
]


@pytest.mark.parametrize(("path", "value"), REFUSED, ids=[case_id(*c) for c in REFUSED])
def test_a_stored_household_with_one_bad_field_is_refused(
    path: tuple[str | int, ...], value: object
) -> None:
    document = edited(HOUSEHOLD_DOCUMENT, path, value)
    with pytest.raises(RecordError):
        parse_household(upgrade(document))
    # and read from the store, it is a fresh start
    assert read_household(json.dumps(document), HOUSEHOLD_ID) == Household.new(HOUSEHOLD_ID)


def _paused(household: Household) -> PausedCheckin:
    assert household.paused_checkin is not None
    return household.paused_checkin


def _reminder(household: Household) -> StoredReminder:
    assert household.reminder is not None
    return household.reminder


# (path, a value at the edge of what the field takes, what the household then holds there)
ACCEPTED: list[tuple[tuple[str | int, ...], object, Callable[[Household], object], object]] = [
    (("version",), 7.0, lambda h: h.version, 7),  # an integral float, as JSON may carry it
    (("first_night",), None, lambda h: h.first_night, None),
    (("first_night",), "2028-02-29", lambda h: h.first_night, date(2028, 2, 29)),
    (("depth",), DROP, lambda h: h.depth, "usual"),
    (("tonight",), None, lambda h: h.tonight, None),
    (("tonight", "extra"), DROP, lambda h: h.tonight and h.tonight.extra, 0),
    (("tonight", "tip_id"), None, lambda h: h.tonight and h.tonight.tip_id, None),
    (("heard_starters",), [], lambda h: h.heard_starters, ()),
    (("streak",), {}, lambda h: h.streak, Streak()),
    (("observations", 0, "score"), 0, lambda h: h.observations[0].score, 0.0),
    (("observations", 0, "score"), 100, lambda h: h.observations[0].score, 100.0),
    (("anchor_lows",), [], lambda h: h.anchor_lows, ()),
    (("focus",), {}, lambda h: h.focus, Focus()),
    (("focus", "maintenance"), True, lambda h: h.focus.maintenance, True),
    (("items_asked",), {}, lambda h: h.items_asked, {}),
    (("paused_checkin", "answered"), DROP, lambda h: _paused(h).answered, ()),
    ((*PAUSED_ANSWER, "answers"), [], lambda h: _paused(h).answered[0].answers, ()),
    ((*PAUSED_ANSWER, "answers"), [1], lambda h: _paused(h).answered[0].answers, (1,)),
    ((*PAUSED_ANSWER, "answers"), [5, 5], lambda h: _paused(h).answered[0].answers, (5, 5)),
    ((*PAUSED_ANSWER, "answers"), [4.0], lambda h: _paused(h).answered[0].answers, (4,)),
    ((*PAUSED_ANSWER, "answers"), DROP, lambda h: _paused(h).answered[0].answers, ()),
    ((*PAUSED_ANSWER, "item_id"), "a-0", lambda h: _paused(h).answered[0].item_id, "a-0"),
    ((*PAUSED_ANSWER, "item_id"), "ab-99", lambda h: _paused(h).answered[0].item_id, "ab-99"),
    ((*PAUSED_ANSWER, "pillar"), "time", lambda h: _paused(h).answered[0].pillar, "time"),
    (("reminder", "hour"), 0, lambda h: _reminder(h).hour, 0),
    (("reminder", "hour"), 23, lambda h: _reminder(h).hour, 23),
    (("reminder", "minute"), 0, lambda h: _reminder(h).minute, 0),
    (("reminder", "minute"), 59, lambda h: _reminder(h).minute, 59),
    (("reminder", "zone"), "Z", lambda h: _reminder(h).zone, "Z"),
    (("reminder", "zone"), LONG_ZONE, lambda h: _reminder(h).zone, LONG_ZONE),
    (("reminder", "reminder_id"), "r", lambda h: _reminder(h).reminder_id, "r"),
    (
        ("reminder", "reminder_id"),
        LONG_REMINDER_ID,
        lambda h: _reminder(h).reminder_id,
        LONG_REMINDER_ID,
    ),
    (("look_back_mentioned",), DROP, lambda h: h.look_back_mentioned, None),
    # Forward compatible: what a newer release adds is ignored, at every level.
    (("added_later",), {"any": "thing"}, lambda h: h, household_with_every_field()),
    (("streak", "added_later"), 1, lambda h: h, household_with_every_field()),
    (("observations", 0, "added_later"), 1, lambda h: h, household_with_every_field()),
    (("reminder", "added_later"), 1, lambda h: h, household_with_every_field()),
    ((*PAUSED_ANSWER, "added_later"), 1, lambda h: h, household_with_every_field()),
]


@pytest.mark.parametrize(
    ("path", "value", "read", "expected"), ACCEPTED, ids=[case_id(*c[:2]) for c in ACCEPTED]
)
def test_a_stored_household_with_a_field_at_its_edge_is_read(
    path: tuple[str | int, ...],
    value: object,
    read: Callable[[Household], object],
    expected: object,
) -> None:
    household = read_household(json.dumps(edited(HOUSEHOLD_DOCUMENT, path, value)), HOUSEHOLD_ID)
    assert household != Household.new(HOUSEHOLD_ID)
    assert read(household) == expected


NIGHT_REFUSED: list[tuple[tuple[str | int, ...], object]] = [
    (("household_id",), DROP),
    (("night",), "2026-11-31"),
    (("answered",), DROP),
    (("answered", 0, "answers"), [0]),
    (("expires_at",), True),
    (("expires_at",), "1796920594"),
    (("expires_at",), 1796920594.5),
]


@pytest.mark.parametrize(("path", "value"), NIGHT_REFUSED, ids=[case_id(*c) for c in NIGHT_REFUSED])
def test_a_stored_night_with_one_bad_field_is_refused(
    path: tuple[str | int, ...], value: object
) -> None:
    with pytest.raises(RecordError):
        read_night(json.dumps(edited(NIGHT_DOCUMENT, path, value)))


@pytest.mark.parametrize("document", ["", "{", "[]", "null", b"\xff"])
def test_a_night_that_is_not_a_json_object_is_refused(document: str | bytes) -> None:
    with pytest.raises(RecordError):
        read_night(document)


def test_observations_read_again_are_equal_to_the_first_reading() -> None:
    """Observations are kept once read (they repeat across reads); a second reading of the
    same document, or of one that differs in a score, gives what a first reading gives."""
    first = read_household(HOUSEHOLD_DOCUMENT, HOUSEHOLD_ID)
    again = read_household(HOUSEHOLD_DOCUMENT, HOUSEHOLD_ID)
    assert again.observations == first.observations == household_with_every_field().observations
    other = edited(HOUSEHOLD_DOCUMENT, ("observations", 0, "score"), 12.5)
    assert parse_household(other).observations[0].score == 12.5


def test_observations_kept_once_read_stay_within_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(household_module, "_OBSERVATIONS", {})
    monkeypatch.setattr(household_module, "_MAX_CACHED_OBSERVATIONS", 2)
    document = edited(HOUSEHOLD_DOCUMENT, ("observations",), [
        {"night": f"2026-11-{n:02d}", "pillar": "trust", "score": 50.0} for n in range(1, 8)
    ])  # fmt: skip
    household = parse_household(document)
    assert [o.night.day for o in household.observations] == list(range(1, 8))
    assert len(household_module._OBSERVATIONS) <= 2


@pytest.mark.parametrize(("number", "flag"), [(0.0, False), (1.0, True), (0, False), (1, True)])
def test_a_true_or_false_score_is_refused_even_after_the_number_it_equals_was_read(
    number: float, flag: bool
) -> None:
    read = parse_household(edited(HOUSEHOLD_DOCUMENT, ("observations", 0, "score"), number))
    assert read.observations[0].score == number
    with pytest.raises(RecordError):
        parse_household(edited(HOUSEHOLD_DOCUMENT, ("observations", 0, "score"), flag))
