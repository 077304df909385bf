"""Routes: a predicate over the parsed turn and a handler function, in priority order.

The predicates made by `request`, `intent`, `any_intent` and `all_of` say which request types
and intents they can match (`keys`), so `RouteTable` asks a turn only the routes that could
match it, still in priority order. Any other predicate (a plain function, `mode` alone) is
asked on every turn, as before; a new route needs nothing here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from skill.alexa.context import Handler
from skill.alexa.request import TurnInput
from skill.alexa.session import Mode

Predicate = Callable[[TurnInput], bool]
#: (request type, intent name or ANY_INTENT): what a predicate can match.
Key = tuple[str, str]
ANY_INTENT: Final = "*"
INTENT_REQUEST: Final = "IntentRequest"


@dataclass(frozen=True)
class Match:
    """A predicate that knows what it can match; `keys` None means it might match anything."""

    test: Predicate
    keys: frozenset[Key] | None

    def __call__(self, turn: TurnInput) -> bool:
        return self.test(turn)


@dataclass(frozen=True)
class Route:
    name: str
    matches: Predicate
    handle: Handler


def keys_of(predicate: Predicate) -> frozenset[Key] | None:
    return predicate.keys if isinstance(predicate, Match) else None


def request(*types: str) -> Match:
    return Match(lambda turn: turn.request_type in types, frozenset((t, ANY_INTENT) for t in types))


def intent(*names: str) -> Match:
    return Match(
        lambda turn: turn.request_type == INTENT_REQUEST and turn.intent_name in names,
        frozenset((INTENT_REQUEST, name) for name in names),
    )


def mode(*modes: Mode) -> Match:
    return Match(lambda turn: turn.state.mode in modes, None)


def _meet(first: frozenset[Key] | None, second: frozenset[Key] | None) -> frozenset[Key] | None:
    """The keys both can match (None: unknown, so anything the other allows)."""
    if first is None:
        return second
    if second is None:
        return first
    both = set()
    for type_a, intent_a in first:
        for type_b, intent_b in second:
            if type_a != type_b:
                continue
            if intent_a in (ANY_INTENT, intent_b):
                both.add((type_a, intent_b))
            elif intent_b == ANY_INTENT:
                both.add((type_a, intent_a))
    return frozenset(both)


def all_of(*predicates: Predicate) -> Match:
    keys: frozenset[Key] | None = None
    for predicate in predicates:
        keys = _meet(keys, keys_of(predicate))
    return Match(lambda turn: all(p(turn) for p in predicates), keys)


any_intent: Final = Match(
    lambda turn: turn.request_type == INTENT_REQUEST,
    frozenset({(INTENT_REQUEST, ANY_INTENT)}),
)


class RouteTable:
    """The routes indexed by request type and intent; `find` keeps their priority order."""

    def __init__(self, routes: Sequence[Route]) -> None:
        self.routes = tuple(routes)
        self._everywhere: list[int] = []
        self._by_type: dict[str, list[int]] = {}
        self._by_intent: dict[Key, list[int]] = {}
        for index, route in enumerate(self.routes):
            keys = keys_of(route.matches)
            if keys is None:
                self._everywhere.append(index)
                continue
            for request_type, intent_name in keys:
                if intent_name == ANY_INTENT:
                    self._by_type.setdefault(request_type, []).append(index)
                else:
                    self._by_intent.setdefault((request_type, intent_name), []).append(index)
        self._candidates: dict[tuple[str | None, str | None], tuple[Route, ...]] = {}

    def candidates(self, request_type: str, intent_name: str | None) -> tuple[Route, ...]:
        """Every route that could match this request type and intent, in priority order."""
        known_type = request_type if request_type in self._by_type else None
        known_intent = intent_name if (request_type, intent_name) in self._by_intent else None
        if known_intent is not None:
            known_type = request_type
        key = (known_type, known_intent)
        found = self._candidates.get(key)
        if found is None:
            indices = set(self._everywhere)
            if known_type is not None:
                indices.update(self._by_type.get(known_type, ()))
            if known_intent is not None:
                indices.update(self._by_intent[(request_type, known_intent)])
            found = tuple(self.routes[index] for index in sorted(indices))
            self._candidates[key] = found
        return found

    def find(self, turn: TurnInput) -> Route | None:
        """The first route (in priority order) whose predicate matches the turn."""
        for route in self.candidates(turn.request_type, turn.intent_name):
            if route.matches(turn):
                return route
        return None
