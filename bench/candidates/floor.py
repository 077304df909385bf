"""The floor: a plain function that answers Alexa without any SDK, importing nothing at all.

It answers a LaunchRequest and every IntentRequest (as help) from the event dict as Lambda
passes it. Nothing is cheaper than this for an Alexa answer in Python. (No `typing` either:
its import alone is a few milliseconds of a cold start.)
"""

_WELCOME = "Welcome to the floor. Say help to hear more."
_HELP = "This is the floor: nothing answers Alexa faster in Python."


def _speak(text: str, *, end: bool) -> dict[str, object]:
    response: dict[str, object] = {
        "outputSpeech": {"type": "SSML", "ssml": f"<speak>{text}</speak>"},
        "shouldEndSession": end,
    }
    if not end:
        response["reprompt"] = {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{text}</speak>"}}
    return {"version": "1.0", "sessionAttributes": {}, "response": response}


def handler(event: dict[str, object], context: object) -> dict[str, object]:
    request = event.get("request")
    request_type = request.get("type") if isinstance(request, dict) else None
    if request_type == "LaunchRequest":
        return _speak(_WELCOME, end=False)
    if request_type == "IntentRequest":
        return _speak(_HELP, end=False)
    return {"version": "1.0", "response": {}}
