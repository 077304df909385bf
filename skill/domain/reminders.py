"""The bedtime reminder: which time a spoken time means, when it first rings, when to offer it.

Pure: the clock and the zone come in as arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final

OFFER_AFTER_NIGHTS: Final = 3  # offered once, after the couple's third night together
EVENING_FROM_HOUR: Final = 5  # "at seven" means 7 p.m. for a bedtime reminder (5 to 11 move on)
_SPOKEN_TIME = re.compile(r"^(?P<hour>\d{1,2}):(?P<minute>\d{2})$")


@dataclass(frozen=True, order=True)
class BedtimeTime:
    """A time of day on the device's clock (24-hour)."""

    hour: int
    minute: int

    def __post_init__(self) -> None:
        if not (0 <= self.hour <= 23 and 0 <= self.minute <= 59):
            raise ValueError(f"not a time of day: {self.hour}:{self.minute}")

    def as_time(self) -> time:
        return time(self.hour, self.minute)


def read_spoken_time(value: str | None) -> BedtimeTime | None:
    """The time Alexa heard (AMAZON.TIME gives "21:30", or "NI" for "at night").

    A bedtime reminder is an evening thing, so a bare "seven" that arrives as 07:00 means 7 p.m.;
    hours from midnight to 4 a.m. stay as they are (a late bedtime), and so does noon onwards.
    Vague times ("tonight", "in the evening") are not a time: the caller asks for one.
    """
    if not value:
        return None
    found = _SPOKEN_TIME.match(value.strip())
    if not found:
        return None
    hour, minute = int(found.group("hour")), int(found.group("minute"))
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    if EVENING_FROM_HOUR <= hour < 12:
        hour += 12
    return BedtimeTime(hour, minute)


def suggested_time(local_now: datetime) -> BedtimeTime:
    """The time to suggest when none was said: now, on the quarter hour below."""
    return BedtimeTime(local_now.hour, local_now.minute - local_now.minute % 15)


def first_ring(local_now: datetime, at: BedtimeTime) -> datetime:
    """The first time the reminder rings: today at `at` if still ahead, else tomorrow.

    `local_now` is the device's local time (aware); the result is naive local time, the form
    the reminder's recurrence takes together with its time-zone id.
    """
    if local_now.tzinfo is None:
        raise ValueError("local_now must be timezone-aware")
    today: date = local_now.date()
    candidate = datetime.combine(today, at.as_time())
    if candidate <= local_now.replace(tzinfo=None, second=0, microsecond=0):
        candidate += timedelta(days=1)
    return candidate


def offer_due(nights_together: int, offered: bool, has_reminder: bool) -> bool:
    """Offer the reminder once, after the third night together, if there is none yet."""
    return nights_together >= OFFER_AFTER_NIGHTS and not offered and not has_reminder
