"""Checks every test makes of a skill response: nothing escapes, the SSML is valid, a question
keeps the session open with a reprompt, requests nobody hears get silence."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from tests.support.skill_driver import Driver, Response

MAX_SPEECH_CHARS = 8000


def respond(d: Driver, event: dict[str, Any], label: str) -> Response:
    """Send one event; an exception escaping the skill fails the test with a clear message."""
    try:
        return d.send(event)
    except Exception as error:  # the point of the callers: nothing may escape
        raise AssertionError(
            f"{label}: the skill raised {type(error).__name__}: {error}"
        ) from error


def check_ssml(ssml: str, label: str) -> None:
    assert len(ssml) <= MAX_SPEECH_CHARS, f"{label}: {len(ssml)} chars of SSML"
    try:
        root = ET.fromstring(ssml)
    except ET.ParseError as error:
        raise AssertionError(f"{label}: SSML is not well-formed ({error}): {ssml!r}") from error
    assert root.tag == "speak", f"{label}: SSML is not inside <speak>"


def assert_spoken(response: Response, label: str) -> None:
    """Something is said; an open session has a reprompt; the SSML is valid and short enough."""
    assert response.speech, f"{label}: nothing was said: {response.raw}"
    check_ssml(response.ssml, label)
    if not response.ends_session:
        assert response.reprompt, f"{label}: the session stays open without a reprompt"
        reprompt_ssml = response.body["reprompt"]["outputSpeech"]["ssml"]
        check_ssml(reprompt_ssml, f"{label} (reprompt)")


def assert_silent(response: Response, label: str) -> None:
    """Responses to session-ended requests and skill events carry no speech."""
    assert "outputSpeech" not in response.body, f"{label}: spoke to nobody: {response.body}"
    assert "reprompt" not in response.body, f"{label}: reprompted nobody: {response.body}"
