"""A year of nights for one household, through the real starter services on the memory store.

The household asks for tonight's question every night, sometimes for another one or a deeper or
lighter one, opts in to deep questions after two months and out again for a while later on.
What it hears over the year must not repeat, must reach every part of life the library covers,
and must not sound like one template.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from skill.content.loader import load_content
from skill.content.models import Starter
from skill.services.common import Turn
from skill.services.starters import (
    another_starter,
    set_depth,
    stepped_starter,
    tonights_starter,
)
from skill.storage.memory import MemoryStore
from tests.support.content_lint import MAX_OPENING_SHARE, TOPICS, opening

FIRST_NIGHT = date(2027, 1, 4)
NIGHTS = 365
MIN_HEARINGS_PER_TOPIC = 12
ZONE = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Heard:
    night: date
    starter: Starter
    how: str  # tonight, another, deeper, lighter


def _turn(household_id: str, night: date) -> Turn:
    return Turn(household_id, night, datetime.combine(night, time(21, 40), ZONE))


@cache
def a_year_of_nights() -> tuple[Heard, ...]:
    """What one household hears in a year: a fixed, varied pattern of asking."""
    content = load_content("en-GB")
    store = MemoryStore()
    household_id = "year-of-nights"
    heard: list[Heard] = []
    for n in range(NIGHTS):
        night = FIRST_NIGHT + timedelta(days=n)
        turn = _turn(household_id, night)
        if n == 60:
            set_depth(store, turn, "deeper")  # "we'd like deeper questions"
        if n == 250:
            set_depth(store, turn, "lighter")  # a busy season: lighter for a while
        if n == 300:
            set_depth(store, turn, "deeper")
        heard.append(Heard(night, tonights_starter(store, content, turn).starter, "tonight"))
        if n % 11 == 3:
            heard.append(Heard(night, another_starter(store, content, turn).starter, "another"))
        if n % 13 == 5:
            heard.append(
                Heard(night, stepped_starter(store, content, turn, "deeper").starter, "deeper")
            )
        if n % 17 == 9:
            heard.append(
                Heard(night, stepped_starter(store, content, turn, "lighter").starter, "lighter")
            )
    return tuple(heard)


def test_a_year_without_a_repeat() -> None:
    heard = a_year_of_nights()
    assert len({h.night for h in heard}) == NIGHTS, "a night went without a starter"
    repeats = [i for i, n in Counter(h.starter.id for h in heard).items() if n > 1]
    assert not repeats, f"{len(repeats)} starters heard twice in a year: {repeats[:5]}"
    assert len(heard) > NIGHTS + 50, "the year should include 'another one' and stepped ones"


def test_every_topic_is_heard_at_least_twelve_times() -> None:
    topics = Counter(t for h in a_year_of_nights() for t in h.starter.topics)
    thin = {t: topics[t] for t in TOPICS if topics[t] < MIN_HEARINGS_PER_TOPIC}
    assert not thin, f"topics heard fewer than {MIN_HEARINGS_PER_TOPIC} times: {thin}"


def test_no_opening_is_heard_on_more_than_eight_percent_of_starters() -> None:
    heard = a_year_of_nights()
    openings = Counter(opening(h.starter.text) for h in heard)
    top, count = openings.most_common(1)[0]
    assert count / len(heard) <= MAX_OPENING_SHARE, f"{top!r} in {count} of {len(heard)}"


def test_the_weekly_rhythm_holds_and_deep_ones_come_only_when_wanted() -> None:
    heard = a_year_of_nights()
    tonight = [h for h in heard if h.how == "tonight"]
    before_opt_in = [h for h in tonight if h.night < FIRST_NIGHT + timedelta(days=60)]
    assert not [h for h in before_opt_in if h.starter.depth == "deep"]
    opted_in_sundays = [
        h
        for h in tonight
        if h.night.weekday() == 6
        and (60 <= (h.night - FIRST_NIGHT).days < 250 or (h.night - FIRST_NIGHT).days >= 300)
    ]
    assert opted_in_sundays
    assert all(h.starter.depth == "deep" for h in opted_in_sundays)
    weekday_depths = Counter(h.starter.depth for h in tonight if h.night.weekday() < 6)
    assert weekday_depths["deep"] == 0, "deep on a weekday without asking"
    assert weekday_depths["light"] > 100 and weekday_depths["medium"] > 100, weekday_depths
