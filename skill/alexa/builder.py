"""`build_skill`: wire the routes, interceptors and error handling into one ask-sdk skill."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Any

from ask_sdk_core.dispatch_components.exception_components import AbstractExceptionHandler
from ask_sdk_core.dispatch_components.request_components import (
    AbstractRequestHandler,
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model.directive import Directive
from ask_sdk_model.request_envelope import RequestEnvelope
from ask_sdk_model.response import Response
from ask_sdk_model.ui.simple_card import SimpleCard

from skill.alexa.context import Ctx, Dependencies, SkillSettings
from skill.alexa.envelope import (
    SKILL_EVENT_PREFIX,
    read_envelope,
    take_session_attributes,
    write_response,
)
from skill.alexa.handlers import (
    builtins,
    checkin,
    events,
    launch,
    privacy,
    reminders,
    safety,
    starter,
    streak,
    weekly,
)
from skill.alexa.reminders_api import RemindersApi
from skill.alexa.request import TurnInput, read_turn
from skill.alexa.routing import Route, RouteTable
from skill.alexa.session import MAX_REMEMBERED_CHARS, state_attributes
from skill.alexa.speech import ConsentRequest, Reply, Voice
from skill.alexa.ssml import Say, plain_text
from skill.content.loader import load_content
from skill.ports import HouseholdStore, StorageError, TimeZoneLookup
from skill.skill_id import is_for_skill

log = logging.getLogger("heart_to_heart")

# Priority order: safety first, then what works in every state, then state-specific answers,
# then the features, and fallback last.
ROUTES: list[Route] = [
    *events.ROUTES,
    *safety.ROUTES,
    *builtins.ROUTES_FIRST,
    *privacy.ROUTES,
    *checkin.ROUTES,
    *launch.ROUTES,
    *starter.ROUTES,
    *streak.ROUTES,
    *weekly.ROUTES,
    *reminders.ROUTES,
    *builtins.ROUTES_LAST,
]

_TURN = "turn"
_STARTED = "started"
_ROUTE = "route"
_MATCHED = "matched-route"


def _turn_input(handler_input: HandlerInput) -> TurnInput:
    attributes = handler_input.attributes_manager.request_attributes
    turn = attributes.get(_TURN)
    if turn is None:
        turn = read_turn(handler_input)
        attributes[_TURN] = turn
    assert isinstance(turn, TurnInput)
    return turn


class _Routes(AbstractRequestHandler):
    """Every route as one SDK request handler: the table asks only the routes that could
    match the turn's request type and intent, in ROUTES' priority order."""

    def __init__(self, table: RouteTable, deps: Dependencies) -> None:
        self.table = table
        self.deps = deps

    def can_handle(self, handler_input: HandlerInput) -> bool:
        route = self.table.find(_turn_input(handler_input))
        handler_input.attributes_manager.request_attributes[_MATCHED] = route
        return route is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        attributes = handler_input.attributes_manager.request_attributes
        route = attributes[_MATCHED]
        assert isinstance(route, Route)
        attributes[_ROUTE] = route.name
        ctx = Ctx(self.deps, _turn_input(handler_input))
        return render(handler_input, route.handle(ctx))


def render(handler_input: HandlerInput, reply: Reply) -> Response:
    builder = handler_input.response_builder
    attributes = handler_input.attributes_manager
    in_session = handler_input.request_envelope.session is not None
    speech = reply.speech.ssml()
    if speech:
        builder.speak(speech)
    if reply.card is not None:
        builder.set_card(SimpleCard(title=reply.card.title, content=reply.card.text))
    for consent in reply.directives:
        builder.add_directive(_ask_for(consent))
    if reply.reprompt is not None:
        builder.ask(reply.reprompt.ssml())
        state = replace(
            reply.state,
            last_speech=_remembered(plain_text(speech)),
            last_reprompt=_remembered(plain_text(reply.reprompt.ssml())),
        )
        if in_session:
            attributes.session_attributes = state_attributes(state)
    else:
        # A reply that asks nothing ends the session: no open microphone without a question.
        builder.set_should_end_session(True)
        if in_session:
            attributes.session_attributes = {}
    return builder.response


def _ask_for(consent: ConsentRequest) -> Directive:
    """The voice-consent request: Alexa asks, then sends a Connections.Response with the answer."""
    # Imported here: only reminder turns send it, and the model module costs a cold start.
    from ask_sdk_model.interfaces.connections.send_request_directive import SendRequestDirective

    payload: dict[str, object] = {
        "@type": "AskForPermissionsConsentRequest",
        "@version": "2",
        "permissionScopes": [{"permissionScope": consent.scope, "consentLevel": "ACCOUNT"}],
    }
    return SendRequestDirective(name="AskFor", payload=payload, token=consent.token)


def _apology(locale: object, key: str) -> Say:
    """A short spoken apology in the request's locale (any variant will do)."""
    return Say().text(Voice(load_content(locale), seed=str(time.time_ns())).line(key))


