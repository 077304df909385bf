"""The check-in: tonight's plan, pausing part-way, and finishing with one write."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from skill.content.loader import Content
from skill.domain.scoring import Observation
from skill.household import Household
from skill.services.checkin import (
    CheckinOutcome,
    LookBackFits,
    complete_checkin,
    pause_checkin,
    plan_checkin,
)
from skill.services.starters import tonights_starter
from skill.storage.memory import MemoryStore
from tests.support.use_cases import HOUSEHOLD, NIGHT, answered, turn


def test_tonights_plan_is_the_anchor_then_three_pillars_and_the_same_all_night(
    store: MemoryStore, content: Content
) -> None:
    plan = plan_checkin(store, content, turn())
    assert len(plan.item_ids) == 4 and plan.item_ids[0] == content.anchor.id
    pillars = [content.item_pillar(item_id) for item_id in plan.item_ids[1:]]
    assert len(set(pillars)) == 3
    assert not plan.already_done and not plan.resumed and plan.index == 0
    assert plan_checkin(store, content, turn()) == plan
    assert store.load(HOUSEHOLD) is None  # planning writes nothing


def test_finishing_counts_the_night_keeps_the_answers_and_gives_one_idea(
    store: MemoryStore, content: Content
) -> None:
    plan = plan_checkin(store, content, turn())
    given = answered(content, plan.item_ids, (5, 4), (2, 1), (4, 4), (3,))

    outcome = complete_checkin(store, content, turn(), given)

    assert not outcome.already_done and outcome.reflection.answered_any
    assert outcome.counted is not None and outcome.counted.counted
    care = outcome.reflection.care  # the pillar answered two and one tonight
    assert care == content.item_pillar(plan.item_ids[1]) and outcome.tip is not None
    assert outcome.tip in content.pillars[care].tips
    stored = store.load(HOUSEHOLD)
    assert stored is not None and stored.version == 1
    assert stored.last_checkin_night == NIGHT and stored.streak.total_nights == 1
    assert {o.pillar for o in stored.observations} == {
        content.item_pillar(i) for i in plan.item_ids[1:]
    }
    record = store.load_night(HOUSEHOLD, NIGHT)
    assert record is not None and record.answered == given
    assert record.expires_at == int((turn().now + timedelta(days=90)).timestamp())
    # Tonight's question is the one the closing said.
    assert tonights_starter(store, content, turn()).starter == outcome.starter


def test_a_second_completion_the_same_night_is_already_done_and_changes_nothing(
    store: MemoryStore, content: Content
) -> None:
    plan = plan_checkin(store, content, turn())
    first = complete_checkin(store, content, turn(), answered(content, plan.item_ids, (4,)))
    before = store.load(HOUSEHOLD)

    again = complete_checkin(store, content, turn(), answered(content, plan.item_ids, (1,)))

    assert again.already_done and again.starter == first.starter
    assert store.load(HOUSEHOLD) == before
    assert plan_checkin(store, content, turn()).already_done
    record = store.load_night(HOUSEHOLD, NIGHT)
    assert record is not None and record.answered[0].answers == (4,)


def test_all_skipped_still_counts_the_night_without_scores(
    store: MemoryStore, content: Content
) -> None:
    plan = plan_checkin(store, content, turn())
    outcome = complete_checkin(store, content, turn(), answered(content, plan.item_ids, ()))
    assert not outcome.reflection.answered_any
    assert outcome.counted is not None and outcome.counted.counted
    stored = store.load(HOUSEHOLD)
    assert stored is not None and stored.observations == ()


def test_a_paused_check_in_is_kept_for_tonight_and_cleared_when_finished(
    store: MemoryStore, content: Content
) -> None:
    plan = plan_checkin(store, content, turn())
    part = answered(content, plan.item_ids[:2], (4, 5))
    pause_checkin(store, turn(), plan.item_ids, part)
    pause_checkin(store, turn(), plan.item_ids, part)  # the same again: no second write

    stored = store.load(HOUSEHOLD)
    assert stored is not None and stored.version == 1
    resumed = plan_checkin(store, content, turn())
    assert resumed.resumed and resumed.answered == part and resumed.index == len(part)
    assert not plan_checkin(store, content, turn(NIGHT + timedelta(days=1))).resumed

    rest = answered(content, plan.item_ids[2:], (3,))
    complete_checkin(store, content, turn(), (*part, *rest))
    stored = store.load(HOUSEHOLD)
    assert stored is not None and stored.paused_checkin is None


def test_nothing_is_paused_after_the_night_is_done(store: MemoryStore, content: Content) -> None:
    plan = plan_checkin(store, content, turn())
    complete_checkin(store, content, turn(), answered(content, plan.item_ids, (4,)))
    before = store.load(HOUSEHOLD)
    pause_checkin(store, turn(), plan.item_ids, answered(content, plan.item_ids[:1], (2,)))
    assert store.load(HOUSEHOLD) == before


def _check_in(
    store: MemoryStore,
    content: Content,
    night: date,
    answers: tuple[int, ...],
    look_back_fits: LookBackFits | None = None,
    middle: tuple[int, ...] | None = None,
) -> CheckinOutcome:
    """Tonight's check-in, every item answered `answers` (the second item `middle`, if given)."""
    plan = plan_checkin(store, content, turn(night))
    given = answered(content, plan.item_ids, answers, *((middle, answers) if middle else ()))
    if look_back_fits is None:
        return complete_checkin(store, content, turn(night), given)
    return complete_checkin(store, content, turn(night), given, look_back_fits)


