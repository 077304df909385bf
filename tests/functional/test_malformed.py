"""Malformed or unexpected requests: a spoken apology or a sensible answer, never an exception."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from skill.chat.envelopes import (
    SlotFill,
    intent_request,
    launch_request,
    session_ended_request,
    skill_disabled_event,
)
from skill.services.common import household_id_for
from tests.support.responses import assert_silent, assert_spoken, respond
from tests.support.skill_driver import Driver, answer_slots
from tests.support.tampering import TAMPERED, Attributes, with_changes


def household_id(d: Driver) -> str:
    return household_id_for(d.caller.user_id)


def assert_store_sane(d: Driver, label: str) -> None:
    """Nothing out of range was written, whatever the request said."""
    household = d.store.load(household_id(d))
    if household is None:
        return
    for observation in household.observations:
        assert 0 <= observation.score <= 100, f"{label}: stored score {observation.score}"
    record = d.store.load_night(household_id(d), date(2026, 11, 20))
    if record is not None:
        for item in record.answered:
            assert all(1 <= a <= 5 for a in item.answers), f"{label}: stored {item.answers}"


def in_checkin(d: Driver, answered: int = 0) -> Driver:
    d.launch()
    d.intent("AMAZON.YesIntent")
    for _ in range(answered):
        d.answer(3, 4)
    assert d.attributes.get("mode") == "checkin", "could not start the check-in"
    return d


# --- Unknown intents and request types -------------------------------------------------------


@pytest.mark.parametrize("mid_checkin", [False, True], ids=["new-session", "mid-checkin"])
def test_unknown_intent_name_gets_guidance(mid_checkin: bool) -> None:
    d = Driver()
    if mid_checkin:
        in_checkin(d, answered=1)
    response = respond(
        d,
        intent_request(
            d.caller, d.now, "MadeUpIntent", new_session=not mid_checkin, attributes=d.attributes
        ),
        "unknown intent",
    )
    assert_spoken(response, "unknown intent")
    assert not response.ends_session, "an unknown intent should get guidance, not a goodbye"
    if mid_checkin:
        assert response.mode == "checkin", "an unknown intent mid-check-in left the check-in"
        assert response.attributes["checkin"]["index"] == 1, "an unknown intent moved the item"


UNKNOWN_TYPES = [
    "Foo.BarRequest",  # a type this SDK version has never heard of
    "Alexa.Presentation.APL.UserEvent",
    "CanFulfillIntentRequest",
    "Messaging.MessageReceived",
    "Connections.Response",
]


@pytest.mark.parametrize("request_type", UNKNOWN_TYPES)
def test_unknown_request_type_is_answered(request_type: str) -> None:
    d = Driver()
    event = launch_request(d.caller, d.now)
    event["request"]["type"] = request_type
    response = respond(d, event, request_type)
    assert_spoken(response, request_type)


# --- Missing identity or session -------------------------------------------------------------


def _launch(d: Driver) -> dict[str, Any]:
    return launch_request(d.caller, d.now)


def _tonight(d: Driver) -> dict[str, Any]:
    return intent_request(d.caller, d.now, "TonightsQuestionIntent", new_session=True)


def _help(d: Driver) -> dict[str, Any]:
    return intent_request(d.caller, d.now, "AMAZON.HelpIntent", new_session=True)


def _start(d: Driver) -> dict[str, Any]:
    return intent_request(d.caller, d.now, "StartCheckinIntent", new_session=True)


REQUESTS: dict[str, Callable[[Driver], dict[str, Any]]] = {
    "launch": _launch,
    "tonights-question": _tonight,
    "help": _help,
    "start-checkin": _start,
}


@pytest.mark.parametrize("kind", list(REQUESTS))
def test_missing_user_id_is_answered(kind: str) -> None:
    d = Driver()
    event = REQUESTS[kind](d)
    del event["context"]["System"]["user"]
    del event["session"]["user"]
    response = respond(d, event, f"{kind} without a user id")
    assert_spoken(response, f"{kind} without a user id")


@pytest.mark.parametrize("kind", list(REQUESTS))
def test_missing_session_is_answered(kind: str) -> None:
    d = Driver()
    event = REQUESTS[kind](d)
    del event["session"]
    response = respond(d, event, f"{kind} without a session")
    assert_spoken(response, f"{kind} without a session")


# --- Tampered session attributes -------------------------------------------------------------


TAMPERED_TURNS: dict[str, Callable[[Driver, Attributes], dict[str, Any]]] = {
    "answer": lambda d, attrs: intent_request(
        d.caller,
        d.now,
        "AnswerIntent",
        answer_slots(4, 4),
        new_session=False,
        attributes=attrs,
        slot_names=("firstAnswer", "secondAnswer"),
    ),
    "yes": lambda d, attrs: intent_request(
        d.caller, d.now, "AMAZON.YesIntent", new_session=False, attributes=attrs
    ),
    "repeat": lambda d, attrs: intent_request(
        d.caller, d.now, "AMAZON.RepeatIntent", new_session=False, attributes=attrs
    ),
}


@pytest.mark.parametrize("turn", list(TAMPERED_TURNS))
@pytest.mark.parametrize("case", list(TAMPERED))
def test_tampered_session_attributes_are_survived(case: str, turn: str) -> None:
    d = in_checkin(Driver(), answered=3)  # waiting on the last item, three answers in hand
    attributes = TAMPERED[case](d.attributes)
    event = TAMPERED_TURNS[turn](d, attributes)
    event["session"]["attributes"] = attributes  # exactly as tampered, whatever its type
    label = f"{turn} with {case}"
    response = respond(d, event, label)
    assert_spoken(response, label)
    assert_store_sane(d, label)


def test_repeat_of_a_tampered_last_speech_stays_within_the_limit() -> None:
    """A last_speech at the 8000-char cap, full of characters SSML must escape."""
    d = Driver()
    d.launch()
    attributes = with_changes(d.attributes, last_speech="&" * 8000, last_reprompt="<" * 8000)
    event = intent_request(
        d.caller, d.now, "AMAZON.RepeatIntent", new_session=False, attributes=attributes
    )
    response = respond(d, event, "repeat of an escaped last speech")
    assert_spoken(response, "repeat of an escaped last speech")


# --- Slots -----------------------------------------------------------------------------------

ODD_SLOTS: dict[str, list[SlotFill]] = {
    "no-values": [],
    "empty-value": [SlotFill("firstAnswer", "")],
    "nine": [SlotFill("firstAnswer", "nine", "9", "nine")],
    "minus-one": [SlotFill("firstAnswer", "-1")],
    "zero": [SlotFill("firstAnswer", "0", "0", "zero")],
    "six-and-four": [SlotFill("firstAnswer", "six"), SlotFill("secondAnswer", "four", "4")],
    "resolved-to-a-word": [SlotFill("firstAnswer", "loads", "lots", "lots")],
}


@pytest.mark.parametrize("case", list(ODD_SLOTS))
def test_answers_without_a_usable_value_get_the_clearer_re_ask(case: str) -> None:
    d = in_checkin(Driver(), answered=1)
    response = respond(
        d,
        intent_request(
            d.caller,
            d.now,
            "AnswerIntent",
            ODD_SLOTS[case],
            new_session=False,
            attributes=d.attributes,
            slot_names=("firstAnswer", "secondAnswer"),
        ),
        case,
    )
    assert_spoken(response, case)
    assert response.mode == "checkin", f"{case}: left the check-in"
    assert response.attributes["checkin"]["index"] == 1, f"{case}: took it as an answer"
    assert "one to five, like" in response.speech.lower(), (
        f"{case}: no re-ask with an example on the number scale: {response.speech!r}"
    )


@pytest.mark.parametrize("case", list(ODD_SLOTS))
def test_odd_slots_outside_a_checkin_are_answered(case: str) -> None:
    d = Driver()
    response = respond(
        d,
        intent_request(
            d.caller,
            d.now,
            "AnswerIntent",
            ODD_SLOTS[case],
            new_session=True,
            slot_names=("firstAnswer", "secondAnswer"),
        ),
        case,
    )
    assert_spoken(response, case)


@pytest.mark.parametrize("where", ["new-session", "menu", "offer_starter"])
def test_answer_outside_a_checkin_records_nothing(where: str) -> None:
    d = Driver()
    if where == "menu":
        d.launch()
    elif where == "offer_starter":
        d.launch()
        d.intent("AMAZON.NoIntent")
        assert d.attributes.get("mode") == "offer_starter"
    response = respond(
        d,
        intent_request(
            d.caller,
            d.now,
            "AnswerIntent",
            answer_slots(4, 5),
            new_session=not d.open,
            attributes=d.attributes,
            slot_names=("firstAnswer", "secondAnswer"),
        ),
        f"answer in {where}",
    )
    assert_spoken(response, f"answer in {where}")
    assert d.store.load_night(household_id(d), date(2026, 11, 20)) is None, (
        f"answer in {where}: a check-in night was recorded from a stray answer"
    )


@pytest.mark.parametrize("intent", ["AMAZON.YesIntent", "AMAZON.NoIntent"])
def test_yes_or_no_with_nothing_pending_is_answered(intent: str) -> None:
    d = Driver()
    response = respond(
        d, intent_request(d.caller, d.now, intent, new_session=True), f"{intent} out of the blue"
    )
    assert_spoken(response, f"{intent} out of the blue")
    if not response.ends_session:
        assert "?" in response.speech, f"{intent}: open session without a question"


# --- Session end and skill events ------------------------------------------------------------


@pytest.mark.parametrize("answered", [0, 2])
def test_session_ended_with_error_is_silent_and_keeps_the_checkin(answered: int) -> None:
    d = Driver()
    in_checkin(d, answered=answered)
    event = session_ended_request(d.caller, d.now, d.attributes, reason="ERROR")
    event["request"]["error"] = {"type": "INVALID_RESPONSE", "message": "something went wrong"}
    response = respond(d, event, "session ended with an error")
    assert_silent(response, "session ended with an error")
    relaunch = d.launch()
    expected = "offer_resume" if answered else "menu"
    assert relaunch.mode == expected, (
        f"after an ERROR end with {answered} answers, launch offered {relaunch.mode!r}"
    )


def test_session_ended_with_tampered_attributes_is_silent() -> None:
    d = Driver()
    event = session_ended_request(d.caller, d.now, {"mode": "checkin", "checkin": 7}, "ERROR")
    response = respond(d, event, "session ended with tampered attributes")
    assert_silent(response, "session ended with tampered attributes")


def _household_with_history(d: Driver) -> None:
    d.launch()
    d.intent("AMAZON.YesIntent")
    for values in ((4, 5), (3,), (2, 4), (3, 3)):
        d.answer(*values)
    assert not d.open, "the check-in did not finish"
    assert d.store.load(household_id(d)) is not None, "nothing was stored"
    assert d.store.load_night(household_id(d), date(2026, 11, 20)) is not None


@pytest.mark.parametrize("persistence", ["NOT_PERSISTED", "PERSISTED"])
def test_skill_disabled_forgets_the_household_whatever_alexa_keeps(persistence: str) -> None:
    """PERSISTED only means Alexa would reuse the user id: disabling still erases everything."""
    d = Driver()
    _household_with_history(d)
    event = skill_disabled_event(d.caller, d.now, persistence)
    response = respond(d, event, f"SkillDisabled {persistence}")
    assert_silent(response, f"SkillDisabled {persistence}")
    assert d.store.load(household_id(d)) is None, "the household outlived SkillDisabled"
    assert d.store.load_night(household_id(d), date(2026, 11, 20)) is None, (
        "a night record outlived SkillDisabled"
    )


@pytest.mark.parametrize(
    "body",
    [{}, {"userInformationPersistenceStatus": "SOMETIMES"}, None],
    ids=["empty-body", "unknown-status", "no-body"],
)
def test_skill_disabled_with_an_odd_body_keeps_data_and_does_not_fail(body: Any) -> None:
    d = Driver()
    _household_with_history(d)
    event = skill_disabled_event(d.caller, d.now, "NOT_PERSISTED")
    if body is None:
        del event["request"]["body"]
    else:
        event["request"]["body"] = body
    response = respond(d, event, "SkillDisabled with an odd body")
    assert_silent(response, "SkillDisabled with an odd body")
    assert d.store.load(household_id(d)) is not None, "an unclear event deleted the household"


def test_skill_disabled_for_a_stranger_does_not_fail() -> None:
    d = Driver()
    response = respond(
        d, skill_disabled_event(d.caller, d.now, "NOT_PERSISTED"), "SkillDisabled, no data"
    )
    assert_silent(response, "SkillDisabled, no data")
