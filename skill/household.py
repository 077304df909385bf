"""The stored shape of a household: validated on every read, versioned on every write.

Only aggregates live here (scores per pillar for about two weeks, the streak, what has been
heard). Raw answers live in per-night records that expire.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from skill.domain.pillars import Pillar
from skill.domain.scoring import Focus, Observation
from skill.domain.streaks import Streak

SCHEMA_VERSION = 1


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)


class Tonight(_Record):
    """Tonight's starter, so asking again the same night gives the same question."""

    night: date
    starter_id: str
    extra: int = 0  # how many times "another one" was granted tonight
    tip_id: str | None = (
        None  # the small idea given after tonight's check-in, for "what was the tip"
    )


class AnsweredItem(_Record):
    item_id: str = Field(pattern=r"^[a-z]+-\d{1,2}$")
    pillar: Pillar | None  # None: the closeness anchor
    answers: tuple[Annotated[int, Field(ge=1, le=5)], ...] = Field(default=(), max_length=2)
    # empty answers: skipped


class PausedCheckin(_Record):
    """A check-in stopped part-way, kept so it can be resumed the same night."""

    night: date
    item_ids: tuple[str, ...]
    answered: tuple[AnsweredItem, ...] = ()


class Household(_Record):
    household_id: str
    version: int = 0
    schema_version: int = SCHEMA_VERSION
    first_night: date | None = None
    last_seen_night: date | None = None
    deep_opt_in: bool = False
    tonight: Tonight | None = None
    heard_starters: tuple[str, ...] = ()
    streak: Streak = Field(default_factory=Streak)
    observations: tuple[Observation, ...] = ()
    anchor_lows: tuple[tuple[date, int], ...] = ()  # (night, lowest anchor answer)
    focus: Focus = Field(default_factory=Focus)
    items_asked: dict[str, date] = Field(default_factory=dict)
    tips_heard: dict[str, date] = Field(default_factory=dict)
    counselling_suggested: date | None = None
    paused_checkin: PausedCheckin | None = None
    last_checkin_night: date | None = None

    @classmethod
    def new(cls, household_id: str) -> Household:
        return cls(household_id=household_id)


class NightRecord(_Record):
    """One night's check-in answers: sensitive, so it expires (see `expires_at`)."""

    household_id: str
    night: date
    answered: tuple[AnsweredItem, ...]
    expires_at: int  # epoch seconds; DynamoDB TTL and the SQLite sweeper both honour it
