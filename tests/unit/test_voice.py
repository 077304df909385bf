"""The voice's picks: varied across households and nights, even, and a fork picks the same."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from skill.alexa.speech import Voice
from skill.content.loader import load_content

CONTENT = load_content("en-US")
OPTIONS = ["one", "two", "three"]


def _seed(household: int, night: date, intent: str = "LaunchRequest") -> str:
    return f"household-{household}|{night}|{intent}"


def test_a_line_is_picked_evenly_across_nights_and_households() -> None:
    start = date(2026, 1, 1)
    first_picks = Counter(
        Voice(CONTENT, _seed(h, start + timedelta(days=d))).choice(OPTIONS)
        for h in range(20)
        for d in range(60)
    )
    assert set(first_picks) == set(OPTIONS)
    assert all(350 <= count <= 450 for count in first_picks.values()), first_picks


def test_picks_within_one_reply_are_not_tied_to_each_other() -> None:
    """The second pick of a reply does not follow from the first."""
    pairs: Counter[tuple[str, str]] = Counter()
    for h in range(1200):
        voice = Voice(CONTENT, _seed(h, date(2026, 3, 1)))
        pairs[voice.choice(OPTIONS), voice.choice(OPTIONS)] += 1
    assert len(pairs) == 9
    assert all(90 <= count <= 180 for count in pairs.values()), pairs


def test_the_same_seed_picks_the_same_and_another_night_may_differ() -> None:
    night = date(2026, 3, 1)
    again = [Voice(CONTENT, _seed(7, night)).choice(OPTIONS) for _ in range(3)]
    assert len(set(again)) == 1
    nights = {Voice(CONTENT, _seed(7, night + timedelta(days=d))).choice(OPTIONS) for d in range(9)}
    assert len(nights) > 1


def test_a_fork_picks_what_the_voice_would_and_following_it_moves_the_voice_on() -> None:
    voice = Voice(CONTENT, _seed(3, date(2026, 3, 1)))
    voice.choice(OPTIONS)
    fork = voice.fork()
    tried = [fork.choice(OPTIONS) for _ in range(5)]
    twin = Voice(CONTENT, _seed(3, date(2026, 3, 1)))
    twin.choice(OPTIONS)
    assert tried == [twin.choice(OPTIONS) for _ in range(5)]
    voice.follow(fork)
    assert voice.choice(OPTIONS) == twin.choice(OPTIONS)
