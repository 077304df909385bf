"""The weekly look back: nights together, the strongest pillar and the one that grew most.

"This week" is the last seven nights, tonight included; "last week" the seven before. Scores
pick what to mention and are never read out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from skill.domain.pillars import PILLARS, Pillar
from skill.domain.scoring import EPSILON, Observation

WEEK_NIGHTS: Final = 7
MIN_CHECKINS: Final = 2  # fewer check-ins this week: not enough to look back on
GREW_AT_LEAST: Final = 10.0  # points (0-100): less than half a step is noise, not growth
STRONG_AT: Final = 62.5  # a strongest pillar below this "held up best" rather than shone

_ORDER: Final[dict[Pillar, int]] = {pillar: index for index, pillar in enumerate(PILLARS)}


@dataclass(frozen=True)
class LookBack:
    nights_together: int
    checkins: int
    strongest: Pillar | None = None
    strongest_is_high: bool = False
    grew: Pillar | None = None

    @property
    def enough(self) -> bool:
        return self.checkins >= MIN_CHECKINS


def _this_week(night: date, tonight: date) -> bool:
    return 0 <= (tonight - night).days < WEEK_NIGHTS


def checkins_this_week(observations: Iterable[Observation], tonight: date) -> int:
    """The nights with a pillar score this week: what `LookBack.checkins` counts."""
    return len({o.night for o in observations if _this_week(o.night, tonight)})


def look_back(
    observations: Iterable[Observation], nights_together: Iterable[date], tonight: date
) -> LookBack:
    """This week's look back from the stored per-pillar scores and the nights that counted.

    Check-ins are the nights with a pillar score this week. The strongest pillar is this
    week's highest mean (ties by pillar order). The one that grew most is the largest rise over
    last week's mean (ties by pillar order), only if it rose by `GREW_AT_LEAST` points or more;
    it may be the strongest pillar too.
    """
    # One pass: each score into this week's or last week's list for its pillar.
    weeks: tuple[dict[Pillar, list[float]], dict[Pillar, list[float]]] = ({}, {})
    checkin_nights = set()
    for obs in observations:
        weeks_ago = (tonight - obs.night).days // WEEK_NIGHTS
        if weeks_ago == 0 or weeks_ago == 1:
            weeks[weeks_ago].setdefault(obs.pillar, []).append(obs.score)
            if weeks_ago == 0:
                checkin_nights.add(obs.night)
    nights = {n for n in nights_together if _this_week(n, tonight)} | checkin_nights
    this_week, last_week = (
        {pillar: math.fsum(scores) / len(scores) for pillar, scores in week.items()}
        for week in weeks
    )
    if len(checkin_nights) < MIN_CHECKINS or not this_week:
        return LookBack(nights_together=len(nights), checkins=len(checkin_nights))
    strongest = max(this_week, key=lambda p: (this_week[p], -_ORDER[p]))
    rises = sorted(
        ((this_week[p] - last_week[p], -_ORDER[p], p) for p in this_week if p in last_week),
        reverse=True,
    )
    grew = rises[0][2] if rises and rises[0][0] >= GREW_AT_LEAST - EPSILON else None
    return LookBack(
        nights_together=len(nights),
        checkins=len(checkin_nights),
        strongest=strongest,
        strongest_is_high=this_week[strongest] >= STRONG_AT - EPSILON,
        grew=grew,
    )


def worth_mentioning_at_closing(
    observations: Iterable[Observation], tonight: date, last_mentioned: date | None
) -> bool:
    """Whether tonight's closing may say the look back is ready: once a week at most.

    For the check-in closing: after a check-in that makes the week worth a look back (two or more
    check-ins, tonight's in `observations`), when it was not mentioned in the last seven nights.
    Only the check-ins are counted: the closing says the look back is there, not what it holds.
    """
    if mentioned_this_week(tonight, last_mentioned):
        return False
    return checkins_this_week(observations, tonight) >= MIN_CHECKINS


def mentioned_this_week(tonight: date, last_mentioned: date | None) -> bool:
    """The look back was mentioned within the last seven nights (so not again tonight)."""
    return last_mentioned is not None and (tonight - last_mentioned).days < WEEK_NIGHTS
