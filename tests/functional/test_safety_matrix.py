"""Safety triage in three tiers, in every state: danger, a hard moment, or a plain request for help.

A danger phrase that misses the numbers fails; so does a struggle or help phrase that gets them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from skill.alexa import intents
from skill.chat.session import TurnRecord
from skill.content.loader import load_content
from skill.services.common import household_id_for
from tests.support.chat_driver import (
    Couple,
    at_confirm_delete,
    at_menu,
    at_offer_continue,
    at_offer_resume,
    at_offer_starter,
    in_checkin,
)
from tests.support.phrasings import HELP_PHRASES

SAFETY = load_content("en-US").safety
DANGER = [
    "I'm scared of my partner",
    "I am scared of my partner",
    "I'm afraid of my partner",
    "I'm afraid of him",
    "I'm scared of her",
    "my partner hurts me",
    "he hurts me",
    "she hurts me",
    "he hit me",
    "she hits me",
    "my partner hit me",
    "I'm being hurt",
    "someone is hurting me",
    "he threatens me",
    "she threatened me",
    "I don't feel safe",
    "I don't feel safe at home",
    "I'm not safe at home",
    "I feel unsafe",
    "I'm in danger",
    "I want to hurt myself",
    "I want to die",
    "I don't want to live anymore",
    "I'm scared",
    "I'm afraid",
    "I'm thinking of hurting myself",
    "my partner threatens me",
]
STRUGGLE = [
    "we need help",
    "I need help",
    "we keep fighting",
    "we fight all the time",
    "we're fighting",
    "we had a big fight",
    "we keep arguing",
    "we argue all the time",
    "we've been arguing",
    "things are rough",
    "things are rough right now",
    "things are really hard",
    "we're not doing well",
    "we're struggling",
    "our relationship is struggling",
    "we need support",
    "I need someone to talk to",
    "it's been a bad week",
    "we're going through a hard time",
    "we can't stop fighting",
    "we had a fight",
    "we're having a hard time",
    "things are hard",
]
HELP = list(HELP_PHRASES)
DIGIT = re.compile(r"\d")


STATES: dict[str, Callable[[], Couple]] = {
    "idle": Couple,
    "menu": at_menu,
    "offer_resume": at_offer_resume,
    "offer_starter": at_offer_starter,
    "checkin_first_item": in_checkin,
    "checkin_last_item": lambda: in_checkin(answers=3),
    "checkin_after_miss": lambda: in_checkin(answers=1, misses=1),
    "confirm_delete": at_confirm_delete,
    "offer_continue": at_offer_continue,
}


@pytest.fixture(scope="module")
def couples() -> dict[str, Couple]:
    return {name: reach() for name, reach in STATES.items()}


def _say(couple: Couple, state: str, phrase: str) -> TurnRecord:
    if state == "idle":
        return couple.probe(f"tell heart to heart {phrase}")
    return couple.probe(phrase)


def _stored_version(couple: Couple) -> int | None:
    household = couple.store.load(household_id_for(couple.chat.caller.user_id))
    return household.version if household else None


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("phrase", DANGER)
def test_danger_gets_the_numbers_digit_by_digit_and_ends(
    couples: dict[str, Couple], state: str, phrase: str
) -> None:
    couple = couples[state]
    before = _stored_version(couple)
    record = _say(couple, state, phrase)
    assert record.intent == intents.DANGER, f"{state}: {phrase!r} resolved to {record.intent}"
    assert record.speech == SAFETY.support_message, f"{state}: {phrase!r}: {record.speech!r}"
    outside_digits = re.sub(r'<say-as interpret-as="digits">\d+</say-as>', "", record.ssml)
    assert not DIGIT.search(outside_digits), f"{state}: a number not read digit by digit"
    assert record.end_session and record.reprompt is None, f"{state}: the session stayed open"
    assert record.card is None, f"{state}: a card after the safety message"
    assert record.session == {}, f"{state}: session attributes kept"
    assert _stored_version(couple) == before, f"{state}: something was written"


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("phrase", STRUGGLE)
def test_a_hard_moment_gets_a_calm_repair_idea_and_no_numbers(
    couples: dict[str, Couple], state: str, phrase: str
) -> None:
    record = _say(couples[state], state, phrase)
    assert record.intent == intents.STRUGGLE, f"{state}: {phrase!r} resolved to {record.intent}"
    assert not DIGIT.search(record.speech), f"{state}: {phrase!r} got numbers"
    assert record.speech == SAFETY.struggle_message
    lowered = record.speech.lower()
    assert "counsellor" in lowered and "i don't feel safe" in lowered and "two minutes" in lowered
    assert not record.end_session and record.reprompt, f"{state}: {phrase!r} closed the session"
    assert record.speech.endswith("?") and record.session.get("mode") == "offer_continue"


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("phrase", HELP)
def test_a_plain_request_for_help_gets_help_for_the_state(
    couples: dict[str, Couple], state: str, phrase: str
) -> None:
    record = _say(couples[state], state, phrase)
    assert record.intent == intents.HELP, f"{state}: {phrase!r} resolved to {record.intent}"
    assert not DIGIT.search(record.speech), f"{state}: {phrase!r} got numbers"
    assert "hotline" not in record.speech.lower() and "counsellor" not in record.speech.lower()
    assert not record.end_session and record.reprompt, f"{state}: help closed the session"
    assert record.speech.endswith("?"), f"{state}: help does not end with a question"
    if state.startswith("checkin"):
        assert record.session.get("mode") == "checkin", f"{state}: help left the check-in"


def test_the_matrix_is_big_enough() -> None:
    assert len(DANGER) + len(STRUGGLE) + len(HELP) >= 60
    assert len(STATES) >= 9


def test_go_on_after_a_hard_moment_mid_checkin_asks_the_same_item() -> None:
    couple = in_checkin(answers=2)
    before = couple.say("repeat")
    couple.say("we keep fighting")
    again = couple.say("go on")
    assert again.speech == before.speech and again.session["checkin"]["index"] == 2


def test_stop_after_a_hard_moment_keeps_the_answers_for_later_tonight() -> None:
    couple = in_checkin(answers=2)
    couple.say("we keep fighting")
    couple.say("no")
    offer = couple.say("open heart to heart")
    assert offer.session.get("mode") == "offer_resume", offer.speech


@pytest.mark.parametrize("locale", ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"])
def test_every_locale_reads_its_numbers_digit_by_digit_and_keeps_them_out_of_a_hard_moment(
    locale: str,
) -> None:
    from skill.alexa.ssml import Say

    safety = load_content(locale).safety
    ssml = Say().text_with_numbers(safety.support_message).ssml()
    outside = re.sub(r'<say-as interpret-as="digits">\d+</say-as>', "", ssml)
    assert not re.search(r"\b\d+\b", outside), f"{locale}: a number not read digit by digit"
    assert "say-as" in ssml, f"{locale}: no numbers at all in the safety message"
    assert not DIGIT.search(safety.struggle_message), f"{locale}: numbers in a hard moment"
    assert not DIGIT.search(safety.counselling_line)
