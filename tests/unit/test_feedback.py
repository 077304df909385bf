"""The honesty rules of the goodnight, pinned with properties over any answers and any history."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from skill.domain.feedback import (
    CARE_AT_OR_BELOW,
    ack_band,
    care_pillar,
    is_low_night,
    reflect,
)
from skill.domain.pillars import PILLARS, Pillar
from skill.domain.scoring import MIDDLE_SCORE, ItemAnswer, PillarAverage

answers = st.lists(st.integers(1, 5), min_size=1, max_size=2).map(tuple)
high_answers = st.lists(st.integers(4, 5), min_size=1, max_size=2).map(tuple)
pillar_names = st.sampled_from(PILLARS)
averages = st.dictionaries(
    pillar_names,
    st.builds(PillarAverage, score=st.floats(0, 100), observations=st.integers(0, 12)),
)


def nights(
    answer_strategy: st.SearchStrategy[tuple[int, ...]],
) -> st.SearchStrategy[list[ItemAnswer]]:
    """Tonight's items: maybe the anchor, then up to three pillar items."""
    anchor = st.builds(ItemAnswer, pillar=st.none(), answers=answer_strategy)
    pillar_item = st.builds(ItemAnswer, pillar=pillar_names, answers=answer_strategy)
    return st.tuples(st.lists(anchor, max_size=1), st.lists(pillar_item, max_size=3)).map(
        lambda parts: [*parts[0], *parts[1]]
    )


def tonight_mean(items: list[ItemAnswer], pillar: Pillar) -> float:
    scores = [i.score for i in items if i.pillar == pillar]
    return math.fsum(scores) / len(scores)


@given(nights(high_answers), averages)
def test_fours_and_fives_never_name_a_problem_whatever_the_history(
    items: list[ItemAnswer], history: dict[Pillar, PillarAverage]
) -> None:
    seen = reflect(items, history)
    assert seen.care is None
    assert not seen.close_was_hard
    assert not seen.low_night
    assert not seen.needs_care


@given(nights(answers), averages)
def test_only_a_pillar_answered_tonight_can_need_care(
    items: list[ItemAnswer], history: dict[Pillar, PillarAverage]
) -> None:
    care = care_pillar(items, history)
    assert care is None or care in {i.pillar for i in items}


@given(nights(answers), averages)
def test_a_pillar_needs_care_only_when_the_answers_say_so(
    items: list[ItemAnswer], history: dict[Pillar, PillarAverage]
) -> None:
    care = care_pillar(items, history)
    if care is None:
        return
    low_tonight = tonight_mean(items, care) <= CARE_AT_OR_BELOW + 1e-9
    known = {p: a for p, a in history.items() if a.observations >= 2}
    lowest_long = care in known and known[care].score == min(a.score for a in known.values())
    assert low_tonight or (lowest_long and known[care].score < MIDDLE_SCORE)


@given(nights(answers), averages)
def test_a_pillar_at_three_or_below_tonight_is_never_passed_over(
    items: list[ItemAnswer], history: dict[Pillar, PillarAverage]
) -> None:
    answered = {i.pillar for i in items if i.pillar is not None}
    low = [p for p in answered if tonight_mean(items, p) <= CARE_AT_OR_BELOW + 1e-9]
    if low:
        care = care_pillar(items, history)
        assert care is not None
        assert tonight_mean(items, care) <= min(tonight_mean(items, p) for p in low)


@given(nights(answers), averages)
def test_a_gap_of_two_or_more_always_gets_its_note(
    items: list[ItemAnswer], history: dict[Pillar, PillarAverage]
) -> None:
    seen = reflect(items, history)
    has_gap = any(item.gap >= 2 for item in items)
    assert has_gap == (seen.gap is not None or seen.gap_on_anchor)


@given(nights(answers))
def test_a_low_night_is_the_anchor_at_one_or_two_or_a_mean_of_two_and_a_half(
    items: list[ItemAnswer],
) -> None:
    anchor_low = any(i.pillar is None and min(i.answers) <= 2 for i in items)
    every = [a for i in items for a in i.answers]
    mean_low = bool(every) and sum(every) / len(every) <= 2.5
    assert is_low_night(items) == (anchor_low or mean_low)


@given(nights(answers), averages)
def test_strength_and_closeness_are_only_claimed_at_four_or_more(
    items: list[ItemAnswer], history: dict[Pillar, PillarAverage]
) -> None:
    seen = reflect(items, history)
    if seen.strength is not None:
        assert tonight_mean(items, seen.strength) >= 75 - 1e-9
    if seen.felt_close:
        assert all(i.score >= 75 for i in items if i.pillar is None)


@given(answers, st.booleans())
def test_acknowledgements_cheer_only_fours_and_fives_on_a_night_that_is_not_low(
    said: tuple[int, ...], low_night: bool
) -> None:
    band = ack_band(said, low_night)
    if band == "warm":
        assert min(said) >= 4 and not low_night
    if low_night or min(said) <= 2:
        assert band == "gentle"


def test_nothing_answered_concludes_nothing() -> None:
    seen = reflect([], {"time": PillarAverage(score=0.0, observations=9)})
    assert not seen.answered_any and seen.care is None and not seen.low_night
