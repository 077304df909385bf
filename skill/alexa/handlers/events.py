"""Skill events: disabling the skill deletes the household, whatever Alexa says it keeps.

``userInformationPersistenceStatus`` says whether Alexa would give the same user id back if the
skill were enabled again (PERSISTED) or a new one (NOT_PERSISTED). It says nothing about what
the couple wants: disabling the skill is the clearest request to forget, so both erase every
item of the household. A body we cannot read changes nothing (it is not a valid event).

A storage failure here is not swallowed: it propagates (see `skill.alexa.builder`), so the
invocation fails and Alexa can deliver the event again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal, cast

from skill.alexa.context import Ctx
from skill.alexa.routing import Route, request
from skill.alexa.speech import Reply
from skill.alexa.ssml import Say
from skill.records import RecordError, mapping, one_of
from skill.services.common import household_id_for
from skill.services.privacy import forget_household

SKILL_DISABLED = "AlexaSkillEvent.SkillDisabled"

PersistenceStatus = Literal["PERSISTED", "NOT_PERSISTED"]
_STATUSES: Final = frozenset(("PERSISTED", "NOT_PERSISTED"))


@dataclass(frozen=True, slots=True)
class SkillDisabledEvent:
    """The SDK has no typed field for the persistence status, so it is read here."""

    persistence_status: PersistenceStatus


def parse_skill_disabled(raw_request: dict[str, Any]) -> SkillDisabledEvent | None:
    """The event, or None when `raw_request` is not a valid one (other fields are ignored)."""
    try:
        one_of(raw_request["type"], "type", frozenset((SKILL_DISABLED,)))
        body = mapping(raw_request["body"], "body")
        status = body["userInformationPersistenceStatus"]
        return SkillDisabledEvent(cast(PersistenceStatus, one_of(status, "status", _STATUSES)))
    except (KeyError, RecordError):  # a field missing, or not what it should be
        return None


def skill_disabled(ctx: Ctx) -> Reply:
    event = parse_skill_disabled(ctx.input.raw_request)
    if event is not None and ctx.input.user_id:
        forget_household(ctx.store, household_id_for(ctx.input.user_id))
    return Reply(speech=Say())


def other_event(ctx: Ctx) -> Reply:
    """Enabled, permission and account-link events need no action: acknowledge them."""
    return Reply(speech=Say())


def _is_skill_event(turn_type: str) -> bool:
    return turn_type.startswith("AlexaSkillEvent.")


ROUTES = [
    Route("skill-disabled", request(SKILL_DISABLED), skill_disabled),
    Route("skill-event", lambda turn: _is_skill_event(turn.request_type), other_event),
]
