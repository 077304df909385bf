"""The goodnight says once a week that the look back is ready: after the week's second
check-in, never after a low night, never at the cost of the tip, and within the 45 words."""

from __future__ import annotations

from collections.abc import Callable

from skill.content.loader import load_content
from skill.household import Household
from skill.services.common import household_id_for
from skill.storage.memory import MemoryStore
from tests.support.skill_driver import Driver, Response

CONTENT = load_content("en-US")
READY_LINES = CONTENT.speech.lines["weekly_ready_at_closing"]
CLOSING_MAX_WORDS = 45
TIP_SEPARATOR = "\n\nOne small idea: "

Answers = Callable[[str], int]  # pillar ("anchor" for closeness) -> the answer both give
HIGH: Answers = lambda pillar: 5  # noqa: E731
LOW: Answers = lambda pillar: 2 if pillar != "time" else 1  # noqa: E731
# Closeness felt hard, everything else high: a low night with no small idea, so the goodnight
# would have room for the line; it is the night, not the budget, that keeps it unsaid.
HARD_CLOSE: Answers = lambda pillar: 2 if pillar == "anchor" else 5  # noqa: E731
# Middling answers with one pillar lower: the goodnight carries a small idea and is nearly full.
FULL: Answers = lambda pillar: 5 if pillar == "time" else 3  # noqa: E731


class Couple:
    def __init__(self) -> None:
        self.store = MemoryStore()
        self.driver = Driver(store=self.store)
        self.household_id = household_id_for(self.driver.caller.user_id)

    def night(self, answers: Answers) -> Response:
        """Tomorrow evening's check-in; its goodnight, checked for length and the question."""
        response = self.driver.next_evening().check_in(answers)
        words = len(response.speech.split())
        assert words <= CLOSING_MAX_WORDS, f"{words} words: {response.speech!r}"
        card = response.card
        assert card is not None
        assert card["content"].split(TIP_SEPARATOR)[0] in response.speech  # tonight's question
        return response

    @property
    def household(self) -> Household:
        household = self.store.load(self.household_id)
        assert household is not None
        return household


def mentions(response: Response) -> bool:
    return any(line in response.speech for line in READY_LINES)


def test_once_after_the_second_check_in_then_not_for_seven_nights() -> None:
    couple = Couple()
    assert not mentions(couple.night(HIGH))  # one check-in: nothing to look back on yet
    assert couple.household.look_back_mentioned is None

    second = couple.night(HIGH)
    assert mentions(second), second.speech
    said_on = couple.household.last_checkin_night
    assert couple.household.look_back_mentioned == said_on

    for number in range(3, 9):  # the six nights after it: still within the week
        response = couple.night(HIGH)
        assert not mentions(response), f"night {number} again: {response.speech!r}"
    assert couple.household.look_back_mentioned == said_on

    ninth = couple.night(HIGH)  # seven nights on: a new week to look back on
    assert mentions(ninth), ninth.speech
    assert couple.household.look_back_mentioned == couple.household.last_checkin_night


def test_never_after_a_low_night_it_waits_for_the_next_one() -> None:
    couple = Couple()
    couple.night(HIGH)
    for answers in (HARD_CLOSE, LOW):  # the week has enough check-ins, but these nights were low
        low = couple.night(answers)
        assert not mentions(low), low.speech
        assert couple.household.look_back_mentioned is None
    after = couple.night(HIGH)
    assert mentions(after), after.speech


def test_a_week_of_low_nights_never_hears_of_it() -> None:
    couple = Couple()
    for number in range(1, 8):
        response = couple.night(HARD_CLOSE if number % 2 else LOW)
        assert not mentions(response), f"night {number}: {response.speech!r}"
    assert couple.household.look_back_mentioned is None


def test_a_full_goodnight_keeps_its_tip_and_the_mention_waits_unremembered() -> None:
    couple = Couple()
    for number in range(1, 4):
        response = couple.night(FULL)
        card = response.card
        assert card is not None and TIP_SEPARATOR in card["content"], card
        tip = card["content"].split(TIP_SEPARATOR)[1]
        assert tip in response.speech, f"night {number}: the tip gave way: {response.speech!r}"
        assert not mentions(response), f"night {number}: {response.speech!r}"
        assert couple.household.look_back_mentioned is None  # not said, so not remembered
    roomy = couple.night(HIGH)
    assert mentions(roomy), roomy.speech
    assert couple.household.look_back_mentioned == couple.household.last_checkin_night