def test_the_look_back_is_remembered_as_mentioned_only_when_the_goodnight_says_it(
    store: MemoryStore, content: Content
) -> None:
    asked: list[CheckinOutcome] = []

    def no_room(outcome: CheckinOutcome) -> bool:
        asked.append(outcome)
        return False

    first = _check_in(store, content, NIGHT, (4,), no_room)
    assert not first.look_back_ready and not asked  # one check-in: nothing to look back on yet

    second_night = NIGHT + timedelta(days=1)
    second = _check_in(store, content, second_night, (4,), no_room)
    assert [o.look_back_ready for o in asked] == [True]  # asked about the line it would say
    assert asked[0].starter == second.starter and asked[0].tip == second.tip
    assert not second.look_back_ready  # no room: not said...
    stored = store.load(HOUSEHOLD)
    assert stored is not None and stored.look_back_mentioned is None  # ...so not remembered
    assert stored.version == 2  # still one write a night

    third_night = NIGHT + timedelta(days=2)
    third = _check_in(store, content, third_night, (4,))
    assert third.look_back_ready
    stored = store.load(HOUSEHOLD)
    assert stored is not None and stored.look_back_mentioned == third_night
    assert stored.version == 3


def test_after_a_low_night_the_look_back_is_not_even_considered(
    store: MemoryStore, content: Content
) -> None:
    asked: list[CheckinOutcome] = []

    def room(outcome: CheckinOutcome) -> bool:
        asked.append(outcome)
        return True

    _check_in(store, content, NIGHT, (4,), room)
    low = _check_in(store, content, NIGHT + timedelta(days=1), (2, 1), room)
    assert low.reflection.low_night and not low.look_back_ready and not asked
    stored = store.load(HOUSEHOLD)
    assert stored is not None and stored.look_back_mentioned is None


def test_beside_the_counselling_line_the_look_back_is_not_even_considered(
    store: MemoryStore, content: Content
) -> None:
    # Three hard nights for closeness this week, and one earlier check-in with scores.
    before = [NIGHT - timedelta(days=d) for d in (3, 2, 1)]
    store.save(
        replace(
            Household.new(HOUSEHOLD),
            anchor_lows=tuple((night, 1) for night in before),
            observations=(Observation(night=before[-1], pillar="trust", score=25.0),),
            last_checkin_night=before[-1],
            recent_nights=tuple(before),
        ),
        expected_version=0,
    )
    asked: list[CheckinOutcome] = []

    def room(outcome: CheckinOutcome) -> bool:
        asked.append(outcome)
        return True

    # Tonight is not low (closeness at four, one pillar at three), but the lows persist.
    outcome = _check_in(store, content, NIGHT, (4,), room, middle=(3,))
    assert outcome.counselling and not outcome.reflection.low_night
    assert not outcome.look_back_ready and not asked
