"""The Alexa response format, checked: what every answer of the skill must satisfy.

Amazon's limits for a custom skill's response (Request and Response JSON Reference):
version "1.0"; ``outputSpeech`` SSML well-formed inside ``<speak>`` and at most 8,000
characters; a session that stays open says something and has a reprompt; the session
attributes at most 24 KB (Amazon's older reference caps the whole response at 24 KB, which is
checked too); card text at most 8,000 characters. Separately (:func:`silence_problem`): nobody
hears the answer to a SessionEndedRequest or a skill event, so those carry no speech, and every
other request is answered aloud.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any, Final

MAX_SPEECH_CHARS: Final = 8000
MAX_CARD_CHARS: Final = 8000
MAX_SESSION_ATTRIBUTES_BYTES: Final = 24 * 1024
MAX_RESPONSE_BYTES: Final = 24 * 1024
SPEECH_TYPES: Final = ("SSML", "PlainText")


def json_size(value: Any) -> int:
    """Bytes on the wire: compact JSON with non-ASCII escaped (Flask's and Lambda's default)."""
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=True).encode("ascii"))


def is_silent_request(request_type: object) -> bool:
    """Requests nobody hears an answer to: the session ended, or a skill event."""
    return isinstance(request_type, str) and (
        request_type == "SessionEndedRequest" or request_type.startswith("AlexaSkillEvent.")
    )


def _speech_problems(speech: Any, where: str) -> list[str]:
    if not isinstance(speech, dict):
        return [f"{where}: not an object"]
    kind = speech.get("type")
    if kind not in SPEECH_TYPES:
        return [f"{where}: type {kind!r}"]
    if kind == "PlainText":
        text = speech.get("text")
        if not isinstance(text, str) or not text.strip():
            return [f"{where}: empty text"]
        too_long = len(text) > MAX_SPEECH_CHARS
        return [f"{where}: over {MAX_SPEECH_CHARS} characters"] if too_long else []
    ssml = speech.get("ssml")
    if not isinstance(ssml, str):
        return [f"{where}: ssml missing"]
    problems = []
    if len(ssml) > MAX_SPEECH_CHARS:
        problems.append(f"{where}: over {MAX_SPEECH_CHARS} characters")
    try:
        root = ET.fromstring(ssml)
    except (ET.ParseError, ValueError):  # ValueError: a lone surrogate cannot even be encoded
        problems.append(f"{where}: SSML not well-formed")
    else:
        if root.tag != "speak":
            problems.append(f"{where}: SSML not inside <speak>")
        elif not "".join(root.itertext()).strip() and not list(root):
            problems.append(f"{where}: empty SSML")
    return problems


def response_problems(payload: Any) -> list[str]:
    """Every way ``payload`` breaks the response format (an empty list when it is well-formed)."""
    if not isinstance(payload, dict):
        return ["response: not a JSON object"]
    problems: list[str] = []
    if payload.get("version") != "1.0":
        problems.append("version: not 1.0")
    body = payload.get("response")
    if not isinstance(body, dict):
        return [*problems, "response: missing"]
    speech = body.get("outputSpeech")
    reprompt = body.get("reprompt")
    end = body.get("shouldEndSession")
    if end is not None and not isinstance(end, bool):
        problems.append("shouldEndSession: not a boolean")
    if speech is not None:
        problems.extend(_speech_problems(speech, "outputSpeech"))
    if reprompt is not None:
        if not isinstance(reprompt, dict):
            problems.append("reprompt: not an object")
        else:
            problems.extend(_speech_problems(reprompt.get("outputSpeech"), "reprompt"))
    if end is not True:
        # The microphone stays open: there must be a question, and a reprompt for silence.
        if speech is None:
            problems.append("open session: nothing said")
        if reprompt is None:
            problems.append("open session: no reprompt")
    card = body.get("card")
    if card is not None:
        if not isinstance(card, dict):
            problems.append("card: not an object")
        else:
            text = sum(len(str(v)) for k, v in card.items() if k in ("title", "content", "text"))
            if text > MAX_CARD_CHARS:
                problems.append(f"card: over {MAX_CARD_CHARS} characters")
    attributes = payload.get("sessionAttributes")
    if attributes is not None:
        if not isinstance(attributes, dict):
            problems.append("sessionAttributes: not an object")
        elif json_size(attributes) > MAX_SESSION_ATTRIBUTES_BYTES:
            problems.append("sessionAttributes: over 24 KB")
    if json_size(payload) > MAX_RESPONSE_BYTES:
        problems.append("response: over 24 KB")
    return problems


def silence_problem(payload: Any, request_type: object) -> str | None:
    """Spoken to nobody (a SessionEndedRequest or a skill event), or silent to a person."""
    body = payload.get("response") if isinstance(payload, dict) else None
    if not isinstance(body, dict):
        return None
    spoken = body.get("outputSpeech") is not None or body.get("reprompt") is not None
    if is_silent_request(request_type):
        return "answered aloud to nobody" if spoken else None
    return None if spoken else "said nothing to a person"


def speech_text(payload: Any) -> str:
    """The plain words of the answer's outputSpeech ("" when there is none)."""
    from skill.alexa.ssml import plain_text

    body = payload.get("response") if isinstance(payload, dict) else None
    speech = body.get("outputSpeech") if isinstance(body, dict) else None
    if not isinstance(speech, dict):
        return ""
    return plain_text(str(speech.get("ssml") or speech.get("text") or ""))
