"""Pydantic models for the content files: loading a pack checks docs/content-guide.md's rules."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from skill.domain.pillars import Depth, Pillar

MAX_STARTER_WORDS = 25
MAX_LINE_WORDS = 40
# An item whose subject is the partner rates the partner; items ask about the speaker.
_PARTNER_AS_SUBJECT = re.compile(
    r"\b(did|does|do|was|were|has|have|is)\s+(your partner|your spouse|the other|they|he|she)\b",
    re.IGNORECASE,
)
# Characters that would break SSML if left raw, or that read badly aloud.
_FORBIDDEN = re.compile(r"[<>&{}\[\]\\|#*_~^]")


def word_count(text: str) -> int:
    return len(text.split())


def _check_spoken_text(text: str, max_words: int) -> str:
    text = text.strip()
    if not text:
        raise ValueError("text is empty")
    if _FORBIDDEN.search(text):
        raise ValueError(f"text has characters unfit for speech: {text!r}")
    if word_count(text) > max_words:
        raise ValueError(f"text has more than {max_words} words: {text!r}")
    if "alexa" in text.lower():
        raise ValueError(f"text must not say the wake word: {text!r}")
    return text


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


# How a starter feels: after a low night only gentle ones are picked (never a joke at bedtime).
Tone = Literal["playful", "warm", "reflective", "gentle"]
# The parts of a shared life a starter is about (the pillars are lenses, the topics are life).
Topic = Literal["money", "family", "home", "work", "future", "affection"]


class Starter(_Frozen):
    id: str = Field(pattern=r"^[a-z]+-(light|medium|deep)-\d{2,3}$")
    depth: Depth
    tone: Tone | None = None
    topics: tuple[Topic, ...] = ()
    text: str

    @field_validator("text")
    @classmethod
    def _spoken(cls, value: str) -> str:
        value = _check_spoken_text(value, MAX_STARTER_WORDS)
        invitation = value.startswith("Tell each other") and value.endswith(".")
        if not (value.endswith("?") or invitation):
            raise ValueError(
                f"a starter is one question, or a 'Tell each other' invitation: {value!r}"
            )
        if value.count("?") > 1 or (invitation and "?" in value):
            raise ValueError(f"a starter asks exactly one question: {value!r}")
        return value


class StarterPack(_Frozen):
    pillar: Pillar
    starters: list[Starter]

    @model_validator(mode="after")
    def _ids_match(self) -> StarterPack:
        for starter in self.starters:
            if not starter.id.startswith(f"{self.pillar}-{starter.depth}-"):
                raise ValueError(f"starter id {starter.id} does not match its pillar and depth")
        return self


class CheckinItem(_Frozen):
    id: str = Field(pattern=r"^[a-z]+-\d{1,2}$")
    text: str
    explain: str | None = None  # one plain line for "what does that mean?"

    @field_validator("text")
    @classmethod
    def _spoken(cls, value: str) -> str:
        value = _check_spoken_text(value, MAX_STARTER_WORDS)
        if not value.startswith("How "):
            raise ValueError(f"an item asks 'how much' or 'how often': {value!r}")
        if not value.endswith("?"):
            raise ValueError(f"an item is a question: {value!r}")
        if _PARTNER_AS_SUBJECT.search(value):
            raise ValueError(f"an item never asks to rate the partner: {value!r}")
        lowered = f" {value.lower()} "
        if " you " not in lowered and " you?" not in lowered and " your " not in lowered:
            raise ValueError(f"an item asks about the speaker's own experience: {value!r}")
        return value


TipKind = Literal["tonight", "week", "why"]


class Tip(_Frozen):
    id: str = Field(pattern=r"^[a-z]+-(tonight|week|why)-\d{2}$")
    kind: TipKind
    text: str

    @field_validator("text")
    @classmethod
    def _spoken(cls, value: str) -> str:
        return _check_spoken_text(value, MAX_LINE_WORDS)


class PillarPack(_Frozen):
    """Everything the check-in needs about one pillar."""

    pillar: Pillar
    name: str = Field(min_length=3, max_length=40)
    strength_lines: list[str] = Field(min_length=3)
    tender_lines: list[str] = Field(min_length=3)
    items: list[CheckinItem] = Field(min_length=6)
    tips: list[Tip] = Field(min_length=24)

    @field_validator("strength_lines", "tender_lines")
    @classmethod
    def _lines(cls, values: list[str]) -> list[str]:
        return [_check_spoken_text(v, MAX_LINE_WORDS) for v in values]

    @model_validator(mode="after")
    def _ids_match(self) -> PillarPack:
        for item in self.items:
            if not item.id.startswith(f"{self.pillar}-"):
                raise ValueError(f"item id {item.id} does not match pillar {self.pillar}")
        for tip in self.tips:
            if not tip.id.startswith(f"{self.pillar}-{tip.kind}-"):
                raise ValueError(f"tip id {tip.id} does not match its pillar and kind")
        return self


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Every placeholder a voice-glue line may use; rendering fills them in.
GLUE_PLACEHOLDERS = frozenset(
    {
        "streak",
        "nights",
        "longest",
        "milestone",
        "count",
        "name",
        "strong",
        "tender",
        "rest",
        "time",
    }
)


class SpeechPack(_Frozen):
    """Voice glue: each key has several variants so nightly users hear some variety."""

    lines: dict[str, list[str]]

    @field_validator("lines")
    @classmethod
    def _variants(cls, lines: dict[str, list[str]]) -> dict[str, list[str]]:
        for key, variants in lines.items():
            if not variants:
                raise ValueError(f"voice glue {key!r} has no variants")
            for variant in variants:
                names = set(_PLACEHOLDER.findall(variant))
                if names - GLUE_PLACEHOLDERS:
                    raise ValueError(
                        f"{key!r} uses unknown placeholders {names - GLUE_PLACEHOLDERS}"
                    )
                _check_spoken_text(_PLACEHOLDER.sub("x", variant), 60)
        return lines


class SafetyPack(_Frozen):
    """Fixed, reviewed text: the same every time, per locale (resources differ by country)."""

    support_message: str = Field(min_length=20)  # danger: the locale's numbers, then goodbye
    struggle_message: str = Field(min_length=20)  # a hard moment: a repair idea, no numbers
    counselling_line: str = Field(min_length=20)

    @field_validator("support_message", "struggle_message", "counselling_line")
    @classmethod
    def _spoken(cls, value: str) -> str:
        return _check_spoken_text(value, 90)
