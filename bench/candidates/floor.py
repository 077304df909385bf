"""The floor: a plain function that answers Alexa without any SDK (stdlib only, no imports).

It answers a LaunchRequest and every IntentRequest (as help) from the event dict as Lambda
passes it. Nothing is cheaper than this for an Alexa answer in Python.
"""

from __future__ import annotations

from typing import Any

_WELCOME = "Welcome to the floor. Say help to hear more."
_HELP = "This is the floor: nothing answers Alexa faster in Python."


def _speak(text: str, *, end: bool) -> dict[str, Any]:
    response: dict[str, Any] = {
        "outputSpeech": {"type": "SSML", "ssml": f"<speak>{text}</speak>"},
        "shouldEndSession": end,
    }
    if not end:
        response["reprompt"] = {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{text}</speak>"}}
    return {"version": "1.0", "sessionAttributes": {}, "response": response}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    request_type = event.get("request", {}).get("type")
    if request_type == "LaunchRequest":
        return _speak(_WELCOME, end=False)
    if request_type == "IntentRequest":
        return _speak(_HELP, end=False)
    return {"version": "1.0", "response": {}}
