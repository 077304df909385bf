"""Which night an instant belongs to: the night runs until 4 a.m. local time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

NIGHT_ENDS_AT = timedelta(hours=4)


def night_of(instant: datetime, zone: ZoneInfo) -> date:
    """The local date of (instant - 4 hours) in `zone`.

    A check-in at 12:40 a.m. belongs to the evening before. Working on the absolute
    instant, then converting, keeps this right across daylight-saving changes.
    """
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return (instant - NIGHT_ENDS_AT).astimezone(zone).date()
