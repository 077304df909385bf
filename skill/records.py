"""Readers for the JSON the skill keeps: stored households and nights, session attributes.

Each shape is parsed by straight-line code in its own module (`skill.household`,
`skill.alexa.session`); these are the small checks they share. A reader takes a value decoded
from JSON and returns it typed, or raises `RecordError` naming the field, never its value (a
value may be a couple's answer).

What is accepted is what the skill itself writes, nothing looser: text is a string; an integer
is an int (a float only when it has no fraction, a bool never); a number is an int or a finite
float (never a bool); a flag is true or false; a date is a "YYYY-MM-DD" string; a sequence is a
list (or a tuple, for values built in Python).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from datetime import date
from math import isfinite
from typing import Any, Final, TypeVar, cast

T = TypeVar("T")
_ONLY_STR: Final = frozenset((str,))


class RecordError(ValueError):
    """A stored document or session attribute that is not in a shape this release reads."""


def mapping(value: object, name: str) -> dict[str, Any]:
    if type(value) is dict:
        return value
    raise RecordError(f"{name}: not an object")


def parser(parse: Callable[[dict[str, Any]], T]) -> Callable[[dict[str, Any]], T]:
    """`parse`, reporting a required field it looks up and does not find as a `RecordError`.

    Parsers look required fields up directly (`data["night"]`), the fastest way; this turns
    the KeyError of an absent one into the error every caller expects.
    """

    @functools.wraps(parse)
    def parse_or_refuse(data: dict[str, Any]) -> T:
        try:
            return parse(data)
        except KeyError as error:
            raise RecordError(f"{error.args[0]}: missing") from None

    return parse_or_refuse


def only_keys(data: dict[str, Any], allowed: frozenset[str], name: str) -> None:
    """Refuse a field this shape does not have (for shapes that must not carry anything else)."""
    if not data.keys() <= allowed:
        raise RecordError(f"{name}: unknown field")


def text(value: object, name: str, *, min_length: int = 0, max_length: int | None = None) -> str:
    if (
        isinstance(value, str)
        and len(value) >= min_length
        and (max_length is None or len(value) <= max_length)
    ):
        return value
    raise RecordError(f"{name}: not text of the expected length")


def matching(value: object, name: str, pattern: re.Pattern[str]) -> str:
    """Text that `pattern` matches as a whole."""
    if isinstance(value, str) and pattern.fullmatch(value):
        return value
    raise RecordError(f"{name}: not in the expected form")


def one_of(value: object, name: str, allowed: frozenset[str]) -> str:
    """One of the `allowed` words (the caller narrows it to its Literal type)."""
    if isinstance(value, str) and value in allowed:
        return value
    raise RecordError(f"{name}: not one of the expected values")


def integer(value: object, name: str, low: int | None = None, high: int | None = None) -> int:
    if type(value) is int:
        number = value
    elif type(value) is float and value.is_integer():
        number = int(value)
    else:
        raise RecordError(f"{name}: not an integer")
    if (low is not None and number < low) or (high is not None and number > high):
        raise RecordError(f"{name}: out of range")
    return number


def number(value: object, name: str) -> float:
    if type(value) is float and isfinite(value):
        return value
    if type(value) is int:
        return float(value)
    raise RecordError(f"{name}: not a finite number")


def flag(value: object, name: str) -> bool:
    if value is True or value is False:
        return value
    raise RecordError(f"{name}: not true or false")


# Dates already read, by their text: a household holds the same few nights many times over and
# is read on every turn. Only well-formed dates go in, and the cache is emptied when it fills.
_DAYS: dict[object, date] = {}  # only strings go in; anything may be looked up
_MAX_CACHED_DAYS: Final = 4096


def day(value: object, name: str) -> date:
    """A date written as "YYYY-MM-DD" (not the other forms `date.fromisoformat` accepts)."""
    if type(value) is str:
        cached = _DAYS.get(value)
        if cached is not None:
            return cached
        if len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                pass
            else:
                if len(_DAYS) >= _MAX_CACHED_DAYS:
                    _DAYS.clear()
                _DAYS[value] = parsed
                return parsed
    raise RecordError(f"{name}: not a YYYY-MM-DD date")


def optional_day(value: object, name: str) -> date | None:
    return None if value is None else day(value, name)


def sequence(
    value: object, name: str, *, min_length: int = 0, max_length: int | None = None
) -> Sequence[object]:
    if (
        (type(value) is list or type(value) is tuple)
        and len(value) >= min_length
        and (max_length is None or len(value) <= max_length)
    ):
        return value
    raise RecordError(f"{name}: not a list of the expected length")


# Lists and objects of many values: checked in one pass of C where the common case allows it.


def texts(
    value: object,
    name: str,
    *,
    min_length: int = 0,
    max_length: int | None = None,
    pattern: re.Pattern[str] | None = None,
) -> tuple[str, ...]:
    """A list of strings (each matching `pattern` as a whole, when given)."""
    items = sequence(value, name, min_length=min_length, max_length=max_length)
    if not _ONLY_STR.issuperset(map(type, items)):
        raise RecordError(f"{name}: not a list of text")
    strings = cast("tuple[str, ...] | list[str]", items)
    if pattern is not None and not all(map(pattern.fullmatch, strings)):
        raise RecordError(f"{name}: not in the expected form")
    return tuple(strings)


def days(value: object, name: str) -> tuple[date, ...]:
    """A list of dates."""
    items = sequence(value, name)
    try:
        return tuple(map(_DAYS.__getitem__, items))  # every one read before
    except (KeyError, TypeError):  # one not read before (or not a string at all)
        return tuple([day(item, name) for item in items])


def days_by_text(value: object, name: str) -> dict[str, date]:
    """An object whose values are dates."""
    data = mapping(value, name)
    if not _ONLY_STR.issuperset(map(type, data)):
        raise RecordError(f"{name}: not text keys")
    try:
        return dict(zip(data, map(_DAYS.__getitem__, data.values()), strict=True))
    except (KeyError, TypeError):  # one not read before (see `days`)
        return {key: day(night, name) for key, night in data.items()}


# The other way, for writing: the same few nights are written over and over.
_ISO: dict[date, str] = {}


def iso(night: date | None) -> str | None:
    """A date as `day` reads it back (None stays None)."""
    if night is None:
        return None
    written = _ISO.get(night)
    if written is None:
        written = night.isoformat()
        if len(_ISO) >= _MAX_CACHED_DAYS:
            _ISO.clear()
        _ISO[night] = written
    return written
