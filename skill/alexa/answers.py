"""Understanding "four and three", "a lot", "we're both two": slot values to 1–5 answers."""

from __future__ import annotations

from typing import Final

from skill.alexa.intents import ANSWER_SLOTS
from skill.alexa.request import Slot

# Words people say for each point of the scale. Entity resolution normally gives the id; this
# table covers raw values too (and is the source of the model's synonyms).
SCALE_WORDS: Final[dict[int, tuple[str, ...]]] = {
    1: ("one", "1", "not at all", "low", "a one", "none", "nothing", "not really"),
    2: ("two", "2", "a little", "a bit", "a two", "a little bit", "slightly"),
    3: ("three", "3", "somewhat", "middle", "medium", "a three", "so so", "in the middle"),
    4: ("four", "4", "a lot", "a four", "quite a lot", "pretty much", "mostly"),
    5: ("five", "5", "completely", "high", "a five", "totally", "fully", "entirely"),
}
_BY_WORD: Final = {word: value for value, words in SCALE_WORDS.items() for word in words}


def scale_value(slot: Slot | None) -> int | None:
    if slot is None:
        return None
    if slot.resolved_id and slot.resolved_id.isdigit() and 1 <= int(slot.resolved_id) <= 5:
        return int(slot.resolved_id)
    if slot.raw:
        return _BY_WORD.get(slot.raw.strip().lower())
    return None


def read_answers(slots: dict[str, Slot]) -> tuple[int, ...] | None:
    """One or two answers; None when anything said was not on the scale (a re-ask follows)."""
    filled = [slots.get(name) for name in ANSWER_SLOTS]
    said = [slot for slot in filled if slot is not None and (slot.raw or slot.resolved_id)]
    if not said:
        return None
    values = [scale_value(slot) for slot in said]
    if any(value is None for value in values):
        return None
    return tuple(value for value in values if value is not None)


def scale_type_values() -> list[dict[str, object]]:
    """The ScaleAnswer slot type of the interaction model, built from `SCALE_WORDS`."""
    return [
        {"id": str(value), "name": {"value": words[0], "synonyms": list(words[1:])}}
        for value, words in SCALE_WORDS.items()
    ]
