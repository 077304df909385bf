"""The nightly check-in: plan tonight's four items, pause and resume, and finish with feedback."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from skill.content.loader import Content
from skill.content.models import Starter, Tip, word_count
from skill.domain.checkin_plan import (
    COUNSELLING_WINDOW_NIGHTS,
    ITEM_NO_REPEAT_NIGHTS,
    TIP_NO_REPEAT_NIGHTS,
    choose_least_recent,
    choose_tip,
    pillars_for_night,
    resume_index,
    suggest_counselling,
    tip_word_budget,
)
from skill.domain.echoes import echo
from skill.domain.feedback import AckBand, Reflection, ack_band, is_low_night, reflect
from skill.domain.pillars import Pillar
from skill.domain.scoring import (
    Focus,
    ItemAnswer,
    Observation,
    PillarAverage,
    choose_focus,
    pillar_averages,
    prune_observations,
)
from skill.domain.starters import night_rng
from skill.domain.streaks import NightCounted, count_night
from skill.domain.weekly import worth_mentioning_at_closing
from skill.household import AnsweredItem, Household, NightRecord, PausedCheckin
from skill.ports import HouseholdStore
from skill.services.common import Change, Turn, seen_tonight, update_household
from skill.services.starters import pick_tonight

RAW_ANSWERS_KEPT = timedelta(days=90)


@dataclass(frozen=True)
class CheckinStart:
    """Tonight's items, and where to begin: the first item, or where a paused one stopped."""

    item_ids: tuple[str, ...]
    index: int = 0
    answered: tuple[AnsweredItem, ...] = ()
    resumed: bool = False
    already_done: bool = False
    first_night: bool = False  # the couple's first check-in: the scale is explained in full


def plan_checkin(store: HouseholdStore, content: Content, turn: Turn) -> CheckinStart:
    """Tonight's four items (the closeness anchor, two rotating pillars, the focus), or a resume."""
    household = store.load(turn.household_id) or Household.new(turn.household_id)
    first_night = household.last_checkin_night is None
    already_done = household.last_checkin_night == turn.night
    paused = household.paused_checkin
    if paused is not None and paused.night == turn.night and paused.item_ids:
        index = resume_index(len(paused.item_ids), len(paused.answered))
        return CheckinStart(
            item_ids=paused.item_ids,
            index=index,
            answered=paused.answered[:index],
            resumed=True,
            already_done=already_done,
            first_night=first_night,
        )
    rng = night_rng(turn.household_id, turn.night, "items")
    item_ids = [content.anchor.id]
    for pillar in pillars_for_night(turn.night, household.focus.pillar):
        ids = [item.id for item in content.pillars[pillar].items]
        item_ids.append(choose_least_recent(ids, household.items_asked, rng))
    return CheckinStart(
        item_ids=tuple(item_ids), already_done=already_done, first_night=first_night
    )


def answered_item(content: Content, item_id: str, answers: tuple[int, ...]) -> AnsweredItem:
    """One item's answers as kept (empty answers: skipped); the anchor has no pillar."""
    pillar = None if item_id == content.anchor.id else content.item_pillar(item_id)
    return AnsweredItem(item_id=item_id, pillar=pillar, answers=answers)


def acknowledgement(answered: tuple[AnsweredItem, ...]) -> AckBand:
    """How to acknowledge the last answer, given the night so far (no cheering on a low one)."""
    items = [ItemAnswer(pillar=a.pillar, answers=a.answers) for a in answered if a.answers]
    return ack_band(answered[-1].answers, is_low_night(items))


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
        return Change(household=replace(household, paused_checkin=paused)), None

    update_household(store, turn.household_id, decide)


@dataclass(frozen=True)
class CheckinOutcome:
    already_done: bool
    starter: Starter
    counted: NightCounted | None = None
    reflection: Reflection = field(default_factory=Reflection)
    tip: Tip | None = None  # one small idea, only when something needs care
    counselling: bool = False  # the counselling line, said instead of a tip
    look_back_ready: bool = False  # the goodnight says, once a week, that the look back is there


# Whether the goodnight for this outcome would keep the look-back line within its word budget.
# Asked before the write, so the mention is remembered only when it is really said.
LookBackFits = Callable[[CheckinOutcome], bool]


def _always_fits(outcome: CheckinOutcome) -> bool:
    return True


