"""Resolve typed text to an intent and slots using the interaction model, as Alexa would."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.chat.envelopes import SlotFill
from skill.chat.times import spoken_time

_SLOT = re.compile(r"\{(\w+)\}")
_NOT_SPOKEN = re.compile(r"[^\w' ]+")
FALLBACK = "AMAZON.FallbackIntent"

# Built-in intents come with Amazon's own samples; these are the common ways of saying them.
BUILT_IN_SAMPLES: dict[str, tuple[str, ...]] = {
    "AMAZON.YesIntent": ("yes", "yeah", "yep", "sure", "ok", "okay", "yes please", "of course"),
    "AMAZON.NoIntent": ("no", "nope", "no thanks", "no thank you", "not now", "not tonight"),
    "AMAZON.HelpIntent": ("help", "what can i say", "how does this work", "what do i do"),
    "AMAZON.StopIntent": ("stop", "off", "shut up", "goodnight", "good night", "that's all"),
    "AMAZON.CancelIntent": ("cancel", "never mind", "forget it"),
    "AMAZON.RepeatIntent": ("repeat", "say that again", "repeat that", "what", "pardon"),
    "AMAZON.StartOverIntent": ("start over", "restart", "start again", "from the top"),
    "AMAZON.NextIntent": ("next",),
    "AMAZON.NavigateHomeIntent": ("go home", "home"),
}


def normalise(text: str) -> str:
    text = text.lower().replace("’", "'")
    return " ".join(_NOT_SPOKEN.sub(" ", text).split())


@dataclass(frozen=True)
class Match:
    intent: str
    slots: tuple[SlotFill, ...] = ()
    slot_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Pattern:
    intent: str
    regex: re.Pattern[str]
    slot_types: dict[str, str]
    literal_words: int


class InteractionModel:
    def __init__(self, model: dict[str, Any]) -> None:
        language = model["interactionModel"]["languageModel"]
        self.invocation_name: str = language["invocationName"]
        self._values: dict[str, dict[str, tuple[str, str]]] = {}
        for slot_type in language.get("types", []):
            table: dict[str, tuple[str, str]] = {}
            for value in slot_type["values"]:
                name = value["name"]["value"]
                ident = value.get("id") or name
                for word in (name, *value["name"].get("synonyms", [])):
                    table[normalise(word)] = (ident, name)
            self._values[slot_type["name"]] = table
        self._patterns: list[_Pattern] = []
        self.slot_names: dict[str, tuple[str, ...]] = {}
        for intent in language["intents"]:
            slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            self.slot_names[intent["name"]] = tuple(slot_types)
            samples = list(intent.get("samples", []))
            samples += BUILT_IN_SAMPLES.get(intent["name"], ())
            for sample in samples:
                self._patterns.append(self._compile(intent["name"], sample, slot_types))
        # Prefer the most specific sample: more literal words first.
        self._patterns.sort(key=lambda p: -p.literal_words)

    @classmethod
    def load(cls, path: Path) -> InteractionModel:
        return cls(json.loads(path.read_text("utf-8")))

    @staticmethod
    def _compile(intent: str, sample: str, slot_types: dict[str, str]) -> _Pattern:
        parts: list[str] = []
        literal = 0
        for index, piece in enumerate(_SLOT.split(sample)):
            if index % 2:
                parts.append(f"(?P<{piece}>.+?)")
            else:
                words = normalise(piece)
                literal += len(words.split())
                if words:
                    parts.append(re.escape(words))
        regex = re.compile("^" + r"\s*".join(parts) + "$")
        return _Pattern(intent, regex, slot_types, literal)

    def match(self, utterance: str) -> Match:
        text = normalise(utterance)
        unresolved: Match | None = None
        for pattern in self._patterns:
            found = pattern.regex.match(text)
            if not found:
                continue
            slots: list[SlotFill] = []
            resolved_all = True
            for name, value in found.groupdict().items():
                slot_type = pattern.slot_types.get(name, "")
                if slot_type == "AMAZON.TIME":  # built in: Alexa sends "21:30", not the words
                    heard = spoken_time(value)
                    resolved_all = resolved_all and heard is not None
                    slots.append(SlotFill(name, heard or value, slot_type=slot_type))
                    continue
                resolved = self._values.get(slot_type, {}).get(normalise(value))
                if resolved is None:
                    resolved_all = False
                slots.append(
                    SlotFill(
                        name=name,
                        value=value,
                        resolved_id=resolved[0] if resolved else None,
                        resolved_name=resolved[1] if resolved else None,
                        slot_type=slot_type,
                    )
                )
            names = self.slot_names.get(pattern.intent, ())
            candidate = Match(pattern.intent, tuple(slots), names)
            if resolved_all:
                return candidate
            unresolved = unresolved or candidate
        if unresolved is not None and all(len(s.value.split()) <= 2 for s in unresolved.slots):
            # A lone unknown word ("purple") is what Alexa sends as a slot value it could not
            # resolve; a longer sentence would rather land on fallback.
            return unresolved
        return Match(FALLBACK)
