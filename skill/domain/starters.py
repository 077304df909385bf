"""Choosing tonight's conversation starter: fair rotation, no repeats until the pool runs out."""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from skill.domain.pillars import DEPTHS, PILLARS, Depth, Pillar

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


def _any_tone(_: StarterRef) -> bool:
    return True


# After a low night: gentle starters first, then anything but playful, then anything at all.
_TONE_PREFERENCES: Final[tuple[Callable[[StarterRef], bool], ...]] = (
    lambda s: s.tone == GENTLE_TONE,
    lambda s: s.tone != PLAYFUL_TONE,
    _any_tone,
)


@dataclass(frozen=True)
class StarterLibrary:
    """The library grouped once by pillar and depth, so each choice looks only where it needs.

    Groups keep the library's order, so a choice from a group is the choice the flat list gave.
    """

    refs: tuple[StarterRef, ...]
    by_pillar_depth: Mapping[tuple[Pillar, Depth], tuple[StarterRef, ...]]
    by_pillar: Mapping[Pillar, tuple[StarterRef, ...]]
    by_depth: Mapping[Depth, tuple[StarterRef, ...]]

    @classmethod
    def of(cls, refs: Iterable[StarterRef]) -> StarterLibrary:
        refs = tuple(refs)
        return cls(
            refs=refs,
            by_pillar_depth={
                (p, d): tuple(r for r in refs if r.pillar == p and r.depth == d)
                for p in PILLARS
                for d in DEPTHS
            },
            by_pillar={p: tuple(r for r in refs if r.pillar == p) for p in PILLARS},
            by_depth={d: tuple(r for r in refs if r.depth == d) for d in DEPTHS},
        )


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


# "A deeper one" or "a lighter one" tonight: one step from where the night is.
DepthStep = Literal["deeper", "lighter"]


def step_depth(depth: Depth, step: DepthStep) -> Depth:
    """One step deeper or lighter; the deepest and the lightest stay where they are."""
    index = DEPTHS.index(depth) + (1 if step == "deeper" else -1)
    return DEPTHS[min(max(index, 0), len(DEPTHS) - 1)]


def choose_starter(
    library: StarterLibrary | Sequence[StarterRef],
    *,
    night: date,
    heard: Collection[str],
    deep_opt_in: bool,
    pillar: Pillar | None,
    rng: random.Random,
    exclude: Collection[str] = (),
    gentle: bool = False,
    depth: Depth | None = None,
) -> StarterChoice:
    """Pick a starter nobody in the household has heard yet.

    Preference: the wanted pillar at tonight's depth, then that pillar at any allowed depth,
    then tonight's depth in any pillar, then anything unheard. Only when every allowed
    starter has been heard does the memory start over (`new_cycle`). Deep starters are
    allowed after the standing opt-in.

    `depth` is a depth asked for tonight ("a deeper one"): it replaces the weekly rhythm's,
    allows a deep starter without the opt-in, and comes before the pillar (tonight's depth in
    any pillar before the pillar at another depth). `gentle` (after a low night) keeps to
    starters whose tone is gentle, or at least not playful, before any pillar or depth.
    """
    if not isinstance(library, StarterLibrary):
        library = StarterLibrary.of(library)
    allowed = {d for d in DEPTHS if d != "deep" or deep_opt_in or depth == "deep"}
    wanted_pillar = pillar or rotating_pillar(night)
    wanted_depth = depth or depth_for_night(night, deep_opt_in)
    same_pillar = library.by_pillar[wanted_pillar]
    same_depth = library.by_depth[wanted_depth]
    tiers = (
        library.by_pillar_depth[(wanted_pillar, wanted_depth)],
        *((same_depth, same_pillar) if depth else (same_pillar, same_depth)),
        library.refs,
    )
    tones = _TONE_PREFERENCES if gentle else (_any_tone,)
    for fits_tone in tones:
        for group in tiers:
            unheard = [
                s
                for s in group
                if s.depth in allowed and fits_tone(s) and s.id not in heard and s.id not in exclude
            ]
            if unheard:
                return StarterChoice(starter=rng.choice(unheard), new_cycle=False)
    # Every allowed starter has been heard: the memory starts over.
    for fits_tone in tones:
        for group in tiers:
            candidates = [
                s for s in group if s.depth in allowed and fits_tone(s) and s.id not in exclude
            ]
            if candidates:
                return StarterChoice(starter=rng.choice(candidates), new_cycle=True)
    pool = [s for s in library.refs if s.depth in allowed]
    if not pool:
        raise ValueError("the starter library has no eligible starters")
    return StarterChoice(starter=rng.choice(pool), new_cycle=True)


def night_rng(household_id: str, night: date, salt: str = "") -> random.Random:
    """A deterministic generator per household and night, so a retry picks the same starter."""
    return random.Random(f"{household_id}|{night.isoformat()}|{salt}")