def _nobody_listens(request_type: str) -> bool:
    """Requests whose answer is never spoken: the session ended, or a skill event."""
    return request_type == "SessionEndedRequest" or request_type.startswith(SKILL_EVENT_PREFIX)


def _remembered(text: str) -> str | None:
    """What the session keeps for "repeat": plain, bounded, and valid for SessionState."""
    text = text.replace("&", "and").replace("<", "").replace(">", "")[:MAX_REMEMBERED_CHARS]
    return text if text.strip() else None


#: The outcome logged for a turn whose storage failed; template.yaml counts these lines
#: (a log metric filter) for the storage-error alarm. The line carries no ids and no answers.
STORAGE_ERROR_OUTCOME = "storage-error"


def _request_type(handler_input: HandlerInput) -> str:
    return str(getattr(handler_input.request_envelope.request, "object_type", "") or "")


class _SkillEventStorageFailure(AbstractExceptionHandler):
    """A skill event (SkillDisabled: erasure) whose storage failed is reported, never swallowed.

    Re-raising makes the Lambda invocation (or the web request) fail, so Alexa can deliver the
    event again and the Errors and storage-error alarms see it. Nobody hears a skill event, so
    there is no one to apologise to.
    """

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return isinstance(exception, StorageError) and _request_type(handler_input).startswith(
            SKILL_EVENT_PREFIX
        )

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        attributes = handler_input.attributes_manager.request_attributes
        attributes["outcome"] = STORAGE_ERROR_OUTCOME
        _log_turn(handler_input)
        log.error("skill event failed, reported for redelivery: %s", type(exception).__name__)
        raise exception


