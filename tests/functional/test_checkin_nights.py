"""Weeks of nights as couples live them: honest goodnights, a tone that follows the night, and
Alexa saying little (at most 45 words to close, 100 from "yes" to goodnight, 130 the first night).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.chat.session import TurnRecord
from skill.content.loader import load_content
from tests.support.chat_driver import Couple

CONTENT = load_content("en-US")
LINES = CONTENT.speech.lines
TENDER = {line for p in CONTENT.pillars.values() for line in p.tender_lines}
TIPS = {tip.text for p in CONTENT.pillars.values() for tip in p.tips}
CHEERS = {line.lower().rstrip(".") for line in LINES["ack_warm"]}
ACKS = {line for band in ("ack_warm", "ack_plain", "ack_gentle") for line in LINES[band]}
STARTERS = CONTENT.starters


@dataclass
class Night:
    turns: list[TurnRecord]  # from "yes" to goodnight

    @property
    def closing(self) -> TurnRecord:
        return self.turns[-1]

    @property
    def words(self) -> int:
        return sum(len(t.speech.split()) for t in self.turns)

    @property
    def reflection(self) -> str:
        """The goodnight without tonight's question (whose words are the content's own)."""
        return self.closing.speech.replace(self.question, "")

    @property
    def question(self) -> str:
        card = self.closing.card
        assert card is not None, f"no card: {self.closing.speech!r}"
        return card["text"].split("\n\nOne small idea: ")[0]


def check_in(couple: Couple, answers: list[str]) -> Night:
    couple.say("open heart to heart")
    turns = [couple.say("yes")]
    turns += [couple.say(answer) for answer in answers]
    assert turns[-1].end_session, f"the check-in did not finish: {turns[-1].speech!r}"
    return Night(turns)


def names_a_problem(speech: str) -> bool:
    lowered = speech.lower()
    return (
        any(line in speech for line in TENDER)
        or "care" in lowered
        or any(tip in speech for tip in TIPS)
        or "counsellor" in lowered
        or "harder" in lowered
        or "distant" in lowered
    )


HIGH_WEEK = [
    ["four each", "honestly a five", "we're both fours", "five and four"],
    ["five", "um, four and five", "a four", "both fives"],
    ["I'd say four", "four, five", "we both say five", "four each"],
    ["five and five", "probably a four", "four for me and five for him", "fours"],
    ["both fours", "five", "me four, her five", "I guess four"],
    ["four and five", "a five and a four", "we're both fives", "four"],
    ["five each", "four", "four and four", "she says five, I say four"],
]
LOW_WEEK = [
    ["two each", "um, a one", "we're both twos", "two and one"],
    ["one", "two and three", "a two", "he says one, I say two"],
    ["I guess two", "two, one", "both ones", "a little"],
    ["not at all and a little", "two", "maybe a two", "one each"],
    ["two and two", "honestly a one", "one for me and two for her", "twos"],
    ["a two", "one and two", "not really", "two each"],
    ["one and one", "two", "a little bit", "we're both twos"],
]
MIXED_WEEK = [
    ["four and two", "three", "five and three", "two each"],
    ["three each", "he says two, I say four", "four", "a three"],
    ["five", "four and four", "three and one", "four each"],
    ["two and four", "three", "four, four", "five"],
    ["four", "I'd go with a three and she'd say four", "two", "four each"],
    ["three and three", "a two and a five", "four", "three"],
    ["five each", "four", "both fours", "five and four"],
]


def week(answers: list[list[str]], user: str) -> list[Night]:
    couple = Couple(user=f"amzn1.ask.account.{user}")
    nights = []
    for night in answers:
        nights.append(check_in(couple, night))
        couple.next_evening()
    return nights


@pytest.fixture(scope="module")
def high_week() -> list[Night]:
    return week(HIGH_WEEK, "HIGH-WEEK")


@pytest.fixture(scope="module")
def low_week() -> list[Night]:
    return week(LOW_WEEK, "LOW-WEEK")


@pytest.fixture(scope="module")
def mixed_week() -> list[Night]:
    return week(MIXED_WEEK, "MIXED-WEEK")


def test_a_week_of_high_answers_never_hears_of_a_problem(high_week: list[Night]) -> None:
    for number, night in enumerate(high_week, 1):
        speech = night.reflection
        assert not names_a_problem(speech), f"night {number} invents a problem: {speech!r}"
        assert "\n\nOne small idea" not in (night.closing.card or {}).get("text", "")


def test_a_week_of_low_answers_hears_no_cheer_and_no_playful_question(
    low_week: list[Night],
) -> None:
    for number, night in enumerate(low_week, 1):
        for turn in night.turns:
            opening = turn.speech.split(".")[0].lower()
            assert opening not in CHEERS, f"night {number}: cheering {turn.speech!r}"
            assert "soundbank" not in turn.ssml, f"night {number}: a chime on a low night"
            assert "in a row" not in turn.speech, f"night {number}: streak talk on a low night"
        starter = next(s for s in STARTERS.values() if s.text == night.question)
        assert starter.tone != "playful", f"night {number}: a playful question {starter.text!r}"


def test_persistent_lows_bring_the_counselling_line_instead_of_a_tip(
    low_week: list[Night],
) -> None:
    said = [n for n in low_week if CONTENT.safety.counselling_line in n.closing.speech]
    assert said, "a week of ones and twos never mentioned a counsellor"
    for night in said:
        assert not any(tip in night.closing.speech for tip in TIPS), "a tip and counselling"
        assert "One small idea" not in (night.closing.card or {}).get("text", "")
    assert len(said) == 1, "the counselling line more than once a week"


@pytest.mark.parametrize("which", ["high", "low", "mixed"])
def test_every_goodnight_is_short_and_says_tonights_question(
    which: str, request: pytest.FixtureRequest
) -> None:
    nights: list[Night] = request.getfixturevalue(f"{which}_week")
    for number, night in enumerate(nights, 1):
        closing = night.closing.speech
        assert len(closing.split()) <= 45, f"{which} night {number}: {len(closing.split())} words"
        assert night.question in closing, f"{which} night {number}: no question in {closing!r}"
        limit = 130 if number == 1 else 100
        assert night.words <= limit, f"{which} night {number}: {night.words} words since yes"


@pytest.mark.parametrize("which", ["high", "low", "mixed"])
def test_no_robotic_repetition(which: str, request: pytest.FixtureRequest) -> None:
    nights: list[Night] = request.getfixturevalue(f"{which}_week")
    for number, night in enumerate(nights, 1):
        acks = [a for t in night.turns for a in ACKS if t.speech.startswith(a)]
        assert len(acks) == len(set(acks)), f"{which} night {number}: an ack twice: {acks}"
        for turn in night.turns:
            said = turn.speech.replace(night.question, "") if turn is night.closing else turn.speech
            sentences = re.split(r"(?<=[.?!])\s+", said.lower())
            thanks = sum(1 for s in sentences if s.startswith("thank"))
            assert thanks <= 1, f"{which} night {number}: two thank-yous in {turn.speech!r}"
            words = re.findall(r"[a-z']+", turn.speech.lower())
            triples = Counter(tuple(words[i : i + 3]) for i in range(len(words) - 2))
            repeated = [t for t, n in triples.items() if n > 1]
            assert not repeated, f"{which} night {number}: {repeated} twice in {turn.speech!r}"


def test_a_mixed_week_names_care_only_where_tonight_was_low(mixed_week: list[Night]) -> None:
    # Night 7 is all fours and fives: nothing needs care, whatever the nights before said.
    assert not names_a_problem(mixed_week[6].reflection), mixed_week[6].closing.speech
    # Night 1 has a two-each item: something needs care, and there is one small idea (card).
    assert names_a_problem(mixed_week[0].reflection), mixed_week[0].closing.speech


def test_the_tip_and_the_question_can_be_asked_for_again_all_night() -> None:
    couple = Couple(user="amzn1.ask.account.ASKS-AGAIN")
    night = check_in(couple, ["two each", "one and two", "two", "a one"])
    card = night.closing.card or {}
    question, _, tip = card["text"].partition("\n\nOne small idea: ")
    assert tip, "no tip on a night that needed care"
    one_shot = couple.say("ask heart to heart what was the tip")
    assert tip in one_shot.speech and one_shot.end_session
    again = couple.say("ask heart to heart to say the question again")
    assert question in again.speech and again.end_session
    tonight = couple.say("ask heart to heart what's tonight's question")
    assert question in tonight.speech
    couple.say("open heart to heart")
    in_session = couple.say("what was the tip")
    assert tip in in_session.speech and not in_session.end_session, in_session.speech
    assert in_session.speech.endswith("?"), "the pending question was not asked again"


def test_no_tip_is_invented_when_asked_after_a_good_night() -> None:
    couple = Couple(user="amzn1.ask.account.GOOD-NIGHT")
    check_in(couple, ["five", "four each", "both fives", "four and five"])
    record = couple.say("ask heart to heart what was the tip")
    assert not any(tip in record.speech for tip in TIPS), record.speech
    assert "no tip" in record.speech.lower()


def test_what_does_that_mean_explains_the_anchor_in_one_line() -> None:
    couple = Couple(user="amzn1.ask.account.EXPLAIN")
    couple.say("open heart to heart")
    couple.say("yes")
    record = couple.say("what does that mean")
    assert record.speech.startswith(CONTENT.anchor.explain or "?")
    assert record.speech.endswith(CONTENT.anchor.text)


def test_a_silent_turn_hears_the_item_again_never_an_apology() -> None:
    couple = Couple(user="amzn1.ask.account.SILENT")
    couple.say("open heart to heart")
    turns = [couple.say("yes"), couple.say("four each"), couple.say("purple")]
    for turn in turns:
        item = turn.session["checkin"]["item_ids"][turn.session["checkin"]["index"]]
        assert turn.reprompt == f"{CONTENT.item(item).text} One is not at all, five is completely."


def test_go_back_on_the_first_item_says_so_and_asks_it_again() -> None:
    couple = Couple(user="amzn1.ask.account.BACK")
    couple.say("open heart to heart")
    couple.say("yes")
    record = couple.say("go back")
    assert "first question" in record.speech.lower() and CONTENT.anchor.text in record.speech


def test_a_missed_night_four_keeps_the_streak_and_the_welcome_back_is_kind() -> None:
    couple = Couple(user="amzn1.ask.account.NIGHT-FOUR")
    for _ in range(3):
        check_in(couple, ["four each", "four", "five", "four"])
        couple.next_evening()
    couple.next_evening()  # night four missed
    night = check_in(couple, ["four each", "four", "five", "four"])
    assert "rest night" in night.closing.speech, night.closing.speech
    status = couple.say("ask heart to heart what's our streak")
    assert "4 nights" in status.speech, status.speech


SAY = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
spoken_answer = st.lists(st.integers(1, 5), min_size=1, max_size=2).map(
    lambda values: " and ".join(SAY[v] for v in values)
)
spoken_high = st.lists(st.integers(4, 5), min_size=1, max_size=2).map(
    lambda values: " and ".join(SAY[v] for v in values)
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(spoken_answer, min_size=4, max_size=4), max_size=6),
    st.lists(spoken_high, min_size=4, max_size=4),
)
def test_after_any_nights_a_night_of_fours_and_fives_hears_no_problem(
    before: list[list[str]], tonight: list[str]
) -> None:
    couple = Couple(user="amzn1.ask.account.PROPERTY")
    for answers in before:
        check_in(couple, answers)
        couple.next_evening()
    night = check_in(couple, tonight)
    assert not names_a_problem(night.reflection), night.closing.speech
    assert len(night.closing.speech.split()) <= 45
    assert night.question in night.closing.speech
