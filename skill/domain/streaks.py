"""The nightly streak: forgiving, never reset totals, small milestones.

A night is a local date (the caller decides which date "tonight" is, including the 4 a.m. rule).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Final

MILESTONES: Final[tuple[int, ...]] = (3, 7, 14, 30, 50, 100, 200, 365)
MAX_REST_NIGHTS: Final = 2
NIGHTS_PER_REST: Final = 7
STARTING_REST_NIGHTS: Final = 1  # a new couple starts with one rest night banked
BREAK_AFTER_MISSED_NIGHTS: Final = 2  # missed nights after which a welcome says "good to hear you"


@dataclass(frozen=True)
class Streak:
    """The stored streak of one household.

    `rest_nights` are banked rest nights (at most `MAX_REST_NIGHTS`); `nights_toward_rest` counts
    the counted nights since the last rest night was earned (or since the last restart).
    """

    current: int = 0
    longest: int = 0
    total_nights: int = 0
    last_night: date | None = None
    rest_nights: int = 0
    nights_toward_rest: int = 0


@dataclass(frozen=True)
class NightCounted:
    """The result of `count_night`: the new streak and what happened, for the voice lines."""

    streak: Streak
    counted: bool
    milestone: int | None
    rest_nights_used: int
    restarted: bool

    @property
    def after_break(self) -> bool:
        """Tonight follows missed nights (covered by rest nights or not)."""
        return self.rest_nights_used > 0 or self.restarted


def _missed_nights(last_night: date, night: date) -> int:
    """Whole nights strictly between `last_night` and `night` (0 for consecutive nights)."""
    return (night - last_night).days - 1


def count_night(streak: Streak, night: date) -> NightCounted:
    """Count `night` for the household.

    - The first night ever starts the streak at 1, with `STARTING_REST_NIGHTS` banked.
    - The same night again, or a night before the last counted one (travel west), changes nothing.
    - Missed nights in between are covered automatically by banked rest nights when there are
      enough; a rest night keeps the streak alive but does not add to it.
    - When the gap is larger than the bank, the streak restarts at 1. The banked rest nights are
      kept (they were earned, and spending them on a gap they cannot bridge would be a penalty),
      but the progress toward the next rest night starts over: it is reset to 0 and tonight then
      counts as its first night, so `nights_toward_rest` is 1 after a restart.
    - Every counted night adds to the progress; the seventh earns a rest night (the bank is capped
      at `MAX_REST_NIGHTS`, a rest night earned on a full bank is not kept).
    - `longest` and `total_nights` never go down.
    """
    if streak.last_night is not None and night <= streak.last_night:
        return NightCounted(
            streak=streak, counted=False, milestone=None, rest_nights_used=0, restarted=False
        )

    current = streak.current
    rest_nights = streak.rest_nights
    toward_rest = streak.nights_toward_rest
    rest_used = 0
    restarted = False

    if streak.last_night is None:
        current = 0
        rest_nights = max(rest_nights, STARTING_REST_NIGHTS)
    else:
        missed = _missed_nights(streak.last_night, night)
        if missed > rest_nights:
            current = 0
            toward_rest = 0
            restarted = True
        elif missed > 0:
            rest_nights -= missed
            rest_used = missed

    current += 1
    toward_rest += 1
    if toward_rest >= NIGHTS_PER_REST:
        toward_rest = 0
        rest_nights = min(MAX_REST_NIGHTS, rest_nights + 1)

    new_streak = replace(
        streak,
        current=current,
        longest=max(streak.longest, current),
        total_nights=streak.total_nights + 1,
        last_night=night,
        rest_nights=rest_nights,
        nights_toward_rest=toward_rest,
    )
    return NightCounted(
        streak=new_streak,
        counted=True,
        milestone=current if current in MILESTONES else None,
        rest_nights_used=rest_used,
        restarted=restarted,
    )


@dataclass(frozen=True)
class StreakStatus:
    """What to say for "what's our streak?" on a given night, without counting it."""

    current: int
    alive: bool
    counted_tonight: bool
    rest_nights: int
    longest: int
    total_nights: int
    missed_nights: int

    @property
    def after_break(self) -> bool:
        return self.missed_nights >= BREAK_AFTER_MISSED_NIGHTS


def status(streak: Streak, tonight: date) -> StreakStatus:
    """The streak as seen on `tonight`, without counting tonight.

    - Counted tonight (or later, after travel west): alive, nothing missed.
    - Otherwise the nights missed since the last counted night (tonight excluded) are covered by
      the bank if they can be; then the streak is alive, and `rest_nights` is what the bank will
      hold once those nights are covered (so the answer does not promise spent rest nights).
    - When the bank cannot cover them the streak is not alive and `current` is 0: counting tonight
      is a fresh start. The bank survives a restart, so `rest_nights` is the whole bank then.
    - A household that never counted a night has no streak: not alive, current 0, nothing missed,
      and the rest night a new couple starts with.
    """
    if streak.last_night is None:
        return StreakStatus(
            current=0,
            alive=False,
            counted_tonight=False,
            rest_nights=max(streak.rest_nights, STARTING_REST_NIGHTS),
            longest=streak.longest,
            total_nights=streak.total_nights,
            missed_nights=0,
        )
    if streak.last_night >= tonight:
        return StreakStatus(
            current=streak.current,
            alive=True,
            counted_tonight=True,
            rest_nights=streak.rest_nights,
            longest=streak.longest,
            total_nights=streak.total_nights,
            missed_nights=0,
        )
    missed = _missed_nights(streak.last_night, tonight)
    alive = missed <= streak.rest_nights
    return StreakStatus(
        current=streak.current if alive else 0,
        alive=alive,
        counted_tonight=False,
        rest_nights=streak.rest_nights - missed if alive else streak.rest_nights,
        longest=streak.longest,
        total_nights=streak.total_nights,
        missed_nights=missed,
    )