class _Apology(AbstractExceptionHandler):
    """The last resort: whatever failed, the couple hears a short apology, never an error tone."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        attributes = handler_input.attributes_manager.request_attributes
        storage = isinstance(exception, StorageError)
        attributes["outcome"] = STORAGE_ERROR_OUTCOME if storage else "error"
        # The exception's type only: messages can carry ids or what was said.
        log.warning("turn failed: %s", type(exception).__name__)
        # The SDK runs no response interceptor after an exception handler: log the turn here.
        _log_turn(handler_input)
        request = handler_input.request_envelope.request
        if _nobody_listens(str(getattr(request, "object_type", "") or "")):
            return render(handler_input, Reply(speech=Say()))
        locale = getattr(request, "locale", None)
        say = _apology(locale, "storage_apology" if storage else "error_apology")
        return render(handler_input, Reply(speech=say))


class _StartTimer(AbstractRequestInterceptor):
    def process(self, handler_input: HandlerInput) -> None:
        handler_input.attributes_manager.request_attributes[_STARTED] = time.perf_counter()


class _LogTurn(AbstractResponseInterceptor):
    """One line a turn: type, intent, locale, route, outcome and time. No ids, no answers."""

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        _log_turn(handler_input)


def _log_turn(handler_input: HandlerInput) -> None:
    attributes = handler_input.attributes_manager.request_attributes
    started = attributes.get(_STARTED)
    if not isinstance(started, float):
        started = time.perf_counter()
    turn = attributes.get(_TURN)
    log.info(
        "turn type=%s intent=%s locale=%s route=%s outcome=%s ms=%.1f",
        getattr(turn, "request_type", "?"),
        getattr(turn, "intent_name", None) or "-",
        getattr(turn, "locale", "?"),
        attributes.get(_ROUTE, "-"),
        attributes.get("outcome", "ok"),
        (time.perf_counter() - started) * 1000,
    )


class HeartToHeartSkill:
    """The built skill plus a dict-in, dict-out entry point (Lambda, the chat, the tests)."""

    def __init__(self, skill: CustomSkill, skill_id: str | None = None) -> None:
        self.skill = skill
        self.skill_id = skill_id

    def handle_event(self, event: dict[str, Any], context: Any = None) -> dict[str, Any]:
        if self.skill_id is not None and not is_for_skill(event, self.skill_id):
            # Not our skill: refuse (Lambda reports an error), never answer.
            raise SkillIdMismatch("the request is for another skill")
        envelope = self._read_envelope(event)
        if envelope is None:
            return _apology_envelope(event)
        take_session_attributes(envelope)
        response = self.skill.invoke(request_envelope=envelope, context=context)
        result = write_response(response)
        assert isinstance(result, dict)
        return result

    def _read_envelope(self, event: Any) -> RequestEnvelope | None:
        """The SDK's model of the request; tampered session attributes are dropped, not fatal."""
        try:
            return self._deserialize(event)
        except Exception as error:  # the SDK raises several types for shapes it cannot read
            log.warning("unreadable request: %s", type(error).__name__)
        session = event.get("session") if isinstance(event, dict) else None
        if not isinstance(session, dict) or "attributes" not in session:
            return None
        cleaned = {**event, "session": {k: v for k, v in session.items() if k != "attributes"}}
        try:
            return self._deserialize(cleaned)
        except Exception:
            return None

    def _deserialize(self, event: Any) -> RequestEnvelope | None:
        return read_envelope(event) if isinstance(event, dict) else None


class SkillIdMismatch(Exception):
    """A request addressed to another skill (certification's skill-id check)."""


def _apology_envelope(event: Any) -> dict[str, Any]:
    """A spoken apology for a request the SDK cannot read at all (never an unhandled error)."""
    request = event.get("request") if isinstance(event, dict) else None
    request_type = request.get("type") if isinstance(request, dict) else None
    if isinstance(request_type, str) and _nobody_listens(request_type):
        return {"version": "1.0", "response": {"shouldEndSession": True}}
    locale = request.get("locale") if isinstance(request, dict) else None
    ssml = _apology(locale, "error_apology").ssml()
    return {
        "version": "1.0",
        "response": {
            "outputSpeech": {"type": "SSML", "ssml": f"<speak>{ssml}</speak>"},
            "shouldEndSession": True,
        },
    }


def build_skill(
    store: HouseholdStore,
    time_zones: TimeZoneLookup,
    settings: SkillSettings | None = None,
    reminders: RemindersApi | None = None,
) -> HeartToHeartSkill:
    """Build the skill once per process; the composition roots pass in the real adapters.

    `reminders` None means the real Reminders API client, imported by the first turn using it.
    """
    settings = settings or SkillSettings()
    deps = Dependencies(store=store, time_zones=time_zones, settings=settings, reminders=reminders)
    builder = SkillBuilder()
    builder.add_request_handler(_Routes(RouteTable(ROUTES), deps))
    builder.add_exception_handler(_SkillEventStorageFailure())
    builder.add_exception_handler(_Apology())
    builder.add_global_request_interceptor(_StartTimer())
    builder.add_global_response_interceptor(_LogTurn())
    skill = builder.create()
    return HeartToHeartSkill(skill, settings.skill_id or None)
