"""Issue acceptance: the nightly check-in, spoken through real request envelopes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pytest

from skill.chat.envelopes import SlotFill
from skill.content.loader import load_content
from skill.domain.pillars import PILLARS, Pillar
from skill.household import Household, NightRecord
from skill.ports import HouseholdStore, StorageUnavailable
from skill.services.common import household_id_for
from skill.storage.memory import MemoryStore
from tests.support.skill_driver import NEW_YORK, Driver, Response

CONTENT = load_content("en-US")
STARTER_TEXTS = {starter.text for starter in CONTENT.starters.values()}
TONIGHT = date(2026, 11, 20)
SMALL_IDEA = tuple(line.lower() for line in CONTENT.speech.lines["one_small_idea"])
RE_ASK_EXAMPLE = "one to five, like"


def words(text: str) -> int:
    return len(text.split())


def names_for_care(speech: str) -> list[str]:
    """The pillars a goodnight names as needing care (a tender line, or "<name> ... care")."""
    lowered = speech.lower()
    return [
        p
        for p in PILLARS
        if any(line in speech for line in CONTENT.pillars[p].tender_lines)
        or f"{CONTENT.pillars[p].name.lower()} needs some care" in lowered
        or f"{CONTENT.pillars[p].name.lower()} could use some care" in lowered
    ]


class CountingStore:
    """The real MemoryStore behind the port, counting every call (and failing on demand)."""

    def __init__(self, inner: HouseholdStore | None = None) -> None:
        self.inner: HouseholdStore = inner or MemoryStore()
        self.calls: Counter[str] = Counter()
        self.failures_left = 0

    def reset(self) -> None:
        self.calls.clear()

    def load(self, household_id: str) -> Household | None:
        self.calls["load"] += 1
        return self.inner.load(household_id)

    def save(
        self, household: Household, *, expected_version: int, night: NightRecord | None = None
    ) -> Household:
        self.calls["save"] += 1
        if self.failures_left:
            self.failures_left -= 1
            raise StorageUnavailable("simulated outage")
        return self.inner.save(household, expected_version=expected_version, night=night)

    def load_night(self, household_id: str, night: date) -> NightRecord | None:
        self.calls["load_night"] += 1
        return self.inner.load_night(household_id, night)

    def delete_household(self, household_id: str) -> int:
        self.calls["delete_household"] += 1
        return self.inner.delete_household(household_id)


@dataclass
class CountedDriver(Driver):
    counting: CountingStore = field(default_factory=CountingStore)

    def __post_init__(self) -> None:
        self.store = self.counting
        super().__post_init__()


def resolved(value: str, ident: str, name: str, slot: str) -> SlotFill:
    return SlotFill(slot, value, ident, name)


def checkin(response: Response) -> dict[str, Any]:
    state = response.attributes.get("checkin")
    assert isinstance(state, dict), f"not in a check-in: {response.attributes}"
    return state


def start(d: Driver) -> Response:
    d.launch()
    response = d.intent("AMAZON.YesIntent")
    assert response.mode == "checkin", f"yes did not start the check-in: {response.speech!r}"
    return response


def pillar_of(item_id: str) -> Pillar:
    return CONTENT.item_pillar(item_id)


def night_record(d: Driver, night: date = TONIGHT) -> NightRecord | None:
    return d.store.load_night(household_id_for(d.caller.user_id), night)


def not_at_all_and_a_lot(d: Driver, resolution: str) -> Response:
    if resolution == "unresolved":
        return d.answer("not at all", "a lot")
    return d.intent(
        "AnswerIntent",
        [
            resolved("not at all", "1", "one", "firstAnswer"),
            resolved("a lot", "4", "four", "secondAnswer"),
        ],
    )


@pytest.mark.parametrize("resolution", ["unresolved", "resolved"])
def test_the_nightly_checkin_from_launch_to_goodnight(resolution: str) -> None:
    d = Driver()
    welcome = d.launch()
    assert welcome.mode == "menu" and "?" in welcome.speech, "launch does not offer the check-in"
    first = d.intent("AMAZON.YesIntent")
    state = checkin(first)
    item_ids = state["item_ids"]
    assert len(item_ids) == 4, f"{len(item_ids)} items, not four"
    assert item_ids[0] == CONTENT.anchor.id, "the first item is not the closeness anchor"
    assert CONTENT.anchor.text in first.speech, "the anchor question was not asked"
    assert "one is not at all, five is completely" in first.speech.lower(), "scale ends not said"

    second = d.answer(4, 5)
    assert checkin(second)["index"] == 1, f"'four and five' not taken: {second.speech!r}"
    assert CONTENT.item(item_ids[1]).text in second.speech
    third = d.answer(3)
    assert checkin(third)["index"] == 2, f"'three' not taken: {third.speech!r}"
    assert CONTENT.item(item_ids[2]).text in third.speech
    fourth = not_at_all_and_a_lot(d, resolution)
    assert checkin(fourth)["index"] == 3, f"'not at all and a lot' not taken: {fourth.speech!r}"
    assert CONTENT.item(item_ids[3]).text in fourth.speech
    assert [a["answers"] for a in checkin(fourth)["answered"]] == [[4, 5], [3], [1, 4]]

    done = d.answer(2, 2)
    speech = done.speech
    lowered = speech.lower()
    assert done.ends_session, "the session stays open after the check-in"
    assert done.reprompt is None, "a reprompt after goodnight"

    # One area named: the pillar with tonight's lowest answers (the fourth item, two and two).
    area = pillar_of(item_ids[3])
    assert names_for_care(speech) == [area], f"areas named: {names_for_care(speech)} in {speech!r}"
    assert words(speech) <= 45, f"the goodnight is {words(speech)} words: {speech!r}"
    # Tonight's question, spoken and on the card with the small idea, after the reflection.
    card = done.card
    assert card is not None, "no card after the check-in"
    assert card.get("title") == "Tonight's question", f"card title {card.get('title')!r}"
    starter, _, idea = str(card.get("content")).partition("\n\nOne small idea: ")
    assert starter in STARTER_TEXTS and starter in speech, "tonight's question was not given"
    tips = {tip.text: p for p in PILLARS for tip in CONTENT.pillars[p].tips}
    assert tips.get(idea) == area, f"the card's idea {idea!r} is not about {area}"
    if idea in speech:
        assert any(phrase in lowered for phrase in SMALL_IDEA), "the idea has no lead-in"
        assert speech.index(idea) < speech.index(starter), "the idea comes after the question"
    assert speech.rstrip().endswith(("Goodnight.", "Sleep well.", "Goodnight, you two.")), speech
    for word in ("score", "distress", "percent", "fail"):
        assert word not in lowered, f"feedback reads like a verdict ({word!r}): {speech!r}"

    record = night_record(d)
    assert record is not None, "tonight's answers were not recorded"
    assert [a.answers for a in record.answered] == [(4, 5), (3,), (1, 4), (2, 2)]


def test_four_consecutive_nights_cover_all_eight_pillars() -> None:
    d = Driver()
    asked: list[str] = []
    for night in range(4):
        state = checkin(start(d))
        assert state["item_ids"][0] == CONTENT.anchor.id, f"night {night}: no anchor first"
        asked += [pillar_of(i) for i in state["item_ids"][1:]]
        for _ in range(4):
            d.answer(3, 4)
        assert not d.open, f"night {night}: the check-in did not finish"
        d.next_evening()
    missing = set(PILLARS) - set(asked)
    assert not missing, f"pillars never asked in four nights: {sorted(missing)}"


def test_a_misheard_answer_is_asked_again_then_comes_back_once_before_the_closing() -> None:
    d = Driver()
    item_ids = checkin(start(d))["item_ids"]
    anchor = CONTENT.anchor.text
    first = d.answer("purple")
    assert RE_ASK_EXAMPLE in first.speech.lower(), f"no number example: {first.speech!r}"
    assert "low, middle or high" not in first.speech.lower(), "the re-ask left the number scale"
    assert first.speech.endswith(anchor), f"the re-ask does not ask the item: {first.speech!r}"
    assert first.reprompt and anchor in first.reprompt and "sorry" not in first.reprompt.lower()
    assert checkin(first)["index"] == 0, "a misheard answer moved on at once"
    second = d.answer("purple")
    state = checkin(second)
    assert "come back to that one" in second.speech.lower(), f"not said: {second.speech!r}"
    assert CONTENT.item(item_ids[1]).text in second.speech, "the next item was not asked"
    assert state["index"] == 0 and state["item_ids"][-1] == item_ids[0], "not kept for later"
    assert state["misses"] == 0, "the next item starts with a clean slate"
    d.answer(4, 4)
    d.answer(3, 4)
    again = d.answer(5, 4)
    assert again.speech.endswith(anchor), f"the missed item was not asked again: {again.speech!r}"
    lowered = again.speech.lower()
    assert "the one we missed" in lowered or "came back to" in lowered, again.speech
    done = d.answer("purple")
    assert done.ends_session, "a miss on the item asked again looped"
    assert "skip that one" in done.speech.lower(), f"the skip was not said: {done.speech!r}"
    record = night_record(d)
    assert record is not None
    by_item = {a.item_id: a.answers for a in record.answered}
    assert by_item[item_ids[0]] == (), "the twice-missed item was not left unanswered"
    assert sorted(by_item) == sorted(item_ids), "an item was lost"


def test_an_answer_on_the_second_chance_is_kept() -> None:
    d = Driver()
    item_ids = checkin(start(d))["item_ids"]
    d.answer(4, 4)
    d.answer("purple")
    d.answer("tangerine")  # item 2 kept for the end
    d.answer(3)
    d.answer(4, 5)
    done = d.answer(2, 3)  # item 2, asked again, answered
    assert done.ends_session
    record = night_record(d)
    assert record is not None
    assert {a.item_id: a.answers for a in record.answered}[item_ids[1]] == (2, 3)


@pytest.mark.parametrize(("said", "value"), [("low", 1), ("middle", 3), ("high", 5)])
def test_the_scale_words_are_understood(said: str, value: int) -> None:
    d = Driver()
    start(d)
    response = d.answer(said, said)
    state = checkin(response)
    assert state["index"] == 1, f"{said!r} was not understood"
    assert state["answered"][0]["answers"] == [value, value]


def test_stop_midway_then_resume_the_same_night() -> None:
    d = Driver()
    item_ids = checkin(start(d))["item_ids"]
    d.answer(4, 5)
    d.answer(3)
    stopped = d.intent("AMAZON.StopIntent")
    assert stopped.ends_session and stopped.speech, "stop did not end the session with words"

    offer = d.at(datetime(2026, 11, 21, 0, 40, tzinfo=NEW_YORK)).launch()
    assert offer.mode == "offer_resume", f"no offer to resume: {offer.speech!r}"
    assert offer.speech.rstrip().endswith("?"), "the resume offer is not a question"
    resumed = d.intent("AMAZON.YesIntent")
    state = checkin(resumed)
    assert state["item_ids"] == item_ids, "resumed a different set of items"
    assert state["index"] == 2, f"resumed at item {state['index'] + 1}, not 3"
    assert [a["answers"] for a in state["answered"]] == [[4, 5], [3]], "answers were lost"
    assert CONTENT.item(item_ids[2]).text in resumed.speech, "the third item was not asked"
    d.answer(2, 4)
    done = d.answer(3, 3)
    assert done.ends_session and done.card, "the resumed check-in did not finish"
    record = night_record(d)
    assert record is not None
    assert [a.answers for a in record.answered] == [(4, 5), (3,), (2, 4), (3, 3)]


def test_a_stopped_checkin_is_not_offered_the_next_night() -> None:
    d = Driver()
    start(d)
    d.answer(4, 5)
    d.intent("AMAZON.CancelIntent")
    launch = d.next_evening().launch()
    assert launch.mode == "menu", f"last night's check-in was offered again: {launch.speech!r}"
    state = checkin(d.intent("AMAZON.YesIntent"))
    assert state["index"] == 0 and state["answered"] == [], "the new night did not start fresh"


def test_no_to_resuming_offers_tonights_question() -> None:
    d = Driver()
    start(d)
    d.answer(4, 5)
    d.intent("AMAZON.StopIntent")
    d.launch()
    response = d.intent("AMAZON.NoIntent")
    assert response.mode == "offer_starter", f"no offer of the question: {response.speech!r}"


@pytest.mark.parametrize("intent", ["SkipIntent", "AMAZON.NextIntent"])
def test_skip_moves_to_the_next_item(intent: str) -> None:
    d = Driver()
    item_ids = checkin(start(d))["item_ids"]
    d.answer(4, 4)
    response = d.intent(intent)
    state = checkin(response)
    assert state["index"] == 2, f"{intent} did not move on"
    assert state["answered"][1]["answers"] == [], f"{intent} recorded an answer"
    assert CONTENT.item(item_ids[2]).text in response.speech, "the next item was not asked"


def test_skipping_the_last_item_finishes_the_checkin() -> None:
    d = Driver()
    start(d)
    for values in ((4, 4), (3, 3), (4, 5)):
        d.answer(*values)
    done = d.intent("SkipIntent")
    assert done.ends_session and done.card, "skipping the last item did not finish"


def test_start_over_goes_back_to_the_first_item() -> None:
    d = Driver()
    item_ids = checkin(start(d))["item_ids"]
    d.answer(4, 5)
    d.answer(2)
    response = d.intent("AMAZON.StartOverIntent")
    state = checkin(response)
    assert state["index"] == 0 and state["answered"] == [], "start over kept old answers"
    assert state["item_ids"] == item_ids, "start over changed tonight's items"
    assert CONTENT.anchor.text in response.speech, "start over did not ask the first item"


def test_repeat_mid_checkin_says_the_item_word_for_word_with_the_scale() -> None:
    d = Driver()
    item_ids = checkin(start(d))["item_ids"]
    d.answer(4, 5)
    expected = f"{CONTENT.item(item_ids[1]).text} One is not at all, five is completely."
    for _ in range(2):
        again = d.intent("AMAZON.RepeatIntent")
        assert again.speech == expected, f"repeat said {again.speech!r}"
        assert checkin(again)["index"] == 1, "repeat moved the check-in"
        assert again.reprompt == expected, "the reprompt is not the item again"


def test_one_shot_start_checkin() -> None:
    d = Driver()
    response = d.intent("StartCheckinIntent")
    state = checkin(response)
    assert state["index"] == 0, "the one-shot did not start at the first item"
    assert CONTENT.anchor.text in response.speech, "the first item was not asked"
    assert "one is not at all, five is completely" in response.speech.lower()
    assert not response.ends_session and response.reprompt, "the one-shot closed the session"


def test_launching_again_after_the_checkin_says_it_is_done() -> None:
    d = Driver()
    start(d)
    for values in ((4, 5), (3,), (1, 4), (2, 2)):
        d.answer(*values)
    assert not d.open, "the check-in did not finish"
    record = night_record(d)
    assert record is not None

    again = d.at(datetime(2026, 11, 20, 23, 15, tzinfo=NEW_YORK)).launch()
    lowered = again.speech.lower()
    assert "already checked in" in lowered or "check-in is done" in lowered, (
        f"launch after the check-in does not say it is done: {again.speech!r}"
    )
    assert again.mode == "offer_starter", f"mode {again.mode!r} after the check-in"
    oneshot = d.intent("StartCheckinIntent")
    assert oneshot.mode != "checkin", "a second check-in started the same night"


def test_the_question_after_the_checkin_is_tonights_question() -> None:
    d = Driver()
    start(d)
    for values in ((4, 5), (3,), (1, 4)):
        d.answer(*values)
    done = d.answer(2, 2)
    assert done.card is not None
    asked = str(done.card.get("content")).split("\n\n")[0]
    d.launch()
    again = d.intent("AMAZON.YesIntent")
    assert again.card is not None, f"yes to 'hear tonight's question?' gave no card: {again.speech}"
    assert str(again.card.get("content")).split("\n\n")[0] == asked, "tonight's question changed"


def test_mid_checkin_answers_make_no_storage_call() -> None:
    d = CountedDriver()
    start(d)
    d.counting.reset()
    d.answer(4, 5)
    d.answer("purple")
    d.answer(3)
    d.answer("not at all", "a lot")
    assert not d.counting.calls, f"mid-check-in answers touched the store: {d.counting.calls}"
    d.answer(2, 2)
    assert d.counting.calls["save"] == 1, f"finishing wrote {d.counting.calls['save']} times"


def test_a_failed_save_is_retried_on_yes() -> None:
    d = CountedDriver()
    start(d)
    for values in ((4, 5), (3,), (1, 4)):
        d.answer(*values)
    d.counting.failures_left = 1
    failed = d.answer(2, 2)
    assert failed.mode == "retry_save", f"a failed save was not offered again: {failed.speech!r}"
    assert night_record(d) is None, "something was half written"
    done = d.intent("AMAZON.YesIntent")
    assert done.ends_session and done.card, f"the retry did not finish: {done.speech!r}"
    record = night_record(d)
    assert record is not None
    assert [a.answers for a in record.answered] == [(4, 5), (3,), (1, 4), (2, 2)]


def test_stop_after_a_failed_save_keeps_the_answers_for_later_tonight() -> None:
    d = CountedDriver()
    start(d)
    for values in ((4, 5), (3,), (1, 4)):
        d.answer(*values)
    d.counting.failures_left = 1
    assert d.answer(2, 2).mode == "retry_save"
    d.intent("AMAZON.StopIntent")
    again = d.launch()
    assert again.mode in ("offer_resume", "offer_starter"), (
        f"tonight's four answers were lost after stop: {again.speech!r}"
    )
