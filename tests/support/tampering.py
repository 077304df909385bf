"""Session attributes as an attacker (or a bug) might send them back: the cases the malformed-
request tests and the reliability fuzzer both send."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Attributes = Any  # what arrives as session attributes: normally a dict, tampered anything


def with_changes(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(base), **changes}


def _checkin(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    tampered = copy.deepcopy(base)
    tampered["checkin"].update(changes)
    return tampered


def _answered(base: dict[str, Any], answers: list[Any]) -> dict[str, Any]:
    tampered = copy.deepcopy(base)
    tampered["checkin"]["answered"][0]["answers"] = answers
    return tampered


def _item_id(base: dict[str, Any], item_id: str) -> dict[str, Any]:
    tampered = copy.deepcopy(base)
    index = tampered["checkin"]["index"]
    tampered["checkin"]["item_ids"][index] = item_id
    return tampered


HUGE = "x" * 100_000

TAMPERED: dict[str, Callable[[dict[str, Any]], Attributes]] = {
    "mode-a-number": lambda a: with_changes(a, mode=5),
    "mode-unknown": lambda a: with_changes(a, mode="hacking"),
    "mode-null": lambda a: with_changes(a, mode=None),
    "mode-a-list": lambda a: with_changes(a, mode=["checkin"]),
    "mode-huge": lambda a: with_changes(a, mode=HUGE),
    "checkin-missing": lambda a: with_changes(a, checkin=None),
    "checkin-a-string": lambda a: with_changes(a, checkin="item 4"),
    "index-out-of-range": lambda a: _checkin(a, index=9),
    "index-past-the-items": lambda a: _checkin(a, index=4),
    "index-negative": lambda a: _checkin(a, index=-1),
    "index-a-word": lambda a: _checkin(a, index="two"),
    "item-ids-empty": lambda a: _checkin(a, item_ids=[]),
    "item-ids-a-string": lambda a: _checkin(a, item_ids="anchor-1"),
    "item-id-unknown": lambda a: _item_id(a, "nope-99"),
    "item-id-huge": lambda a: _item_id(a, "a" * 100_000),
    "night-not-a-date": lambda a: _checkin(a, night="yesterday"),
    "misses-huge": lambda a: _checkin(a, misses=99),
    "answer-nine": lambda a: _answered(a, [9, 4]),
    "answer-minus-one": lambda a: _answered(a, [-1]),
    "answer-zero": lambda a: _answered(a, [0, 0]),
    "answer-a-word": lambda a: _answered(a, ["four"]),
    "answers-too-many": lambda a: _answered(a, [1, 2, 3, 4, 5]),
    "answered-more-than-items": lambda a: _checkin(a, answered=a["checkin"]["answered"] * 9),
    "last-speech-huge": lambda a: with_changes(a, last_speech=HUGE, last_reprompt=HUGE),
    "last-speech-a-number": lambda a: with_changes(a, last_speech=42),
    "unknown-key": lambda a: with_changes(a, admin=True),
    "attributes-a-list": lambda a: [a],
    "attributes-a-string": lambda a: "checkin",
}
