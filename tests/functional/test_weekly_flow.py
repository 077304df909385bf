"""The weekly look back over scripted weeks, through real envelopes: kind, short, never a grade."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from skill.content.loader import load_content
from tests.support.skill_driver import Driver, Response

MAX_WORDS = 50
GRADES = re.compile(
    r"\b(score|scored|grade|percent|points?|out of|fail\w*|pass\w*|poor|bad|worst|rating)\b|%",
    re.IGNORECASE,
)
PILLAR_NAMES = {p: pack.name for p, pack in load_content("en-US").pillars.items()}

Answers = Callable[[str], int]  # pillar ("anchor" for closeness) -> the answer both give


def week(d: Driver, nights: list[str], answers: Answers) -> None:
    """Seven evenings: "c" checks in, "q" only asks for tonight's question, "-" skips."""
    for night in nights:
        d.next_evening()
        if night == "c":
            d.check_in(answers)
        elif night == "q":
            d.intent("TonightsQuestionIntent")


def look_back(d: Driver) -> Response:
    d.next_evening(days=0, hour=22)
    response = d.intent("WeeklyLookBackIntent")
    words = len(response.speech.split())
    assert words <= MAX_WORDS, (words, response.speech)
    assert not GRADES.search(response.speech), response.speech
    return response


def named(response: Response) -> set[str]:
    lowered = response.speech.lower()
    return {pillar for pillar, name in PILLAR_NAMES.items() if name in lowered}


def test_a_good_week_after_a_quieter_one() -> None:
    d = Driver()
    week(d, ["c", "c", "q", "c", "-", "c", "q"], lambda pillar: 3)
    week(d, ["c", "c", "c", "q", "c", "c", "c"], lambda pillar: 5 if pillar != "time" else 4)
    response = look_back(d)
    assert "7 nights" in response.speech
    assert named(response), response.speech
    assert "grew the most" in response.speech
    assert re.search(r"strongest|strong spot", response.speech)
    assert re.search(r"thank you|glad", response.speech, re.IGNORECASE)
    assert response.ends_session


def test_a_mixed_week_names_what_grew() -> None:
    d = Driver()
    week(d, ["c", "c", "c", "c", "-", "-", "-"], lambda pillar: 2 if pillar == "listening" else 4)
    week(d, ["c", "-", "c", "q", "c", "-", "-"], lambda pillar: 5 if pillar == "listening" else 3)
    response = look_back(d)
    assert "4 nights" in response.speech
    assert named(response) == {"listening"}, response.speech
    assert "grew the most" in response.speech
    assert re.search(r"strongest|strong spot", response.speech)


def test_a_low_week_is_gentle() -> None:
    d = Driver()
    week(d, ["c", "-", "c", "-", "c", "-", "-"], lambda pillar: 2 if pillar != "time" else 1)
    response = look_back(d)
    assert "3 nights" in response.speech
    assert "held up best" in response.speech
    assert "strongest" not in response.speech and "strong spot" not in response.speech
    assert re.search(r"harder weeks|heavy", response.speech, re.IGNORECASE)


@pytest.mark.parametrize(("nights", "checkins"), [(["-"] * 7, 0), (["q", "c", "q", "-"], 1)])
def test_too_few_nights_say_what_would_help(nights: list[str], checkins: int) -> None:
    d = Driver()
    week(d, nights, lambda pillar: 4)
    response = look_back(d)
    assert "isn't" in response.speech and "enough" in response.speech
    assert re.search(r"check in|one more", response.speech, re.IGNORECASE)
    assert not named(response)


def test_in_a_session_it_goes_back_to_the_pending_question() -> None:
    d = Driver()
    week(d, ["c", "c"], lambda pillar: 4)
    d.next_evening()
    d.launch()
    response = d.intent("WeeklyLookBackIntent")
    assert response.mode == "menu" and response.reprompt
    assert len(response.speech.split()) <= MAX_WORDS


def test_a_week_where_the_one_that_grew_is_not_the_strongest() -> None:
    d = Driver()
    week(d, ["c", "c", "c", "c", "q", "-", "-"], lambda pillar: 1 if pillar == "listening" else 4)
    week(d, ["c", "c", "c", "c", "-", "-", "-"], lambda pillar: 3 if pillar == "listening" else 5)
    response = look_back(d)
    names = named(response)
    assert "listening" in names and len(names) == 2, response.speech
    assert f"{PILLAR_NAMES['listening'].capitalize()} grew the most" in response.speech
