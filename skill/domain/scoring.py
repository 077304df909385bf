"""Check-in scoring: item scores, per-pillar averages over about two weeks, the focus pillar.

Scores are on 0-100 and are never read out as grades; they only pick what to talk about.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import Final

from skill.domain.pillars import PILLARS, Pillar

MIN_ANSWER: Final = 1
MAX_ANSWER: Final = 5
POINTS_PER_STEP: Final = 25.0
GAP_WORTH_MENTIONING: Final = 2
TENDER_AT_OR_BELOW: Final = 2

# Thresholds on the 0-100 scale, named once and used everywhere they apply.
HIGH_SCORE: Final = 75.0  # an answer of 4 or more on average: a strength, or maintenance
MIDDLE_SCORE: Final = 50.0  # an answer of 3: the middle of the scale
# Two weeks of nights, weighted with a half-life of about a week.
WINDOW_NIGHTS: Final = 14
HALF_LIFE_NIGHTS: Final = 7.0
MIN_OBSERVATIONS_FOR_FOCUS: Final = 2
FOCUS_SWITCH_MARGIN: Final = 5.0  # a new low must be this much lower to take the focus
FOCUS_MIN_HOLD_NIGHTS: Final = 3
FOCUS_MAX_HOLD_NIGHTS: Final = 14

# Weighted means of equal scores are not always bit-exact (75.0 can come back as 74.99999999999999),
# so threshold comparisons allow this much slack.
EPSILON: Final = 1e-9

_PILLAR_ORDER: Final[dict[Pillar, int]] = {pillar: index for index, pillar in enumerate(PILLARS)}


def answer_score(answer: int) -> float:
    """Map an answer 1..5 to 0..100: (answer - 1) x 25."""
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise ValueError(f"answer must be an integer from 1 to 5, got {answer!r}")
    if not MIN_ANSWER <= answer <= MAX_ANSWER:
        raise ValueError(f"answer must be from 1 to 5, got {answer}")
    return (answer - MIN_ANSWER) * POINTS_PER_STEP


@dataclass(frozen=True)
class ItemAnswer:
    """Tonight's answers to one item: one (shared or solo) answer or the two partners' answers.

    `pillar` is None for the fixed closeness anchor.
    """

    pillar: Pillar | None
    answers: tuple[int, ...]

    def __post_init__(self) -> None:
        if self.pillar is not None and self.pillar not in _PILLAR_ORDER:
            raise ValueError(f"unknown pillar {self.pillar!r}")
        if not 1 <= len(self.answers) <= 2:
            raise ValueError(f"one or two answers expected, got {len(self.answers)}")
        for answer in self.answers:
            answer_score(answer)

    @cached_property  # asked several times a check-in; the item never changes
    def score(self) -> float:
        """The couple's score for the item: the mean of the answers' scores."""
        return math.fsum(answer_score(a) for a in self.answers) / len(self.answers)

    @property
    def gap(self) -> int:
        """How far apart the two partners' answers are (0 with a single answer)."""
        if len(self.answers) < 2:
            return 0
        return abs(self.answers[0] - self.answers[1])

    @property
    def lowest(self) -> int:
        return min(self.answers)


@dataclass(frozen=True)
class Observation:
    """One night's score for one pillar (what is stored; raw answers need not be)."""

    night: date
    pillar: Pillar
    score: float


@dataclass(frozen=True)
class PillarAverage:
    score: float
    observations: int


def pillar_averages(
    observations: Iterable[Observation],
    tonight: date,
    half_life_nights: float = HALF_LIFE_NIGHTS,
    window_nights: int = WINDOW_NIGHTS,
) -> dict[Pillar, PillarAverage]:
    """Exponentially weighted mean score per pillar over the last `window_nights` nights.

    Tonight is included (age 0); an observation `age` nights old weighs 0.5 ** (age / half-life).
    Older observations and future ones (a clock or time-zone change) are ignored. Pillars without
    an observation in the window are absent. Keys follow `PILLARS` order.
    """
    if half_life_nights <= 0:
        raise ValueError("half_life_nights must be positive")
    if window_nights < 1:
        raise ValueError("window_nights must be at least 1")
    weighted: dict[Pillar, list[float]] = {}
    weights: dict[Pillar, list[float]] = {}
    by_age = _weights_by_age(half_life_nights, window_nights)
    for obs in observations:
        age = (tonight - obs.night).days
        if not 0 <= age < window_nights:
            continue
        weight = by_age[age]
        weighted.setdefault(obs.pillar, []).append(weight * obs.score)
        weights.setdefault(obs.pillar, []).append(weight)
    return {
        pillar: PillarAverage(
            score=math.fsum(weighted[pillar]) / math.fsum(weights[pillar]),
            observations=len(weights[pillar]),
        )
        for pillar in PILLARS
        if pillar in weights
    }


@lru_cache(maxsize=16)
def _weights_by_age(half_life_nights: float, window_nights: int) -> tuple[float, ...]:
    """The weight of an observation `age` nights old, for every age in the window."""
    return tuple(0.5 ** (age / half_life_nights) for age in range(window_nights))


