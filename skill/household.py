"""The stored shape of a household: validated on every read, versioned on every write.

Only aggregates live here (scores per pillar for about two weeks, the streak, what has been
heard). Raw answers live in per-night records that expire.

Two numbers travel with a household: `version` counts its writes (optimistic locking), and
`schema_version` says which shape of the document it was written in. Every store reads through
`read_household`, which upgrades an older document one step at a time (`UPGRADES`) before
validating it, so a household saved by an earlier release keeps its streak.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from skill.domain.pillars import Pillar
from skill.domain.scoring import Focus, Observation
from skill.domain.streaks import Streak

SCHEMA_VERSION: Final = 2

DepthPreference = Literal["usual", "deeper"]  # "deeper": deep starters join the rotation

#: A household's profile expires a year after its last write (every write moves it on), so a
#: household that stopped using the skill, or whose erasure never arrived, is not kept forever.
#: DynamoDB's TTL deletes it; the SQLite store sweeps it; every store treats it as gone.
PROFILE_TTL_SECONDS: Final = 365 * 24 * 3600


def profile_expires_at(now: float) -> int:
    """When a profile written at `now` (epoch seconds) expires."""
    return int(now) + PROFILE_TTL_SECONDS


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


class StoredReminder(_Record):
    """The bedtime reminder this household asked for: its id at the Reminders API and its time."""

    reminder_id: str = Field(min_length=1, max_length=200)
    hour: int = Field(ge=0, le=23)
    minute: int = Field(ge=0, le=59)
    zone: str = Field(min_length=1, max_length=64)


class Household(_Record):
    household_id: str
    version: int = 0
    schema_version: int = SCHEMA_VERSION
    first_night: date | None = None
    depth: DepthPreference = "usual"
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
    recent_nights: tuple[date, ...] = ()  # nights that counted, the last two weeks (look back)
    reminder: StoredReminder | None = None
    reminder_offered: date | None = None  # the reminder is offered once, ever
    # The goodnight last said the week's look back is ready (at most once a week). Additive:
    # a document written before it was kept reads as never mentioned.
    look_back_mentioned: date | None = None

    @classmethod
    def new(cls, household_id: str) -> Household:
        return cls(household_id=household_id)


class NightRecord(_Record):
    """One night's check-in answers: sensitive, so it expires (see `expires_at`)."""

    household_id: str
    night: date
    answered: tuple[AnsweredItem, ...]
    expires_at: int  # epoch seconds; DynamoDB TTL and the SQLite sweeper both honour it


Document = dict[str, Any]


def _v1_to_v2(document: Document) -> Document:
    """v2: the depth preference is a word, not the `deep_opt_in` flag, so a third setting
    needs no new field; `last_seen_night`, written but never read, is no longer kept."""
    upgraded = {k: v for k, v in document.items() if k not in ("deep_opt_in", "last_seen_night")}
    upgraded["depth"] = "deeper" if document.get("deep_opt_in") is True else "usual"
    upgraded["schema_version"] = 2
    return upgraded


# Upgrades[n] turns a schema-n document into schema n + 1. A new shape adds one function here
# and moves SCHEMA_VERSION on; the store contract tests load a document of every older shape.
UPGRADES: Final[dict[int, Callable[[Document], Document]]] = {1: _v1_to_v2}


def upgrade(document: Document) -> Document:
    """A stored household document in the current shape (documents before v1 had no number)."""
    version = document.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError("unknown schema_version")
    while version < SCHEMA_VERSION:
        document = UPGRADES[version](document)
        version += 1
    # A newer document (read after a rollback) is read for what this release understands.
    return document


def read_household(document: str | bytes, household_id: str) -> Household:
    """A stored household, upgraded and validated. Anything unreadable (damaged, not JSON, not
    this household's) is a fresh start, never a crash; the store keeps the stored `version`,
    so the next save still replaces it conditionally."""
    try:
        data = json.loads(document)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        household = Household.model_validate(upgrade(data))
    except (ValueError, ValidationError):  # json.JSONDecodeError is a ValueError
        return Household.new(household_id)
    if household.household_id != household_id:
        return Household.new(household_id)
    return household
