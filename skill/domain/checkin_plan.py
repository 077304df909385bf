"""What to ask and say tonight: the check-in's pillars, item and tip choice, counselling mention."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Final, Literal

from skill.domain.pillars import PILLARS, Pillar
from skill.domain.scoring import EPSILON, WINDOW_NIGHTS, PillarAverage

# A fixed pairing of the eight pillars; night.toordinal() % 4 picks tonight's pair, so any four
# consecutive nights cover all eight.
PILLAR_PAIRS: Final[tuple[tuple[Pillar, Pillar], ...]] = tuple(
    (PILLARS[i], PILLARS[i + 1]) for i in range(0, len(PILLARS), 2)
)

TIP_NO_REPEAT_NIGHTS: Final = 30
ITEM_NO_REPEAT_NIGHTS: Final = WINDOW_NIGHTS  # no item asked twice within two weeks
COUNSELLING_WINDOW_NIGHTS: Final = 7
COUNSELLING_LOW_ANCHOR_AT_OR_BELOW: Final = 2
COUNSELLING_LOW_ANCHOR_NIGHTS: Final = 3
COUNSELLING_LOW_AVERAGE: Final = 40.0
COUNSELLING_MIN_OBSERVATIONS: Final = 4
COUNSELLING_EVERY_NIGHTS: Final = 7


def pillars_for_night(night: date, focus: Pillar | None) -> tuple[Pillar, Pillar, Pillar]:
    """Tonight's three pillars: the two rotating ones, then the focus (or a filler).

    When there is no focus or it is already one of the pair, the third pillar comes from the next
    night's pair, alternating between its two pillars every four nights so both get the extra turn.
    """
    index = night.toordinal() % len(PILLAR_PAIRS)
    first, second = PILLAR_PAIRS[index]
    if focus is not None and focus not in (first, second):
        return first, second, focus
    next_pair = PILLAR_PAIRS[(index + 1) % len(PILLAR_PAIRS)]
    third = next_pair[(night.toordinal() // len(PILLAR_PAIRS)) % 2]
    return first, second, third


def choose_least_recent(
    ids: Sequence[str], last_used: Mapping[str, date], rng: random.Random
) -> str:
    """A never-used id if there is one (random among them), else the least recently used one.

    Ties are broken at random, so the order does not become predictable.
    """
    if not ids:
        raise ValueError("no ids to choose from")
    never_used = [i for i in ids if i not in last_used]
    if never_used:
        return rng.choice(never_used)
    oldest = min(last_used[i] for i in ids)
    return rng.choice([i for i in ids if last_used[i] == oldest])


def choose_tip(
    ids: Sequence[str],
    heard: Mapping[str, date],
    tonight: date,
    rng: random.Random,
    no_repeat_nights: int = TIP_NO_REPEAT_NIGHTS,
) -> str:
    """A tip not heard within the last `no_repeat_nights` nights (random among them).

    Tonight counts as one of those nights, so a tip heard 30 nights ago is fresh again. When every
    tip was heard recently (a small pool), the least recently heard one is used.
    """
    if not ids:
        raise ValueError("no tips to choose from")
    fresh = [i for i in ids if i not in heard or (tonight - heard[i]).days >= no_repeat_nights]
    if fresh:
        return rng.choice(fresh)
    return choose_least_recent(ids, heard, rng)


def suggest_counselling(
    anchor_history: Sequence[tuple[date, int]],
    averages: Mapping[Pillar, PillarAverage],
    last_suggested: date | None,
    tonight: date,
) -> bool:
    """Whether tonight's feedback should include the gentle counselling line.

    Persistent lows: the closeness anchor's lowest answer was 1 or 2 on at least three distinct
    nights of the last seven (tonight included), or a pillar averages under 40 with at least four
    observations. Said at most once a week: the last mention must be seven or more nights ago.
    """
    if last_suggested is not None and (tonight - last_suggested).days < COUNSELLING_EVERY_NIGHTS:
        return False
    low_nights = {
        night
        for night, lowest in anchor_history
        if 0 <= (tonight - night).days < COUNSELLING_WINDOW_NIGHTS
        and lowest <= COUNSELLING_LOW_ANCHOR_AT_OR_BELOW
    }
    if len(low_nights) >= COUNSELLING_LOW_ANCHOR_NIGHTS:
        return True
    return any(
        avg.score < COUNSELLING_LOW_AVERAGE - EPSILON
        and avg.observations >= COUNSELLING_MIN_OBSERVATIONS
        for avg in averages.values()
    )


# --- Inside one check-in ---------------------------------------------------------------------

# How much Alexa says: the closing turn, and everything from "yes" to goodnight.
CLOSING_MAX_WORDS: Final = 45
CHECKIN_MAX_WORDS: Final = 100
FIRST_NIGHT_MAX_WORDS: Final = 130
# What the closing needs besides the tip and tonight's question: a short reflection line and
# the joining words ("One idea:", "Tonight's question:", "Goodnight.").
CLOSING_WORDS_BESIDES_TIP_AND_QUESTION: Final = 13

MissStep = Literal["ask_again", "come_back_later", "skip"]


def after_miss(misses_before: int, coming_back: bool) -> MissStep:
    """An answer not understood: ask again with an example, then come back to it once, then skip.

    `coming_back` is true when the item is the one asked again just before the closing.
    """
    if coming_back:
        return "skip"
    return "ask_again" if misses_before == 0 else "come_back_later"


def come_back_later(item_ids: tuple[str, ...], index: int) -> tuple[str, ...]:
    """Tonight's items with the one at `index` moved to the end (asked just before the closing)."""
    return (*item_ids[:index], *item_ids[index + 1 :], item_ids[index])


def resume_index(item_count: int, answered_count: int) -> int:
    """Where a paused check-in picks up: the first unanswered item (the last one at most)."""
    return max(0, min(answered_count, item_count - 1))


def closing_budget(words_so_far: int, first_night: bool) -> int:
    """Words the closing may use: 45 at most, and within the whole check-in's limit."""
    limit = FIRST_NIGHT_MAX_WORDS if first_night else CHECKIN_MAX_WORDS
    return max(0, min(CLOSING_MAX_WORDS, limit - words_so_far))


def tip_word_budget(question_words: int) -> int:
    """The longest tip that still leaves room for tonight's question in the closing."""
    return CLOSING_MAX_WORDS - CLOSING_WORDS_BESIDES_TIP_AND_QUESTION - question_words
