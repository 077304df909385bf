"""Choosing tonight's conversation starter: fair rotation, no repeats until the pool runs out."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from skill.domain.pillars import PILLARS, Depth, Pillar

MAX_EXTRA_STARTERS_PER_NIGHT: Final = 3
GENTLE_TONE: Final = "gentle"
PLAYFUL_TONE: Final = "playful"

# A gentle weekly rhythm: three light nights, three medium, one deep (Sunday).
WEEKLY_DEPTH_RHYTHM: Final[tuple[Depth, ...]] = (
    "light",  # Monday
    "medium",
    "light",
    "medium",
    "light",
    "medium",
    "deep",  # Sunday
)


@dataclass(frozen=True)
class StarterRef:
    id: str
    pillar: Pillar
    depth: Depth
    tone: str | None = None  # "gentle" ones are kept for the night after a low check-in


@dataclass(frozen=True)
class StarterChoice:
    starter: StarterRef
    new_cycle: bool  # every eligible starter had been heard: memory starts over


def depth_for_night(night: date, deep_opt_in: bool) -> Depth:
    depth = WEEKLY_DEPTH_RHYTHM[night.weekday()]
    if depth == "deep" and not deep_opt_in:
        return "medium"
    return depth


def rotating_pillar(night: date) -> Pillar:
    """Before the check-in finds a focus, pillars take turns night by night."""
    return PILLARS[night.toordinal() % len(PILLARS)]


def eligible(library: Sequence[StarterRef], deep_opt_in: bool) -> list[StarterRef]:
    return [s for s in library if deep_opt_in or s.depth != "deep"]


def choose_starter(
    library: Sequence[StarterRef],
    *,
    night: date,
    heard: Collection[str],
    deep_opt_in: bool,
    pillar: Pillar | None,
    rng: random.Random,
    exclude: Collection[str] = (),
    gentle: bool = False,
) -> StarterChoice:
    """Pick a starter nobody in the household has heard yet.

    Preference: the wanted pillar at tonight's depth, then that pillar at any allowed depth,
    then tonight's depth in any pillar, then anything unheard. Only when every eligible
    starter has been heard does the memory start over (`new_cycle`). `gentle` (after a low
    night) keeps to starters whose tone is gentle, or at least not playful.
    """
    pool = eligible(library, deep_opt_in)
    if gentle:
        pool = (
            [s for s in pool if s.tone == GENTLE_TONE]
            or [s for s in pool if s.tone != PLAYFUL_TONE]
            or pool
        )
    if not pool:
        raise ValueError("the starter library has no eligible starters")
    wanted_pillar = pillar or rotating_pillar(night)
    wanted_depth = depth_for_night(night, deep_opt_in)
    unheard = [s for s in pool if s.id not in heard and s.id not in exclude]
    new_cycle = not unheard
    if new_cycle:
        unheard = [s for s in pool if s.id not in exclude] or pool
    tiers = (
        [s for s in unheard if s.pillar == wanted_pillar and s.depth == wanted_depth],
        [s for s in unheard if s.pillar == wanted_pillar],
        [s for s in unheard if s.depth == wanted_depth],
        unheard,
    )
    candidates = next(tier for tier in tiers if tier)
    return StarterChoice(starter=rng.choice(candidates), new_cycle=new_cycle)


def night_rng(household_id: str, night: date, salt: str = "") -> random.Random:
    """A deterministic generator per household and night, so a retry picks the same starter."""
    return random.Random(f"{household_id}|{night.isoformat()}|{salt}")
