"""Session attributes as a validated model: anything unknown or tampered is a fresh start."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from skill.household import AnsweredItem

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


def _speakable(text: str) -> str:
    if not text.strip() or not text.isprintable() or any(c in text for c in "<>&\\"):
        raise ValueError("not plain speakable text")
    if any(ord(c) > 0x2FFF for c in text):
        raise ValueError("unexpected characters")
    return text


RememberedSpeech = Annotated[
    str, Field(max_length=MAX_REMEMBERED_CHARS), AfterValidator(_speakable)
]
ItemId = Annotated[str, Field(pattern=r"^[a-z]+-\d{1,2}$")]
AckKey = Annotated[str, Field(pattern=r"^[a-z_]+:\d{1,2}$")]


class CheckinState(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    night: date
    item_ids: tuple[ItemId, ...] = Field(min_length=1, max_length=8)
    index: int = Field(ge=0, le=8)
    answered: tuple[AnsweredItem, ...] = ()
    misses: int = Field(default=0, ge=0, le=2)
    coming_back: tuple[ItemId, ...] = Field(default=(), max_length=8)  # missed twice, asked last
    acks: tuple[AckKey, ...] = Field(default=(), max_length=16)  # acknowledgements already said
    words: int = Field(default=0, ge=0, le=5000)  # words Alexa has said since "yes"
    first_night: bool = False


class SessionState(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    mode: Mode = "idle"
    checkin: CheckinState | None = None
    last_speech: RememberedSpeech | None = None
    last_reprompt: RememberedSpeech | None = None
    # The reminder time suggested and waiting for a yes or no ("21:30"); " menu" when the
    # check-in offer was pending before it, to go back to afterwards.
    reminder_offer: str | None = Field(default=None, pattern=r"^([01]\d|2[0-3]):[0-5]\d( menu)?$")


def read_state(attributes: dict[str, Any] | None) -> SessionState:
    """Parse the session attributes; a shape we do not recognise starts over."""
    if not attributes:
        return SessionState()
    try:
        state = SessionState.model_validate(attributes)
    except (ValidationError, TypeError, ValueError):
        return SessionState()
    needs_checkin = state.mode in ("checkin", "retry_save")
    if needs_checkin and (
        state.checkin is None or state.checkin.index >= len(state.checkin.item_ids)
    ):
        return SessionState()
    if state.checkin is not None and len(state.checkin.answered) > len(state.checkin.item_ids):
        return SessionState()
    return state