def complete_checkin(
    store: HouseholdStore,
    content: Content,
    turn: Turn,
    answered: tuple[AnsweredItem, ...],
    look_back_fits: LookBackFits = _always_fits,
) -> CheckinOutcome:
    """Score tonight, move the focus if it should move, pick one tip, count the night: one write.

    `look_back_fits` is the goodnight's answer to "would the look-back line be said?"; the
    service asks it only when the mention is due, and remembers the mention only on a yes.
    """

    def decide(household: Household) -> tuple[Change, CheckinOutcome]:
        if household.last_checkin_night == turn.night:
            done, starter = pick_tonight(household, content, turn, None)
            change = Change(household=done if done != household else None)
            return change, CheckinOutcome(already_done=True, starter=starter)
        return _finish(household, content, turn, answered, look_back_fits)

    return update_household(store, turn.household_id, decide)


@dataclass(frozen=True)
class _Scored:
    items: list[ItemAnswer]
    observations: tuple[Observation, ...]
    averages: dict[Pillar, PillarAverage]
    focus: Focus
    reflection: Reflection
    anchor_lows: tuple[tuple[date, int], ...]


def _finish(
    household: Household,
    content: Content,
    turn: Turn,
    answered: tuple[AnsweredItem, ...],
    look_back_fits: LookBackFits,
) -> tuple[Change, CheckinOutcome]:
    """Score tonight, decide what to say, choose the question and maybe a tip, remember it all."""
    night = turn.night
    scored = _score(household, answered, night)
    counselling = _counselling_due(household, scored, night)
    care, low_night = scored.reflection.care, scored.reflection.low_night
    updated, starter = pick_tonight(household, content, turn, care, gentle=low_night)
    heard = _recent(household.tips_heard, night, TIP_NO_REPEAT_NIGHTS)
    tip = None if counselling else _tonights_tip(household, content, scored, starter, heard, night)
    counted = count_night(updated.streak, night)
    updated = _remember(updated, scored, answered, night, tip, counted, counselling, heard)
    outcome = CheckinOutcome(
        already_done=False,
        starter=starter,
        counted=counted,
        reflection=scored.reflection,
        tip=tip,
        counselling=counselling,
    )
    if _look_back_due(household, updated, outcome, night):
        ready = replace(outcome, look_back_ready=True)
        if look_back_fits(ready):
            outcome = ready
            updated = replace(updated, look_back_mentioned=night)
    return Change(household=updated, night=_night_record(household, turn, answered)), outcome


def _look_back_due(
    before: Household, after: Household, outcome: CheckinOutcome, night: date
) -> bool:
    """The week, tonight included, is worth a look back and has not heard of it for a week; never
    after a low night (no cheer there) nor beside the counselling line."""
    if outcome.reflection.low_night or outcome.counselling:
        return False
    return worth_mentioning_at_closing(after.observations, night, before.look_back_mentioned)


def _score(household: Household, answered: tuple[AnsweredItem, ...], night: date) -> _Scored:
    """Tonight's item scores, the two-week averages with tonight in them, the focus, and what
    the answers honestly say."""
    items = [ItemAnswer(pillar=a.pillar, answers=a.answers) for a in answered if a.answers]
    new_observations = [
        Observation(night=night, pillar=item.pillar, score=item.score)
        for item in items
        if item.pillar is not None
    ]
    observations = prune_observations((*household.observations, *new_observations), night)
    averages = pillar_averages(observations, night)
    return _Scored(
        items=items,
        observations=observations,
        averages=averages,
        focus=choose_focus(household.focus, averages, night),
        reflection=reflect(items, averages),
        anchor_lows=_anchor_lows(household, items, night),
    )


def _counselling_due(household: Household, scored: _Scored, night: date) -> bool:
    """The counselling line: persistent lows, at most weekly, and only on a night needing care
    (never on a good night after hard ones)."""
    return scored.reflection.needs_care and suggest_counselling(
        scored.anchor_lows, scored.averages, household.counselling_suggested, night
    )


def _tonights_tip(
    household: Household,
    content: Content,
    scored: _Scored,
    starter: Starter,
    heard: dict[str, date],
    night: date,
) -> Tip | None:
    """One small idea, only for a pillar that needs care tonight (`heard`: the recent tips)."""
    care = scored.reflection.care
    if care is None:
        return None
    rng = night_rng(household.household_id, night, "feedback")
    return _tip(content, care, heard, night, rng, starter.text)


