from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.domain.checkin_plan import (
    choose_least_recent,
    choose_tip,
    pillars_for_night,
    suggest_counselling,
)
from skill.domain.pillars import PILLARS, Pillar
from skill.domain.scoring import PillarAverage

TONIGHT = date(2025, 6, 15)
FOCUS_CHOICES: list[Pillar | None] = [None, *PILLARS]


def ago(nights: int) -> date:
    return TONIGHT - timedelta(days=nights)


# --- tonight's pillars -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("night", "focus", "expected"),
    [
        (date(2025, 6, 1), None, ("teamwork", "curiosity", "time")),
        (date(2025, 6, 2), None, ("time", "openness", "trust")),
        (date(2025, 6, 3), None, ("listening", "trust", "appreciation")),
        (date(2025, 6, 4), None, ("respect", "appreciation", "curiosity")),
        (date(2025, 6, 6), None, ("time", "openness", "listening")),
        (date(2025, 6, 2), "trust", ("time", "openness", "trust")),
        (date(2025, 6, 2), "openness", ("time", "openness", "trust")),
        (date(2025, 6, 4), "trust", ("respect", "appreciation", "trust")),
        (date(2025, 6, 1), "curiosity", ("teamwork", "curiosity", "time")),
    ],
)
def test_pillars_for_night_examples(
    night: date, focus: Pillar | None, expected: tuple[Pillar, Pillar, Pillar]
) -> None:
    assert pillars_for_night(night, focus) == expected


@pytest.mark.parametrize("focus", FOCUS_CHOICES)
@pytest.mark.parametrize("start", [date(2024, 1, 1), date(2025, 3, 1)])
def test_pillars_for_night_across_a_year(start: date, focus: Pillar | None) -> None:
    nights = [start + timedelta(days=n) for n in range(370)]
    plans = [pillars_for_night(night, focus) for night in nights]
    for plan in plans:
        assert len(set(plan)) == 3
        assert set(plan) <= set(PILLARS)
        assert focus is None or focus in plan
    for first in range(len(plans) - 3):
        rotating = {p for plan in plans[first : first + 4] for p in plan[:2]}
        assert rotating == set(PILLARS)


@given(st.dates(), st.sampled_from(FOCUS_CHOICES))
def test_pillars_for_night_properties(night: date, focus: Pillar | None) -> None:
    plan = pillars_for_night(night, focus)
    assert len(set(plan)) == 3
    assert focus is None or focus in plan
    assert plan[:2] == pillars_for_night(night, None)[:2]


# --- least recent items and tips ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("ids", "last_used", "allowed"),
    [
        pytest.param(["a"], {}, {"a"}, id="single"),
        pytest.param(["a", "b", "c"], {"a": ago(1), "b": ago(30)}, {"c"}, id="never-used-first"),
        pytest.param(["a", "b", "c"], {"a": ago(1)}, {"b", "c"}, id="random-among-never-used"),
        pytest.param(
            ["a", "b", "c"], {"a": ago(1), "b": ago(9), "c": ago(3)}, {"b"}, id="least-recent"
        ),
        pytest.param(
            ["a", "b", "c"], {"a": ago(9), "b": ago(9), "c": ago(3)}, {"a", "b"}, id="tie-random"
        ),
        pytest.param(
            ["a", "b"], {"a": ago(2), "b": ago(1), "z": ago(50)}, {"a"}, id="ignores-unknown-ids"
        ),
    ],
)
def test_choose_least_recent(ids: list[str], last_used: dict[str, date], allowed: set[str]) -> None:
    seen = {choose_least_recent(ids, last_used, random.Random(seed)) for seed in range(40)}
    assert seen == allowed


def test_choose_least_recent_needs_ids() -> None:
    with pytest.raises(ValueError):
        choose_least_recent([], {}, random.Random(0))


@pytest.mark.parametrize(("pool", "seed"), [(7, 1), (14, 2), (20, 3)])
def test_items_do_not_repeat_within_the_pool_size(pool: int, seed: int) -> None:
    """With 14 or more items no item repeats within two weeks."""
    ids = [f"item-{n}" for n in range(pool)]
    rng = random.Random(seed)
    last_used: dict[str, date] = {}
    for offset in range(120):
        night = TONIGHT + timedelta(days=offset)
        chosen = choose_least_recent(ids, last_used, rng)
        if chosen in last_used:
            assert (night - last_used[chosen]).days >= min(pool, 14)
        last_used[chosen] = night


