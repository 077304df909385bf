"""Spoken times as Alexa's AMAZON.TIME slot gives them ("21:30", or "NI" for "at night")."""

from __future__ import annotations

_NUMBERS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
_VAGUE = {"night": "NI", "tonight": "NI", "evening": "EV", "morning": "MO", "afternoon": "AF"}


def _number(words: list[str]) -> int | None:
    """ "forty five" → 45, "oh five" → 5, "9" → 9; None for anything else."""
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    total = 0
    for word in words:
        if word not in _NUMBERS:
            return None
        total += _NUMBERS[word]
    return total if words else None


def spoken_time(text: str) -> str | None:
    """The AMAZON.TIME value for a normalised phrase, or None when it is not a time."""
    words = [w for w in text.replace(":", " ").split() if w not in ("at", "around", "about")]
    for vague in _VAGUE:
        if words in ([vague], ["the", vague], ["in", "the", vague]):
            return _VAGUE[vague]
    if words in (["midnight"], ["noon"]):
        return "00:00" if words == ["midnight"] else "12:00"
    half = None
    if words[-2:] in (["p", "m"], ["a", "m"]):
        half, words = words[-2], words[:-2]
    elif words and words[-1] in ("pm", "am"):
        half, words = words[-1][0], words[:-1]
    if words and words[-1] == "o'clock":
        words = words[:-1]
    hour: int | None = None
    minute: int | None = 0
    if len(words) >= 3 and words[1] in ("past", "to") and words[0] in ("half", "quarter"):
        hour = _number(words[2:])
        offset = 30 if words[0] == "half" else 15
        if hour is not None and words[1] == "to":
            hour, minute = (hour - 1) % 24, 60 - offset
        else:
            minute = offset
    elif words:
        hour = _number(words[:1])
        minute = _number(words[1:]) if len(words) > 1 else 0
    if hour is None or minute is None or not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"
