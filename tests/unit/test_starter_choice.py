"""Choosing a starter: the library grouped once, the rhythm, a deeper or lighter one tonight."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from skill.content.loader import load_content
from skill.domain.pillars import DEPTHS, PILLARS, Depth, Pillar
from skill.domain.starters import (
    StarterLibrary,
    StarterRef,
    choose_starter,
    depth_for_night,
    step_depth,
)

MONDAY = date(2026, 11, 16)  # a light night in the weekly rhythm
SUNDAY = date(2026, 11, 22)  # the deep night, for couples who opted in


def library(per_group: int = 3) -> list[StarterRef]:
    return [
        StarterRef(id=f"{p}-{d}-{n:02d}", pillar=p, depth=d)
        for p in PILLARS
        for d in DEPTHS
        for n in range(1, per_group + 1)
    ]


@pytest.mark.parametrize(
    ("depth", "deeper", "lighter"),
    [("light", "medium", "light"), ("medium", "deep", "light"), ("deep", "deep", "medium")],
)
def test_one_step_deeper_or_lighter(depth: Depth, deeper: Depth, lighter: Depth) -> None:
    assert step_depth(depth, "deeper") == deeper
    assert step_depth(depth, "lighter") == lighter


def test_the_library_is_grouped_once_in_library_order() -> None:
    refs = load_content("en-US").starter_refs
    grouped = StarterLibrary.of(refs)
    assert grouped.refs == tuple(refs)
    assert sum(len(g) for g in grouped.by_pillar_depth.values()) == len(refs)
    for (pillar, depth), group in grouped.by_pillar_depth.items():
        assert group == tuple(r for r in refs if r.pillar == pillar and r.depth == depth)
    for pillar, group in grouped.by_pillar.items():
        assert group == tuple(r for r in refs if r.pillar == pillar)
    for depth, group in grouped.by_depth.items():
        assert group == tuple(r for r in refs if r.depth == depth)


def reference_choice(
    refs: list[StarterRef], night: date, heard: set[str], deep_opt_in: bool, pillar: Pillar
) -> tuple[list[StarterRef], bool]:
    """The rule written flat, as the candidates a night chooses among (and whether memory
    starts over): the grouped library must give exactly these, in this order."""
    pool = [s for s in refs if deep_opt_in or s.depth != "deep"]
    depth = depth_for_night(night, deep_opt_in)
    unheard = [s for s in pool if s.id not in heard]
    new_cycle = not unheard
    if new_cycle:
        unheard = pool
    tiers = (
        [s for s in unheard if s.pillar == pillar and s.depth == depth],
        [s for s in unheard if s.pillar == pillar],
        [s for s in unheard if s.depth == depth],
        unheard,
    )
    return next(tier for tier in tiers if tier), new_cycle


def test_the_grouped_library_picks_what_the_flat_rule_picks() -> None:
    """Grouping changes how much a choice looks at, never which starter it is."""
    refs = list(load_content("en-US").starter_refs)
    grouped = load_content("en-US").starter_library
    heard: set[str] = set()
    cycles = 0
    for n in range(1200):
        night = MONDAY + timedelta(days=n)
        opt_in, pillar = n > 200, PILLARS[n % 5]
        candidates, new_cycle = reference_choice(refs, night, heard, opt_in, pillar)
        expected = random.Random(n).choice(candidates)
        choice = choose_starter(
            grouped,
            night=night,
            heard=heard,
            deep_opt_in=opt_in,
            pillar=pillar,
            rng=random.Random(n),
        )
        assert (choice.starter, choice.new_cycle) == (expected, new_cycle), n
        heard = {expected.id} if new_cycle else heard | {expected.id}
        cycles += new_cycle
    assert cycles >= 2, "the run should start the memory over, so that path is compared too"


def test_no_deep_starter_without_the_opt_in_even_when_the_rest_is_heard() -> None:
    refs = library()
    heard = {r.id for r in refs if r.depth != "deep"}
    choice = choose_starter(
        refs, night=SUNDAY, heard=heard, deep_opt_in=False, pillar=None, rng=random.Random(1)
    )
    assert choice.new_cycle
    assert choice.starter.depth != "deep"


@pytest.mark.parametrize("night", [MONDAY + timedelta(days=n) for n in range(7)])
def test_a_deeper_one_tonight_is_deep_on_any_night_without_the_opt_in(night: date) -> None:
    choice = choose_starter(
        library(),
        night=night,
        heard=(),
        deep_opt_in=False,
        pillar="trust",
        rng=random.Random(night.toordinal()),
        depth="deep",
    )
    assert choice.starter.depth == "deep"
    assert choice.starter.pillar == "trust"
    assert not choice.new_cycle


def test_a_lighter_one_tonight_is_light_even_on_the_deep_night() -> None:
    assert depth_for_night(SUNDAY, deep_opt_in=True) == "deep"
    choice = choose_starter(
        library(),
        night=SUNDAY,
        heard=(),
        deep_opt_in=True,
        pillar="time",
        rng=random.Random(3),
        depth="light",
    )
    assert (choice.starter.pillar, choice.starter.depth) == ("time", "light")


def test_an_asked_depth_comes_before_the_pillar() -> None:
    """When the pillar has no unheard deep starter, a deeper one comes from another pillar."""
    refs = library()
    heard = {r.id for r in refs if r.pillar == "trust" and r.depth == "deep"}
    choice = choose_starter(
        refs,
        night=MONDAY,
        heard=heard,
        deep_opt_in=False,
        pillar="trust",
        rng=random.Random(5),
        depth="deep",
    )
    assert choice.starter.depth == "deep"
    assert choice.starter.pillar != "trust"


def test_without_an_asked_depth_the_pillar_comes_before_the_depth() -> None:
    refs = library()
    heard = {r.id for r in refs if r.pillar == "trust" and r.depth == "light"}
    choice = choose_starter(
        refs, night=MONDAY, heard=heard, deep_opt_in=False, pillar="trust", rng=random.Random(5)
    )
    assert choice.starter.pillar == "trust"
    assert choice.starter.depth == "medium"


def test_a_deeper_one_never_repeats_and_starts_over_only_when_every_deep_one_is_heard() -> None:
    refs = library(per_group=2)
    deep = {r.id for r in refs if r.depth == "deep"}
    heard: set[str] = set()
    given: list[str] = []
    for n in range(len(deep)):
        choice = choose_starter(
            refs,
            night=MONDAY,
            heard=heard,
            deep_opt_in=False,
            pillar="openness",
            rng=random.Random(n),
            depth="deep",
        )
        assert not choice.new_cycle, n
        given.append(choice.starter.id)
        heard.add(choice.starter.id)
    assert set(given) == deep
    again = choose_starter(
        refs,
        night=MONDAY,
        heard=heard | {r.id for r in refs},
        deep_opt_in=False,
        pillar="openness",
        rng=random.Random(99),
        depth="deep",
    )
    assert again.new_cycle
    assert again.starter.depth == "deep"
