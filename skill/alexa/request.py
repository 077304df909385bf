"""Reading a turn: request type, intent, slots, identity, device and time, from the envelope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa.envelope import RAW_REQUEST_ATTRIBUTE, SESSION_ATTRIBUTES_ATTRIBUTE
from skill.alexa.session import SessionState, read_state


@dataclass(frozen=True)
class Slot:
    raw: str | None
    resolved_id: str | None  # the slot value's id after entity resolution, if it matched


REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"


@dataclass(frozen=True)
class ConnectionAnswer:
    """A `Connections.Response`: the answer to a request the skill sent (the consent prompt)."""

    name: str
    status: str  # the payload's status: ACCEPTED, DENIED or NOT_ANSWERED ("" when absent)
    token: str


@dataclass(frozen=True)
class TurnInput:
    request_type: str
    intent_name: str | None
    slots: dict[str, Slot]
    user_id: str | None
    device_id: str | None
    api_endpoint: str | None
    api_token: str | None
    locale: str
    timestamp: datetime
    new_session: bool
    state: SessionState
    raw_request: dict[str, Any]  # the request's JSON, kept only for skill events
    reminders_granted: bool = False  # the request carries the reminders permission
    connection: ConnectionAnswer | None = None


def _timestamp(value: Any) -> datetime:
    """The request's time. Alexa always sends one; without a sensible one, the server's clock."""
    parsed: datetime | None = None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
    if parsed is None or not 2000 <= parsed.year <= 2999:
        return datetime.now(UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _slots(intent: Any) -> dict[str, Slot]:
    slots: dict[str, Slot] = {}
    for name, slot in (getattr(intent, "slots", None) or {}).items():
        if slot is None:
            continue
        resolved = None
        resolutions = getattr(slot, "resolutions", None)
        for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
            status = getattr(getattr(authority, "status", None), "code", None)
            values = getattr(authority, "values", None) or []
            if getattr(status, "value", status) == "ER_SUCCESS_MATCH" and values:
                resolved = getattr(getattr(values[0], "value", None), "id", None)
                break
        value = getattr(slot, "value", None)
        slots[str(name)] = Slot(raw=value if isinstance(value, str) else None, resolved_id=resolved)
    return slots


def _reminders_granted(user: Any) -> bool:
    """Granted when the scope says so, or (older form) when a consent token came along."""
    permissions = getattr(user, "permissions", None)
    if permissions is None:
        return False
    scopes = getattr(permissions, "scopes", None) or {}
    scope = scopes.get(REMINDERS_SCOPE) if isinstance(scopes, dict) else None
    if scope is not None:
        status = getattr(scope, "status", None)
        return str(getattr(status, "value", status)) == "GRANTED"
    return bool(getattr(permissions, "consent_token", None))


def _connection(request: Any) -> ConnectionAnswer | None:
    if str(getattr(request, "object_type", "")) != "Connections.Response":
        return None
    payload = getattr(request, "payload", None)
    status = payload.get("status") if isinstance(payload, dict) else None
    return ConnectionAnswer(
        name=str(getattr(request, "name", "") or ""),
        status=status if isinstance(status, str) else "",
        token=str(getattr(request, "token", "") or ""),
    )


def _session_attributes(envelope: Any) -> Any:
    """As Alexa sent them: kept aside by `take_session_attributes`, else still in the session."""
    kept = getattr(envelope, SESSION_ATTRIBUTES_ATTRIBUTE, None)
    if kept is not None:
        return kept
    return getattr(envelope.session, "attributes", None)


def read_turn(handler_input: HandlerInput) -> TurnInput:
    envelope = handler_input.request_envelope
    request = envelope.request
    system = getattr(envelope.context, "system", None)
    session = envelope.session
    user = getattr(system, "user", None) or getattr(session, "user", None)
    device = getattr(system, "device", None)
    intent = getattr(request, "intent", None)
    return TurnInput(
        request_type=str(getattr(request, "object_type", None) or "Unknown"),
        intent_name=getattr(intent, "name", None),
        slots=_slots(intent),
        user_id=getattr(user, "user_id", None),
        device_id=getattr(device, "device_id", None),
        api_endpoint=getattr(system, "api_endpoint", None),
        api_token=getattr(system, "api_access_token", None),
        locale=str(getattr(request, "locale", None) or "en-US"),
        timestamp=_timestamp(getattr(request, "timestamp", None)),
        new_session=bool(getattr(session, "new", True)),
        state=read_state(_session_attributes(envelope)),
        raw_request=getattr(envelope, RAW_REQUEST_ATTRIBUTE, None) or {},
        reminders_granted=_reminders_granted(user),
        connection=_connection(request),
    )