@pytest.mark.parametrize(
    ("heard", "allowed"),
    [
        pytest.param({}, {"a", "b", "c"}, id="nothing-heard"),
        pytest.param({"a": ago(0), "b": ago(29)}, {"c"}, id="never-heard"),
        pytest.param({"a": ago(0), "b": ago(29), "c": ago(30)}, {"c"}, id="30-nights-ago-fresh"),
        pytest.param({"a": ago(31), "b": ago(29), "c": ago(90)}, {"a", "c"}, id="random-fresh"),
        pytest.param({"a": ago(5), "b": ago(29), "c": ago(12)}, {"b"}, id="all-recent"),
        pytest.param({"a": ago(20), "b": ago(20), "c": ago(2)}, {"a", "b"}, id="all-recent-tie"),
        pytest.param({"a": ago(-1), "b": ago(1), "c": ago(2)}, {"c"}, id="future-is-recent"),
    ],
)
def test_choose_tip(heard: dict[str, date], allowed: set[str]) -> None:
    ids = ["a", "b", "c"]
    seen = {choose_tip(ids, heard, TONIGHT, random.Random(seed)) for seed in range(40)}
    assert seen <= allowed
    if len(allowed) > 1:
        assert len(seen) > 1


@pytest.mark.parametrize(
    ("pool", "min_gap", "seed"),
    [(10, 10, 1), (29, 29, 2), (30, 30, 3), (40, 30, 4), (80, 30, 5)],
)
def test_tips_not_repeated_over_120_nights(pool: int, min_gap: int, seed: int) -> None:
    """With 30 or more tips none repeats within 30 nights; a smaller pool cycles fully."""
    ids = [f"tip-{n}" for n in range(pool)]
    rng = random.Random(seed)
    heard: dict[str, date] = {}
    for offset in range(120):
        night = TONIGHT + timedelta(days=offset)
        tip = choose_tip(ids, heard, night, rng)
        if tip in heard:
            assert (night - heard[tip]).days >= min_gap
        heard[tip] = night


def test_choose_tip_needs_ids() -> None:
    with pytest.raises(ValueError):
        choose_tip([], {}, TONIGHT, random.Random(0))


# --- counselling -------------------------------------------------------------------------------


def lows(*nights_ago: int, lowest: int = 2) -> list[tuple[date, int]]:
    return [(ago(n), lowest) for n in nights_ago]


FINE = [(ago(n), 4) for n in range(7)]


@pytest.mark.parametrize(
    ("history", "avgs", "last_suggested", "expected"),
    [
        pytest.param([], {}, None, False, id="no-data"),
        pytest.param(FINE, {"time": PillarAverage(60.0, 8)}, None, False, id="all-fine"),
        pytest.param(lows(0, 2, 6), {}, None, True, id="anchor-low-3-of-7"),
        pytest.param(lows(1, 3, 5, lowest=1), {}, None, True, id="anchor-1s"),
        pytest.param(lows(0, 2), {}, None, False, id="anchor-low-2-of-7"),
        pytest.param(lows(0, 2, 7), {}, None, False, id="third-low-outside-window"),
        pytest.param(lows(0, 2, -1), {}, None, False, id="future-night-ignored"),
        pytest.param(lows(0, 2, 4, lowest=3), {}, None, False, id="three-is-not-low"),
        pytest.param(lows(0, 0, 0, 2), {}, None, False, id="same-night-counts-once"),
        pytest.param([*FINE, *lows(1, 3, 5)], {}, None, True, id="mixed-history"),
        pytest.param([], {"trust": PillarAverage(39.9, 4)}, None, True, id="average-under-40"),
        pytest.param([], {"trust": PillarAverage(39.9, 3)}, None, False, id="too-few-obs"),
        pytest.param([], {"trust": PillarAverage(40.0, 9)}, None, False, id="average-at-40"),
        pytest.param(lows(0, 2, 6), {}, ago(6), False, id="suggested-6-nights-ago"),
        pytest.param(lows(0, 2, 6), {}, ago(7), True, id="suggested-7-nights-ago"),
        pytest.param(lows(0, 2, 6), {}, ago(0), False, id="suggested-tonight"),
        pytest.param(
            [], {"trust": PillarAverage(20.0, 9)}, ago(3), False, id="average-weekly-limit"
        ),
        pytest.param(lows(0, 2, 6), {}, ago(-2), False, id="suggested-in-future"),
    ],
)
def test_suggest_counselling(
    history: list[tuple[date, int]],
    avgs: dict[Pillar, PillarAverage],
    last_suggested: date | None,
    expected: bool,
) -> None:
    assert suggest_counselling(history, avgs, last_suggested, TONIGHT) is expected


def test_counselling_at_most_once_a_week() -> None:
    """Low every night for 60 nights: suggested from the third night on, every seventh night."""
    history: list[tuple[date, int]] = []
    last: date | None = None
    suggested: list[int] = []
    for offset in range(60):
        night = TONIGHT + timedelta(days=offset)
        history.append((night, 1))
        if suggest_counselling(history, {}, last, night):
            last = night
            suggested.append(offset)
    assert suggested == list(range(2, 60, 7))
