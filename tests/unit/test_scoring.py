from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.domain.pillars import PILLARS, Pillar
from skill.domain.scoring import (
    Focus,
    ItemAnswer,
    Observation,
    PillarAverage,
    answer_score,
    choose_focus,
    pillar_averages,
    prune_observations,
    tonight_tender_pillar,
    widest_gap,
)

TONIGHT = date(2025, 6, 15)


def ago(nights: int) -> date:
    return TONIGHT - timedelta(days=nights)


def averages(scores: dict[Pillar, float], observations: int = 3) -> dict[Pillar, PillarAverage]:
    return {p: PillarAverage(score, observations) for p, score in scores.items()}


def all_pillars(score: float, **overrides: float) -> dict[Pillar, PillarAverage]:
    assert set(overrides) <= set(PILLARS)
    return averages({p: overrides.get(p, score) for p in PILLARS})


# --- answers and items -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "score"), [(1, 0.0), (2, 25.0), (3, 50.0), (4, 75.0), (5, 100.0)]
)
def test_answer_score(answer: int, score: float) -> None:
    assert answer_score(answer) == score


@pytest.mark.parametrize("answer", [0, 6, -1, 25, True, 2.5, "3", None])
def test_answer_score_rejects_bad_answers(answer: object) -> None:
    with pytest.raises(ValueError):
        answer_score(answer)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("item", "score", "gap", "lowest"),
    [
        pytest.param(ItemAnswer(None, (4, 5)), 87.5, 1, 4, id="anchor-two-answers"),
        pytest.param(ItemAnswer("listening", (3, 2)), 37.5, 1, 2, id="two-answers"),
        pytest.param(ItemAnswer("trust", (5,)), 100.0, 0, 5, id="shared-answer"),
        pytest.param(ItemAnswer("time", (1, 5)), 50.0, 4, 1, id="far-apart"),
        pytest.param(ItemAnswer("respect", (3, 3)), 50.0, 0, 3, id="same-answer"),
    ],
)
def test_item_answer(item: ItemAnswer, score: float, gap: int, lowest: int) -> None:
    assert (item.score, item.gap, item.lowest) == (score, gap, lowest)


@pytest.mark.parametrize(
    ("pillar", "answers"),
    [
        pytest.param("time", (), id="no-answer"),
        pytest.param("time", (1, 2, 3), id="three-answers"),
        pytest.param("time", (0,), id="below-scale"),
        pytest.param("time", (3, 6), id="above-scale"),
        pytest.param("romance", (3,), id="unknown-pillar"),
    ],
)
def test_item_answer_rejects_bad_input(pillar: str, answers: tuple[int, ...]) -> None:
    with pytest.raises(ValueError):
        ItemAnswer(pillar, answers)  # type: ignore[arg-type]


# --- averages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("observations", "half_life", "expected"),
    [
        pytest.param([], 7.0, {}, id="nothing"),
        pytest.param(
            [Observation(TONIGHT, "time", 80.0)],
            7.0,
            {"time": PillarAverage(80.0, 1)},
            id="one-tonight",
        ),
        pytest.param(
            [Observation(TONIGHT, "time", 100.0), Observation(ago(7), "time", 0.0)],
            7.0,
            {"time": PillarAverage(100.0 / 1.5, 2)},
            id="seven-nights-old-weighs-half",
        ),
        pytest.param(
            [Observation(TONIGHT, "time", 0.0), Observation(ago(7), "time", 100.0)],
            7.0,
            {"time": PillarAverage(50.0 / 1.5, 2)},
            id="seven-nights-old-weighs-half-reversed",
        ),
        pytest.param(
            [Observation(ago(1), "trust", 0.0), Observation(ago(8), "trust", 90.0)],
            7.0,
            {"trust": PillarAverage(30.0, 2)},
            id="relative-age-counts",
        ),
        pytest.param(
            [Observation(TONIGHT, "time", 100.0), Observation(ago(7), "time", 0.0)],
            3.5,
            {"time": PillarAverage(100.0 / 1.25, 2)},
            id="half-life-parameter",
        ),
        pytest.param(
            [
                Observation(ago(13), "time", 40.0),
                Observation(ago(14), "time", 0.0),
                Observation(ago(30), "time", 0.0),
                Observation(ago(-1), "time", 0.0),
            ],
            7.0,
            {"time": PillarAverage(40.0, 1)},
            id="window-cut-off-and-future-ignored",
        ),
        pytest.param(
            [
                Observation(TONIGHT, "curiosity", 25.0),
                Observation(TONIGHT, "time", 75.0),
                Observation(ago(3), "time", 75.0),
            ],
            7.0,
            {"time": PillarAverage(75.0, 2), "curiosity": PillarAverage(25.0, 1)},
            id="per-pillar",
        ),
    ],
)
def test_pillar_averages(
    observations: list[Observation], half_life: float, expected: dict[Pillar, PillarAverage]
) -> None:
    result = pillar_averages(observations, TONIGHT, half_life_nights=half_life)
    assert list(result) == list(expected)
    for pillar, average in expected.items():
        assert result[pillar].observations == average.observations
        assert result[pillar].score == pytest.approx(average.score)


