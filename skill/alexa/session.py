"""Session attributes, validated on every turn: anything unknown or tampered is a fresh start.

Alexa hands the attributes back as the skill wrote them, but they travel through the device
session, so every turn reads them as untrusted input: a field this release does not know, a
value of the wrong type or out of range, and the whole state starts over (nothing half-read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal, cast, get_args

from skill.household import ITEM_ID, AnsweredItem, answered_document, parse_answered
from skill.records import (
    RecordError,
    day,
    flag,
    integer,
    iso,
    mapping,
    matching,
    one_of,
    only_keys,
    parser,
    text,
    texts,
)

Mode = Literal[
    "idle",  # nothing pending
    "menu",  # "Ready for your check-in?"
    "offer_resume",  # "Pick up where you left off?"
    "offer_starter",  # "Would you like tonight's question instead?"
    "checkin",  # waiting for an answer to item `index`
    "confirm_delete",  # "Are you sure?"
    "retry_save",  # saving the finished check-in failed: "Shall I try again?"
    "offer_reminder",  # "Would you like a reminder every night at nine thirty?"
    "offer_continue",  # after a hard moment: "Would you like to go on, or stop for tonight?"
]


# What the skill said, kept for "repeat". Plain text only, bounded: it is spoken again, so a
# tampered value must not grow past Alexa's limits (8,000 characters of speech, 24 KB of
# session attributes) or carry markup.
MAX_REMEMBERED_CHARS = 1500


# Markup, and anything past the scripts we speak (above U+2FFF), in one pass.
_UNSPEAKABLE: Final = re.compile("[<>&\\\\\u3000-\U0010ffff]")


def speakable(value: object, name: str) -> str:
    """Plain text that can be said again: bounded, printable, no markup."""
    said = text(value, name, max_length=MAX_REMEMBERED_CHARS)
    if not said.strip() or not said.isprintable() or _UNSPEAKABLE.search(said):
        raise RecordError(f"{name}: not plain speakable text")
    return said


ACK_KEY: Final = re.compile(r"[a-z_]+:[0-9]{1,2}")
REMINDER_OFFER: Final = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]( menu)?")
MAX_ITEMS: Final = 8
MAX_ACKS: Final = 16
MAX_WORDS: Final = 5000
MAX_MISSES: Final = 2


@dataclass(frozen=True, slots=True)
class CheckinState:
    night: date
    item_ids: tuple[str, ...]  # ITEM_ID each, 1 to MAX_ITEMS of them
    index: int  # 0 to MAX_ITEMS
    answered: tuple[AnsweredItem, ...] = ()
    misses: int = 0  # 0 to MAX_MISSES
    coming_back: tuple[str, ...] = ()  # missed twice, asked last (ITEM_ID each, MAX_ITEMS)
    acks: tuple[str, ...] = ()  # acknowledgements already said (ACK_KEY each, MAX_ACKS)
    words: int = 0  # words Alexa has said since "yes", 0 to MAX_WORDS
    first_night: bool = False


@dataclass(frozen=True, slots=True)
class SessionState:
    mode: Mode = "idle"
    checkin: CheckinState | None = None
    last_speech: str | None = None  # speakable, see `speakable`
    last_reprompt: str | None = None
    # The reminder time suggested and waiting for a yes or no ("21:30"); " menu" when the
    # check-in offer was pending before it, to go back to afterwards (REMINDER_OFFER).
    reminder_offer: str | None = None


def read_state(attributes: dict[str, Any] | None) -> SessionState:
    """Parse the session attributes; a shape we do not recognise starts over."""
    if not attributes:
        return SessionState()
    try:
        state = parse_state(attributes)
    except RecordError:
        return SessionState()
    needs_checkin = state.mode in ("checkin", "retry_save")
    if needs_checkin and (
        state.checkin is None or state.checkin.index >= len(state.checkin.item_ids)
    ):
        return SessionState()
    if state.checkin is not None and len(state.checkin.answered) > len(state.checkin.item_ids):
        return SessionState()
    return state


_MODES: Final = frozenset(get_args(Mode))
_STATE_FIELDS: Final = frozenset(
    ("mode", "checkin", "last_speech", "last_reprompt", "reminder_offer")
)
_CHECKIN_FIELDS: Final = frozenset(
    (
        "night",
        "item_ids",
        "index",
        "answered",
        "misses",
        "coming_back",
        "acks",
        "words",
        "first_night",
    )
)


def _checkin(value: object) -> CheckinState | None:
    if value is None:
        return None
    data = mapping(value, "checkin")
    only_keys(data, _CHECKIN_FIELDS, "checkin")
    get = data.get
    return CheckinState(
        night=day(data["night"], "night"),
        item_ids=texts(
            data["item_ids"], "item_ids", min_length=1, max_length=MAX_ITEMS, pattern=ITEM_ID
        ),
        index=integer(data["index"], "index", 0, MAX_ITEMS),
        answered=parse_answered(get("answered", ())),
        misses=integer(get("misses", 0), "misses", 0, MAX_MISSES),
        coming_back=texts(
            get("coming_back", ()), "coming_back", max_length=MAX_ITEMS, pattern=ITEM_ID
        ),
        acks=texts(get("acks", ()), "acks", max_length=MAX_ACKS, pattern=ACK_KEY),
        words=integer(get("words", 0), "words", 0, MAX_WORDS),
        first_night=flag(get("first_night", False), "first_night"),
    )


@parser
def parse_state(attributes: dict[str, Any]) -> SessionState:
    """The state in `attributes`, every field checked; `RecordError` for anything else."""
    data = mapping(attributes, "session")
    only_keys(data, _STATE_FIELDS, "session")
    get = data.get
    last_speech, last_reprompt, offer = (
        get("last_speech"),
        get("last_reprompt"),
        get("reminder_offer"),
    )
    return SessionState(
        mode=cast(Mode, one_of(get("mode", "idle"), "mode", _MODES)),
        checkin=_checkin(get("checkin")),
        last_speech=None if last_speech is None else speakable(last_speech, "last_speech"),
        last_reprompt=None if last_reprompt is None else speakable(last_reprompt, "last_reprompt"),
        reminder_offer=None if offer is None else matching(offer, "reminder_offer", REMINDER_OFFER),
    )


def state_attributes(state: SessionState) -> dict[str, Any]:
    """`state` as session attributes (JSON values), what `read_state` reads back."""
    checkin = state.checkin
    return {
        "mode": state.mode,
        "checkin": None
        if checkin is None
        else {
            "night": iso(checkin.night),
            "item_ids": list(checkin.item_ids),
            "index": checkin.index,
            "answered": [answered_document(a) for a in checkin.answered],
            "misses": checkin.misses,
            "coming_back": list(checkin.coming_back),
            "acks": list(checkin.acks),
            "words": checkin.words,
            "first_night": checkin.first_night,
        },
        "last_speech": state.last_speech,
        "last_reprompt": state.last_reprompt,
        "reminder_offer": state.reminder_offer,
    }
