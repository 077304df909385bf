"""The skill reads Alexa's requests itself (skill.alexa.envelope); it must read every envelope
into the very model the SDK's own serializer builds, and refuse what the SDK refuses."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.request_envelope import RequestEnvelope

from skill.alexa.envelope import (
    RAW_REQUEST_ATTRIBUTE,
    SESSION_ATTRIBUTES_ATTRIBUTE,
    read_envelope,
    take_session_attributes,
    write_response,
)
from skill.alexa.request import read_turn
from skill.chat.envelopes import (
    Caller,
    SlotFill,
    connections_response,
    intent_request,
    launch_request,
    session_ended_request,
    skill_disabled_event,
)
from tests.support.skill_driver import Driver

EVENTS = Path(__file__).resolve().parents[1] / "events"
NOW = datetime(2026, 11, 20, 21, 30, tzinfo=UTC)
CALLER = Caller(reminders_granted=True)
STATE = {
    "mode": "checkin",
    "checkin": {"night": "2026-11-20", "item_ids": ["trust-1", "fun-2"], "index": 1},
    "nested": [{"a": [1, 2.5, None, True]}, "text"],
}


def _base_envelopes() -> dict[str, dict[str, Any]]:
    answer = SlotFill("firstAnswer", "four", "4", "four")
    unresolved = SlotFill("firstAnswer", "purple")
    built_in = SlotFill("time", "21:30", slot_type="AMAZON.TIME")
    envelopes = {
        "launch": launch_request(CALLER, NOW),
        "answer": intent_request(
            CALLER, NOW, "AnswerIntent", [answer, unresolved], new_session=False, attributes=STATE
        ),
        "built-in slot": intent_request(
            CALLER, NOW, "SetReminderIntent", [built_in], new_session=True
        ),
        "empty slot": intent_request(
            CALLER, NOW, "AnswerIntent", new_session=False, slot_names=("firstAnswer",)
        ),
        "session ended": session_ended_request(CALLER, NOW, STATE, reason="ERROR"),
        "skill disabled": skill_disabled_event(CALLER, NOW, "PERSISTED"),
        "consent": connections_response(CALLER, NOW, "ACCEPTED", "reminder:21:30"),
    }
    for path in sorted(EVENTS.glob("*.json")):
        envelopes[f"file {path.stem}"] = json.loads(path.read_text("utf-8"))
    return envelopes


def _set(path: tuple[str, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(envelope: dict[str, Any]) -> None:
        target = envelope
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _drop(path: tuple[str, ...]) -> Callable[[dict[str, Any]], None]:
    def change(envelope: dict[str, Any]) -> None:
        target = envelope
        for key in path[:-1]:
            target = target[key]
        target.pop(path[-1], None)

    return change


def _unknown_keys(envelope: dict[str, Any]) -> None:
    envelope["extra"] = {"x": 1}
    envelope["request"]["futureField"] = [1]
    envelope["context"]["System"]["newThing"] = "y"


MULTI_VALUE_SLOT = {
    "name": "firstAnswer",
    "confirmationStatus": "NONE",
    "slotValue": {
        "type": "List",
        "values": [{"type": "Simple", "value": "four"}, {"type": "Simple", "value": "three"}],
    },
}

# Odd and malformed shapes, each applied to a copy of the answer envelope.
VARIANTS: dict[str, Callable[[dict[str, Any]], None]] = {
    "unknown request type": _set(("request", "type"), "Alexa.Presentation.Unknown"),
    "request is a string": _set(("request",), "launch"),
    "request is a list": _set(("request",), [1, 2]),
    "no request type": _drop(("request", "type")),
    "timestamp with offset": _set(("request", "timestamp"), "2026-11-20T16:30:00.250-05:00"),
    "timestamp not ISO": _set(("request", "timestamp"), "Fri, 20 Nov 2026 21:30:00 GMT"),
    "timestamp garbage": _set(("request", "timestamp"), "yesterday-ish"),
    "timestamp a number": _set(("request", "timestamp"), 1_700_000_000),
    "unknown keys everywhere": _unknown_keys,
    "session new is a string": _set(("session", "new"), "false"),
    "attributes a list": _set(("session", "attributes"), [1, 2]),
    "attributes null": _set(("session", "attributes"), None),
    "context null": _set(("context",), None),
    "session a string": _set(("session",), "abc"),
    "intent null": _set(("request", "intent"), None),
    "slots a list": _set(("request", "intent", "slots"), [1]),
    "slot value a number": _set(("request", "intent", "slots", "firstAnswer", "value"), 4),
    "multi-value slot": _set(("request", "intent", "slots", "firstAnswer"), MULTI_VALUE_SLOT),
    "unknown enum value": _set(("request", "dialogState"), "SOMETIMES"),
    "confirmation unknown": _set(("request", "intent", "confirmationStatus"), "MAYBE"),
    "resolution status unknown": _set(
        (
            "request",
            "intent",
            "slots",
            "firstAnswer",
            "resolutions",
            "resolutionsPerAuthority",
        ),
        [{"authority": "x", "status": {"code": "ER_NEW_CODE"}}],
    ),
    "device interfaces": _set(
        ("context", "System", "device", "supportedInterfaces"),
        {"AudioPlayer": {}, "Alexa.Presentation.APL": {"runtime": {"maxVersion": "2024.1"}}},
    ),
    "viewport": _set(("context", "Viewport"), {"shape": "RECTANGLE", "pixelWidth": 1024}),
}


def _cases() -> Iterator[tuple[str, dict[str, Any]]]:
    bases = _base_envelopes()
    yield from bases.items()
    for name, change in VARIANTS.items():
        envelope = copy.deepcopy(bases["answer"])
        change(envelope)
        yield f"answer, {name}", envelope


CASES = dict(_cases())


def _sdk(event: dict[str, Any]) -> Any:
    return DefaultSerializer().deserialize(json.dumps(event), RequestEnvelope)


@pytest.mark.parametrize("case", list(CASES))
def test_every_envelope_reads_as_the_sdk_reads_it(case: str) -> None:
    event = CASES[case]
    try:
        expected = _sdk(event)
    except SerializationException:
        with pytest.raises(SerializationException):
            read_envelope(copy.deepcopy(event))
        return
    read = read_envelope(copy.deepcopy(event))
    raw = vars(read).pop(RAW_REQUEST_ATTRIBUTE, None)
    assert read == expected
    assert vars(read) == vars(expected)  # every attribute, nested models compared by value
    if str(getattr(read.request, "object_type", "")).startswith("AlexaSkillEvent."):
        assert raw == event["request"]
    else:
        assert raw is None


def test_the_corpus_has_reads_and_refusals() -> None:
    """Both outcomes are exercised, so neither half of the comparison is vacuous."""
    refused = []
    for case, event in CASES.items():
        try:
            _sdk(event)
        except SerializationException:
            refused.append(case)
    assert refused, "no envelope the SDK refuses"
    assert len(refused) < len(CASES) / 2, refused


def test_the_event_is_not_changed_by_reading_it() -> None:
    event = CASES["answer"]
    before = copy.deepcopy(event)
    read_envelope(event)
    assert event == before


def test_session_attributes_are_kept_aside_and_read_from_there_or_the_session() -> None:
    """The SDK would deep-copy the attributes each turn; they are kept on the envelope instead,
    and a turn reads the same state either way."""
    attributes = {"mode": "menu"}
    event = intent_request(
        CALLER, NOW, "AMAZON.YesIntent", new_session=False, attributes=attributes
    )

    def state_of(envelope: RequestEnvelope) -> Any:
        return read_turn(HandlerInput(envelope, AttributesManager(envelope))).state

    untouched = read_envelope(copy.deepcopy(event))
    taken = read_envelope(copy.deepcopy(event))
    take_session_attributes(taken)
    assert taken.session is not None and taken.session.attributes == {}
    assert getattr(taken, SESSION_ATTRIBUTES_ATTRIBUTE) == attributes
    assert state_of(taken) == state_of(untouched)
    assert state_of(taken).mode == "menu"

    fresh = read_envelope(launch_request(CALLER, NOW))  # no attributes: nothing to keep
    take_session_attributes(fresh)
    assert not hasattr(fresh, SESSION_ATTRIBUTES_ATTRIBUTE)


def test_every_reply_of_a_week_is_written_as_the_sdk_writes_it() -> None:
    """The skill writes its replies itself (write_response); over a week of nights with every
    kind of reply (questions, cards, goodbyes, a consent request, a streak chime), the JSON
    is the SDK serializer's to the key."""
    replies: list[Any] = []

    class Capturing(Driver):
        def handle_event(self, event: dict[str, Any], context: Any = None) -> dict[str, Any]:
            assert self.skill is not None
            invoke = self.skill.skill.invoke

            def capture(request_envelope: Any, context: Any) -> Any:
                response = invoke(request_envelope=request_envelope, context=context)
                replies.append(response)
                return response

            self.skill.skill.invoke = capture  # type: ignore[method-assign]
            try:
                return super().handle_event(event, context)
            finally:
                self.skill.skill.invoke = invoke  # type: ignore[method-assign]

    couple = Capturing(caller=Caller(reminders_granted=False))
    reminder_time = [SlotFill("time", "21:30", slot_type="AMAZON.TIME")]
    for _night in range(7):
        couple.launch()
        couple.intent("AMAZON.HelpIntent")
        couple.intent("AMAZON.YesIntent")
        for values in ((4, 5), (3, 3), (2, 4), (5, 5)):
            couple.answer(*values)
        couple.launch()
        couple.intent("TonightsQuestionIntent")
        couple.launch()
        couple.intent("SetReminderIntent", reminder_time)  # not granted: Alexa asks (AskFor)
        if couple.open:
            couple.end_session()
        couple.next_evening()
    sdk = DefaultSerializer()
    assert len(replies) > 50
    kinds: set[str] = set()
    for reply in replies:
        written = write_response(reply)
        assert written == sdk.serialize(reply)
        response = written["response"]
        kinds.update(
            key for key in ("card", "reprompt", "directives", "outputSpeech") if key in response
        )
    assert kinds == {"card", "reprompt", "directives", "outputSpeech"}, kinds
