"""Reading the SkillDisabled event's body: the persistence status is all the skill reads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from skill.alexa.handlers.events import (
    PersistenceStatus,
    SkillDisabledEvent,
    parse_skill_disabled,
)
from skill.chat.envelopes import Caller, skill_disabled_event


def _request(persistence: str = "NOT_PERSISTED") -> dict[str, Any]:
    event = skill_disabled_event(Caller(), datetime(2026, 12, 3, 21, 30, tzinfo=UTC), persistence)
    request = event["request"]
    assert isinstance(request, dict)
    return request


@pytest.mark.parametrize("persistence", ["PERSISTED", "NOT_PERSISTED"])
def test_the_event_as_alexa_sends_it_is_read(persistence: PersistenceStatus) -> None:
    assert parse_skill_disabled(_request(persistence)) == SkillDisabledEvent(persistence)


def test_fields_the_skill_does_not_read_are_ignored() -> None:
    request = _request() | {"addedLater": {"any": "thing"}}
    request["body"] = request["body"] | {"addedLater": 1}
    assert parse_skill_disabled(request) == SkillDisabledEvent("NOT_PERSISTED")


@pytest.mark.parametrize(
    "changes",
    [
        {"type": "AlexaSkillEvent.SkillEnabled"},
        {"type": None},
        {"body": None},
        {"body": "NOT_PERSISTED"},
        {"body": {}},
        {"body": {"userInformationPersistenceStatus": "SOMETIMES"}},
        {"body": {"userInformationPersistenceStatus": "not_persisted"}},
        {"body": {"userInformationPersistenceStatus": None}},
        {"body": {"userInformationPersistenceStatus": ["PERSISTED"]}},
        {"body": {"user_information_persistence_status": "PERSISTED"}},
    ],
    ids=repr,
)
def test_an_event_that_is_not_a_valid_one_is_none(changes: dict[str, Any]) -> None:
    assert parse_skill_disabled(_request() | changes) is None


@pytest.mark.parametrize("missing", ["type", "body"])
def test_an_event_without_its_type_or_body_is_none(missing: str) -> None:
    request = _request()
    del request[missing]
    assert parse_skill_disabled(request) is None
