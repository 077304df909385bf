from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.domain.streaks import (
    MAX_REST_NIGHTS,
    MILESTONES,
    NIGHTS_PER_REST,
    NightCounted,
    Streak,
    StreakStatus,
    count_night,
    status,
)

START = date(2025, 3, 1)


def night(offset: int) -> date:
    return START + timedelta(days=offset)


def run(offsets: list[int], streak: Streak | None = None) -> NightCounted:
    """Count the nights at `offsets` from START in order; return the last result."""
    current = Streak() if streak is None else streak
    result: NightCounted | None = None
    for offset in offsets:
        result = count_night(current, night(offset))
        current = result.streak
    assert result is not None
    return result


def days(first: int, last: int) -> list[int]:
    """Offsets first..last, both included."""
    return list(range(first, last + 1))


@dataclass(frozen=True)
class Expect:
    current: int
    longest: int
    total: int
    rest: int
    toward: int
    counted: bool = True
    rest_used: int = 0
    restarted: bool = False
    milestone: int | None = None


@pytest.mark.parametrize(
    ("offsets", "expect"),
    [
        pytest.param([0], Expect(1, 1, 1, 1, 1), id="first-night-banks-one-rest"),
        pytest.param([0, 1], Expect(2, 2, 2, 1, 2), id="two-nights"),
        pytest.param(days(0, 2), Expect(3, 3, 3, 1, 3, milestone=3), id="growth-to-three"),
        pytest.param([0, 0], Expect(1, 1, 1, 1, 1, counted=False), id="same-night-twice"),
        pytest.param(
            [0, 1, 2, 2], Expect(3, 3, 3, 1, 3, counted=False), id="same-night-no-milestone-again"
        ),
        pytest.param([0, 1, 0], Expect(2, 2, 2, 1, 2, counted=False), id="travel-west"),
        pytest.param(
            [*days(0, 4), 2], Expect(5, 5, 5, 1, 5, counted=False), id="travel-west-far-back"
        ),
        pytest.param(days(0, 6), Expect(7, 7, 7, 2, 0, milestone=7), id="seventh-night-earns-rest"),
        pytest.param(
            [0, 1, 2, 4], Expect(4, 4, 4, 0, 4, rest_used=1), id="missing-night-four-is-covered"
        ),
        pytest.param([0, 2], Expect(2, 2, 2, 0, 2, rest_used=1), id="early-gap-starting-rest"),
        pytest.param(
            [*days(0, 6), 8], Expect(8, 8, 8, 1, 1, rest_used=1), id="gap-covered-by-one-rest"
        ),
        pytest.param(
            [*days(0, 13), 16], Expect(15, 15, 15, 0, 1, rest_used=2), id="gap-covered-by-two-rest"
        ),
        pytest.param(
            [*days(0, 13), 15], Expect(15, 15, 15, 1, 1, rest_used=1), id="one-of-two-rest-used"
        ),
        pytest.param(
            [*days(0, 6), 10], Expect(1, 7, 8, 2, 1, restarted=True), id="gap-larger-than-bank"
        ),
        pytest.param(
            [*days(0, 13), 17], Expect(1, 14, 15, 2, 1, restarted=True), id="gap-3-with-bank-of-2"
        ),
        pytest.param([0, 2, 4], Expect(1, 2, 3, 0, 1, restarted=True), id="gap-with-empty-bank"),
        pytest.param(
            [*days(0, 4), 7], Expect(1, 5, 6, 1, 1, restarted=True), id="restart-resets-progress"
        ),
        pytest.param(
            [*days(0, 12), 14],
            Expect(14, 14, 14, 2, 0, rest_used=1, milestone=14),
            id="rest-used-and-earned-same-night",
        ),
        pytest.param(days(0, 20), Expect(21, 21, 21, 2, 0), id="rest-capped-at-two"),
        pytest.param(days(0, 27), Expect(28, 28, 28, 2, 0), id="rest-stays-capped"),
        pytest.param(
            [*days(0, 4), *days(10, 11)], Expect(2, 5, 7, 1, 2), id="longest-total-survive-restart"
        ),
        pytest.param(
            [*days(0, 2), *days(10, 12)], Expect(3, 3, 6, 1, 3, milestone=3), id="milestone-again"
        ),
    ],
)
def test_count_night(offsets: list[int], expect: Expect) -> None:
    result = run(offsets)
    assert (
        result.streak.current,
        result.streak.longest,
        result.streak.total_nights,
        result.streak.rest_nights,
        result.streak.nights_toward_rest,
    ) == (expect.current, expect.longest, expect.total, expect.rest, expect.toward)
    assert result.counted is expect.counted
    assert result.rest_nights_used == expect.rest_used
    assert result.restarted is expect.restarted
    assert result.milestone == expect.milestone


@pytest.mark.parametrize(
    "offsets",
    [
        pytest.param([0, 0], id="same-night"),
        pytest.param([0, 3, 1], id="travel-west"),
    ],
)
def test_night_not_counted_leaves_streak_unchanged(offsets: list[int]) -> None:
    before = run(offsets[:-1]).streak
    result = count_night(before, night(offsets[-1]))
    assert result.streak == before
    assert result.streak.last_night == night(max(offsets[:-1]))


