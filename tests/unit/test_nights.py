"""The night rule: (instant - 4 hours) in the device's zone; DST and travel safe."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from skill.domain.nights import night_of

NY = ZoneInfo("America/New_York")
LA = ZoneInfo("America/Los_Angeles")
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")


@pytest.mark.parametrize(
    ("local", "zone", "night"),
    [
        (datetime(2026, 11, 20, 21, 30), NY, date(2026, 11, 20)),  # evening
        (datetime(2026, 11, 21, 0, 40), NY, date(2026, 11, 20)),  # 12:40 a.m.: the evening before
        (datetime(2026, 11, 21, 3, 59), NY, date(2026, 11, 20)),  # last minute of the night
        (datetime(2026, 11, 21, 4, 0), NY, date(2026, 11, 21)),  # a new night starts at 4 a.m.
        (datetime(2026, 11, 21, 12, 0), NY, date(2026, 11, 21)),  # midday belongs to today
        # Spring forward (2026-03-08, 2 a.m. → 3 a.m. in New York): 1:30 a.m. is still the 7th.
        (datetime(2026, 3, 8, 1, 30), NY, date(2026, 3, 7)),
        (datetime(2026, 3, 8, 3, 30), NY, date(2026, 3, 7)),
        (datetime(2026, 3, 8, 21, 0), NY, date(2026, 3, 8)),
        # Fall back (2026-11-01, 2 a.m. → 1 a.m.): both 1:30 a.m.s belong to the 31st.
        (datetime(2026, 11, 1, 1, 30, fold=0), NY, date(2026, 10, 31)),
        (datetime(2026, 11, 1, 1, 30, fold=1), NY, date(2026, 10, 31)),
        (datetime(2026, 11, 1, 21, 0), NY, date(2026, 11, 1)),
        # Europe and the southern hemisphere change on other dates.
        (datetime(2026, 3, 29, 0, 30), LONDON, date(2026, 3, 28)),
        (datetime(2026, 4, 5, 2, 30), SYDNEY, date(2026, 4, 4)),
    ],
)
def test_night_of_local_times(local: datetime, zone: ZoneInfo, night: date) -> None:
    assert night_of(local.replace(tzinfo=zone), zone) == night


def test_the_same_instant_is_a_different_night_after_travelling_west() -> None:
    # 2:30 a.m. UTC on the 21st: 9:30 p.m. on the 20th in New York, 6:30 p.m. in Los Angeles.
    instant = datetime(2026, 11, 21, 2, 30, tzinfo=UTC)
    assert night_of(instant, NY) == date(2026, 11, 20)
    assert night_of(instant, LA) == date(2026, 11, 20)
    # 10 a.m. UTC on the 21st: 5 a.m. in New York (a new night), 2 a.m. in LA (still the 20th).
    later = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    assert night_of(later, NY) == date(2026, 11, 21)
    assert night_of(later, LA) == date(2026, 11, 20)


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        night_of(datetime(2026, 11, 20, 21, 30), NY)
