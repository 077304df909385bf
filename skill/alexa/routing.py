"""Routes: a predicate over the parsed turn and a handler function, in priority order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from skill.alexa.context import Handler
from skill.alexa.request import TurnInput
from skill.alexa.session import Mode

Predicate = Callable[[TurnInput], bool]


@dataclass(frozen=True)
class Route:
    name: str
    matches: Predicate
    handle: Handler


def request(*types: str) -> Predicate:
    return lambda turn: turn.request_type in types


def intent(*names: str) -> Predicate:
    return lambda turn: turn.request_type == "IntentRequest" and turn.intent_name in names


def mode(*modes: Mode) -> Predicate:
    return lambda turn: turn.state.mode in modes


def all_of(*predicates: Predicate) -> Predicate:
    return lambda turn: all(p(turn) for p in predicates)


def any_intent(turn: TurnInput) -> bool:
    return turn.request_type == "IntentRequest"
