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
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from operator import itemgetter
from typing import Any, Final, Literal, cast, get_args

from skill.domain.pillars import PILLARS, Pillar
from skill.domain.scoring import MAX_ANSWER, MIN_ANSWER, Focus, Observation
from skill.domain.streaks import Streak
from skill.records import (
    RecordError,
    day,
    days,
    days_by_text,
    flag,
    integer,
    iso,
    mapping,
    matching,
    number,
    one_of,
    optional_day,
    parser,
    sequence,
    text,
    texts,
)

SCHEMA_VERSION: Final = 2

DepthPreference = Literal["usual", "deeper"]  # "deeper": deep starters join the rotation

#: A household's profile expires a year after its last write (every write moves it on), so a
#: household that stopped using the skill, or whose erasure never arrived, is not kept forever.
#: DynamoDB's TTL deletes it; the SQLite store sweeps it; every store treats it as gone.
PROFILE_TTL_SECONDS: Final = 365 * 24 * 3600


def profile_expires_at(now: float) -> int:
    """When a profile written at `now` (epoch seconds) expires."""
    return int(now) + PROFILE_TTL_SECONDS


@dataclass(frozen=True, slots=True)
class Tonight:
    """Tonight's starter, so asking again the same night gives the same question."""

    night: date
    starter_id: str
    extra: int = 0  # how many times "another one" was granted tonight
    tip_id: str | None = None  # the small idea given after tonight's check-in, "what was the tip"


@dataclass(frozen=True, slots=True)
class AnsweredItem:
    item_id: str  # ITEM_ID
    pillar: Pillar | None  # None: the closeness anchor
    answers: tuple[int, ...] = ()  # one or two answers from 1 to 5; empty: skipped


