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
    """A sample as words and slots: ("i", "meant", "{firstAnswer}") and the slots' types."""

    intent: str
    tokens: tuple[str, ...]
    slot_types: dict[str, str]
    literal_words: int


def _is_slot(token: str) -> bool:
    return token.startswith("{")


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
        tokens: list[str] = []
        for index, piece in enumerate(_SLOT.split(sample)):
            tokens += [f"{{{piece}}}"] if index % 2 else normalise(piece).split()
        literal = sum(1 for token in tokens if not _is_slot(token))
        return _Pattern(intent, tuple(tokens), slot_types, literal)

    def _fits(self, pattern: _Pattern, words: list[str]) -> list[dict[str, str]]:
        """Every way the words fill the pattern's slots (a slot takes one word or more)."""
        found: list[dict[str, str]] = []

        def walk(t: int, w: int, filled: dict[str, str]) -> None:
            if t == len(pattern.tokens):
                if w == len(words):
                    found.append(dict(filled))
                return
            token = pattern.tokens[t]
            if not _is_slot(token):
                if w < len(words) and words[w] == token:
                    walk(t + 1, w + 1, filled)
                return
            for end in range(w + 1, len(words) + 1):
                filled[token[1:-1]] = " ".join(words[w:end])
                walk(t + 1, end, filled)
                del filled[token[1:-1]]

        walk(0, 0, {})
        return found

    def _resolve(self, pattern: _Pattern, value: str, name: str) -> tuple[str, str] | None:
        slot_type = pattern.slot_types.get(name, "")
        if slot_type == "AMAZON.TIME":
            heard = spoken_time(value)
            return (heard, heard) if heard else None
        return self._values.get(slot_type, {}).get(normalise(value))

    def _best_fit(self, pattern: _Pattern, words: list[str]) -> tuple[dict[str, str], bool] | None:
        """The first way every slot resolves, else the first way at all (None: no way)."""
        fits = self._fits(pattern, words)
        for fit in fits:
            if all(self._resolve(pattern, value, name) for name, value in fit.items()):
                return fit, True
        return (fits[0], False) if fits else None

    def match(self, utterance: str) -> Match:
        words = normalise(utterance).split()
        unresolved: Match | None = None
        for pattern in self._patterns:
            best = self._best_fit(pattern, words)
            if best is None:
                continue
            fit, resolved_all = best
            slots: list[SlotFill] = []
            for name, value in fit.items():
                slot_type = pattern.slot_types.get(name, "")
                if slot_type == "AMAZON.TIME":  # built in: Alexa sends "21:30", not the words
                    heard = spoken_time(value)
                    slots.append(SlotFill(name, heard or value, slot_type=slot_type))
                    continue
                resolved = self._resolve(pattern, value, name)
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
