from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.alexa.handlers.reminders import spoken
from skill.domain.reminders import (
    BedtimeTime,
    first_ring,
    offer_due,
    read_spoken_time,
    suggested_time,
)

NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("21:30", BedtimeTime(21, 30)),
        ("09:30", BedtimeTime(21, 30)),  # "nine thirty" at bedtime is the evening
        ("10:00", BedtimeTime(22, 0)),
        ("05:00", BedtimeTime(17, 0)),
        ("04:30", BedtimeTime(4, 30)),  # a very late night stays as it is
        ("00:15", BedtimeTime(0, 15)),
        ("12:00", BedtimeTime(12, 0)),
        ("23:59", BedtimeTime(23, 59)),
        ("NI", None),  # "at night": not a time, the skill suggests one
        ("EV", None),
        ("24:00", None),
        ("9:75", None),
        ("", None),
        (None, None),
    ],
)
def test_spoken_times(value: str | None, expected: BedtimeTime | None) -> None:
    assert read_spoken_time(value) == expected


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_evening_and_night_time_reads_back_as_itself(hour: int, minute: int) -> None:
    read = read_spoken_time(f"{hour:02d}:{minute:02d}")
    assert read is not None
    if hour < 5 or hour >= 12:
        assert read == BedtimeTime(hour, minute)
    else:
        assert read == BedtimeTime(hour + 12, minute)


def test_the_suggested_time_is_the_quarter_hour_below() -> None:
    assert suggested_time(datetime(2026, 11, 20, 21, 44, tzinfo=NEW_YORK)) == BedtimeTime(21, 30)
    assert suggested_time(datetime(2026, 11, 20, 22, 0, tzinfo=NEW_YORK)) == BedtimeTime(22, 0)


def test_first_ring_is_tonight_if_still_ahead_else_tomorrow() -> None:
    at = BedtimeTime(21, 30)
    assert first_ring(datetime(2026, 11, 20, 20, 0, tzinfo=NEW_YORK), at) == datetime(
        2026, 11, 20, 21, 30
    )
    assert first_ring(datetime(2026, 11, 20, 21, 30, tzinfo=NEW_YORK), at) == datetime(
        2026, 11, 21, 21, 30
    )
    late = datetime(2026, 11, 21, 0, 40, tzinfo=NEW_YORK)  # after midnight: tonight is "today"
    assert first_ring(late, at) == datetime(2026, 11, 21, 21, 30)


def test_first_ring_is_local_time_across_a_daylight_saving_change() -> None:
    # The evening before clocks go back in New York; the reminder stays at 9:30 p.m. local.
    before = datetime(2026, 10, 31, 22, 0, tzinfo=NEW_YORK)
    assert first_ring(before, BedtimeTime(21, 30)) == datetime(2026, 11, 1, 21, 30)


def test_first_ring_needs_an_aware_time() -> None:
    with pytest.raises(ValueError):
        first_ring(datetime(2026, 11, 20, 21, 0), BedtimeTime(21, 30))


@pytest.mark.parametrize(
    ("nights", "offered", "has_reminder", "due"),
    [
        (2, False, False, False),
        (3, False, False, True),
        (40, False, False, True),
        (3, True, False, False),  # once, ever
        (3, False, True, False),
    ],
)
def test_the_offer(nights: int, offered: bool, has_reminder: bool, due: bool) -> None:
    assert offer_due(nights, offered, has_reminder) is due


@pytest.mark.parametrize(
    ("at", "said"),
    [
        (BedtimeTime(21, 30), "9:30 PM"),
        (BedtimeTime(22, 0), "10 PM"),
        (BedtimeTime(0, 15), "12:15 AM"),
        (BedtimeTime(12, 5), "12:05 PM"),
    ],
)
def test_how_the_time_is_said(at: BedtimeTime, said: str) -> None:
    assert spoken(at) == said


def test_a_time_of_day_is_checked() -> None:
    with pytest.raises(ValueError):
        BedtimeTime(24, 0)
