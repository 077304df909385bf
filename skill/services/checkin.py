"""The nightly check-in: plan tonight's four items, pause and resume, and finish with feedback."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from skill.content.loader import Content
from skill.content.models import Starter, Tip
from skill.domain.checkin_plan import (
    choose_least_recent,
    choose_tip,
    pillars_for_night,
    suggest_counselling,
)
from skill.domain.pillars import Pillar
from skill.domain.scoring import (
    ItemAnswer,
    Observation,
    choose_focus,
    pillar_averages,
    prune_observations,
    tonight_tender_pillar,
    widest_gap,
)
from skill.domain.starters import night_rng
from skill.domain.streaks import NightCounted, count_night
from skill.household import AnsweredItem, Household, NightRecord, PausedCheckin
from skill.ports import HouseholdStore
from skill.services.common import Change, Turn, seen_tonight, update_household
from skill.services.starters import pick_tonight

RAW_ANSWERS_KEPT = timedelta(days=90)
ITEM_MEMORY_NIGHTS = 14
TIP_MEMORY_NIGHTS = 30
ANCHOR_MEMORY_NIGHTS = 7
WHY_LINE_CHANCE = 0.35
STRENGTH_AT = 75.0  # an item this high tonight is named as a strength


@dataclass(frozen=True)
class CheckinStart:
    item_ids: tuple[str, ...]
    already_done: bool = False
    paused: PausedCheckin | None = None


def plan_checkin(store: HouseholdStore, content: Content, turn: Turn) -> CheckinStart:
    """Tonight's four items: the closeness anchor, two rotating pillars and the focus."""
    household = store.load(turn.household_id) or Household.new(turn.household_id)
    paused = household.paused_checkin
    if paused is not None and paused.night != turn.night:
        paused = None
    rng = night_rng(turn.household_id, turn.night, "items")
    item_ids = [content.anchor.id]
    for pillar in pillars_for_night(turn.night, household.focus.pillar):
        ids = [item.id for item in content.pillars[pillar].items]
        item_ids.append(choose_least_recent(ids, household.items_asked, rng))
    return CheckinStart(
        item_ids=tuple(item_ids),
        already_done=household.last_checkin_night == turn.night,
        paused=paused,
    )


def pause_checkin(
    store: HouseholdStore, turn: Turn, item_ids: tuple[str, ...], answered: tuple[AnsweredItem, ...]
) -> None:
    """Keep a part-way check-in so it can be resumed tonight (nothing to keep: no write)."""

    def decide(household: Household) -> tuple[Change, None]:
        if household.last_checkin_night == turn.night:
            return Change(), None
        paused = PausedCheckin(night=turn.night, item_ids=item_ids, answered=answered)
        if household.paused_checkin == paused:
            return Change(), None
        return Change(household=household.model_copy(update={"paused_checkin": paused})), None

    update_household(store, turn.household_id, decide)


@dataclass(frozen=True)
class CheckinOutcome:
    already_done: bool
    starter: Starter
    counted: NightCounted | None = None
    strength: Pillar | None = None  # tonight's strongest pillar (None: see `felt_close`)
    felt_close: bool = False  # the closeness anchor itself was high tonight
    tender: Pillar | None = None
    tip: Tip | None = None
    why: Tip | None = None
    gap_pillar: Pillar | None = None
    gap_on_anchor: bool = False
    counselling: bool = False
    maintenance: bool = False
    answered_any: bool = True


def complete_checkin(
    store: HouseholdStore,
    content: Content,
    turn: Turn,
    answered: tuple[AnsweredItem, ...],
) -> CheckinOutcome:
    """Score tonight, move the focus if it should move, pick one tip, count the night: one write."""

    def decide(household: Household) -> tuple[Change, CheckinOutcome]:
        if household.last_checkin_night == turn.night:
            done, starter = pick_tonight(household, content, turn, None)
            change = Change(household=done if done != household else None)
            return change, CheckinOutcome(already_done=True, starter=starter)
        return _finish(household, content, turn, answered)

    return update_household(store, turn.household_id, decide)


