"""Certification rules in every session state the skill can be in.

Every state is reached through real turns (real request envelopes, the real skill, a MemoryStore),
then each built-in intent (and the danger intent) is sent. Every response of every test in this
file, the set-up turns included, is checked against Alexa's session rules for certification: a
question keeps the session open with a reprompt, anything else closes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from skill.chat.envelopes import Caller
from skill.content.loader import load_content
from skill.household import Household, NightRecord
from skill.ports import HouseholdStore, StorageUnavailable
from skill.services.common import household_id_for
from skill.storage.memory import MemoryStore
from tests.support.responses import check_ssml
from tests.support.skill_driver import Driver, Response

SUPPORT_MESSAGE = load_content("en-US").safety.support_message


def asks_something(speech: str) -> bool:
    """An open microphone needs a question."""
    return "?" in speech


def check_invariants(event: dict[str, Any], response: Response) -> None:
    """The session rules every response must follow, whatever the state."""
    label = event["request"].get("intent", {}).get("name") or event["request"]["type"]
    output = response.body.get("outputSpeech")
    if output is not None:
        assert output.get("type") == "SSML", f"{label}: output speech is not SSML: {output}"
        check_ssml(output.get("ssml", ""), f"{label}: speech")
    reprompt = (response.body.get("reprompt") or {}).get("outputSpeech")
    if reprompt is not None:
        check_ssml(reprompt.get("ssml", ""), f"{label}: reprompt")
    if not response.ends_session:
        assert response.reprompt, f"{label}: session stays open without a reprompt: {response.raw}"
        assert response.speech, f"{label}: session stays open without any speech"
    if not asks_something(response.speech):
        assert response.ends_session, (
            f"{label}: asks no question but leaves the microphone open: {response.speech!r}"
        )


class FlakyStore:
    """The real MemoryStore behind the port, with one save failing on demand."""

    def __init__(self, inner: HouseholdStore | None = None) -> None:
        self.inner: HouseholdStore = inner or MemoryStore()
        self.failures_left = 0

    def fail_next_save(self) -> None:
        self.failures_left = 1

    def load(self, household_id: str) -> Household | None:
        return self.inner.load(household_id)

    def save(
        self, household: Household, *, expected_version: int, night: NightRecord | None = None
    ) -> Household:
        if self.failures_left:
            self.failures_left -= 1
            raise StorageUnavailable("simulated outage")
        return self.inner.save(household, expected_version=expected_version, night=night)

    def load_night(self, household_id: str, night: date) -> NightRecord | None:
        return self.inner.load_night(household_id, night)

    def delete_household(self, household_id: str) -> int:
        return self.inner.delete_household(household_id)


@dataclass
class CheckedDriver(Driver):
    """The shared test driver, checking the invariants on every single response."""

    flaky: FlakyStore = field(default_factory=FlakyStore)
    responses: list[Response] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.store = self.flaky
        super().__post_init__()

    def handle_event(self, event: dict[str, Any], context: Any = None) -> dict[str, Any]:
        raw = super().handle_event(event, context)
        response = Response(raw)
        check_invariants(event, response)
        self.responses.append(response)
        return raw

    def mode_is(self, mode: str) -> bool:
        return self.open and self.attributes.get("mode") == mode

    @property
    def last(self) -> Response | None:
        return self.responses[-1] if self.responses else None


# --- Reaching every state through real turns -------------------------------------------------


def reach_idle(d: CheckedDriver) -> None:
    """A brand-new session: the next intent opens it."""


def reach_menu(d: CheckedDriver) -> None:
    d.launch()


def reach_offer_resume(d: CheckedDriver) -> None:
    d.launch()
    d.intent("AMAZON.YesIntent")
    d.answer(4, 5)
    d.intent("AMAZON.StopIntent")
    d.launch()


def reach_offer_starter(d: CheckedDriver) -> None:
    d.launch()
    d.intent("AMAZON.NoIntent")


def reach_checkin_first_item(d: CheckedDriver) -> None:
    d.launch()
    d.intent("AMAZON.YesIntent")


def reach_checkin_last_item(d: CheckedDriver) -> None:
    reach_checkin_first_item(d)
    d.answer(4, 5)
    d.answer(3)
    d.answer(2, 4)


def reach_checkin_after_miss(d: CheckedDriver) -> None:
    reach_checkin_first_item(d)
    d.answer("purple")


def reach_confirm_delete(d: CheckedDriver) -> None:
    d.launch()
    d.intent("DeleteDataIntent")


def reach_retry_save(d: CheckedDriver) -> None:
    reach_checkin_last_item(d)
    d.flaky.fail_next_save()
    d.answer(3, 3)


@dataclass(frozen=True)
class State:
    name: str
    reach: Callable[[CheckedDriver], None]
    mode: str | None  # the mode the session is in once reached (None: no open session)
    index: int | None = None  # the check-in item waiting for an answer


STATES = [
    State("idle", reach_idle, None),
    State("menu", reach_menu, "menu"),
    State("offer_resume", reach_offer_resume, "offer_resume"),
    State("offer_starter", reach_offer_starter, "offer_starter"),
    State("checkin_item_1", reach_checkin_first_item, "checkin", 0),
    State("checkin_item_4", reach_checkin_last_item, "checkin", 3),
    State("checkin_after_miss", reach_checkin_after_miss, "checkin", 0),
    State("confirm_delete", reach_confirm_delete, "confirm_delete"),
    State("retry_save", reach_retry_save, "retry_save"),
]
STATE_IDS = [s.name for s in STATES]
YES_NO_STATES = {"offer_resume", "offer_starter", "confirm_delete", "retry_save"}


def enter(state: State) -> CheckedDriver:
    d = CheckedDriver()
    state.reach(d)
    if state.mode is None:
        assert not d.open, f"{state.name}: expected no open session"
    else:
        assert d.open, f"{state.name}: the session closed while reaching the state"
        assert d.attributes.get("mode") == state.mode, (
            f"{state.name}: reached mode {d.attributes.get('mode')!r}, expected {state.mode!r}"
        )
    if state.index is not None:
        assert d.attributes["checkin"]["index"] == state.index, (
            f"{state.name}: waiting on item {d.attributes['checkin']['index']}"
        )
    return d


def checkin_index(response: Response) -> int | None:
    checkin = response.attributes.get("checkin")
    return checkin.get("index") if isinstance(checkin, dict) else None


def test_every_state_is_reachable() -> None:
    for state in STATES:
        enter(state)


# --- Help ------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", STATES, ids=STATE_IDS)
def test_help_keeps_the_session_open_and_ends_with_a_question(state: State) -> None:
    d = enter(state)
    response = d.intent("AMAZON.HelpIntent")
    assert not response.ends_session, f"{state.name}: help closed the session"
    assert response.reprompt, f"{state.name}: help has no reprompt"
    assert response.speech.rstrip().endswith("?"), (
        f"{state.name}: help does not end with a question: {response.speech!r}"
    )
    if state.mode in ("checkin", "confirm_delete", "retry_save"):
        assert response.mode == state.mode, (
            f"{state.name}: help lost the pending question (mode {response.mode!r})"
        )
    if state.index is not None:
        assert checkin_index(response) == state.index, (
            f"{state.name}: help moved the check-in from item {state.index + 1}"
        )


@pytest.mark.parametrize("state", [s for s in STATES if s.mode == "checkin"], ids=lambda s: s.name)
def test_help_mid_checkin_asks_the_current_item_again(state: State) -> None:
    d = enter(state)
    assert state.index is not None
    item_id = d.attributes["checkin"]["item_ids"][state.index]
    item_text = load_content("en-US").item(item_id).text
    response = d.intent("AMAZON.HelpIntent")
    assert response.speech.endswith(item_text), (
        f"{state.name}: help does not ask item {state.index + 1} again: {response.speech!r}"
    )
    if state.index == 0:
        lowered = response.speech.lower()
        assert "next one" not in lowered and "another one" not in lowered, (
            f"{state.name}: help calls the first question the next one: {response.speech!r}"
        )


# --- Stop, cancel, navigate home -------------------------------------------------------------

EXITS = ["AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent"]


@pytest.mark.parametrize("intent", EXITS)
@pytest.mark.parametrize("state", STATES, ids=STATE_IDS)
def test_stop_cancel_and_home_end_the_session_cleanly(state: State, intent: str) -> None:
    d = enter(state)
    response = d.intent(intent)
    assert response.ends_session, f"{state.name}: {intent} left the session open"
    assert response.speech, f"{state.name}: {intent} ended without a word"
    assert response.reprompt is None, f"{state.name}: {intent} ended with a reprompt"
    assert not response.attributes, (
        f"{state.name}: {intent} left session attributes behind: {response.attributes}"
    )
    assert "sorry" not in response.speech.lower(), (
        f"{state.name}: {intent} answered with an apology: {response.speech!r}"
    )


def test_stop_during_delete_confirmation_deletes_nothing() -> None:
    d = CheckedDriver()
    d.intent("TonightsQuestionIntent")  # the household now has something stored
    reach_confirm_delete(d)
    assert d.mode_is("confirm_delete")
    d.intent("AMAZON.StopIntent")
    household = d.store.load(household_id_for(d.caller.user_id))
    assert household is not None, "stop during 'are you sure?' deleted the household"


# --- Fallback --------------------------------------------------------------------------------


@pytest.mark.parametrize("state", STATES, ids=STATE_IDS)
def test_fallback_gives_state_aware_guidance_with_a_reprompt(state: State) -> None:
    d = enter(state)
    response = d.intent("AMAZON.FallbackIntent")
    assert not response.ends_session, f"{state.name}: fallback closed the session"
    assert response.speech, f"{state.name}: fallback said nothing"
    assert response.reprompt, f"{state.name}: fallback has no reprompt"
    speech = response.speech.lower()
    if state.name in YES_NO_STATES:
        assert re.search(r"\byes\b.*\bno\b", speech), (
            f"{state.name}: fallback does not ask for yes or no: {response.speech!r}"
        )
        assert response.mode == state.mode, (
            f"{state.name}: fallback lost the pending question (mode {response.mode!r})"
        )
    elif state.name == "checkin_after_miss":
        assert response.mode == "checkin", f"{state.name}: fallback left the check-in"
        before = d.responses[-2].attributes["checkin"]["item_ids"]
        after = response.attributes["checkin"]["item_ids"]
        assert after[-1] == before[0] and after[0] == before[1], (
            f"{state.name}: a second miss did not move on to come back later: {response.speech!r}"
        )
        assert "come back" in speech, f"{state.name}: the come-back was not said"
    elif state.mode == "checkin":
        assert "one to five, like" in speech, (
            f"{state.name}: fallback mid-check-in does not re-ask on the number scale"
        )
        assert checkin_index(response) == state.index, f"{state.name}: fallback moved the item"
    else:
        assert "check in" in speech or "tonight's question" in speech, (
            f"{state.name}: fallback gives no guidance on what to say: {response.speech!r}"
        )


def test_fallback_asks_a_question_whichever_wording_is_picked() -> None:
    """The wording varies by household and night: try enough couples to hear every variant."""
    heard: set[str] = set()
    for couple in range(16):
        d = CheckedDriver(caller=Caller(user_id=f"amzn1.ask.account.COUPLE-{couple}"))
        d.launch()
        response = d.intent("AMAZON.FallbackIntent")  # invariants: open, so a question
        heard.add(response.speech)
    assert len(heard) > 1, "every couple heard the same fallback: the test saw one variant"


# --- Repeat ----------------------------------------------------------------------------------


@pytest.mark.parametrize("state", STATES, ids=STATE_IDS)
def test_repeat_says_the_last_thing_again(state: State) -> None:
    d = enter(state)
    before = d.last if d.open else None
    response = d.intent("AMAZON.RepeatIntent")
    assert not response.ends_session, f"{state.name}: repeat closed the session"
    assert response.reprompt, f"{state.name}: repeat has no reprompt"
    if before is None:
        assert response.speech.rstrip().endswith("?"), (
            f"{state.name}: with nothing to repeat, repeat should help: {response.speech!r}"
        )
        return
    if state.mode == "checkin":
        item_id = d.attributes["checkin"]["item_ids"][checkin_index(response) or 0]
        item = load_content("en-US").item(item_id).text
        expected = f"{item} One is not at all, five is completely."
        assert response.speech == expected, f"{state.name}: repeat said {response.speech!r}"
        assert checkin_index(response) == checkin_index(before), f"{state.name}: repeat moved"
        return
    assert response.speech == before.speech, (
        f"{state.name}: repeat said {response.speech!r}, not {before.speech!r}"
    )
    assert response.reprompt == before.reprompt, f"{state.name}: repeat changed the reprompt"
    assert response.mode == state.mode, f"{state.name}: repeat changed the mode"
    assert checkin_index(response) == checkin_index(before), (
        f"{state.name}: repeat moved the check-in"
    )


# --- Side requests ----------------------------------------------------------------------------

SIDE_REQUESTS = ["StreakIntent", "DeeperQuestionsIntent", "LighterQuestionsIntent"]


@pytest.mark.parametrize("intent", SIDE_REQUESTS)
@pytest.mark.parametrize("state", STATES, ids=STATE_IDS)
def test_side_requests_answer_and_come_back_to_the_pending_question(
    state: State, intent: str
) -> None:
    d = enter(state)
    response = d.intent(intent)  # the invariants: an open microphone only after a question
    assert response.speech, f"{state.name}: {intent} said nothing"
    if state.mode is not None:
        assert not response.ends_session, (
            f"{state.name}: {intent} dropped the pending question: {response.speech!r}"
        )
        assert response.mode == state.mode, f"{state.name}: {intent} changed the mode"


# --- Safety: danger ------------------------------------------------------------------------


@pytest.mark.parametrize("state", STATES, ids=STATE_IDS)
def test_danger_gives_the_fixed_message_with_digits_and_ends_without_a_card(state: State) -> None:
    d = enter(state)
    response = d.intent("DangerIntent")
    assert response.speech == SUPPORT_MESSAGE, (
        f"{state.name}: the safety message differs: {response.speech!r}"
    )
    spoken = re.sub(r'<say-as interpret-as="digits">\d+</say-as>', "", response.ssml)
    assert not re.search(r"\d", spoken), f"{state.name}: a number not read digit by digit"
    assert response.ends_session, f"{state.name}: the safety message left the session open"
    assert response.reprompt is None, f"{state.name}: the safety message has a reprompt"
    assert response.card is None, f"{state.name}: the safety message sent a card: {response.card}"
    assert not response.attributes, f"{state.name}: session attributes left behind"
