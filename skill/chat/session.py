"""A conversation with the skill in a terminal: sessions, one-shots, a simulated clock."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from skill.alexa.ssml import plain_text
from skill.chat.envelopes import (
    Caller,
    SlotFill,
    connections_response,
    intent_request,
    launch_request,
    session_ended_request,
)
from skill.chat.fake_reminders import FakeReminders
from skill.chat.matcher import InteractionModel, normalise

_OPEN = re.compile(r"^(?:alexa,?\s+)?(?:open|launch|start|begin|talk to)\s+(?P<name>.+)$")
_ONE_SHOT = re.compile(r"^(?:alexa,?\s+)?(?:ask|tell)\s+(?P<rest>.+)$")
_CARRIERS = ("for ", "to ", "that ", "if ", "about ", "whether ")
TURN_SECONDS = 5  # the simulated clock moves on a little with every turn
# Alexa's own consent question (worded by Alexa, not the skill), as the chat shows it.
CONSENT_PROMPT = "(Alexa asks) Allow Heart to Heart to set reminders for you? Say yes or no."
_CONSENT_YES = {"yes", "yeah", "yep", "sure", "ok", "okay", "i approve", "yes please", "allow"}
_CONSENT_NO = {"no", "nope", "no thanks", "no thank you", "don't", "do not allow"}


class Skill(Protocol):
    def handle_event(self, event: dict[str, Any], context: Any = None) -> dict[str, Any]: ...


@dataclass(frozen=True)
class TurnRecord:
    utterance: str
    request_type: str
    intent: str | None
    slots: dict[str, Any]
    speech: str
    ssml: str
    reprompt: str | None
    card: dict[str, str] | None
    end_session: bool
    session: dict[str, Any]
    directives: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


Exchange = tuple[dict[str, Any], dict[str, Any]]  # (request envelope, response)


def ends_session(response: dict[str, Any]) -> bool:
    """Whether Alexa closes the session after this response.

    Only `"shouldEndSession": false` keeps it open; true, null or a missing value close it, as
    on an Echo without a screen. The terminal chat and the tests share this one rule.
    """
    body = response.get("response")
    return not isinstance(body, dict) or body.get("shouldEndSession") is not False


class AlexaSession:
    """One Echo's session, kept as the Alexa service keeps it.

    A new session gets its own session id and no attributes; while the skill keeps the session
    open, its session attributes come back with the next request; a response that ends the
    session (see `ends_session`) or a SessionEndedRequest closes it. The terminal chat and the
    tests' driver both talk to the skill through this one simulator.
    """

    def __init__(self, skill: Skill, caller: Caller) -> None:
        self.skill = skill
        self.caller = caller
        self.open = False
        self.attributes: dict[str, Any] = {}
        self._first_session_id = caller.session_id
        self._sessions = 0

    def start(self) -> None:
        """A new session: a fresh session id (the caller's own for the first) and no attributes."""
        self._sessions += 1
        if self._sessions > 1:
            self.caller.session_id = f"{self._first_session_id}.{self._sessions}"
        self.attributes = {}

    def send(self, event: dict[str, Any]) -> dict[str, Any]:
        """Hand the skill one envelope and keep the session as its response leaves it."""
        response = self.skill.handle_event(event)
        ended = ends_session(response) or event["request"]["type"] == "SessionEndedRequest"
        self.open = not ended
        self.attributes = {} if ended else dict(response.get("sessionAttributes") or {})
        return response

    def launch(self, now: datetime) -> Exchange:
        """(request, response) of opening the skill: always a new session."""
        self.start()
        event = launch_request(self.caller, now)
        return event, self.send(event)

    def intent(
        self,
        now: datetime,
        name: str,
        slots: list[SlotFill] | None = None,
        slot_names: tuple[str, ...] = (),
        *,
        new_session: bool | None = None,
    ) -> Exchange:
        """(request, response) of an intent: in the open session, or starting a new one."""
        new = not self.open if new_session is None else new_session
        if new:
            self.start()
        event = intent_request(
            self.caller,
            now,
            name,
            slots,
            new_session=new,
            attributes=self.attributes,
            slot_names=slot_names,
        )
        return event, self.send(event)

    def end(self, now: datetime, reason: str = "USER_INITIATED") -> Exchange | None:
        """The session ends without a word (the couple went quiet): Alexa tells the skill."""
        if not self.open:
            return None
        event = session_ended_request(self.caller, now, self.attributes, reason)
        return event, self.send(event)


class ChatSession:
    """Typed lines in, turns out: launches, one-shots and answers in the open session."""

    def __init__(
        self,
        skill: Skill,
        model: InteractionModel,
        caller: Caller,
        *,
        now: datetime | None = None,
        reminders: FakeReminders | None = None,
    ) -> None:
        self.alexa = AlexaSession(skill, caller)
        self.model = model
        self.caller = caller
        self.reminders = reminders
        self.consent_token: str | None = None  # a consent question is waiting for its answer
        self.simulated_now = now

    @property
    def open(self) -> bool:
        return self.alexa.open

    def now(self) -> datetime:
        if self.simulated_now is None:
            return datetime.now().astimezone()
        return self.simulated_now

    def set_now(self, when: datetime) -> None:
        self.simulated_now = when

    def _tick(self) -> None:
        if self.simulated_now is not None:
            self.simulated_now += timedelta(seconds=TURN_SECONDS)

    def say(self, utterance: str) -> TurnRecord:
        """One line typed by the user: a launch, a one-shot, or a turn in the open session."""
        text = utterance.strip()
        if self.consent_token is not None:
            return self._consent(text)
        lowered = text.lower().rstrip(".!?")
        invocation = self.model.invocation_name
        opened = _OPEN.match(lowered)
        if opened and opened.group("name").strip() == invocation:
            return self._launch(text)
        one_shot = _ONE_SHOT.match(lowered)
        if one_shot and one_shot.group("rest").startswith(invocation):
            rest = one_shot.group("rest")[len(invocation) :].strip()
            if not rest:
                return self._launch(text)
            return self._intent(text, self._one_shot_text(rest), new_session=True)
        return self._intent(text, text, new_session=not self.open)

    def _one_shot_text(self, rest: str) -> str:
        """ "ask heart to heart for X": keep the carrier word when a sample has it, else drop it."""
        if self.model.match(rest).intent != "AMAZON.FallbackIntent":
            return rest
        for carrier in _CARRIERS:
            if rest.startswith(carrier):
                return rest[len(carrier) :]
        return rest

    def grant_reminders(self, granted: bool = True) -> None:
        """The account's reminders permission (the Alexa app's switch, or a spoken yes)."""
        self.caller.reminders_granted = granted
        if self.reminders is not None:
            self.reminders.granted = granted

    def _consent(self, answer: str) -> TurnRecord:
        """The couple answers Alexa's consent question; the skill gets a Connections.Response."""
        token, self.consent_token = self.consent_token or "", None
        heard = normalise(answer)
        status = "ACCEPTED" if heard in _CONSENT_YES else "DENIED" if heard in _CONSENT_NO else None
        if status == "ACCEPTED":
            self.grant_reminders()
        if not self.alexa.open:
            self.alexa.start()
        event = connections_response(
            self.caller,
            self.now(),
            status or "NOT_ANSWERED",
            token,
            attributes=self.alexa.attributes,
        )
        return self._record(answer, event, self.alexa.send(event))

    def end(self) -> TurnRecord | None:
        exchange = self.alexa.end(self.now())
        return None if exchange is None else self._record("", *exchange)

    def _launch(self, utterance: str) -> TurnRecord:
        return self._record(utterance, *self.alexa.launch(self.now()))

    def _intent(self, utterance: str, text: str, *, new_session: bool) -> TurnRecord:
        match = self.model.match(text)
        event, response = self.alexa.intent(
            self.now(),
            match.intent,
            list(match.slots),
            match.slot_names,
            new_session=new_session,
        )
        return self._record(utterance, event, response)

    def _record(
        self, utterance: str, event: dict[str, Any], response: dict[str, Any]
    ) -> TurnRecord:
        self._tick()
        body = response.get("response") or {}
        ssml = (body.get("outputSpeech") or {}).get("ssml", "")
        reprompt_ssml = ((body.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml")
        card = body.get("card")
        directives = [d for d in body.get("directives") or [] if isinstance(d, dict)]
        for directive in directives:
            if (
                directive.get("type") == "Connections.SendRequest"
                and directive.get("name") == "AskFor"
            ):
                self.consent_token = str(directive.get("token") or "")
        request = event["request"]
        intent = request.get("intent") or {}
        slots = {name: slot.get("value") for name, slot in (intent.get("slots") or {}).items()}
        return TurnRecord(
            utterance=utterance,
            request_type=request["type"],
            intent=intent.get("name"),
            slots=slots,
            speech=plain_text(ssml),
            ssml=ssml,
            reprompt=plain_text(reprompt_ssml) if reprompt_ssml else None,
            card={"title": card.get("title", ""), "text": card.get("content", "")}
            if card
            else None,
            end_session=ends_session(response),
            session=dict(response.get("sessionAttributes") or {}),
            directives=directives,
        )
