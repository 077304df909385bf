"""Logs carry request type, intent, locale, timings and outcome: never ids, tokens or answers."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pytest

from skill.chat.envelopes import Caller, skill_disabled_event
from tests.support.skill_driver import NEW_YORK, Driver

PLANTED_USER = "amzn1.ask.account.PLANTED-USER-7f3a9c"
PLANTED_DEVICE = "amzn1.ask.device.PLANTED-DEVICE-41be"
PLANTED_TOKEN = "PLANTED-TOKEN-e8d1"
PLANTED_SESSION = "amzn1.echo-api.session.PLANTED-SESSION-55aa"
PLANTED_ANSWER_WORDS = ("purple-elephant", "tangerine")


def _full_week(driver: Driver) -> None:
    for night in range(7):
        driver.launch()
        driver.intent("AMAZON.YesIntent")
        driver.answer(4, 5)
        driver.answer("purple-elephant")  # misheard: re-asked
        driver.answer("tangerine")  # second miss: moved on
        driver.answer("a lot", "not at all")
        driver.answer(2, 2)
        driver.intent("StreakIntent")
        driver.intent("TonightsQuestionIntent")
        if night == 3:
            driver.intent("StruggleIntent")
            driver.intent("DangerIntent")
        driver.next_evening()
    driver.intent("DeleteDataIntent")
    driver.intent("AMAZON.YesIntent")


def test_a_week_of_use_logs_no_ids_tokens_or_answers(caplog: pytest.LogCaptureFixture) -> None:
    caller = Caller(
        user_id=PLANTED_USER,
        device_id=PLANTED_DEVICE,
        api_access_token=PLANTED_TOKEN,
        session_id=PLANTED_SESSION,
    )
    driver = Driver(caller=caller, now=datetime(2026, 11, 16, 21, 0, tzinfo=NEW_YORK))
    with caplog.at_level(logging.DEBUG):
        _full_week(driver)
        driver.send(skill_disabled_event(caller, driver.now + timedelta(hours=1), "NOT_PERSISTED"))
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "turn type=IntentRequest intent=AnswerIntent" in text  # the log line exists at all
    for secret in (PLANTED_USER, PLANTED_DEVICE, PLANTED_TOKEN, PLANTED_SESSION):
        assert secret not in text
        assert secret.split(".")[-1] not in text
    for word in (*PLANTED_ANSWER_WORDS, "a lot", "not at all", "four", "five"):
        assert word not in text
    for record in caplog.records:
        assert not record.args or all(
            not isinstance(arg, str) or PLANTED_USER not in arg for arg in record.args
        )