def prune_observations(
    observations: Iterable[Observation], tonight: date, window_nights: int = WINDOW_NIGHTS
) -> tuple[Observation, ...]:
    """Keep only the observations averaging can still use, so we store the minimum.

    Observations older than the window are dropped. Future-dated ones (the household's "tonight"
    moved back, e.g. travel west) are kept: they come into the window again on their own night.
    """
    return tuple(obs for obs in observations if (tonight - obs.night).days < window_nights)


@dataclass(frozen=True)
class Focus:
    """The pillar in focus and since which night; or maintenance, celebrating the strongest."""

    pillar: Pillar | None = None
    since: date | None = None
    maintenance: bool = False
    strongest: Pillar | None = None


def _lowest(candidates: Mapping[Pillar, PillarAverage]) -> Pillar:
    return min(candidates, key=lambda p: (candidates[p].score, _PILLAR_ORDER[p]))


def choose_focus(
    current: Focus,
    averages: Mapping[Pillar, PillarAverage],
    tonight: date,
    *,
    min_observations: int = MIN_OBSERVATIONS_FOR_FOCUS,
    switch_margin: float = FOCUS_SWITCH_MARGIN,
    min_hold_nights: int = FOCUS_MIN_HOLD_NIGHTS,
    max_hold_nights: int = FOCUS_MAX_HOLD_NIGHTS,
    maintenance_at: float = HIGH_SCORE,
) -> Focus:
    """Pick tonight's focus pillar, with hysteresis so it stays stable and meaningful.

    - Only pillars with at least `min_observations` observations are candidates; with none the
      current focus stays as it is.
    - All eight pillars candidates and all at `maintenance_at` or more: maintenance (no focus),
      celebrating the strongest. `since` is the night maintenance began.
    - Otherwise the focus is the lowest candidate, but a focus held for fewer than
      `min_hold_nights` nights is kept; from then on it moves only to a pillar at least
      `switch_margin` points lower; after `max_hold_nights` nights it moves to the lowest of the
      other candidates, if there is one (a focus never lasts more than `max_hold_nights` nights).
    - A focus pillar that is no longer a candidate (its data expired) is replaced at once: there
      is nothing left to justify keeping it. A focus without `since` counts as held for exactly
      `min_hold_nights` nights.
    - Ties go to the pillar earlier in `PILLARS`.
    """
    candidates: dict[Pillar, PillarAverage] = {
        p: averages[p]
        for p in PILLARS
        if p in averages and averages[p].observations >= min_observations
    }
    if not candidates:
        return current

    if len(candidates) == len(PILLARS) and all(
        avg.score >= maintenance_at - EPSILON for avg in candidates.values()
    ):
        strongest = max(PILLARS, key=lambda p: (candidates[p].score, -_PILLAR_ORDER[p]))
        since = current.since if current.maintenance and current.since is not None else tonight
        return Focus(pillar=None, since=since, maintenance=True, strongest=strongest)

    lowest = _lowest(candidates)
    if current.pillar is None or current.pillar not in candidates:
        return Focus(pillar=lowest, since=tonight)

    held = min_hold_nights if current.since is None else (tonight - current.since).days
    keep = Focus(pillar=current.pillar, since=current.since)
    if held < min_hold_nights:
        return keep
    if held >= max_hold_nights:
        others = {p: avg for p, avg in candidates.items() if p != current.pillar}
        return Focus(pillar=_lowest(others), since=tonight) if others else keep
    if lowest != current.pillar and (
        candidates[current.pillar].score - candidates[lowest].score >= switch_margin - EPSILON
    ):
        return Focus(pillar=lowest, since=tonight)
    return keep


def tonight_tender_pillar(items: Sequence[ItemAnswer]) -> Pillar | None:
    """The pillar that got a 1 or 2 from anyone tonight, for tonight's tip (the focus stays).

    The lowest-scoring such item wins, ties by the order asked. The anchor has no pillar and is
    never the answer.
    """
    tender = [
        (item.score, index, item.pillar)
        for index, item in enumerate(items)
        if item.pillar is not None and item.lowest <= TENDER_AT_OR_BELOW
    ]
    if not tender:
        return None
    return min(tender, key=lambda entry: (entry[0], entry[1]))[2]


def widest_gap(items: Sequence[ItemAnswer]) -> ItemAnswer | None:
    """The item the partners saw most differently, if they were 2 or more points apart.

    Ties go to the item asked first. The anchor counts too.
    """
    best: ItemAnswer | None = None
    for item in items:
        if item.gap >= GAP_WORTH_MENTIONING and (best is None or item.gap > best.gap):
            best = item
    return best


def score_of_answer_mean(mean_answer: float) -> float:
    """The 0-100 score of a mean answer (3 -> 50): thresholds told in answers, kept as scores."""
    return (mean_answer - MIN_ANSWER) * POINTS_PER_STEP
