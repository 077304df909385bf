"""What tonight's answers honestly say: what went well, what needs care, and how the night felt.

These rules decide what the closing may claim. A pillar is named as needing care only when the
answers say so, and nothing is concluded about a pillar nobody answered about tonight.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from skill.domain.pillars import Pillar
from skill.domain.scoring import (
    EPSILON,
    HIGH_SCORE,
    MIDDLE_SCORE,
    MIN_OBSERVATIONS_FOR_FOCUS,
    ItemAnswer,
    PillarAverage,
    score_of_answer_mean,
    widest_gap,
)

# Tonight's answers for a pillar averaging 3 or below: it needs care tonight.
CARE_AT_OR_BELOW: Final = MIDDLE_SCORE
# A pillar's two-week score under the middle of the scale, and the lowest of all: it needs care.
TWO_WEEK_CARE_BELOW: Final = MIDDLE_SCORE
# A low night: the closeness anchor at 1 or 2, or tonight's answers averaging 2.5 or below.
LOW_NIGHT_ANCHOR_AT_OR_BELOW: Final = 2
LOW_NIGHT_MEAN_AT_OR_BELOW: Final = score_of_answer_mean(2.5)
# An acknowledgement is warm only when every answer to the item was 4 or more.
WARM_ACK_LOWEST_ANSWER: Final = 4

AckBand = Literal["warm", "plain", "gentle"]


@dataclass(frozen=True)
class Reflection:
    """What the closing may say about tonight; every field is backed by tonight's answers."""

    care: Pillar | None = None  # the one pillar that needs care tonight
    strength: Pillar | None = None  # tonight's strongest pillar, at 4 or more
    felt_close: bool = False  # the closeness anchor was at 4 or more
    close_was_hard: bool = False  # the closeness anchor was at 1 or 2 for someone
    gap: Pillar | None = None  # a pillar the partners saw 2 or more apart
    gap_on_anchor: bool = False  # ... or the closeness anchor itself
    low_night: bool = False
    answered_any: bool = False

    @property
    def needs_care(self) -> bool:
        return self.care is not None or self.close_was_hard


def _pillar_scores(items: Sequence[ItemAnswer]) -> dict[Pillar, float]:
    """Tonight's mean score per pillar answered, in the order asked."""
    grouped: dict[Pillar, list[float]] = {}
    for item in items:
        if item.pillar is not None:
            grouped.setdefault(item.pillar, []).append(item.score)
    return {pillar: math.fsum(scores) / len(scores) for pillar, scores in grouped.items()}


def _lowest_over_two_weeks(averages: Mapping[Pillar, PillarAverage]) -> Pillar | None:
    """The lowest pillar over two weeks, when it is under the middle of the scale."""
    known = {p: a for p, a in averages.items() if a.observations >= MIN_OBSERVATIONS_FOR_FOCUS}
    if not known:
        return None
    lowest = min(known, key=lambda p: known[p].score)
    return lowest if known[lowest].score < TWO_WEEK_CARE_BELOW - EPSILON else None


def care_pillar(
    items: Sequence[ItemAnswer],
    averages: Mapping[Pillar, PillarAverage],
    tonight: Mapping[Pillar, float] | None = None,
) -> Pillar | None:
    """The one pillar answered tonight that needs care, or None.

    A pillar qualifies when tonight's answers for it average 3 or below, or when its two-week
    score is the lowest of all and under the middle while tonight's answers were not high (4s
    and 5s tonight are never turned into a problem by older nights). Of several, the lowest
    tonight wins (ties: the one asked first). A pillar not answered tonight never qualifies.
    `tonight`: `items`' mean score per pillar, when the caller has it already.
    """
    if tonight is None:
        tonight = _pillar_scores(items)
    lowest_long = _lowest_over_two_weeks(averages)
    qualifying = [
        pillar
        for pillar, score in tonight.items()
        if score <= CARE_AT_OR_BELOW + EPSILON
        or (pillar == lowest_long and score < HIGH_SCORE - EPSILON)
    ]
    if not qualifying:
        return None
    return min(qualifying, key=lambda p: tonight[p])  # min keeps the first of equals


def is_low_night(items: Sequence[ItemAnswer]) -> bool:
    """The anchor at 1 or 2 for anyone, or tonight's answers averaging 2.5 or below."""
    anchor = next((item for item in items if item.pillar is None), None)
    if anchor is not None and anchor.lowest <= LOW_NIGHT_ANCHOR_AT_OR_BELOW:
        return True
    answers = [a for item in items for a in item.answers]
    if not answers:
        return False
    mean = score_of_answer_mean(math.fsum(answers) / len(answers))
    return mean <= LOW_NIGHT_MEAN_AT_OR_BELOW + EPSILON


def reflect(items: Sequence[ItemAnswer], averages: Mapping[Pillar, PillarAverage]) -> Reflection:
    """Tonight's reflection; `averages` are the two-week scores including tonight."""
    if not items:
        return Reflection()
    anchor = next((item for item in items if item.pillar is None), None)
    tonight = _pillar_scores(items)
    strongest: Pillar | None = None
    for pillar, score in tonight.items():
        if score >= HIGH_SCORE - EPSILON and (strongest is None or score > tonight[strongest]):
            strongest = pillar
    gap = widest_gap(items)
    return Reflection(
        care=care_pillar(items, averages, tonight),
        strength=strongest,
        felt_close=anchor is not None and anchor.score >= HIGH_SCORE - EPSILON,
        close_was_hard=anchor is not None and anchor.lowest <= LOW_NIGHT_ANCHOR_AT_OR_BELOW,
        gap=gap.pillar if gap else None,
        gap_on_anchor=gap is not None and gap.pillar is None,
        low_night=is_low_night(items),
        answered_any=True,
    )


def ack_band(answers: Sequence[int], low_night_so_far: bool) -> AckBand:
    """How to acknowledge one answer: warm only for 4s and 5s on a night that is not low."""
    if min(answers) >= WARM_ACK_LOWEST_ANSWER and not low_night_so_far:
        return "warm"
    if min(answers) <= LOW_NIGHT_ANCHOR_AT_OR_BELOW or low_night_so_far:
        return "gentle"
    return "plain"
