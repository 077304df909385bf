"""Skill events: disabling the skill deletes the household, whatever Alexa says it keeps.

``userInformationPersistenceStatus`` says whether Alexa would give the same user id back if the
skill were enabled again (PERSISTED) or a new one (NOT_PERSISTED). It says nothing about what
the couple wants: disabling the skill is the clearest request to forget, so both erase every
item of the household. A body we cannot read changes nothing (it is not a valid event).

A storage failure here is not swallowed: it propagates (see `skill.alexa.builder`), so the
invocation fails and Alexa can deliver the event again.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from skill.alexa.context import Ctx
from skill.alexa.routing import Route, request
from skill.alexa.speech import Reply
from skill.alexa.ssml import Say
from skill.services.common import household_id_for
from skill.services.privacy import forget_household

SKILL_DISABLED = "AlexaSkillEvent.SkillDisabled"


class _DisabledBody(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, defer_build=True)

    user_information_persistence_status: Literal["PERSISTED", "NOT_PERSISTED"] = Field(
        alias="userInformationPersistenceStatus"
    )


class SkillDisabledEvent(BaseModel):
    """The SDK has no typed field for the persistence status, so it is validated here."""

    model_config = ConfigDict(extra="ignore", defer_build=True)

    type: Literal["AlexaSkillEvent.SkillDisabled"]
    body: _DisabledBody


def parse_skill_disabled(raw_request: dict[str, Any]) -> SkillDisabledEvent | None:
    try:
        return SkillDisabledEvent.model_validate(raw_request)
    except ValidationError:
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
