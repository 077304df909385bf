"""Drive the real skill with real request envelopes, as Alexa would, on a chosen store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from skill.alexa.builder import HeartToHeartSkill, build_skill
from skill.alexa.intents import ANSWER, ANSWER_SLOTS
from skill.alexa.reminders_api import RemindersApi
from skill.alexa.ssml import plain_text
from skill.alexa.timezone import FixedTimeZones
from skill.chat.envelopes import Caller, SlotFill, connections_response
from skill.chat.session import AlexaSession, ends_session
from skill.ports import HouseholdStore
from skill.storage.memory import MemoryStore

NEW_YORK = ZoneInfo("America/New_York")
SCALE_NAMES = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def answer_slots(*values: int | str) -> list[SlotFill]:
    """Slots as Alexa resolves them: numbers resolve to ids "1"…"5", other words do not."""
    slots = []
    for name, value in zip(ANSWER_SLOTS, values, strict=False):
        if isinstance(value, int):
            slots.append(SlotFill(name, SCALE_NAMES[value], str(value), SCALE_NAMES[value]))
        else:
            slots.append(SlotFill(name, value))
    return slots


@dataclass
class Response:
    raw: dict[str, Any]

    @property
    def body(self) -> dict[str, Any]:
        body = self.raw.get("response") or {}
        assert isinstance(body, dict)
        return body

    @property
    def speech(self) -> str:
        return plain_text((self.body.get("outputSpeech") or {}).get("ssml", ""))

    @property
    def ssml(self) -> str:
        return str((self.body.get("outputSpeech") or {}).get("ssml", ""))

    @property
    def reprompt(self) -> str | None:
        ssml = ((self.body.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml")
        return plain_text(ssml) if ssml else None

    @property
    def ends_session(self) -> bool:
        return ends_session(self.raw)

    @property
    def card(self) -> dict[str, Any] | None:
        card = self.body.get("card")
        return card if isinstance(card, dict) else None

    @property
    def attributes(self) -> dict[str, Any]:
        return dict(self.raw.get("sessionAttributes") or {})

    @property
    def directives(self) -> list[dict[str, Any]]:
        return [d for d in self.body.get("directives") or [] if isinstance(d, dict)]

    @property
    def mode(self) -> str | None:
        return self.attributes.get("mode")


@dataclass
class Driver:
    """One household's Echo: the session is kept by the chat's `AlexaSession`, as Alexa keeps it.

    Every envelope reaches the skill through `handle_event`; a subclass may check each response
    there, or send it somewhere else (over HTTP, say).
    """

    store: HouseholdStore = field(default_factory=MemoryStore)
    zone: ZoneInfo = NEW_YORK
    caller: Caller = field(default_factory=Caller)
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 20, 21, 30, tzinfo=NEW_YORK))
    skill: HeartToHeartSkill | None = None
    reminders: RemindersApi | None = None
    session: AlexaSession = field(init=False)

    def __post_init__(self) -> None:
        if self.skill is None:
            self.skill = build_skill(
                self.store, FixedTimeZones(self.zone), reminders=self.reminders
            )
        self.session = AlexaSession(self, self.caller)

    def handle_event(self, event: dict[str, Any], context: Any = None) -> dict[str, Any]:
        assert self.skill is not None
        return self.skill.handle_event(event)

    @property
    def open(self) -> bool:
        return self.session.open

    @property
    def attributes(self) -> dict[str, Any]:
        return self.session.attributes

    def at(self, when: datetime) -> Driver:
        self.now = when if when.tzinfo else when.replace(tzinfo=self.zone)
        return self

    def next_evening(self, days: int = 1, hour: int = 21) -> Driver:
        local = self.now.astimezone(self.zone)
        day = (local - timedelta(hours=4)).date() + timedelta(days=days)
        return self.at(datetime(day.year, day.month, day.day, hour, 30, tzinfo=self.zone))

    def send(self, event: dict[str, Any]) -> Response:
        """Any envelope, as is (tampered ones too); the session follows the response."""
        return Response(self.session.send(event))

    def launch(self) -> Response:
        return Response(self.session.launch(self.now)[1])

    def intent(self, name: str, slots: list[SlotFill] | None = None) -> Response:
        slot_names = ANSWER_SLOTS if name == ANSWER else ()
        return Response(self.session.intent(self.now, name, slots, slot_names)[1])

    def answer(self, *values: int | str) -> Response:
        return self.intent(ANSWER, answer_slots(*values))

    def check_in(self, answers: Callable[[str], int]) -> Response:
        """Open, say yes, and answer every item with `answers(pillar)` ("anchor" for the
        closeness item) as both partners' answer; returns the goodnight."""
        self.launch()
        response = self.intent("AMAZON.YesIntent")
        while response.mode == "checkin":
            state = response.attributes["checkin"]
            item_id = state["item_ids"][state["index"]]
            response = self.answer(answers(item_id.rsplit("-", 1)[0]))
        assert response.ends_session, response.speech
        return response

    def consent(self, status: str, token: str) -> Response:
        """Alexa's Connections.Response to the skill's AskFor, in the same session."""
        return self.send(
            connections_response(self.caller, self.now, status, token, attributes=self.attributes)
        )

    def end_session(self) -> Response:
        exchange = self.session.end(self.now)
        assert exchange is not None, "no session is open"
        return Response(exchange[1])