def _finish(
    household: Household, content: Content, turn: Turn, answered: tuple[AnsweredItem, ...]
) -> tuple[Change, CheckinOutcome]:
    night = turn.night
    items = [ItemAnswer(pillar=a.pillar, answers=a.answers) for a in answered if a.answers]
    new_observations = [
        Observation(night=night, pillar=item.pillar, score=item.score)
        for item in items
        if item.pillar is not None
    ]
    observations = prune_observations((*household.observations, *new_observations), night)
    averages = pillar_averages(observations, night)
    focus = choose_focus(household.focus, averages, night)
    tender = tonight_tender_pillar(items) or focus.pillar or _lowest_tonight(items)
    rng = night_rng(household.household_id, night, "feedback")

    tips_heard = _recent(household.tips_heard, night, TIP_MEMORY_NIGHTS)
    tip, why = _tips(content, tender, tips_heard, night, rng) if tender else (None, None)

    anchor = next((i for i in items if i.pillar is None), None)
    anchor_lows = tuple(
        (n, low)
        for n, low in household.anchor_lows
        if 0 <= (night - n).days < ANCHOR_MEMORY_NIGHTS and n != night
    ) + (((night, anchor.lowest),) if anchor else ())
    counselling = suggest_counselling(anchor_lows, averages, household.counselling_suggested, night)

    gap = widest_gap(items)
    strongest = max(
        (i for i in items if i.pillar is not None and i.score >= STRENGTH_AT),
        key=lambda i: i.score,
        default=None,
    )
    items_asked = _recent(household.items_asked, night, ITEM_MEMORY_NIGHTS)
    items_asked.update({a.item_id: night for a in answered})

    updated, starter = pick_tonight(household, content, turn, tender)
    counted = count_night(updated.streak, night)
    updated = seen_tonight(updated, night).model_copy(
        update={
            "streak": counted.streak,
            "observations": observations,
            "focus": focus,
            "tips_heard": tips_heard,
            "items_asked": items_asked,
            "anchor_lows": anchor_lows,
            "counselling_suggested": night if counselling else household.counselling_suggested,
            "paused_checkin": None,
            "last_checkin_night": night,
        }
    )
    record = NightRecord(
        household_id=household.household_id,
        night=night,
        answered=answered,
        expires_at=int((turn.now + RAW_ANSWERS_KEPT).timestamp()),
    )
    outcome = CheckinOutcome(
        already_done=False,
        starter=starter,
        counted=counted,
        strength=strongest.pillar if strongest else None,
        felt_close=bool(anchor and anchor.score >= 75),
        tender=tender,
        tip=tip,
        why=why,
        gap_pillar=gap.pillar if gap else None,
        gap_on_anchor=bool(gap and gap.pillar is None),
        counselling=counselling,
        maintenance=focus.maintenance,
        answered_any=bool(items),
    )
    return Change(household=updated, night=record), outcome


def _tips(
    content: Content, pillar: Pillar, heard: dict[str, date], night: date, rng: random.Random
) -> tuple[Tip, Tip | None]:
    """One small action for the pillar, sometimes with a "why it helps" line; noted as heard."""
    pack = content.pillars[pillar]
    actions = [t.id for t in pack.tips if t.kind != "why"]
    tip = _tip_by_id(pack.tips, choose_tip(actions, heard, night, rng))
    heard[tip.id] = night
    why = None
    if rng.random() < WHY_LINE_CHANCE:
        whys = [t.id for t in pack.tips if t.kind == "why"]
        why = _tip_by_id(pack.tips, choose_tip(whys, heard, night, rng))
        heard[why.id] = night
    return tip, why


def _lowest_tonight(items: list[ItemAnswer]) -> Pillar | None:
    scored = [i for i in items if i.pillar is not None]
    return min(scored, key=lambda i: i.score).pillar if scored else None


def _recent(last_used: dict[str, date], night: date, keep_nights: int) -> dict[str, date]:
    return {k: v for k, v in last_used.items() if 0 <= (night - v).days < keep_nights}


def _tip_by_id(tips: list[Tip], tip_id: str) -> Tip:
    return next(t for t in tips if t.id == tip_id)
