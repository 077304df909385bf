"""Session attributes: read field by field, anything not in the shape the skill writes starts
over, and the attributes read and written are the ones the release before read and wrote."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from skill.alexa.session import (
    MAX_REMEMBERED_CHARS,
    CheckinState,
    SessionState,
    parse_state,
    read_state,
    state_attributes,
)
from skill.records import RecordError
from tests.support.records import (
    DROP,
    STATE_ATTRIBUTES,
    case_id,
    edited,
    state_with_every_field,
)

IDS = ["anchor-1", "trust-2", "teamwork-1", "listening-4", "time-1", "openness-2", "respect-3"]


def test_attributes_written_by_the_release_before_read_to_an_equal_state() -> None:
    assert read_state(json.loads(STATE_ATTRIBUTES)) == state_with_every_field()


def test_attributes_written_now_are_what_the_release_before_wrote() -> None:
    """So a session that spans a deploy (either way) carries on where it was."""
    assert state_attributes(state_with_every_field()) == json.loads(STATE_ATTRIBUTES)


@pytest.mark.parametrize("state", [SessionState(), SessionState(mode="menu")])
def test_a_state_without_a_checkin_goes_through_the_attributes_unchanged(
    state: SessionState,
) -> None:
    assert read_state(json.loads(json.dumps(state_attributes(state)))) == state


@pytest.mark.parametrize("attributes", [None, {}])
def test_no_attributes_is_the_idle_state(attributes: dict[str, Any] | None) -> None:
    assert read_state(attributes) == SessionState()


# (path, a value the field must refuse); everything else is a mid-check-in state.
REFUSED: list[tuple[tuple[str | int, ...], object]] = [
    (("added_later",), 1),  # session state is not forward compatible: tampered, start over
    (("checkin", "added_later"), 1),
    (("mode",), "sleeping"),
    (("mode",), None),
    (("mode",), ["checkin"]),
    (("checkin",), "anchor-1"),
    (("checkin", "night"), DROP),
    (("checkin", "night"), "2026-11-19T21:30:00"),
    (("checkin", "night"), 20261119),
    (("checkin", "item_ids"), DROP),
    (("checkin", "item_ids"), []),
    (("checkin", "item_ids"), [*IDS, "curiosity-4", "trust-5"]),  # nine
    (("checkin", "item_ids"), "anchor-1"),
    (("checkin", "item_ids", 0), "Anchor-1"),
    (("checkin", "item_ids", 0), "anchor-100"),
    (("checkin", "item_ids", 0), "anchor-1 "),
    (("checkin", "item_ids", 0), 1),
    (("checkin", "index"), DROP),
    (("checkin", "index"), -1),
    (("checkin", "index"), 9),
    (("checkin", "index"), True),
    (("checkin", "index"), 1.5),
    (("checkin", "index"), "2"),
    (("checkin", "answered"), {"anchor-1": [3, 4]}),
    (("checkin", "answered", 0, "item_id"), "anchor_1"),
    (("checkin", "answered", 0, "pillar"), "love"),
    (("checkin", "answered", 0, "answers"), [3, 4, 5]),
    (("checkin", "answered", 0, "answers"), [0]),
    (("checkin", "answered", 0, "answers"), [False]),
    (("checkin", "misses"), 3),
    (("checkin", "misses"), -1),
    (("checkin", "misses"), True),
    (("checkin", "coming_back"), ["listening-4"] * 9),
    (("checkin", "coming_back", 0), "listening"),
    (("checkin", "acks"), ["steady:3"] * 17),
    (("checkin", "acks", 0), "steady"),
    (("checkin", "acks", 0), "Steady:3"),
    (("checkin", "acks", 0), "steady:123"),
    (("checkin", "acks", 0), "steady-3"),
    (("checkin", "words"), 5001),
    (("checkin", "words"), -1),
    (("checkin", "words"), "187"),
    (("checkin", "first_night"), 1),
    (("checkin", "first_night"), "true"),
    (("checkin", "first_night"), None),
    (("last_speech",), ""),
    (("last_speech",), "   "),
    (("last_speech",), "x" * (MAX_REMEMBERED_CHARS + 1)),
    (("last_speech",), "<speak>Hello</speak>"),
    (("last_speech",), "Tom & Jerry"),
    (("last_speech",), "a \\ b"),
    (("last_speech",), "one\ntwo"),
    (("last_speech",), "one\ttwo"),
    (("last_speech",), "\u3000wide space"),
    (("last_speech",), "good night \U0001f319"),
    (("last_speech",), "\ud800"),
    (("last_speech",), 42),
    (("last_reprompt",), "<break/>"),
    (("last_reprompt",), ["again"]),
    (("reminder_offer",), "24:00"),
    (("reminder_offer",), "21:60"),
    (("reminder_offer",), "9:30"),
    (("reminder_offer",), "21:30 later"),
    (("reminder_offer",), "21:30\n"),
    (("reminder_offer",), "２１:30"),
    (("reminder_offer",), 2130),
]


@pytest.mark.parametrize(("path", "value"), REFUSED, ids=[case_id(*c) for c in REFUSED])
def test_attributes_with_one_bad_field_start_over(
    path: tuple[str | int, ...], value: object
) -> None:
    attributes = edited(STATE_ATTRIBUTES, path, value)
    with pytest.raises(RecordError):
        parse_state(attributes)
    assert read_state(attributes) == SessionState()


def _checkin(state: SessionState) -> CheckinState:
    assert state.checkin is not None
    return state.checkin


# (path, a value at the edge of what the field takes, what the state then holds there)
ACCEPTED: list[tuple[tuple[str | int, ...], object, Callable[[SessionState], object], object]] = [
    (("checkin", "item_ids"), IDS[:3], lambda s: _checkin(s).item_ids, tuple(IDS[:3])),
    (("checkin", "item_ids"), [*IDS, "trust-9"], lambda s: len(_checkin(s).item_ids), 8),
    (("checkin", "item_ids", 3), "ab-99", lambda s: _checkin(s).item_ids[3], "ab-99"),
    (("checkin", "index"), 0, lambda s: _checkin(s).index, 0),
    (("checkin", "index"), 3, lambda s: _checkin(s).index, 3),  # the last of four items
    (("checkin", "index"), 2.0, lambda s: _checkin(s).index, 2),
    (("checkin", "answered"), DROP, lambda s: _checkin(s).answered, ()),
    (("checkin", "answered", 0, "added_later"), 1, lambda s: s, state_with_every_field()),
    (("checkin", "misses"), DROP, lambda s: _checkin(s).misses, 0),
    (("checkin", "misses"), 2, lambda s: _checkin(s).misses, 2),
    (("checkin", "coming_back"), ["trust-2"] * 8, lambda s: len(_checkin(s).coming_back), 8),
    (("checkin", "acks"), ["steady:3"] * 16, lambda s: len(_checkin(s).acks), 16),
    (("checkin", "acks", 0), "a:0", lambda s: _checkin(s).acks[0], "a:0"),
    (("checkin", "words"), 0, lambda s: _checkin(s).words, 0),
    (("checkin", "words"), 5000, lambda s: _checkin(s).words, 5000),
    (("checkin", "first_night"), DROP, lambda s: _checkin(s).first_night, False),
    (("last_speech",), None, lambda s: s.last_speech, None),
    (("last_speech",), "x" * MAX_REMEMBERED_CHARS, lambda s: len(s.last_speech or ""), 1500),
    (("last_speech",), "Café, naïve — “quoted”", lambda s: s.last_speech, "Café, naïve — “quoted”"),
    (("last_speech",), "edge \u2fd5", lambda s: s.last_speech, "edge \u2fd5"),
    (("last_reprompt",), DROP, lambda s: s.last_reprompt, None),
    (("reminder_offer",), "00:00", lambda s: s.reminder_offer, "00:00"),
    (("reminder_offer",), "23:59", lambda s: s.reminder_offer, "23:59"),
    (("reminder_offer",), "19:05 menu", lambda s: s.reminder_offer, "19:05 menu"),
    (("reminder_offer",), None, lambda s: s.reminder_offer, None),
]


@pytest.mark.parametrize(
    ("path", "value", "read", "expected"), ACCEPTED, ids=[case_id(*c[:2]) for c in ACCEPTED]
)
def test_attributes_with_a_field_at_its_edge_are_kept(
    path: tuple[str | int, ...],
    value: object,
    read: Callable[[SessionState], object],
    expected: object,
) -> None:
    state = read_state(edited(STATE_ATTRIBUTES, path, value))
    assert state.mode == "checkin"
    assert read(state) == expected


@pytest.mark.parametrize(
    "changes",
    [
        {"checkin": None},  # a check-in turn needs its check-in
        {"checkin": {"night": "2026-11-19", "item_ids": ["anchor-1"], "index": 1}},  # past the end
        {"checkin": {"night": "2026-11-19", "item_ids": IDS[:1], "index": 0,
                     "answered": [{"item_id": i, "pillar": None} for i in IDS[:2]]}},
    ],
    ids=["no-checkin", "index-past-the-items", "more-answers-than-items"],
)  # fmt: skip
@pytest.mark.parametrize("mode", ["checkin", "retry_save"])
def test_a_checkin_state_that_does_not_add_up_starts_over(
    changes: dict[str, Any], mode: str
) -> None:
    attributes = {**json.loads(STATE_ATTRIBUTES), "mode": mode, **changes}
    parse_state(attributes)  # each field is fine on its own
    assert read_state(attributes) == SessionState()


def test_a_non_object_is_refused() -> None:
    with pytest.raises(RecordError):
        parse_state(["mode", "checkin"])  # type: ignore[arg-type]