def test_pillar_averages_keys_follow_pillar_order() -> None:
    observations = [Observation(TONIGHT, p, 50.0) for p in reversed(PILLARS)]
    assert tuple(pillar_averages(observations, TONIGHT)) == PILLARS


@pytest.mark.parametrize(
    ("window", "included"),
    [(1, 1), (7, 7), (14, 14), (30, 20)],
)
def test_pillar_averages_window(window: int, included: int) -> None:
    observations = [Observation(ago(n), "openness", 50.0) for n in range(20)]
    result = pillar_averages(observations, TONIGHT, window_nights=window)
    assert result["openness"].observations == included


@pytest.mark.parametrize(("half_life", "window"), [(0.0, 14), (-1.0, 14), (7.0, 0)])
def test_pillar_averages_rejects_bad_parameters(half_life: float, window: int) -> None:
    with pytest.raises(ValueError):
        pillar_averages([], TONIGHT, half_life_nights=half_life, window_nights=window)


@pytest.mark.parametrize(
    ("nights_ago", "kept"),
    [(0, True), (13, True), (14, False), (100, False), (-1, True)],
)
def test_prune_observations(nights_ago: int, kept: bool) -> None:
    observation = Observation(ago(nights_ago), "respect", 50.0)
    assert prune_observations([observation], TONIGHT) == ((observation,) if kept else ())


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=-3, max_value=40),
            st.sampled_from(PILLARS),
            st.sampled_from([0.0, 25.0, 50.0, 75.0, 100.0]),
        ),
        max_size=40,
    )
)
def test_pruning_never_changes_averages(rows: list[tuple[int, Pillar, float]]) -> None:
    observations = [Observation(ago(n), p, s) for n, p, s in rows]
    pruned = prune_observations(observations, TONIGHT)
    for later in range(0, 5):
        tonight = TONIGHT + timedelta(days=later)
        assert pillar_averages(pruned, tonight) == pillar_averages(observations, tonight)


@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=13), st.sampled_from([0.0, 50.0, 100.0])),
        min_size=1,
        max_size=30,
    )
)
def test_average_stays_between_lowest_and_highest(rows: list[tuple[int, float]]) -> None:
    result = pillar_averages([Observation(ago(n), "time", s) for n, s in rows], TONIGHT)
    scores = [s for _, s in rows]
    assert min(scores) - 1e-9 <= result["time"].score <= max(scores) + 1e-9


# --- focus -------------------------------------------------------------------------------------


def held(pillar: Pillar, nights: int) -> Focus:
    return Focus(pillar=pillar, since=ago(nights))


@pytest.mark.parametrize(
    ("current", "avgs", "expected"),
    [
        pytest.param(Focus(), {}, Focus(), id="no-data"),
        pytest.param(
            held("trust", 20),
            averages({"time": 10.0, "openness": 20.0}, observations=1),
            held("trust", 20),
            id="no-candidate-keeps-current",
        ),
        pytest.param(
            Focus(),
            {"time": PillarAverage(10.0, 1), "openness": PillarAverage(50.0, 2)},
            held("openness", 0),
            id="min-observations",
        ),
        pytest.param(
            Focus(),
            averages({"curiosity": 40.0, "trust": 40.0, "time": 60.0}),
            held("trust", 0),
            id="tie-by-pillar-order",
        ),
        pytest.param(
            held("listening", 2),
            averages({"listening": 60.0, "time": 10.0}),
            held("listening", 2),
            id="min-hold-keeps",
        ),
        pytest.param(
            held("listening", 3),
            averages({"listening": 60.0, "time": 55.1}),
            held("listening", 3),
            id="hysteresis-4.9-keeps",
        ),
        pytest.param(
            held("listening", 3),
            averages({"listening": 60.0, "time": 55.0}),
            held("time", 0),
            id="hysteresis-5.0-switches",
        ),
        pytest.param(
            held("listening", 13),
            averages({"listening": 60.0, "time": 55.1}),
            held("listening", 13),
            id="hysteresis-4.9-keeps-at-13",
        ),
        pytest.param(
            held("listening", 5),
            averages({"listening": 30.0, "time": 60.0}),
            held("listening", 5),
            id="current-still-lowest",
        ),
        pytest.param(
            held("listening", 14),
            averages({"listening": 10.0, "time": 90.0, "trust": 80.0}),
            held("trust", 0),
            id="max-hold-moves-to-lowest-other",
        ),
        pytest.param(
            held("listening", 20),
            averages({"listening": 60.0, "time": 55.1}),
            held("time", 0),
            id="past-max-hold-moves",
        ),
        pytest.param(
            held("listening", 14),
            {"listening": PillarAverage(10.0, 5), "time": PillarAverage(50.0, 1)},
            held("listening", 14),
            id="max-hold-without-another-candidate",
        ),
        pytest.param(
            held("listening", 1),
            averages({"time": 50.0, "trust": 40.0}),
            held("trust", 0),
            id="focus-without-data-replaced",
        ),
        pytest.param(
            Focus(pillar="respect"),
            averages({"respect": 60.0, "time": 55.0}),
            held("time", 0),
            id="focus-without-since",
        ),
        pytest.param(
            Focus(),
            all_pillars(75.0, teamwork=90.0),
            Focus(pillar=None, since=TONIGHT, maintenance=True, strongest="teamwork"),
            id="maintenance-at-75",
        ),
        pytest.param(
            held("trust", 1),
            all_pillars(80.0, appreciation=95.0, curiosity=95.0),
            Focus(pillar=None, since=TONIGHT, maintenance=True, strongest="appreciation"),
            id="maintenance-overrides-hold-strongest-tie",
        ),
        pytest.param(
            Focus(since=ago(9), maintenance=True, strongest="time"),
            all_pillars(80.0, openness=99.0),
            Focus(pillar=None, since=ago(9), maintenance=True, strongest="openness"),
            id="maintenance-continues",
        ),
        pytest.param(
            Focus(),
            all_pillars(90.0, curiosity=74.9),
            held("curiosity", 0),
            id="no-maintenance-at-74.9",
        ),
        pytest.param(
            Focus(since=ago(9), maintenance=True, strongest="time"),
            all_pillars(90.0, respect=74.9),
            held("respect", 0),
            id="maintenance-ends",
        ),
        pytest.param(
            Focus(),
            averages({p: 90.0 for p in PILLARS[:7]}),
            held("time", 0),
            id="no-maintenance-with-seven-pillars",
        ),
    ],
)
def test_choose_focus(current: Focus, avgs: dict[Pillar, PillarAverage], expected: Focus) -> None:
    assert choose_focus(current, avgs, TONIGHT) == expected


