from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from skill.domain.pillars import PILLARS, Pillar
from skill.domain.scoring import Observation
from skill.domain.weekly import (
    LookBack,
    checkins_this_week,
    look_back,
    worth_mentioning_at_closing,
)

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
    two_nights = [obs(0, "time", 75.0), obs(3, "trust", 50.0), obs(3, "time", 50.0)]
    assert look_back(two_nights, [], TONIGHT).enough
    assert worth_mentioning_at_closing(two_nights, TONIGHT, None)
    assert not worth_mentioning_at_closing(two_nights, TONIGHT, ago(6))
    assert worth_mentioning_at_closing(two_nights, TONIGHT, ago(7))
    one_night_this_week = [obs(0, "time", 75.0), obs(0, "trust", 50.0), obs(7, "time", 50.0)]
    assert not look_back(one_night_this_week, [], TONIGHT).enough
    assert not worth_mentioning_at_closing(one_night_this_week, TONIGHT, None)


@given(
    st.lists(
        st.tuples(
            st.integers(-3, 20), st.sampled_from(PILLARS), st.sampled_from([0.0, 50.0, 100.0])
        ),
        max_size=40,
    )
)
def test_the_closing_counts_the_check_ins_the_look_back_counts(
    stored: list[tuple[int, Pillar, float]],
) -> None:
    observations = [obs(age, pillar, score) for age, pillar, score in stored]
    look = look_back(observations, [], TONIGHT)
    assert checkins_this_week(observations, TONIGHT) == look.checkins
    assert worth_mentioning_at_closing(observations, TONIGHT, None) == look.enough


def _by_definition(observations: list[Observation], tonight: date) -> dict[str, object]:
    """This week's and last week's means worked out week by week, as the docstring defines them."""

    def means(weeks_ago: int) -> dict[Pillar, float]:
        week = [
            o
            for o in observations
            if 7 * weeks_ago <= (tonight - o.night).days < 7 * (weeks_ago + 1)
        ]
        return {
            p: sum(s) / len(s) for p in PILLARS if (s := [o.score for o in week if o.pillar == p])
        }

    this_week, last_week = means(0), means(1)
    checkins = len({o.night for o in observations if 0 <= (tonight - o.night).days < 7})
    order = {pillar: -PILLARS.index(pillar) for pillar in PILLARS}
    strongest = max(this_week, key=lambda p: (this_week[p], order[p]), default=None)
    rises = [
        (this_week[p] - last_week[p], -PILLARS.index(p), p) for p in this_week if p in last_week
    ]
    best = max(rises, default=None)
    return {
        "checkins": checkins,
        "strongest": strongest if checkins >= 2 else None,
        "grew": best[2] if checkins >= 2 and best is not None and best[0] >= 10.0 - 1e-9 else None,
    }


@given(
    st.lists(
        st.tuples(
            st.integers(-3, 20), st.sampled_from(PILLARS), st.sampled_from([0.0, 25.0, 75.0, 100.0])
        ),
        max_size=40,
    )
)
def test_one_pass_gives_what_the_definition_gives(stored: list[tuple[int, Pillar, float]]) -> None:
    observations = [obs(age, pillar, score) for age, pillar, score in stored]
    look = look_back(observations, [], TONIGHT)
    expected = _by_definition(observations, TONIGHT)
    assert {"checkins": look.checkins, "strongest": look.strongest, "grew": look.grew} == expected
