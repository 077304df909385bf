"""Records with every field set, for the stores' contract and the readers' round trips."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from skill.alexa.session import CheckinState, SessionState
from skill.domain.scoring import Focus, Observation
from skill.domain.streaks import Streak
from skill.household import (
    AnsweredItem,
    Household,
    NightRecord,
    PausedCheckin,
    StoredReminder,
    Tonight,
)

HOUSEHOLD_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def rich_household(household_id: str) -> Household:
    """Every field set, with dates in tuples and dicts and a float that is not a round number."""
    return Household(
        household_id=household_id,
        first_night=date(2026, 9, 1),
        depth="deeper",
        tonight=Tonight(night=date(2026, 11, 19), starter_id="light-007", extra=2),
        heard_starters=("light-001", "deep-014", "light-007"),
        streak=Streak(
            current=12,
            longest=31,
            total_nights=57,
            last_night=date(2026, 11, 18),
            rest_nights=1,
            nights_toward_rest=5,
        ),
        observations=(
            Observation(night=date(2026, 11, 17), pillar="trust", score=62.5),
            Observation(night=date(2026, 11, 18), pillar="listening", score=100 / 3),
        ),
        anchor_lows=((date(2026, 11, 17), 2), (date(2026, 11, 18), 1)),
        focus=Focus(pillar="listening", since=date(2026, 11, 10), strongest="trust"),
        items_asked={"anchor-1": date(2026, 11, 18), "trust-2": date(2026, 11, 17)},
        tips_heard={"listening-tip-3": date(2026, 11, 18)},
        counselling_suggested=date(2026, 10, 2),
        paused_checkin=PausedCheckin(
            night=date(2026, 11, 19),
            item_ids=("anchor-1", "trust-2", "teamwork-1", "listening-4"),
            answered=(AnsweredItem(item_id="anchor-1", pillar=None, answers=(3, 4)),),
        ),
        last_checkin_night=date(2026, 11, 18),
        recent_nights=(date(2026, 11, 17), date(2026, 11, 18)),
        reminder=StoredReminder(
            reminder_id="amzn1.alert.reminder.example-1", hour=21, minute=30, zone="Europe/London"
        ),
        reminder_offered=date(2026, 11, 8),
        look_back_mentioned=date(2026, 11, 18),
    )


def household_with_every_field() -> Household:
    household = rich_household(HOUSEHOLD_ID)
    assert household.tonight is not None
    return replace(
        household, version=7, tonight=replace(household.tonight, tip_id="listening-tip-3")
    )


def night_with_every_field() -> NightRecord:
    return NightRecord(
        household_id=HOUSEHOLD_ID,
        night=date(2026, 11, 20),
        answered=(
            AnsweredItem(item_id="anchor-1", pillar=None, answers=(4, 5)),
            AnsweredItem(item_id="trust-2", pillar="trust", answers=()),
        ),
        expires_at=1796920594,
    )


def state_with_every_field() -> SessionState:
    """Mid-check-in: two items answered (one by both partners), one coming back."""
    return SessionState(
        mode="checkin",
        checkin=CheckinState(
            night=date(2026, 11, 19),
            item_ids=("anchor-1", "trust-2", "teamwork-1", "listening-4"),
            index=2,
            answered=(
                AnsweredItem(item_id="anchor-1", pillar=None, answers=(3, 4)),
                AnsweredItem(item_id="trust-2", pillar="trust", answers=(5,)),
            ),
            misses=1,
            coming_back=("listening-4",),
            acks=("steady:3", "warm_low:12"),
            words=187,
            first_night=True,
        ),
        last_speech="Thanks. And how much did you feel like a team today?",
        last_reprompt="From one to five, how much did you feel like a team today?",
        reminder_offer="21:30 menu",
    )


# Written by the release that stored households through pydantic (`model_dump_json()` of
# `household_with_every_field()`), copied as it was: every field, nested ones included.
HOUSEHOLD_DOCUMENT = (
    '{"household_id":"0f1e2d3c4b5a69788796a5b4c3d2e1f0","version":7,'
    '"schema_version":2,"first_night":"2026-09-01","depth":"deeper",'
    '"tonight":{"night":"2026-11-19","starter_id":"light-007","extra":2,'
    '"tip_id":"listening-tip-3"},"heard_starters":["light-001","deep-014",'
    '"light-007"],"streak":{"current":12,"longest":31,"total_nights":57,'
    '"last_night":"2026-11-18","rest_nights":1,"nights_toward_rest":5},'
    '"observations":[{"night":"2026-11-17","pillar":"trust","score":62.5},'
    '{"night":"2026-11-18","pillar":"listening","score":33.333333333333336}],'
    '"anchor_lows":[["2026-11-17",2],["2026-11-18",1]],"focus":{"pillar":"listening",'
    '"since":"2026-11-10","maintenance":false,"strongest":"trust"},'
    '"items_asked":{"anchor-1":"2026-11-18","trust-2":"2026-11-17"},'
    '"tips_heard":{"listening-tip-3":"2026-11-18"},"counselling_suggested":"2026-10-02",'
    '"paused_checkin":{"night":"2026-11-19","item_ids":["anchor-1",'
    '"trust-2","teamwork-1","listening-4"],"answered":[{"item_id":"anchor-1",'
    '"pillar":null,"answers":[3,4]}]},"last_checkin_night":"2026-11-18",'
    '"recent_nights":["2026-11-17","2026-11-18"],'
    '"reminder":{"reminder_id":"amzn1.alert.reminder.example-1",'
    '"hour":21,"minute":30,"zone":"Europe/London"},"reminder_offered":"2026-11-08",'
    '"look_back_mentioned":"2026-11-18"}'
)

# The same release's `model_dump_json()` of `night_with_every_field()`.
NIGHT_DOCUMENT = (
    '{"household_id":"0f1e2d3c4b5a69788796a5b4c3d2e1f0","night":"2026-11-20",'
    '"answered":[{"item_id":"anchor-1","pillar":null,"answers":[4,'
    '5]},{"item_id":"trust-2","pillar":"trust","answers":[]}],"expires_at":1796920594}'
)

# The same release's session attributes (`model_dump(mode="json")`, as JSON) of
# `state_with_every_field()`.
STATE_ATTRIBUTES = (
    '{"mode": "checkin", "checkin": {"night": "2026-11-19", "item_ids": ["anchor-1",'
    ' "trust-2", "teamwork-1", "listening-4"], "index": 2, "answered": [{"item_id": "anchor-1",'
    ' "pillar": null, "answers": [3, 4]}, {"item_id": "trust-2", "pillar": "trust",'
    ' "answers": [5]}], "misses": 1, "coming_back": ["listening-4"],'
    ' "acks": ["steady:3", "warm_low:12"], "words": 187, "first_night": true},'
    ' "last_speech": "Thanks. And how much did you feel like a team today?",'
    ' "last_reprompt": "From one to five, how much did you feel like a team today?",'
    ' "reminder_offer": "21:30 menu"}'
)


DROP = object()  # `edited`: remove the field instead of setting it


def edited(document: str, path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    """`document` (JSON) decoded, with the field at `path` set to `value` (or dropped)."""
    data = json.loads(document)
    assert isinstance(data, dict)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is DROP:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


def case_id(path: tuple[str | int, ...], value: object) -> str:
    """A test id for one edited field: its path and the value (shortened)."""
    shown = "dropped" if value is DROP else repr(value)
    return ".".join(str(key) for key in path) + "=" + shown[:24]