def test_maintenance_survives_float_rounding() -> None:
    observations = [
        Observation(ago(n), p, 75.0) for p in PILLARS for n in (0, 1, 3, 5, 6, 9, 11, 12)
    ]
    focus = choose_focus(Focus(), pillar_averages(observations, TONIGHT), TONIGHT)
    assert focus.maintenance


@given(
    st.lists(
        st.lists(st.floats(min_value=0.0, max_value=74.0), min_size=8, max_size=8),
        min_size=1,
        max_size=60,
    )
)
def test_focus_never_held_longer_than_max(nightly_scores: list[list[float]]) -> None:
    focus = Focus()
    for offset, scores in enumerate(nightly_scores):
        tonight = TONIGHT + timedelta(days=offset)
        avgs = averages(dict(zip(PILLARS, scores, strict=True)))
        focus = choose_focus(focus, avgs, tonight)
        assert focus.pillar is not None
        assert focus.since is not None
        assert 0 <= (tonight - focus.since).days < 14


# --- tonight's tender spot and the widest gap --------------------------------------------------


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param([], None, id="nothing"),
        pytest.param(
            [ItemAnswer(None, (4, 4)), ItemAnswer("time", (3, 3)), ItemAnswer("trust", (4, 5))],
            None,
            id="no-low-answer",
        ),
        pytest.param(
            [ItemAnswer(None, (1, 1)), ItemAnswer("time", (3, 4))], None, id="anchor-has-no-pillar"
        ),
        pytest.param(
            [ItemAnswer(None, (4, 4)), ItemAnswer("time", (4, 2))], "time", id="one-low-answer"
        ),
        pytest.param([ItemAnswer("openness", (1,))], "openness", id="shared-answer"),
        pytest.param(
            [ItemAnswer("trust", (1, 5)), ItemAnswer("listening", (2, 2))],
            "listening",
            id="lowest-score-first",
        ),
        pytest.param(
            [ItemAnswer("listening", (2, 3)), ItemAnswer("trust", (3, 2))],
            "listening",
            id="tie-by-order-asked",
        ),
        pytest.param(
            [ItemAnswer("trust", (3, 2)), ItemAnswer("listening", (2, 3))],
            "trust",
            id="tie-by-order-asked-reversed",
        ),
    ],
)
def test_tonight_tender_pillar(items: list[ItemAnswer], expected: Pillar | None) -> None:
    assert tonight_tender_pillar(items) == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param([], None, id="nothing"),
        pytest.param([ItemAnswer("time", (2, 3))], None, id="gap-of-1"),
        pytest.param([ItemAnswer("time", (2, 4))], 0, id="gap-of-2"),
        pytest.param([ItemAnswer("time", (5,)), ItemAnswer("trust", (1,))], None, id="solo"),
        pytest.param(
            [ItemAnswer("time", (2, 4)), ItemAnswer("trust", (1, 5))], 1, id="biggest-wins"
        ),
        pytest.param(
            [ItemAnswer(None, (5, 3)), ItemAnswer("trust", (2, 4))], 0, id="tie-first-asked"
        ),
    ],
)
def test_widest_gap(items: list[ItemAnswer], expected: int | None) -> None:
    assert widest_gap(items) == (None if expected is None else items[expected])
