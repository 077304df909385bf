"""The check-in use case on the memory store: for any history, the outcome only claims what
tonight's answers say (hypothesis drives nights of answers, then one more night)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.content.loader import load_content
from skill.household import AnsweredItem
from skill.services.checkin import (
    CheckinOutcome,
    answered_item,
    complete_checkin,
    plan_checkin,
)
from skill.services.common import Turn
from skill.storage.memory import MemoryStore

CONTENT = load_content("en-US")
FIRST = date(2026, 11, 2)

answer = st.lists(st.integers(1, 5), min_size=0, max_size=2).map(tuple)
high = st.lists(st.integers(4, 5), min_size=1, max_size=2).map(tuple)
history = st.lists(
    st.tuples(st.integers(1, 3), st.lists(answer, min_size=4, max_size=4)), max_size=10
)


def _turn(night: date) -> Turn:
    now = datetime(night.year, night.month, night.day, 23, 0, tzinfo=UTC)
    return Turn(household_id="h" * 40, night=night, now=now)


def _night(
    store: MemoryStore, night: date, answers: list[tuple[int, ...]]
) -> tuple[tuple[AnsweredItem, ...], CheckinOutcome]:
    turn = _turn(night)
    plan = plan_checkin(store, CONTENT, turn)
    answered: tuple[AnsweredItem, ...] = tuple(
        answered_item(CONTENT, item_id, said)
        for item_id, said in zip(plan.item_ids, answers, strict=True)
    )
    return answered, complete_checkin(store, CONTENT, turn, answered)


def _tonight_after(
    nights: list[tuple[int, list[tuple[int, ...]]]], tonight: list[tuple[int, ...]]
) -> tuple[tuple[AnsweredItem, ...], CheckinOutcome]:
    """The check-ins of `nights` (each a gap in nights and its answers), then tonight's."""
    store = MemoryStore()
    night = FIRST
    for gap, answers in nights:
        night += timedelta(days=gap)
        _night(store, night, answers)
    return _night(store, night + timedelta(days=1), tonight)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history, st.lists(high, min_size=4, max_size=4))
def test_fours_and_fives_tonight_bring_no_problem_whatever_came_before(
    nights: list[tuple[int, list[tuple[int, ...]]]], tonight: list[tuple[int, ...]]
) -> None:
    _, outcome = _tonight_after(nights, tonight)
    assert outcome.reflection.care is None
    assert outcome.tip is None and not outcome.counselling
    assert not outcome.reflection.low_night


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history, st.lists(answer, min_size=4, max_size=4))
def test_a_tip_is_only_for_a_pillar_answered_low_enough_tonight(
    nights: list[tuple[int, list[tuple[int, ...]]]], tonight: list[tuple[int, ...]]
) -> None:
    answered, outcome = _tonight_after(nights, tonight)
    care = outcome.reflection.care
    answered_pillars = {a.pillar for a in answered if a.answers}
    assert care is None or care in answered_pillars, "a pillar nobody answered tonight"
    if outcome.tip is not None:
        assert care is not None and outcome.tip.id.startswith(f"{care}-")
    assert not (outcome.tip and outcome.counselling), "a tip next to the counselling line"