@dataclass(frozen=True, slots=True)
class PausedCheckin:
    """A check-in stopped part-way, kept so it can be resumed the same night."""

    night: date
    item_ids: tuple[str, ...]
    answered: tuple[AnsweredItem, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredReminder:
    """The bedtime reminder this household asked for: its id at the Reminders API and its time."""

    reminder_id: str  # 1 to 200 characters
    hour: int  # 0-23
    minute: int  # 0-59
    zone: str  # 1 to 64 characters


@dataclass(frozen=True, slots=True)
class Household:
    household_id: str
    version: int = 0
    schema_version: int = SCHEMA_VERSION
    first_night: date | None = None
    depth: DepthPreference = "usual"
    tonight: Tonight | None = None
    heard_starters: tuple[str, ...] = ()
    streak: Streak = field(default_factory=Streak)
    observations: tuple[Observation, ...] = ()
    anchor_lows: tuple[tuple[date, int], ...] = ()  # (night, lowest anchor answer)
    focus: Focus = field(default_factory=Focus)
    items_asked: dict[str, date] = field(default_factory=dict)
    tips_heard: dict[str, date] = field(default_factory=dict)
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


@dataclass(frozen=True, slots=True)
class NightRecord:
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
        raise RecordError("schema_version: not one of ours")
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
        household = parse_household(upgrade(mapping(json.loads(document), "household")))
    except ValueError:  # RecordError, and json.JSONDecodeError, are ValueErrors
        return Household.new(household_id)
    if household.household_id != household_id:
        return Household.new(household_id)
    return household


def with_version(household: Household, version: int) -> Household:
    """`household` at the store's `version` (its count of writes, kept beside the document)."""
    return household if household.version == version else replace(household, version=version)


def read_night(document: str | bytes) -> NightRecord:
    """A stored night's answers; `RecordError` when it is not one (damaged, not JSON)."""
    try:
        data = json.loads(document)
    except ValueError:
        raise RecordError("night: not JSON") from None
    return parse_night(mapping(data, "night"))


def household_json(household: Household) -> str:
    """The stored document of `household` (what `read_household` reads back).

    The same text as `json.dumps` of `household_document`, but the observations (about forty,
    three quarters of the work) are written from text kept per observation: the document goes
    out with a placeholder that the observations' text then replaces.
    """
    document = household_document(household, observations=_OBSERVATIONS_SLOT)
    return _dumps(document).replace(
        _OBSERVATIONS_SLOT_JSON, _observations_json(household.observations), 1
    )


# The placeholder: JSON writes the NUL as an escape, and no stored string can hold one.
_OBSERVATIONS_SLOT: Final = "\0observations"
_OBSERVATIONS_SLOT_JSON: Final = json.dumps(_OBSERVATIONS_SLOT)
# Observations already written, as their JSON text; as for reading (`_OBSERVATIONS`), a warm
# process writes the same few thousand over and over, and this is emptied when full.
_OBSERVATION_TEXT: dict[Observation, str] = {}


def _observations_json(observations: Sequence[Observation]) -> str:
    written = []
    for observation in observations:
        text = _OBSERVATION_TEXT.get(observation)
        if text is None:
            text = _dumps(_observation_document(observation))
            if len(_OBSERVATION_TEXT) >= _MAX_CACHED_OBSERVATIONS:
                _OBSERVATION_TEXT.clear()
            _OBSERVATION_TEXT[observation] = text
        written.append(text)
    return "[" + ",".join(written) + "]"


def night_json(night: NightRecord) -> str:
    return _dumps(
        {
            "household_id": night.household_id,
            "night": iso(night.night),
            "answered": [answered_document(a) for a in night.answered],
            "expires_at": night.expires_at,
        }
    )


# What json.dumps(document, ensure_ascii=False, separators=(",", ":")) writes, from one encoder
# made once; documents are built fresh for each write, so there is no cycle to look for.
_ENCODER: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _dumps(document: dict[str, Any]) -> str:
    return _ENCODER.encode(document)


# -- reading: every rule of the stored shapes, field by field -------------------------------------
#
# Stored documents are forward compatible: a field added by a newer release is ignored, so a
# rollback still reads what the newer release wrote.

ITEM_ID: Final = re.compile(r"[a-z]+-[0-9]{1,2}")
_PILLARS: Final = frozenset(PILLARS)
_DEPTHS: Final = frozenset(get_args(DepthPreference))


def pillar(value: object, name: str) -> Pillar:
    if type(value) is str and value in _PILLARS:
        return value
    raise RecordError(f"{name}: not a pillar")


def optional_pillar(value: object, name: str) -> Pillar | None:
    return None if value is None else pillar(value, name)


def parse_answered_item(value: object) -> AnsweredItem:
    data = mapping(value, "answered")
    answers = sequence(data.get("answers", ()), "answers", max_length=2)
    return AnsweredItem(  # by position (see _observation)
        matching(data["item_id"], "item_id", ITEM_ID),
        optional_pillar(data["pillar"], "pillar"),
        tuple(
            [
                a  # the usual case, checked here without a call
                if type(a) is int and MIN_ANSWER <= a <= MAX_ANSWER
                else integer(a, "answers", MIN_ANSWER, MAX_ANSWER)
                for a in answers
            ]
        ),
    )


def parse_answered(value: object) -> tuple[AnsweredItem, ...]:
    return tuple([parse_answered_item(item) for item in sequence(value, "answered")])


def _tonight(value: object) -> Tonight | None:
    if value is None:
        return None
    data = mapping(value, "tonight")
    tip_id = data.get("tip_id")
    return Tonight(
        night=day(data["night"], "tonight.night"),
        starter_id=text(data["starter_id"], "tonight.starter_id"),
        extra=integer(data.get("extra", 0), "tonight.extra"),
        tip_id=None if tip_id is None else text(tip_id, "tonight.tip_id"),
    )


def _streak(value: object) -> Streak:
    data = mapping(value, "streak")
    get = data.get
    return Streak(  # by position, in the order of its fields (see _observation)
        integer(get("current", 0), "streak.current"),
        integer(get("longest", 0), "streak.longest"),
        integer(get("total_nights", 0), "streak.total_nights"),
        optional_day(get("last_night"), "streak.last_night"),
        integer(get("rest_nights", 0), "streak.rest_nights"),
        integer(get("nights_toward_rest", 0), "streak.nights_toward_rest"),
    )


# Observations already read, by their stored values. Every household's nights fall in the same
# two weeks of the calendar and scores take few values, so a warm process sees the same ones
# over and over (a few thousand at most); only valid ones go in, and it is emptied when full.
_OBSERVATIONS: dict[tuple[object, ...], Observation] = {}
_MAX_CACHED_OBSERVATIONS: Final = 4096
_STORED_OBSERVATION: Final = itemgetter("night", "pillar", "score")


def _observations(value: object) -> tuple[Observation, ...]:
    """About forty a read: when all were read before, this is three passes of C."""
    items = sequence(value, "observations")
    try:
        objects = cast("Sequence[dict[str, object]]", items)  # checked by itemgetter: TypeError
        stored = list(map(_STORED_OBSERVATION, objects))  # KeyError: a field is missing
    except TypeError:
        raise RecordError("observation: not an object") from None
    try:
        seen: list[Observation | None] = list(map(_OBSERVATIONS.get, stored))
    except TypeError:  # a list or an object where a value should be: read one by one below
        seen = [None] * len(stored)
    if all(seen):
        return tuple(cast("list[Observation]", seen))
    return tuple(
        [known or _observation(*fields) for known, fields in zip(seen, stored, strict=True)]
    )


def _observation(night: object, which: object, score: object) -> Observation:
    observation = Observation(  # by position: keywords cost twice as much here
        day(night, "observation.night"),
        pillar(which, "observation.pillar"),
        number(score, "observation.score"),
    )
    # Never kept with a score of 0 or 1: true and false are equal to those, and must not be
    # found here in place of a score.
    if score != 0 and score != 1:
        if len(_OBSERVATIONS) >= _MAX_CACHED_OBSERVATIONS:
            _OBSERVATIONS.clear()
        _OBSERVATIONS[night, which, score] = observation
    return observation


def _anchor_lows(value: object) -> tuple[tuple[date, int], ...]:
    lows = []
    for item in sequence(value, "anchor_lows"):
        if (type(item) is not list and type(item) is not tuple) or len(item) != 2:
            raise RecordError("anchor_lows: not a pair")
        lows.append((day(item[0], "anchor_lows"), integer(item[1], "anchor_lows")))
    return tuple(lows)


def _focus(value: object) -> Focus:
    data = mapping(value, "focus")
    get = data.get
    return Focus(  # by position, in the order of its fields (see _observation)
        optional_pillar(get("pillar"), "focus.pillar"),
        optional_day(get("since"), "focus.since"),
        flag(get("maintenance", False), "focus.maintenance"),
        optional_pillar(get("strongest"), "focus.strongest"),
    )


def _paused_checkin(value: object) -> PausedCheckin | None:
    if value is None:
        return None
    data = mapping(value, "paused_checkin")
    return PausedCheckin(
        night=day(data["night"], "paused_checkin.night"),
        item_ids=texts(data["item_ids"], "paused_checkin.item_ids"),
        answered=parse_answered(data.get("answered", ())),
    )


def _reminder(value: object) -> StoredReminder | None:
    if value is None:
        return None
    data = mapping(value, "reminder")
    return StoredReminder(
        reminder_id=text(data["reminder_id"], "reminder.reminder_id", min_length=1, max_length=200),
        hour=integer(data["hour"], "reminder.hour", 0, 23),
        minute=integer(data["minute"], "reminder.minute", 0, 59),
        zone=text(data["zone"], "reminder.zone", min_length=1, max_length=64),
    )


@parser
def parse_night(data: dict[str, Any]) -> NightRecord:
    return NightRecord(
        household_id=text(data["household_id"], "household_id"),
        night=day(data["night"], "night"),
        answered=parse_answered(data["answered"]),
        expires_at=integer(data["expires_at"], "expires_at"),
    )


@parser
def parse_household(data: dict[str, Any]) -> Household:
    """A household from a document in the current shape (see `upgrade`)."""
    get = data.get
    return Household(
        household_id=text(data["household_id"], "household_id"),
        version=integer(get("version", 0), "version"),
        schema_version=integer(get("schema_version", SCHEMA_VERSION), "schema_version"),
        first_night=optional_day(get("first_night"), "first_night"),
        depth=cast(DepthPreference, one_of(get("depth", "usual"), "depth", _DEPTHS)),
        tonight=_tonight(get("tonight")),
        heard_starters=texts(get("heard_starters", ()), "heard_starters"),
        streak=_streak(get("streak", {})),
        observations=_observations(get("observations", ())),
        anchor_lows=_anchor_lows(get("anchor_lows", ())),
        focus=_focus(get("focus", {})),
        items_asked=days_by_text(get("items_asked", {}), "items_asked"),
        tips_heard=days_by_text(get("tips_heard", {}), "tips_heard"),
        counselling_suggested=optional_day(get("counselling_suggested"), "counselling_suggested"),
        paused_checkin=_paused_checkin(get("paused_checkin")),
        last_checkin_night=optional_day(get("last_checkin_night"), "last_checkin_night"),
        recent_nights=days(get("recent_nights", ()), "recent_nights"),
        reminder=_reminder(get("reminder")),
        reminder_offered=optional_day(get("reminder_offered"), "reminder_offered"),
        look_back_mentioned=optional_day(get("look_back_mentioned"), "look_back_mentioned"),
    )


# -- writing: the same shapes as plain JSON values -------------------------------------------------


def answered_document(item: AnsweredItem) -> dict[str, Any]:
    return {"item_id": item.item_id, "pillar": item.pillar, "answers": list(item.answers)}


def _tonight_document(tonight: Tonight) -> dict[str, Any]:
    return {
        "night": iso(tonight.night),
        "starter_id": tonight.starter_id,
        "extra": tonight.extra,
        "tip_id": tonight.tip_id,
    }


def _observation_document(observation: Observation) -> dict[str, Any]:
    return {
        "night": iso(observation.night),
        "pillar": observation.pillar,
        "score": observation.score,
    }


def _streak_document(streak: Streak) -> dict[str, Any]:
    return {
        "current": streak.current,
        "longest": streak.longest,
        "total_nights": streak.total_nights,
        "last_night": iso(streak.last_night),
        "rest_nights": streak.rest_nights,
        "nights_toward_rest": streak.nights_toward_rest,
    }


def _focus_document(focus: Focus) -> dict[str, Any]:
    return {
        "pillar": focus.pillar,
        "since": iso(focus.since),
        "maintenance": focus.maintenance,
        "strongest": focus.strongest,
    }


def _paused_document(paused: PausedCheckin) -> dict[str, Any]:
    return {
        "night": iso(paused.night),
        "item_ids": list(paused.item_ids),
        "answered": [answered_document(a) for a in paused.answered],
    }


def _reminder_document(reminder: StoredReminder) -> dict[str, Any]:
    return {
        "reminder_id": reminder.reminder_id,
        "hour": reminder.hour,
        "minute": reminder.minute,
        "zone": reminder.zone,
    }


def household_document(household: Household, observations: object = None) -> dict[str, Any]:
    """`household` as JSON values, fields in declaration order (`observations`: what to write
    in their place, for `household_json`)."""
    h = household
    return {
        "household_id": h.household_id,
        "version": h.version,
        "schema_version": h.schema_version,
        "first_night": iso(h.first_night),
        "depth": h.depth,
        "tonight": None if h.tonight is None else _tonight_document(h.tonight),
        "heard_starters": list(h.heard_starters),
        "streak": _streak_document(h.streak),
        "observations": (
            [_observation_document(o) for o in h.observations]
            if observations is None
            else observations
        ),
        "anchor_lows": [[iso(night), lowest] for night, lowest in h.anchor_lows],
        "focus": _focus_document(h.focus),
        "items_asked": {key: iso(night) for key, night in h.items_asked.items()},
        "tips_heard": {key: iso(night) for key, night in h.tips_heard.items()},
        "counselling_suggested": iso(h.counselling_suggested),
        "paused_checkin": None if h.paused_checkin is None else _paused_document(h.paused_checkin),
        "last_checkin_night": iso(h.last_checkin_night),
        "recent_nights": [iso(night) for night in h.recent_nights],
        "reminder": None if h.reminder is None else _reminder_document(h.reminder),
        "reminder_offered": iso(h.reminder_offered),
        "look_back_mentioned": iso(h.look_back_mentioned),
    }
