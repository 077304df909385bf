"""Tonight's conversation starter: the same all night, "another one" a few times, no repeats."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from skill.content.loader import Content
from skill.content.models import Starter
from skill.domain.pillars import Depth, Pillar
from skill.domain.starters import (
    MAX_EXTRA_STARTERS_PER_NIGHT,
    DepthStep,
    choose_starter,
    depth_for_night,
    night_rng,
    step_depth,
)
from skill.domain.streaks import NightCounted, count_night
from skill.household import DepthPreference, Household, Tonight
from skill.ports import HouseholdStore
from skill.services.common import Change, Turn, seen_tonight, update_household


@dataclass(frozen=True)
class StarterOutcome:
    starter: Starter
    counted: NightCounted
    kept: bool = False  # "another one" refused: tonight's limit reached
    first_tonight: bool = False  # no starter had been given tonight before this one
    same_depth: bool = False  # "a deeper one" at the deepest (or lighter at the lightest)


def pick_tonight(
    household: Household,
    content: Content,
    turn: Turn,
    pillar: Pillar | None,
    *,
    gentle: bool = False,
) -> tuple[Household, Starter]:
    """Tonight's starter, choosing (and remembering) one if tonight has none yet.

    `gentle`: after a low night, a starter whose tone is gentle (never a playful one).
    """
    if household.tonight and household.tonight.night == turn.night:
        starter = content.starters.get(household.tonight.starter_id)
        if starter is not None:
            return household, starter
    return _choose(household, content, turn, pillar, extra=0, salt="", gentle=gentle)


def _choose(
    household: Household,
    content: Content,
    turn: Turn,
    pillar: Pillar | None,
    *,
    extra: int,
    salt: str,
    gentle: bool = False,
    depth: Depth | None = None,
) -> tuple[Household, Starter]:
    exclude = {household.tonight.starter_id} if household.tonight else set()
    choice = choose_starter(
        content.starter_library,
        night=turn.night,
        heard=set(household.heard_starters),
        deep_opt_in=household.depth == "deeper",
        pillar=pillar or household.focus.pillar,
        rng=night_rng(household.household_id, turn.night, salt),
        exclude=exclude,
        gentle=gentle,
        depth=depth,
    )
    chosen = choice.starter.id
    heard = (chosen,) if choice.new_cycle else (*household.heard_starters, chosen)
    updated = replace(
        household,
        tonight=Tonight(night=turn.night, starter_id=chosen, extra=extra),
        heard_starters=heard,
    )
    return updated, content.starters[chosen]


def _count(household: Household, turn: Turn) -> tuple[Household, NightCounted]:
    counted = count_night(household.streak, turn.night)
    return seen_tonight(household, turn.night, streak=counted.streak), counted


def tonights_starter(store: HouseholdStore, content: Content, turn: Turn) -> StarterOutcome:
    def decide(household: Household) -> tuple[Change, StarterOutcome]:
        updated, starter = pick_tonight(household, content, turn, None)
        updated, counted = _count(updated, turn)
        change = Change(household=updated if updated != household else None)
        return change, StarterOutcome(starter=starter, counted=counted)

    return update_household(store, turn.household_id, decide)


def another_starter(store: HouseholdStore, content: Content, turn: Turn) -> StarterOutcome:
    def decide(household: Household) -> tuple[Change, StarterOutcome]:
        tonight = household.tonight
        first = tonight is None or tonight.night != turn.night
        if tonight is None or first:
            updated, starter = pick_tonight(household, content, turn, None)
            kept = False
        elif tonight.extra >= MAX_EXTRA_STARTERS_PER_NIGHT:
            updated, starter = pick_tonight(household, content, turn, None)
            kept = True
        else:
            extra = tonight.extra + 1
            updated, starter = _choose(
                household, content, turn, None, extra=extra, salt=f"another-{extra}"
            )
            kept = False
        updated, counted = _count(updated, turn)
        change = Change(household=updated if updated != household else None)
        outcome = StarterOutcome(starter=starter, counted=counted, kept=kept, first_tonight=first)
        return change, outcome

    return update_household(store, turn.household_id, decide)


def stepped_starter(
    store: HouseholdStore, content: Content, turn: Turn, step: DepthStep
) -> StarterOutcome:
    """A deeper or a lighter one tonight: one step of depth from tonight's starter.

    Before any starter tonight the step is from the night's place in the weekly rhythm. The
    standing preference (deeper or lighter questions) is left as it is, and the step counts as
    one of tonight's "another one"s.
    """

    def decide(household: Household) -> tuple[Change, StarterOutcome]:
        tonight = household.tonight
        if tonight is not None and tonight.night == turn.night:
            current = content.starters.get(tonight.starter_id)
            extra = tonight.extra + 1
        else:
            current, extra = None, 0
        base = (
            current.depth if current else depth_for_night(turn.night, household.depth == "deeper")
        )
        target = step_depth(base, step)
        if extra > MAX_EXTRA_STARTERS_PER_NIGHT:
            updated, starter = pick_tonight(household, content, turn, None)
        else:
            updated, starter = _choose(
                household, content, turn, None, extra=extra, salt=f"{step}-{extra}", depth=target
            )
        updated, counted = _count(updated, turn)
        change = Change(household=updated if updated != household else None)
        outcome = StarterOutcome(
            starter=starter,
            counted=counted,
            kept=extra > MAX_EXTRA_STARTERS_PER_NIGHT,
            first_tonight=extra == 0,
            same_depth=target == base,
        )
        return change, outcome

    return update_household(store, turn.household_id, decide)


DepthChoice = Literal["deeper", "lighter"]


def set_depth(store: HouseholdStore, turn: Turn, choice: DepthChoice) -> bool:
    """Store the couple's depth preference; returns whether deep questions are now on."""
    wanted: DepthPreference = "deeper" if choice == "deeper" else "usual"

    def decide(household: Household) -> tuple[Change, bool]:
        if household.depth == wanted:
            return Change(), wanted == "deeper"
        return Change(household=replace(household, depth=wanted)), wanted == "deeper"

    return update_household(store, turn.household_id, decide)
