"""After a low night, tonight's question comes from the gentle tier, never a playful one."""

from __future__ import annotations

import random
from datetime import date

from skill.domain.starters import StarterRef, choose_starter

NIGHT = date(2026, 11, 20)


def _library(*tones: str | None) -> list[StarterRef]:
    return [
        StarterRef(id=f"time-light-{i:02d}", pillar="time", depth="light", tone=tone)
        for i, tone in enumerate(tones)
    ]


def _pick(library: list[StarterRef], *, gentle: bool, seed: int) -> StarterRef:
    choice = choose_starter(
        library,
        night=NIGHT,
        heard=set(),
        deep_opt_in=False,
        pillar="time",
        rng=random.Random(seed),
        gentle=gentle,
    )
    return choice.starter


def test_gentle_picks_only_gentle_starters_when_there_are_some() -> None:
    library = _library("playful", "warm", "gentle", "reflective", "playful", "gentle")
    tones = {_pick(library, gentle=True, seed=seed).tone for seed in range(40)}
    assert tones == {"gentle"}


def test_gentle_without_gentle_starters_still_avoids_playful_ones() -> None:
    library = _library("playful", "warm", None, "playful")
    tones = {_pick(library, gentle=True, seed=seed).tone for seed in range(40)}
    assert "playful" not in tones


def test_without_gentle_every_tone_can_come() -> None:
    library = _library("playful", "warm", "gentle", "reflective")
    tones = {_pick(library, gentle=False, seed=seed).tone for seed in range(80)}
    assert tones == {"playful", "warm", "gentle", "reflective"}
