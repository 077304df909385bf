from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from skill.domain.pillars import PILLARS, Pillar
from skill.domain.scoring import Observation
from skill.domain.weekly import LookBack, look_back, worth_mentioning_at_closing

TONIGHT = date(2026, 11, 20)


def ago(nights: int) -> date:
    return TONIGHT - timedelta(days=nights)


def obs(nights_ago: int, pillar: Pillar, score: float) -> Observation:
    return Observation(night=ago(nights_ago), pillar=pillar, score=score)


def test_too_few_check_ins_is_not_enough() -> None:
    look = look_back([obs(1, "time", 75.0)], [ago(1), ago(2), ago(3)], TONIGHT)
    assert not look.enough and look.checkins == 1 and look.nights_together == 3
    assert look.strongest is None and look.grew is None


def test_strongest_and_grew_most() -> None:
    observations = [
        obs(1, "listening", 100.0),
        obs(2, "listening", 75.0),
        obs(1, "time", 50.0),
        obs(3, "time", 75.0),
        obs(9, "time", 25.0),  # last week
        obs(10, "listening", 75.0),
    ]
    look = look_back(observations, [ago(n) for n in (1, 2, 3, 5)], TONIGHT)
    assert look == LookBack(
        nights_together=4, checkins=3, strongest="listening", strongest_is_high=True, grew="time"
    )


def test_a_small_rise_is_not_growth() -> None:
    observations = [obs(1, "time", 75.0), obs(2, "trust", 50.0), obs(9, "trust", 45.0)]
    assert look_back(observations, [], TONIGHT).grew is None


def test_the_strongest_can_be_the_one_that_grew() -> None:
    observations = [obs(1, "time", 100.0), obs(2, "time", 100.0), obs(9, "time", 0.0)]
    look = look_back(observations, [], TONIGHT)
    assert look.strongest == "time" and look.grew == "time"


def test_a_low_week_holds_up_rather_than_shines() -> None:
    observations = [obs(1, "time", 25.0), obs(2, "trust", 0.0), obs(3, "respect", 25.0)]
    look = look_back(observations, [], TONIGHT)
    assert look.strongest == "time" and not look.strongest_is_high


def test_older_and_future_nights_are_not_this_week() -> None:
    observations = [obs(7, "time", 100.0), obs(-1, "trust", 100.0), obs(0, "respect", 50.0)]
    look = look_back(observations, [ago(7), ago(-1)], TONIGHT)
    assert look.checkins == 1 and look.nights_together == 1


@given(
    st.lists(
        st.tuples(
            st.integers(-2, 20), st.sampled_from(PILLARS), st.sampled_from([0.0, 25.0, 50.0])
        ),
        max_size=40,
    )
)
def test_never_more_nights_than_a_week_has(entries: list[tuple[int, Pillar, float]]) -> None:
    look = look_back(
        [obs(n, p, s) for n, p, s in entries], [ago(n) for n, _, _ in entries], TONIGHT
    )
    assert 0 <= look.checkins <= look.nights_together <= 7
    assert (look.strongest is None) == (not look.enough)
    assert look.grew is None or look.strongest is not None


def test_the_closing_mentions_it_at_most_once_a_week() -> None:
    enough = LookBack(nights_together=3, checkins=2, strongest="time", strongest_is_high=True)
    assert worth_mentioning_at_closing(enough, TONIGHT, None)
    assert not worth_mentioning_at_closing(enough, TONIGHT, ago(6))
    assert worth_mentioning_at_closing(enough, TONIGHT, ago(7))
    assert not worth_mentioning_at_closing(LookBack(3, 1), TONIGHT, None)
