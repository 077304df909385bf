"""The indexed route table picks exactly the route a scan of ROUTES in priority order picks."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import get_args

import pytest

from skill.alexa import intents
from skill.alexa.builder import ROUTES
from skill.alexa.request import Slot, TurnInput
from skill.alexa.routing import (
    INTENT_REQUEST,
    Route,
    RouteTable,
    all_of,
    any_intent,
    intent,
    keys_of,
    mode,
    request,
)
from skill.alexa.session import Mode, SessionState

REQUEST_TYPES = (
    "LaunchRequest",
    INTENT_REQUEST,
    "SessionEndedRequest",
    "AlexaSkillEvent.SkillDisabled",
    "AlexaSkillEvent.SkillPermissionAccepted",
    "Connections.Response",
    "CanFulfillIntentRequest",
)
INTENT_NAMES = (*sorted(intents.CUSTOM_INTENTS | intents.BUILT_IN_INTENTS), "NoSuchIntent", None)
SLOTS: tuple[dict[str, Slot], ...] = (
    {},
    {name: Slot("three", "3") for name in intents.ANSWER_SLOTS},
)


def _turn(
    request_type: str, intent_name: str | None, state_mode: Mode, slots: dict[str, Slot]
) -> TurnInput:
    return TurnInput(
        request_type=request_type,
        intent_name=intent_name if request_type == INTENT_REQUEST else None,
        slots=slots,
        user_id="amzn1.ask.account.ROUTING",
        device_id=None,
        api_endpoint=None,
        api_token=None,
        locale="en-US",
        timestamp=datetime(2026, 12, 3, 21, 30, tzinfo=UTC),
        new_session=False,
        # Only the mode matters to the predicates; the other fields keep their defaults.
        state=SessionState(mode=state_mode),
        raw_request={},
    )


def _scan(routes: list[Route], turn: TurnInput) -> Route | None:
    return next((route for route in routes if route.matches(turn)), None)


def test_the_table_agrees_with_a_scan_in_priority_order_on_every_kind_of_turn() -> None:
    table = RouteTable(ROUTES)
    compared = 0
    for request_type, name, state_mode, slots in itertools.product(
        REQUEST_TYPES, INTENT_NAMES, get_args(Mode), SLOTS
    ):
        turn = _turn(request_type, name, state_mode, slots)
        assert table.find(turn) is _scan(ROUTES, turn), (request_type, name, state_mode, slots)
        compared += 1
    assert compared == len(REQUEST_TYPES) * len(INTENT_NAMES) * len(get_args(Mode)) * 2


def test_a_turn_is_asked_only_the_routes_that_could_match_it() -> None:
    table = RouteTable(ROUTES)
    launch = table.candidates("LaunchRequest", None)
    assert "launch" in [route.name for route in launch]
    assert not any(route.name.startswith("checkin-answer") for route in launch)
    help_routes = [route.name for route in table.candidates(INTENT_REQUEST, intents.HELP)]
    assert "help" in help_routes and "tonights-question" not in help_routes
    assert len(help_routes) < len(ROUTES) / 2


def test_predicates_say_what_they_can_match() -> None:
    assert keys_of(intent("A", "B")) == frozenset({(INTENT_REQUEST, "A"), (INTENT_REQUEST, "B")})
    assert keys_of(request("LaunchRequest")) == frozenset({("LaunchRequest", "*")})
    assert keys_of(mode("menu")) is None
    assert keys_of(all_of(intent("A"), mode("menu"))) == frozenset({(INTENT_REQUEST, "A")})
    assert keys_of(all_of(any_intent, intent("A"))) == frozenset({(INTENT_REQUEST, "A")})
    assert keys_of(all_of(request("LaunchRequest"), intent("A"))) == frozenset()
    assert keys_of(lambda turn: True) is None


def _reply(name: str) -> object:
    return name


@pytest.mark.parametrize("first_is_plain", [True, False])
def test_priority_holds_between_indexed_routes_and_plain_predicates(first_is_plain: bool) -> None:
    plain = Route("plain", lambda turn: turn.state.mode == "menu", _reply)  # type: ignore[arg-type]
    keyed = Route("keyed", intent(intents.YES), _reply)  # type: ignore[arg-type]
    table = RouteTable([plain, keyed] if first_is_plain else [keyed, plain])
    turn = _turn(INTENT_REQUEST, intents.YES, "menu", {})
    assert table.find(turn) is (plain if first_is_plain else keyed)
    other = _turn("SomeFutureRequest", None, "menu", {})
    assert table.find(other) is plain
    assert table.find(_turn("SomeFutureRequest", None, "idle", {})) is None
