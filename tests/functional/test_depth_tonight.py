"""'A deeper one' and 'a lighter one' on any night, without changing the standing preference."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from skill.chat.matcher import InteractionModel
from skill.content.loader import load_content
from skill.domain.starters import MAX_EXTRA_STARTERS_PER_NIGHT
from skill.services.common import household_id_for
from skill.storage.memory import MemoryStore
from tests.functional.test_starter_flow import CONTENT, DEPTH, another, starter_of, tonights
from tests.support.skill_driver import NEW_YORK, Driver

MODELS = Path(__file__).resolve().parents[2] / "skill" / "interaction_models"
GLUE = load_content("en-US").speech.lines
MONDAY = datetime(2026, 11, 16, 21, 30, tzinfo=NEW_YORK)  # a light night in the weekly rhythm
WEDNESDAY = MONDAY + timedelta(days=2)  # light too; Tuesday is medium
SUNDAY = MONDAY + timedelta(days=6)  # the deep night, for couples who opted in


def deeper_one(d: Driver) -> str:
    return starter_of(d.intent("DeeperOneIntent"))


def lighter_one(d: Driver) -> str:
    return starter_of(d.intent("LighterOneIntent"))


def said_one_of(speech: str, key: str) -> bool:
    return any(variant in speech for variant in GLUE[key])


def test_a_deeper_one_goes_one_step_deeper_each_time_on_a_light_night() -> None:
    d = Driver().at(MONDAY)
    first = tonights(d)
    assert DEPTH[first] == "light"
    response = d.intent("DeeperOneIntent")
    medium = starter_of(response)
    assert DEPTH[medium] == "medium", "a deeper one after a light one is a medium one"
    assert said_one_of(response.speech, "starter_deeper"), response.speech
    deep = deeper_one(d)
    assert DEPTH[deep] == "deep", "a deep one on a Monday, without the standing opt-in"
    again = d.intent("DeeperOneIntent")
    assert DEPTH[starter_of(again)] == "deep"
    assert said_one_of(again.speech, "starter_deeper_same"), again.speech
    assert len({first, medium, deep, starter_of(again)}) == 4, "a starter came twice tonight"


def test_a_deeper_one_is_tonights_question_and_counts_as_heard() -> None:
    d = Driver().at(MONDAY)
    deep = deeper_one(d)
    assert DEPTH[deep] == "medium", "first thing on a light night: one step deeper"
    assert tonights(d) == deep, "'what's tonight's question' forgets the deeper one"
    assert tonights(d.at(MONDAY.replace(hour=23, minute=55))) == deep
    household = d.store.load(household_id_for(d.caller.user_id))
    assert household is not None
    assert deep in household.heard_starters


def test_the_standing_preference_stays_as_it_was() -> None:
    d = Driver().at(MONDAY)
    tonights(d)
    deeper_one(d)
    deeper_one(d)
    household = d.store.load(household_id_for(d.caller.user_id))
    assert household is not None and household.depth == "usual"
    d.at(SUNDAY)
    assert DEPTH[tonights(d)] != "deep", "the Sunday deep night came without the opt-in"
    for _ in range(MAX_EXTRA_STARTERS_PER_NIGHT):
        assert DEPTH[another(d)] != "deep", "'another one' went deep without the opt-in"


def test_a_lighter_one_on_the_deep_night_for_couples_who_opted_in() -> None:
    d = Driver().at(SUNDAY)
    d.intent("DeeperQuestionsIntent")
    assert DEPTH[tonights(d)] == "deep"
    response = d.intent("LighterOneIntent")
    assert DEPTH[starter_of(response)] == "medium"
    assert said_one_of(response.speech, "starter_lighter"), response.speech
    assert DEPTH[lighter_one(d)] == "light"
    household = d.store.load(household_id_for(d.caller.user_id))
    assert household is not None and household.depth == "deeper", (
        "a lighter one turned the opt-in off"
    )
    d.next_evening(days=7)
    assert DEPTH[tonights(d)] == "deep", "next Sunday should be deep again"


def test_a_lighter_one_at_the_lightest_is_another_light_one() -> None:
    d = Driver().at(WEDNESDAY)
    first = tonights(d)
    assert DEPTH[first] == "light"
    response = d.intent("LighterOneIntent")
    assert DEPTH[starter_of(response)] == "light"
    assert starter_of(response) != first
    assert said_one_of(response.speech, "starter_lighter_same"), response.speech


def test_deeper_and_lighter_ones_share_tonights_limit_with_another_one() -> None:
    d = Driver().at(MONDAY)
    given = [tonights(d), deeper_one(d), another(d), lighter_one(d)]
    assert len(set(given)) == 1 + MAX_EXTRA_STARTERS_PER_NIGHT
    kept = d.intent("DeeperOneIntent")
    assert starter_of(kept) == given[-1], "past tonight's limit the question should be kept"
    assert said_one_of(kept.speech, "another_kept"), kept.speech


def test_a_deeper_one_from_the_menu_ends_with_the_question() -> None:
    d = Driver().at(MONDAY)
    d.launch()
    response = d.intent("DeeperOneIntent")
    assert DEPTH[starter_of(response)] == "medium"
    assert not d.open


def test_deeper_ones_every_night_use_up_the_deep_starters_without_a_repeat() -> None:
    """Twice a night "a deeper one" (the second is deep): every deep starter is heard once,
    then the nights go on without a repeat."""
    d = Driver(store=MemoryStore()).at(MONDAY)
    heard: list[str] = []
    deep = {s for s, depth in DEPTH.items() if depth == "deep"}
    for _ in range(len(deep) // 2 + 30):
        heard += [deeper_one(d), deeper_one(d)]
        d.next_evening()
    assert len(set(heard)) == len(heard), "a deeper one repeated a starter"
    assert deep <= set(heard), f"deep starters never heard: {sorted(deep - set(heard))[:5]}"


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("a deeper one", "DeeperOneIntent"),
        ("something deeper tonight", "DeeperOneIntent"),
        ("a lighter one", "LighterOneIntent"),
        ("something lighter", "LighterOneIntent"),
        ("deeper questions", "DeeperQuestionsIntent"),
        ("lighter questions", "LighterQuestionsIntent"),
        ("another one", "AnotherQuestionIntent"),
    ],
)
def test_what_a_couple_says_reaches_the_right_intent(said: str, intent: str) -> None:
    model = InteractionModel.load(MODELS / "en-US.json")
    assert model.match(said).intent == intent


def test_every_starter_is_reachable_from_its_id() -> None:
    assert set(DEPTH) == set(CONTENT.starters)