def _anchor_lows(
    household: Household, items: list[ItemAnswer], night: date
) -> tuple[tuple[date, int], ...]:
    """The closeness anchor's lowest answer per night, over the counselling window."""
    anchor = next((i for i in items if i.pillar is None), None)
    kept = tuple(
        (n, low)
        for n, low in household.anchor_lows
        if 0 <= (night - n).days < COUNSELLING_WINDOW_NIGHTS and n != night
    )
    return kept + (((night, anchor.lowest),) if anchor else ())


def _remember(
    household: Household,
    scored: _Scored,
    answered: tuple[AnsweredItem, ...],
    night: date,
    tip: Tip | None,
    counted: NightCounted,
    counselling: bool,
    recent_tips: dict[str, date],
) -> Household:
    """What the household keeps of tonight: aggregates, what was heard, tonight's tip
    (`recent_tips`: the tips heard recently enough to keep)."""
    items_asked = _recent(household.items_asked, night, ITEM_NO_REPEAT_NIGHTS)
    items_asked.update({a.item_id: night for a in answered})
    tips_heard = dict(recent_tips)
    tonight = household.tonight
    if tonight is not None and tip is not None:
        tips_heard[tip.id] = night
        tonight = replace(tonight, tip_id=tip.id)
    return seen_tonight(
        household,
        night,
        observations=scored.observations,
        focus=scored.focus,
        tips_heard=tips_heard,
        items_asked=items_asked,
        anchor_lows=scored.anchor_lows,
        paused_checkin=None,
        last_checkin_night=night,
        tonight=tonight,
        streak=counted.streak,
        counselling_suggested=night if counselling else household.counselling_suggested,
    )


def _night_record(
    household: Household, turn: Turn, answered: tuple[AnsweredItem, ...]
) -> NightRecord:
    return NightRecord(
        household_id=household.household_id,
        night=turn.night,
        answered=answered,
        expires_at=int((turn.now + RAW_ANSWERS_KEPT).timestamp()),
    )


def _tip(
    content: Content,
    pillar: Pillar,
    heard: dict[str, date],
    night: date,
    rng: random.Random,
    question: str,
) -> Tip:
    """One small action for the pillar that leaves room for tonight's question and does not
    echo its words ("each of you" twice in one goodnight sounds like a template)."""
    pool = _tip_pool(content, pillar, question)
    chosen = choose_tip([t.id for t in pool], heard, night, rng)
    return next(t for t in pool if t.id == chosen)


@lru_cache(maxsize=1024)  # a pillar's pool for a question never changes: content is fixed
def _tip_pool(content: Content, pillar: Pillar, question: str) -> tuple[Tip, ...]:
    actions = [t for t in content.pillars[pillar].tips if t.kind != "why"]
    budget = tip_word_budget(word_count(question))
    fitting = [t for t in actions if word_count(t.text) <= budget]
    fresh = [t for t in fitting if not echo(t.text, question)]
    return tuple(fresh or fitting or sorted(actions, key=lambda t: word_count(t.text))[:3])


def _recent(last_used: dict[str, date], night: date, keep_nights: int) -> dict[str, date]:
    return {k: v for k, v in last_used.items() if 0 <= (night - v).days < keep_nights}


@dataclass(frozen=True)
class TonightNotes:
    """What tonight already holds: the question and the small idea, for "what was the tip"."""

    starter: Starter | None
    tip: Tip | None
    checked_in: bool


def tonights_notes(store: HouseholdStore, content: Content, turn: Turn) -> TonightNotes:
    """Tonight's stored question and tip (read only; nothing is chosen here)."""
    household = store.load(turn.household_id) or Household.new(turn.household_id)
    tonight = household.tonight
    if tonight is not None and tonight.night != turn.night:
        tonight = None
    starter = content.starters.get(tonight.starter_id) if tonight else None
    tip = _tip_by_id(content, tonight.tip_id) if tonight and tonight.tip_id else None
    return TonightNotes(
        starter=starter, tip=tip, checked_in=household.last_checkin_night == turn.night
    )


def _tip_by_id(content: Content, tip_id: str) -> Tip | None:
    pillar = tip_id.partition("-")[0]
    for name, pack in content.pillars.items():
        if name == pillar:
            return next((t for t in pack.tips if t.id == tip_id), None)
    return None
