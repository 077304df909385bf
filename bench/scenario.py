"""The turns the benchmark times, as real Alexa request envelopes, driven by the real skill.

One *evening* of one household, in order:

1. `launch`: "Alexa, open Heart to Heart" (new session; reads the household), then the session
   ends without an answer (SessionEndedRequest, not timed).
2. `help`: "Alexa, ask Heart to Heart for help" (new session; no storage).
3. `tonights_question`: "Alexa, ask Heart to Heart for tonight's question" (new session; reads
   the household, and the first time in a night writes which starter it gave).
4. The check-in: launch and "yes" (not timed), then three `checkin_answer` turns (mid-check-in:
   the answers ride in the session, no storage) and one `checkin_complete` (reads the
   household, writes the night and the profile in one transaction).

Night 0 is a warm-up that is not timed (every household's first launch is a first-time
welcome); nights 1..N are timed. The Alexa Settings API is not called: the envelopes carry no
API access token, so the skill uses the locale's zone, as it does when the API is down.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from skill.chat.envelopes import (
    APPLICATION_ID,
    Caller,
    SlotFill,
    intent_request,
    launch_request,
    session_ended_request,
)

Event = dict[str, Any]
Answer = dict[str, Any]
#: Sends one envelope to the driving skill and returns its answer. `kind` is the timed turn's
#: name, or None for the turns that only set the scene.
Send = Callable[[str | None, Event], Answer]

TURNS: Final = ("launch", "help", "tonights_question", "checkin_answer", "checkin_complete")
ZONE: Final = ZoneInfo("America/New_York")  # the en-US locale's zone, used without a token
SCALE: Final = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
ANSWERS: Final = ((4, 5), (3, 4), (2, 3), (3, 3))  # the last one completes the check-in
ANSWER_SLOT_NAMES: Final = ("firstAnswer", "secondAnswer")


class ScenarioError(RuntimeError):
    """The skill did not go where the scenario expected: the timings would measure another path."""


def caller(name: str, application_id: str = APPLICATION_ID) -> Caller:
    """One household's Echo; no API access token, so the Settings API is never called."""
    return Caller(
        user_id=f"amzn1.ask.account.BENCH-{name}",
        device_id=f"amzn1.ask.device.BENCH-{name}",
        application_id=application_id,
        api_access_token="",
    )


def evening(night: date) -> datetime:
    return datetime(night.year, night.month, night.day, 21, 30, tzinfo=ZONE)


def first_night(nights: int, today: date | None = None) -> date:
    """Night 0 of a run: recent enough that every night record is well within its TTL."""
    return (today or date.today()) - timedelta(days=nights + 2)


def _new_session(who: Caller) -> Caller:
    return dataclasses.replace(who, session_id=f"amzn1.echo-api.session.{uuid.uuid4()}")


def _answer_slots(values: tuple[int, ...]) -> list[SlotFill]:
    return [
        SlotFill(name, SCALE[value], str(value), SCALE[value])
        for name, value in zip(ANSWER_SLOT_NAMES, values, strict=False)
    ]


def _attributes(answer: Answer) -> dict[str, Any]:
    attributes = answer.get("sessionAttributes") or {}
    return dict(attributes) if isinstance(attributes, dict) else {}


def _expect(condition: bool, what: str, answer: Answer) -> None:
    if not condition:
        speech = (answer.get("response", {}).get("outputSpeech") or {}).get("ssml", "")
        raise ScenarioError(f"{what}; the skill said: {speech[:200]!r}")


def play_evening(send: Send, who: Caller, night: date, *, timed: bool = True) -> None:
    """One household's evening (see the module docstring); `timed=False` for the warm-up."""
    now = evening(night)

    def turn(kind: str, event: Event) -> Answer:
        return send(kind if timed else None, event)

    who = _new_session(who)
    answer = turn("launch", launch_request(who, now))
    _expect(_attributes(answer).get("mode") == "menu", "launch did not offer the menu", answer)
    send(None, session_ended_request(who, now, _attributes(answer)))

    who = _new_session(who)
    answer = turn("help", intent_request(who, now, "AMAZON.HelpIntent", new_session=True))
    send(None, session_ended_request(who, now, _attributes(answer)))

    who = _new_session(who)
    answer = turn(
        "tonights_question", intent_request(who, now, "TonightsQuestionIntent", new_session=True)
    )
    _expect(answer["response"].get("shouldEndSession") is True, "no one-shot question", answer)

    who = _new_session(who)
    answer = send(None, launch_request(who, now))
    answer = send(
        None,
        intent_request(
            who, now, "AMAZON.YesIntent", new_session=False, attributes=_attributes(answer)
        ),
    )
    _expect(_attributes(answer).get("mode") == "checkin", "yes did not start the check-in", answer)
    for index, values in enumerate(ANSWERS):
        last = index == len(ANSWERS) - 1
        event = intent_request(
            who,
            now,
            "AnswerIntent",
            _answer_slots(values),
            new_session=False,
            attributes=_attributes(answer),
            slot_names=ANSWER_SLOT_NAMES,
        )
        answer = turn("checkin_complete" if last else "checkin_answer", event)
        if last:
            _expect(answer["response"].get("shouldEndSession") is True, "not completed", answer)
        else:
            _expect(_attributes(answer).get("mode") == "checkin", "left the check-in", answer)


def play(send: Send, households: list[Caller], nights: int, start: date) -> None:
    """Night 0 (warm-up) then `nights` timed nights, every household each night."""
    for number in range(nights + 1):
        night = start + timedelta(days=number)
        for who in households:
            play_evening(send, who, night, timed=number > 0)


def as_help(event: Event) -> Event:
    """The same envelope (size, session attributes, slots) as AMAZON.HelpIntent.

    The reference skills know only LaunchRequest and help; answering the very same envelope
    keeps the SDK's share (JSON to model and back) equal, so the difference is ours.
    """
    request = event.get("request", {})
    if request.get("type") != "IntentRequest":
        return event
    intent = {**request["intent"], "name": "AMAZON.HelpIntent"}
    return {**event, "request": {**request, "intent": intent}}


def cold_events(who: Caller, night: date) -> dict[str, Event]:
    """The cold-start requests: help (no storage), a launch that reads the household, and the
    one-shot tonight's question (reads it, and writes the starter it gives)."""
    now = evening(night)
    return {
        "help": intent_request(_new_session(who), now, "AMAZON.HelpIntent", new_session=True),
        "launch": launch_request(_new_session(who), now),
        "tonights_question": intent_request(
            _new_session(who), now, "TonightsQuestionIntent", new_session=True
        ),
    }