@pytest.mark.parametrize(
    ("nights", "milestone"),
    [
        (1, None),
        (2, None),
        (3, 3),
        (4, None),
        (7, 7),
        (14, 14),
        (15, None),
        (30, 30),
        (50, 50),
        (100, 100),
        (200, 200),
        (364, None),
        (365, 365),
        (366, None),
    ],
)
def test_milestones(nights: int, milestone: int | None) -> None:
    assert run(days(0, nights - 1)).milestone == milestone


def test_every_milestone_is_announced_once_in_a_straight_year() -> None:
    streak = Streak()
    announced: list[int] = []
    for offset in range(400):
        result = count_night(streak, night(offset))
        streak = result.streak
        if result.milestone is not None:
            announced.append(result.milestone)
    assert announced == list(MILESTONES)


@pytest.mark.parametrize(
    "start",
    [date(2023, 12, 1), date(2025, 1, 1), date(2025, 3, 30)],
    ids=["across-leap-day", "calendar-year", "across-dst-change"],
)
def test_365_straight_nights(start: date) -> None:
    streak = Streak()
    result: NightCounted | None = None
    for offset in range(365):
        result = count_night(streak, start + timedelta(days=offset))
        assert result.counted
        assert not result.restarted
        assert result.rest_nights_used == 0
        streak = result.streak
    assert result is not None
    assert streak == Streak(
        current=365,
        longest=365,
        total_nights=365,
        last_night=start + timedelta(days=364),
        rest_nights=MAX_REST_NIGHTS,
        nights_toward_rest=365 % NIGHTS_PER_REST,
    )
    assert result.milestone == 365


def _streak(current: int, last_offset: int | None, rest: int) -> Streak:
    return Streak(
        current=current,
        longest=max(current, 20),
        total_nights=40,
        last_night=None if last_offset is None else night(last_offset),
        rest_nights=rest,
        nights_toward_rest=3,
    )


@pytest.mark.parametrize(
    ("streak", "tonight", "expected"),
    [
        pytest.param(Streak(), 0, StreakStatus(0, False, False, 1, 0, 0, 0), id="never-counted"),
        pytest.param(
            _streak(5, 10, 1), 10, StreakStatus(5, True, True, 1, 20, 40, 0), id="counted-tonight"
        ),
        pytest.param(
            _streak(5, 11, 1), 10, StreakStatus(5, True, True, 1, 20, 40, 0), id="travel-west"
        ),
        pytest.param(
            _streak(5, 9, 0), 10, StreakStatus(5, True, False, 0, 20, 40, 0), id="alive-yesterday"
        ),
        pytest.param(
            _streak(5, 8, 1), 10, StreakStatus(5, True, False, 0, 20, 40, 1), id="alive-one-rest"
        ),
        pytest.param(
            _streak(5, 7, 2), 10, StreakStatus(5, True, False, 0, 20, 40, 2), id="alive-two-rest"
        ),
        pytest.param(
            _streak(5, 8, 2), 10, StreakStatus(5, True, False, 1, 20, 40, 1), id="alive-one-left"
        ),
        pytest.param(
            _streak(5, 8, 0), 10, StreakStatus(0, False, False, 0, 20, 40, 1), id="broken-no-bank"
        ),
        pytest.param(
            _streak(5, 7, 1), 10, StreakStatus(0, False, False, 1, 20, 40, 2), id="broken-short"
        ),
        pytest.param(
            _streak(5, 0, 2), 30, StreakStatus(0, False, False, 2, 20, 40, 29), id="broken-long"
        ),
    ],
)
def test_status(streak: Streak, tonight: int, expected: StreakStatus) -> None:
    assert status(streak, night(tonight)) == expected


# Offsets of the nights a household uses the skill, in the order they happen (travel west and
# repeated nights included).
night_sequences = st.lists(st.integers(min_value=0, max_value=120), max_size=80)


@given(night_sequences)
def test_count_night_never_decreases_longest_or_total(offsets: list[int]) -> None:
    streak = Streak()
    for offset in offsets:
        result = count_night(streak, night(offset))
        new = result.streak
        assert new.longest >= streak.longest
        assert new.total_nights == streak.total_nights + (1 if result.counted else 0)
        assert 1 <= new.current <= new.longest
        assert 0 <= new.rest_nights <= MAX_REST_NIGHTS
        assert 0 <= new.nights_toward_rest < NIGHTS_PER_REST
        assert result.milestone is None or (result.counted and result.milestone in MILESTONES)
        streak = new


@given(night_sequences, st.integers(min_value=0, max_value=130))
def test_status_agrees_with_counting(offsets: list[int], tonight_offset: int) -> None:
    streak = Streak()
    for offset in offsets:
        streak = count_night(streak, night(offset)).streak
    tonight = night(tonight_offset)
    seen = status(streak, tonight)
    result = count_night(streak, tonight)
    assert seen.counted_tonight is not result.counted
    if result.counted and streak.last_night is not None:
        assert seen.alive is not result.restarted
        assert result.streak.current == seen.current + 1
        assert result.rest_nights_used == (seen.missed_nights if seen.alive else 0)
