"""The readers every stored or session shape is parsed with: what each accepts and refuses."""

from __future__ import annotations

import re
from datetime import date

import pytest

from skill import records
from skill.records import (
    RecordError,
    day,
    days,
    days_by_text,
    flag,
    integer,
    number,
    only_keys,
    sequence,
    text,
    texts,
)


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 0), (-3, -3), (7, 7), (7.0, 7), (-0.0, 0), (10**12, 10**12)]
)
def test_an_integer_is_an_int_or_a_float_without_a_fraction(value: object, expected: int) -> None:
    read = integer(value, "n")
    assert read == expected and type(read) is int


@pytest.mark.parametrize("value", [True, False, 7.5, float("nan"), float("inf"), "7", None, [7]])
def test_anything_else_is_not_an_integer(value: object) -> None:
    with pytest.raises(RecordError):
        integer(value, "n")


@pytest.mark.parametrize(
    ("value", "low", "high"), [(0, 0, 0), (5, 1, 5), (1, 1, None), (-9, None, 0)]
)
def test_an_integer_within_its_bounds_is_read(
    value: int, low: int | None, high: int | None
) -> None:
    assert integer(value, "n", low, high) == value


@pytest.mark.parametrize(
    ("value", "low", "high"), [(-1, 0, 5), (6, 0, 5), (0, 1, None), (1, None, 0)]
)
def test_an_integer_past_a_bound_is_refused(value: int, low: int | None, high: int | None) -> None:
    with pytest.raises(RecordError):
        integer(value, "n", low, high)


@pytest.mark.parametrize(
    ("value", "expected"), [(62.5, 62.5), (0, 0.0), (100, 100.0), (-1e-9, -1e-9)]
)
def test_a_number_is_an_int_or_a_finite_float(value: object, expected: float) -> None:
    read = number(value, "score")
    assert read == expected and type(read) is float


@pytest.mark.parametrize(
    "value", [True, False, float("nan"), float("inf"), -float("inf"), "62.5", None]
)
def test_anything_else_is_not_a_number(value: object) -> None:
    with pytest.raises(RecordError):
        number(value, "score")


@pytest.mark.parametrize("value", [True, False])
def test_a_flag_is_true_or_false(value: bool) -> None:
    assert flag(value, "f") is value


@pytest.mark.parametrize("value", [1, 0, "true", "yes", None, 1.0])
def test_anything_else_is_not_a_flag(value: object) -> None:
    with pytest.raises(RecordError):
        flag(value, "f")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-19", date(2026, 11, 19)),
        ("2028-02-29", date(2028, 2, 29)),
        ("0001-01-01", date.min),
    ],
)
def test_a_date_is_written_year_month_day(value: str, expected: date) -> None:
    assert day(value, "night") == expected
    assert day(value, "night") == expected  # read again: the same


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-29",  # not a leap year
        "2026-11-31",
        "2026-13-01",
        "20261119",
        "2026-W47-4",
        "2026-323",
        "2026-11-19T00:00:00",
        "2026-11-19 ",
        " 2026-11-19",
        "2026-1-19",
        "２０２６-11-19",
        "2026/11/19",
        20261119,
        date(2026, 11, 19),  # only what JSON carries
        None,
        ["2026-11-19"],
    ],
)
def test_anything_else_is_not_a_date_however_often_it_is_read(value: object) -> None:
    for _ in range(2):
        with pytest.raises(RecordError):
            day(value, "night")


def test_read_dates_are_kept_within_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "_DAYS", {})
    monkeypatch.setattr(records, "_MAX_CACHED_DAYS", 3)
    nights = [f"2026-11-{n:02d}" for n in range(1, 11)]
    assert [day(night, "night").day for night in nights] == list(range(1, 11))
    assert len(records._DAYS) <= 3


def test_a_list_of_dates_reads_the_same_whether_each_was_read_before_or_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(records, "_DAYS", {})
    nights = ["2026-11-17", "2026-11-18"]
    expected = (date(2026, 11, 17), date(2026, 11, 18))
    assert days(nights, "nights") == expected  # none read before
    assert days(nights, "nights") == expected  # all read before
    assert days([*nights, "2026-11-19"], "nights") == (*expected, date(2026, 11, 19))
    assert days([], "nights") == ()


@pytest.mark.parametrize(
    "value", [["2026-11-17", None], ["2026-11-17", ["2026-11-18"]], ["2026-11-17", "soon"], "x"]
)
def test_a_list_with_one_bad_date_is_refused_even_after_the_good_ones_were_read(
    value: object,
) -> None:
    day("2026-11-17", "night")
    with pytest.raises(RecordError):
        days(value, "nights")


def test_an_object_of_dates_is_read_by_its_text_keys() -> None:
    read = days_by_text({"anchor-1": "2026-11-18", "trust-2": "2026-11-17"}, "asked")
    assert read == {"anchor-1": date(2026, 11, 18), "trust-2": date(2026, 11, 17)}


@pytest.mark.parametrize(
    "value", [{"anchor-1": "soon"}, {"anchor-1": None}, {1: "2026-11-18"}, ["2026-11-18"]]
)
def test_an_object_with_a_bad_key_or_date_is_refused(value: object) -> None:
    with pytest.raises(RecordError):
        days_by_text(value, "asked")


ID = re.compile(r"[a-z]+-[0-9]{1,2}")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(["trust-2"], ("trust-2",)), (("a-0", "b-99"), ("a-0", "b-99")), ([], ())],
)
def test_a_list_of_text_in_its_form_is_read(value: object, expected: tuple[str, ...]) -> None:
    assert texts(value, "ids", pattern=ID) == expected


@pytest.mark.parametrize(
    "value", [["trust-2", 2], ["trust-2", "Trust-2"], ["trust-100"], "trust-2", {"trust-2": 1}]
)
def test_a_list_with_text_out_of_its_form_is_refused(value: object) -> None:
    with pytest.raises(RecordError):
        texts(value, "ids", pattern=ID)


def test_lengths_are_bounded_both_ways() -> None:
    assert sequence([1, 2], "s", min_length=2, max_length=2) == [1, 2]
    assert text("ab", "t", min_length=2, max_length=2) == "ab"
    for short_or_long in ([1], [1, 2, 3]):
        with pytest.raises(RecordError):
            sequence(short_or_long, "s", min_length=2, max_length=2)
    for word in ("a", "abc"):
        with pytest.raises(RecordError):
            text(word, "t", min_length=2, max_length=2)


def test_a_shape_that_must_carry_nothing_else_refuses_an_unknown_field() -> None:
    only_keys({"mode": "idle"}, frozenset(("mode", "checkin")), "session")
    with pytest.raises(RecordError):
        only_keys({"mode": "idle", "admin": True}, frozenset(("mode", "checkin")), "session")


def test_an_error_names_the_field_never_its_value() -> None:
    """A refused value may be a couple's answer: it stays out of messages (and so of logs)."""
    with pytest.raises(RecordError) as refused:
        text("we argued about money", "last_speech", max_length=10)
    assert "last_speech" in str(refused.value)
    assert "money" not in str(refused.value)
    assert isinstance(refused.value, ValueError)
