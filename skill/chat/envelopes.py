"""Alexa request envelopes, shaped as Alexa sends them (used by the chat and the tests)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

APPLICATION_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"


@dataclass(frozen=True)
class SlotFill:
    name: str
    value: str
    resolved_id: str | None = None
    resolved_name: str | None = None
    slot_type: str = "ScaleAnswer"


@dataclass
class Caller:
    """Who is speaking and from where: one Alexa account (user) and one Echo (device)."""

    user_id: str = "amzn1.ask.account.LOCAL-CHAT-USER"
    device_id: str = "amzn1.ask.device.LOCAL-CHAT-DEVICE"
    locale: str = "en-US"
    application_id: str = APPLICATION_ID
    api_endpoint: str = "https://api.amazonalexa.com"
    api_access_token: str = "local-chat-token"
    session_id: str = field(default_factory=lambda: f"amzn1.echo-api.session.{uuid.uuid4()}")
    reminders_granted: bool = False  # the account has granted this skill its reminders


def _timestamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _envelope(
    caller: Caller,
    request: dict[str, Any],
    *,
    new_session: bool,
    attributes: dict[str, Any] | None,
    with_session: bool = True,
) -> dict[str, Any]:
    user: dict[str, Any] = {"userId": caller.user_id}
    if caller.reminders_granted:
        user["permissions"] = {
            "consentToken": caller.api_access_token,
            "scopes": {REMINDERS_SCOPE: {"status": "GRANTED"}},
        }
    system = {
        "application": {"applicationId": caller.application_id},
        "user": user,
        "device": {"deviceId": caller.device_id, "supportedInterfaces": {}},
        "apiEndpoint": caller.api_endpoint,
        "apiAccessToken": caller.api_access_token,
    }
    envelope: dict[str, Any] = {
        "version": "1.0",
        "context": {"System": system},
        "request": request,
    }
    if with_session:
        envelope["session"] = {
            "new": new_session,
            "sessionId": caller.session_id,
            "application": {"applicationId": caller.application_id},
            "attributes": attributes or {},
            "user": {"userId": caller.user_id},
        }
    return envelope


def _request_base(kind: str, caller: Caller, now: datetime) -> dict[str, Any]:
    return {
        "type": kind,
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": _timestamp(now),
        "locale": caller.locale,
    }


def launch_request(caller: Caller, now: datetime) -> dict[str, Any]:
    return _envelope(
        caller, _request_base("LaunchRequest", caller, now), new_session=True, attributes=None
    )


def _slot_json(slot: SlotFill, locale_authority: str) -> dict[str, Any]:
    if slot.slot_type.startswith("AMAZON."):  # built-in types arrive resolved, without authority
        return {"name": slot.name, "value": slot.value, "confirmationStatus": "NONE"}
    status = "ER_SUCCESS_MATCH" if slot.resolved_id else "ER_SUCCESS_NO_MATCH"
    authority: dict[str, Any] = {"authority": locale_authority, "status": {"code": status}}
    if slot.resolved_id:
        authority["values"] = [
            {"value": {"name": slot.resolved_name or slot.value, "id": slot.resolved_id}}
        ]
    return {
        "name": slot.name,
        "value": slot.value,
        "confirmationStatus": "NONE",
        "source": "USER",
        "resolutions": {"resolutionsPerAuthority": [authority]},
    }


def intent_request(
    caller: Caller,
    now: datetime,
    intent_name: str,
    slots: list[SlotFill] | None = None,
    *,
    new_session: bool,
    attributes: dict[str, Any] | None = None,
    slot_names: tuple[str, ...] = (),
) -> dict[str, Any]:
    authority = f"amzn1.er-authority.echo-sdk.{caller.application_id}"
    slot_map: dict[str, Any] = {
        name: {"name": name, "confirmationStatus": "NONE"} for name in slot_names
    }
    for slot in slots or []:
        slot_map[slot.name] = _slot_json(slot, f"{authority}.{slot.slot_type}")
    request = _request_base("IntentRequest", caller, now)
    request["dialogState"] = "COMPLETED" if slot_map else "STARTED"
    request["intent"] = {"name": intent_name, "confirmationStatus": "NONE"}
    if slot_map:
        request["intent"]["slots"] = slot_map
    return _envelope(caller, request, new_session=new_session, attributes=attributes)


def session_ended_request(
    caller: Caller,
    now: datetime,
    attributes: dict[str, Any] | None = None,
    reason: str = "USER_INITIATED",
) -> dict[str, Any]:
    request = _request_base("SessionEndedRequest", caller, now)
    request["reason"] = reason
    return _envelope(caller, request, new_session=False, attributes=attributes)


def skill_disabled_event(caller: Caller, now: datetime, persistence: str) -> dict[str, Any]:
    request = _request_base("AlexaSkillEvent.SkillDisabled", caller, now)
    request["eventCreationTime"] = _timestamp(now)
    request["eventPublishingTime"] = _timestamp(now)
    request["body"] = {"userInformationPersistenceStatus": persistence}
    return _envelope(caller, request, new_session=False, attributes=None, with_session=False)


def connections_response(
    caller: Caller,
    now: datetime,
    status: str,
    token: str,
    *,
    attributes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Alexa's answer to the skill's voice-consent request (AskFor): ACCEPTED, DENIED or
    NOT_ANSWERED, with the token the skill sent."""
    request = _request_base("Connections.Response", caller, now)
    request["status"] = {"code": "200", "message": "OK"}
    request["name"] = "AskFor"
    request["payload"] = {"permissionScope": REMINDERS_SCOPE, "status": status}
    request["token"] = token
    return _envelope(caller, request, new_session=False, attributes=attributes)
