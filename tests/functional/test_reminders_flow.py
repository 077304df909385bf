"""Bedtime reminders through real envelopes, with the real HTTP client on a loopback fake API."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from skill.alexa.reminders_client import HttpRemindersApi
from skill.chat.envelopes import Caller, SlotFill
from skill.chat.fake_reminders import TIMEOUT
from skill.household import Household
from skill.ports import StorageUnavailable
from skill.services.common import household_id_for
from skill.storage.memory import MemoryStore
from tests.support.fake_reminders_api import ServedReminders, fake_reminders_api
from tests.support.skill_driver import NEW_YORK, Driver, Response

SCOPE = "alexa::alerts:reminders:skill:readwrite"
MAX_WORDS = 40  # a reminder answer is one or two short sentences


@dataclass
class Setup:
    driver: Driver
    served: ServedReminders

    @property
    def household(self) -> Household:
        stored = self.driver.store.load(household_id_for(self.driver.caller.user_id))
        assert stored is not None
        return stored

    @property
    def reminders(self) -> dict[str, dict[str, Any]]:
        return self.served.fake.reminders

    def grant(self) -> None:
        self.driver.caller.reminders_granted = True
        self.served.fake.granted = True

    def set_at(self, value: str | None, intent: str = "SetReminderIntent") -> Response:
        slots = [SlotFill("time", value, slot_type="AMAZON.TIME")] if value else []
        return self.driver.intent(intent, slots)


@pytest.fixture
def setup() -> Iterator[Setup]:
    served = ServedReminders(delay_seconds=1.0)
    with fake_reminders_api(served) as url:
        client = HttpRemindersApi(allow_loopback=True, timeout_seconds=0.3)
        driver = Driver(caller=Caller(api_endpoint=url), reminders=client)
        yield Setup(driver, served)


def words(response: Response) -> int:
    return len(response.speech.split())


def only_rule(reminder: dict[str, Any]) -> str:
    (rule,) = reminder["trigger"]["recurrence"]["recurrenceRules"]
    assert isinstance(rule, str)
    return rule


# -- set, change, hear, cancel ------------------------------------------------------------------


def test_a_one_shot_sets_a_daily_reminder_in_the_device_zone(setup: Setup) -> None:
    setup.grant()
    response = setup.set_at("21:30")
    assert "every night at 9:30 PM" in response.speech
    assert response.ends_session and words(response) <= MAX_WORDS
    (reminder_id, reminder) = next(iter(setup.reminders.items()))
    assert only_rule(reminder).startswith("FREQ=DAILY;BYHOUR=21;BYMINUTE=30;")
    assert reminder["trigger"]["timeZoneId"] == "America/New_York"
    stored = setup.household.reminder
    assert stored is not None and stored.reminder_id == reminder_id
    assert (stored.hour, stored.minute, stored.zone) == (21, 30, "America/New_York")


def test_a_bare_evening_hour_means_the_evening(setup: Setup) -> None:
    setup.grant()
    response = setup.set_at("10:00")  # "set a bedtime reminder for ten"
    assert "every night at 10 PM" in response.speech
    assert only_rule(next(iter(setup.reminders.values()))).startswith("FREQ=DAILY;BYHOUR=22;")


def test_the_reminder_words_say_nothing_private(setup: Setup) -> None:
    setup.grant()
    setup.set_at("21:30")
    (content,) = next(iter(setup.reminders.values()))["alertInfo"]["spokenInfo"]["content"]
    text = content["text"].lower()
    assert "heart to heart" in text
    assert not any(ch.isdigit() for ch in text)
    for private in ("score", "answer", "heard", "trust", "respect", "streak", "check-in"):
        assert private not in text


def test_set_in_a_session_goes_back_to_the_pending_question(setup: Setup) -> None:
    setup.grant()
    launch = setup.driver.launch()
    assert launch.mode == "menu"
    response = setup.set_at("21:30")
    assert "every night at 9:30 PM" in response.speech
    assert response.mode == "menu" and response.reprompt and not response.ends_session


def test_without_a_time_it_suggests_one_and_sets_it_on_yes(setup: Setup) -> None:
    setup.grant()
    setup.driver.at(datetime(2026, 11, 20, 21, 41, tzinfo=NEW_YORK))
    offer = setup.set_at(None)  # "remind us"
    assert offer.mode == "offer_reminder" and "every night at 9:30 PM" in offer.speech
    assert offer.reprompt and not setup.reminders
    done = setup.driver.intent("AMAZON.YesIntent")
    assert "every night at 9:30 PM" in done.speech and done.ends_session
    assert len(setup.reminders) == 1


def test_a_suggestion_in_a_session_goes_back_to_the_check_in_offer(setup: Setup) -> None:
    setup.grant()
    setup.driver.launch()
    setup.set_at(None)
    declined = setup.driver.intent("AMAZON.NoIntent")
    assert declined.mode == "menu" and declined.reprompt and not setup.reminders
    setup.set_at(None)
    accepted = setup.driver.intent("AMAZON.YesIntent")
    assert accepted.mode == "menu" and len(setup.reminders) == 1
    assert setup.driver.intent("AMAZON.YesIntent").mode == "checkin"


def test_no_to_the_suggestion_creates_nothing(setup: Setup) -> None:
    setup.grant()
    setup.set_at(None)
    response = setup.driver.intent("AMAZON.NoIntent")
    assert response.ends_session and not setup.reminders
    assert setup.served.seen == []


def test_change_moves_the_same_reminder(setup: Setup) -> None:
    setup.grant()
    setup.set_at("21:30")
    (reminder_id,) = setup.reminders
    response = setup.set_at("22:15", "ChangeReminderIntent")
    assert "now every night at 10:15 PM" in response.speech or "10:15 PM" in response.speech
    assert list(setup.reminders) == [reminder_id]
    assert only_rule(setup.reminders[reminder_id]).startswith("FREQ=DAILY;BYHOUR=22;BYMINUTE=15;")
    assert setup.served.seen[-1].method == "PUT"
    stored = setup.household.reminder
    assert stored is not None and (stored.hour, stored.minute) == (22, 15)


def test_change_after_it_was_deleted_in_the_app_makes_a_new_one(setup: Setup) -> None:
    setup.grant()
    setup.set_at("21:30")
    setup.reminders.clear()  # the couple deleted it in the app
    response = setup.set_at("22:00", "ChangeReminderIntent")
    assert "10 PM" in response.speech
    (new_id,) = setup.reminders
    stored = setup.household.reminder
    assert stored is not None and stored.reminder_id == new_id and stored.hour == 22


def test_setting_the_same_time_again_calls_nothing(setup: Setup) -> None:
    setup.grant()
    setup.set_at("21:30")
    calls = len(setup.served.seen)
    response = setup.set_at("21:30")
    assert "already every night at 9:30 PM" in response.speech
    assert len(setup.served.seen) == calls


def test_hear_the_reminder(setup: Setup) -> None:
    setup.grant()
    none = setup.driver.intent("ReminderStatusIntent")
    assert "don't have a bedtime reminder" in none.speech
    setup.set_at("21:30")
    response = setup.driver.intent("ReminderStatusIntent")
    assert "every night at 9:30 PM" in response.speech and response.ends_session
    assert setup.served.seen[-1].method == "GET"


def test_hear_after_it_was_deleted_in_the_app_forgets_it(setup: Setup) -> None:
    setup.grant()
    setup.set_at("21:30")
    setup.reminders.clear()
    response = setup.driver.intent("ReminderStatusIntent")
    assert "don't have a bedtime reminder" in response.speech
    assert setup.household.reminder is None


def test_hear_when_the_api_is_down_answers_from_what_was_stored(setup: Setup) -> None:
    setup.grant()
    setup.set_at("21:30")
    setup.served.fake.failures.append(503)
    response = setup.driver.intent("ReminderStatusIntent")
    assert "every night at 9:30 PM" in response.speech
    assert setup.household.reminder is not None


def test_cancel_deletes_it_and_forgets_it(setup: Setup) -> None:
    setup.grant()
    setup.set_at("21:30")
    response = setup.driver.intent("CancelReminderIntent")
    assert response.ends_session and words(response) <= MAX_WORDS
    assert "cancel" in response.speech.lower() or "no more" in response.speech.lower()
    assert not setup.reminders and setup.household.reminder is None
    again = setup.driver.intent("CancelReminderIntent")
    assert "no bedtime reminder to cancel" in again.speech


def test_change_and_cancel_work_from_another_device(setup: Setup) -> None:
    setup.grant()
    setup.set_at("21:30")
    setup.driver.caller.device_id = "amzn1.ask.device.OTHER-ROOM"
    setup.set_at("22:00", "ChangeReminderIntent")
    setup.driver.intent("CancelReminderIntent")
    assert not setup.reminders and setup.household.reminder is None


def test_delete_our_data_deletes_the_reminder_too(setup: Setup) -> None:
    setup.grant()
    setup.set_at("21:30")
    setup.driver.intent("DeleteDataIntent")
    done = setup.driver.intent("AMAZON.YesIntent")
    assert "deleted" in done.speech
    assert not setup.reminders
    assert setup.driver.store.load(household_id_for(setup.driver.caller.user_id)) is None


def test_delete_our_data_goes_ahead_when_the_api_fails(setup: Setup) -> None:
    setup.grant()
    setup.set_at("21:30")
    setup.driver.intent("DeleteDataIntent")
    setup.served.fake.failures.append(500)
    done = setup.driver.intent("AMAZON.YesIntent")
    assert "deleted" in done.speech
    assert setup.driver.store.load(household_id_for(setup.driver.caller.user_id)) is None


# -- voice consent ------------------------------------------------------------------------------


def ask_for(response: Response) -> dict[str, Any]:
    (directive,) = response.directives
    assert directive["type"] == "Connections.SendRequest" and directive["name"] == "AskFor"
    return directive


def test_without_permission_it_asks_by_voice_and_creates_on_accepted(setup: Setup) -> None:
    asked = setup.set_at("21:30")
    directive = ask_for(asked)
    assert directive["payload"] == {
        "@type": "AskForPermissionsConsentRequest",
        "@version": "2",
        "permissionScopes": [{"permissionScope": SCOPE, "consentLevel": "ACCOUNT"}],
    }
    assert "every night at 9:30 PM" in asked.speech  # the consent is for exactly this one
    assert asked.ends_session and asked.reprompt is None
    assert setup.served.seen == []
    setup.grant()
    done = setup.driver.consent("ACCEPTED", directive["token"])
    assert "every night at 9:30 PM" in done.speech
    assert len(setup.reminders) == 1 and setup.household.reminder is not None


@pytest.mark.parametrize("status", ["DENIED", "NOT_ANSWERED"])
def test_denied_or_unanswered_consent_says_how_to_turn_it_on(setup: Setup, status: str) -> None:
    directive = ask_for(setup.set_at("21:30"))
    response = setup.driver.consent(status, directive["token"])
    assert "settings" in response.speech and "app" in response.speech
    assert response.ends_session and not response.directives
    assert setup.served.seen == []
    assert words(response) <= MAX_WORDS


def test_a_consent_answer_with_a_strange_token_does_nothing(setup: Setup) -> None:
    setup.grant()
    response = setup.driver.consent("ACCEPTED", "somebody-else|21:30")
    assert response.ends_session and setup.served.seen == []


# -- every API failure: a short answer, nothing half done ---------------------------------------


@pytest.mark.parametrize(
    ("arrange", "expected"),
    [
        (lambda s: setattr(s.served.fake, "granted", False), "turned off"),  # revoked
        (lambda s: setattr(s.served.fake, "limit", 0), "list is full"),
        (lambda s: s.served.fake.failures.append(429), "ask me again in a minute"),
        (lambda s: s.served.fake.failures.append(500), "couldn't reach your reminders"),
        (lambda s: s.served.fake.failures.append(TIMEOUT), "couldn't reach your reminders"),
    ],
    ids=["permission-revoked", "too-many", "throttled", "server-error", "timeout"],
)
def test_a_failed_create_is_answered_and_changes_nothing(
    setup: Setup, arrange: Any, expected: str
) -> None:
    setup.grant()
    arrange(setup)
    response = setup.set_at("21:30")
    assert expected in response.speech
    assert response.ends_session and words(response) <= MAX_WORDS
    assert not setup.reminders
    stored = setup.driver.store.load(household_id_for(setup.driver.caller.user_id))
    assert stored is None or stored.reminder is None


@pytest.mark.parametrize("status", [401, 429, 500, TIMEOUT])
def test_a_failed_change_keeps_the_old_reminder(setup: Setup, status: int) -> None:
    setup.grant()
    setup.set_at("21:30")
    before = json.dumps(setup.reminders, sort_keys=True)
    setup.served.fake.failures.append(status)
    response = setup.set_at("22:15", "ChangeReminderIntent")
    assert "10:15" not in response.speech and words(response) <= MAX_WORDS
    assert json.dumps(setup.reminders, sort_keys=True) == before
    stored = setup.household.reminder
    assert stored is not None and (stored.hour, stored.minute) == (21, 30)


@pytest.mark.parametrize("status", [401, 429, 500, TIMEOUT])
def test_a_failed_cancel_keeps_the_reminder(setup: Setup, status: int) -> None:
    setup.grant()
    setup.set_at("21:30")
    setup.served.fake.failures.append(status)
    response = setup.driver.intent("CancelReminderIntent")
    assert "cancelled" not in response.speech and words(response) <= MAX_WORDS
    assert len(setup.reminders) == 1 and setup.household.reminder is not None


class FailingSaves(MemoryStore):
    """A store whose writes fail (after the Reminders API call succeeded)."""

    def __init__(self) -> None:
        super().__init__()
        self.failing = False

    def save(self, household: Household, **kwargs: Any) -> Household:
        if self.failing:
            raise StorageUnavailable("down")
        return super().save(household, **kwargs)


def test_a_failed_write_after_create_deletes_the_new_reminder() -> None:
    served = ServedReminders()
    store = FailingSaves()
    with fake_reminders_api(served) as url:
        client = HttpRemindersApi(allow_loopback=True, timeout_seconds=0.3)
        driver = Driver(store=store, caller=Caller(api_endpoint=url), reminders=client)
        driver.caller.reminders_granted = served.fake.granted = True
        store.failing = True
        response = driver.intent(
            "SetReminderIntent", [SlotFill("time", "21:30", slot_type="AMAZON.TIME")]
        )
    assert "trouble remembering" in response.speech
    assert [r.method for r in served.seen] == ["POST", "DELETE"]
    assert not served.fake.reminders


def test_a_failed_write_after_change_puts_the_old_time_back() -> None:
    served = ServedReminders()
    store = FailingSaves()
    with fake_reminders_api(served) as url:
        client = HttpRemindersApi(allow_loopback=True, timeout_seconds=0.3)
        driver = Driver(store=store, caller=Caller(api_endpoint=url), reminders=client)
        driver.caller.reminders_granted = served.fake.granted = True
        slot = [SlotFill("time", "21:30", slot_type="AMAZON.TIME")]
        driver.intent("SetReminderIntent", slot)
        store.failing = True
        driver.intent("ChangeReminderIntent", [SlotFill("time", "22:15", slot_type="AMAZON.TIME")])
    assert [r.method for r in served.seen] == ["POST", "PUT", "PUT"]
    (reminder,) = served.fake.reminders.values()
    assert only_rule(reminder).startswith("FREQ=DAILY;BYHOUR=21;BYMINUTE=30;")


# -- the offer, once, after the third night together --------------------------------------------


def three_nights(d: Driver) -> None:
    for _ in range(3):
        d.intent("TonightsQuestionIntent")
        d.next_evening()


def test_the_offer_comes_once_after_the_third_night(setup: Setup) -> None:
    d = setup.driver
    d.intent("TonightsQuestionIntent")
    d.next_evening()
    d.intent("TonightsQuestionIntent")
    d.next_evening()
    assert "remind us" not in d.launch().speech  # two nights: not yet
    d.intent("AMAZON.StopIntent")
    d.intent("TonightsQuestionIntent")
    d.next_evening(hour=22)
    offer = d.launch()
    assert "remind us every night at 10:30 PM" in offer.speech
    assert offer.mode == "menu"  # the question is still the check-in: "yes" starts it
    assert setup.household.reminder_offered is not None
    assert d.intent("AMAZON.YesIntent").mode == "checkin"
    assert setup.served.seen == []
    d.intent("AMAZON.StopIntent")
    d.next_evening()
    assert "remind us" not in d.launch().speech  # once, ever


def test_taking_up_the_offer_asks_consent_then_creates_it(setup: Setup) -> None:
    d = setup.driver
    three_nights(d)
    d.launch()
    directive = ask_for(setup.set_at("21:30"))
    setup.grant()
    done = d.consent("ACCEPTED", directive["token"])
    assert "every night at 9:30 PM" in done.speech
    assert len(setup.reminders) == 1


def test_no_offer_when_a_reminder_is_already_set(setup: Setup) -> None:
    setup.grant()
    d = setup.driver
    setup.set_at("21:30")
    three_nights(d)
    assert "remind us" not in d.launch().speech


def test_a_suggestion_answered_with_something_else_is_left_kindly(setup: Setup) -> None:
    setup.set_at(None)
    unclear = setup.driver.intent("AnswerIntent")
    assert "remind us every night at 9:30 PM" in unclear.speech
    assert unclear.ends_session and not setup.reminders and setup.served.seen == []


def test_another_request_during_a_suggestion_comes_back_to_it(setup: Setup) -> None:
    setup.set_at(None)
    streak = setup.driver.intent("StreakIntent")
    assert streak.mode == "offer_reminder" and "9:30 PM" in (streak.reprompt or "")


# -- the cold path ------------------------------------------------------------------------------

_COLD = """
import json, sys
from datetime import datetime, timezone
from skill.alexa.builder import build_skill
from skill.alexa.timezone import FixedTimeZones
from skill.chat.envelopes import Caller, SlotFill, intent_request, launch_request
from skill.storage.memory import MemoryStore
from zoneinfo import ZoneInfo
skill = build_skill(MemoryStore(), FixedTimeZones(ZoneInfo("America/New_York")))
caller = Caller(api_endpoint="http://127.0.0.1:9", reminders_granted=True)
now = datetime(2026, 11, 20, 21, 30, tzinfo=timezone.utc)
skill.handle_event(launch_request(caller, now))
skill.handle_event(intent_request(caller, now, "StreakIntent", new_session=True))
before = "skill.alexa.reminders_client" in sys.modules
slot = [SlotFill("time", "21:30", slot_type="AMAZON.TIME")]
event = intent_request(caller, now, "SetReminderIntent", slot, new_session=True)
answer = skill.handle_event(event)
after = "skill.alexa.reminders_client" in sys.modules
print(json.dumps({"before": before, "after": after, "answer": answer["response"]}))
"""


def test_the_reminders_client_is_off_every_other_turns_path() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", _COLD], capture_output=True, text=True, timeout=60, check=True
    )
    result = json.loads(completed.stdout.splitlines()[-1])
    assert result["before"] is False, "launch or streak imported the reminders client"
    assert result["after"] is True
    # The real client refuses any host but Amazon's: nothing was sent, and the couple hears so.
    assert "couldn't reach your reminders" in result["answer"]["outputSpeech"]["ssml"]
