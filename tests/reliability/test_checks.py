"""The suite's own checks: the Alexa response format and the loopback guard."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from reliability.alexa_format import json_size, response_problems, silence_problem
from reliability.fuzz import keep_on_this_machine, percentile
from reliability.guard import OffMachineTraffic, blocked_attempts, is_loopback_host, loopback_only


def answer(**response: Any) -> dict[str, Any]:
    return {"version": "1.0", "response": response}


def ssml(text: str) -> dict[str, str]:
    return {"type": "SSML", "ssml": text}


GOOD_QUESTION = answer(
    outputSpeech=ssml("<speak>Ready for your check-in?</speak>"),
    reprompt={"outputSpeech": ssml("<speak>Shall we check in?</speak>")},
    shouldEndSession=False,
)
GOOD_GOODBYE = answer(outputSpeech=ssml("<speak>Goodnight.</speak>"), shouldEndSession=True)


def test_good_answers_pass() -> None:
    assert response_problems(GOOD_QUESTION) == []
    assert response_problems(GOOD_GOODBYE) == []
    assert response_problems(answer(shouldEndSession=True)) == []  # silent, session over


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        ({"response": {"shouldEndSession": True}}, "version: not 1.0"),
        (answer(outputSpeech=ssml("<speak>Hi</speak>")), "open session: no reprompt"),
        (
            answer(outputSpeech=ssml("<speak>a & b</speak>"), shouldEndSession=True),
            "outputSpeech: SSML not well-formed",
        ),
        (
            answer(outputSpeech=ssml("<say>Hi</say>"), shouldEndSession=True),
            "outputSpeech: SSML not inside <speak>",
        ),
        (
            answer(outputSpeech=ssml(f"<speak>{'x' * 7990}</speak>"), shouldEndSession=True),
            "outputSpeech: over 8000 characters",
        ),
        (
            answer(
                outputSpeech=ssml("<speak>Hi?</speak>"),
                reprompt={"outputSpeech": ssml("<speak> </speak>")},
                shouldEndSession=False,
            ),
            "reprompt: empty SSML",
        ),
        (
            {**GOOD_GOODBYE, "sessionAttributes": {"last_speech": "é" * 5000}},
            "sessionAttributes: over 24 KB",
        ),
        (
            answer(outputSpeech=ssml("<speak>Hi</speak>"), shouldEndSession="yes"),
            "shouldEndSession",
        ),
    ],
)
def test_each_broken_rule_is_reported(payload: dict[str, Any], problem: str) -> None:
    assert any(found.startswith(problem) for found in response_problems(payload)), (
        response_problems(payload)
    )


def test_sizes_count_escaped_json_bytes() -> None:
    assert json_size({"a": "é"}) == len('{"a":"\\u00e9"}')


def test_silence() -> None:
    assert silence_problem(GOOD_GOODBYE, "SessionEndedRequest") == "answered aloud to nobody"
    assert silence_problem(answer(shouldEndSession=True), "AlexaSkillEvent.SkillDisabled") is None
    assert silence_problem(answer(shouldEndSession=True), "LaunchRequest") is not None
    assert silence_problem(GOOD_QUESTION, "IntentRequest") is None


def test_percentile_is_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.99) == 99.0
    assert percentile(values, 0.5) == 50.0
    assert percentile([], 0.99) == 0.0


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        (None, True),
        ("10.0.0.1", False),
        ("192.168.1.1", False),
        ("s3.amazonaws.com", False),
        ("api.amazonalexa.com", False),
        ("0.0.0.0", False),
    ],
)
def test_loopback_hosts(host: str | None, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_the_guard_refuses_other_hosts_and_counts_them() -> None:
    """Raised as audit events by hand (sys.audit): no socket is touched, nothing is sent."""
    before = sum(blocked_attempts().values())
    with loopback_only():
        with pytest.raises(OffMachineTraffic):
            sys.audit("socket.getaddrinfo", "api.amazonalexa.com", 443, 0, 0, 0)
        with pytest.raises(OffMachineTraffic):
            sys.audit("socket.connect", None, ("192.0.2.1", 9))
        sys.audit("socket.getaddrinfo", "127.0.0.1", 9, 0, 0, 0)  # loopback stays allowed
        sys.audit("socket.connect", None, ("::1", 9, 0, 0))
        sys.audit("socket.connect", None, "/tmp/a-unix-socket")
    sys.audit("socket.getaddrinfo", "api.amazonalexa.com", 443, 0, 0, 0)  # disarmed: not ours
    assert sum(blocked_attempts().values()) == before + 2


def test_off_machine_api_endpoints_are_pointed_at_the_fake() -> None:
    event: dict[str, Any] = {"context": {"System": {"apiEndpoint": "https://api.amazonalexa.com"}}}
    assert keep_on_this_machine(event, "http://127.0.0.1:1")
    assert event["context"]["System"]["apiEndpoint"] == "http://127.0.0.1:1"
    event["context"]["System"]["apiEndpoint"] = "https://127.0.0.1:5/x"
    assert not keep_on_this_machine(event, "http://127.0.0.1:1")
