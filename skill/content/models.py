"""Pydantic models for the content files: loading a pack checks every rule about one line
(docs/content-guide.md has them all).

Rules that need the whole library (shares of openings, topic coverage, near-duplicates) are the
content linter's, run by the tests (tests/support/content_lint.py); they cost nothing at run time.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from skill.domain.pillars import Depth, Pillar

MAX_STARTER_WORDS = 20  # one breath
MAX_ITEM_WORDS = 16
MAX_EXPLAIN_WORDS = 20
MAX_TIP_WORDS = 20
MAX_FEEDBACK_LINE_WORDS = 12  # strength and tender lines: one short reflection
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
    """One conversation starter: a question ("…?") or an invitation ("Name one…")."""

    id: str = Field(pattern=r"^[a-z]+-(light|medium|deep)-\d{2,3}$")
    depth: Depth
    tone: Tone
    topics: tuple[Topic, ...]  # may be empty: not every starter is about one part of life
    text: str

    @field_validator("text")
    @classmethod
    def _spoken(cls, value: str) -> str:
        value = _check_spoken_text(value, MAX_STARTER_WORDS)
        if value.endswith("?"):
            if value.count("?") > 1:
                raise ValueError(f"a starter asks exactly one question: {value!r}")
        elif value.endswith("."):
            if "?" in value:
                raise ValueError(f"an invitation carries no question mark: {value!r}")
        else:
            raise ValueError(
                f"a starter ends in '?' (a question) or '.' (an invitation): {value!r}"
            )
        return value

    @field_validator("topics")
    @classmethod
    def _topics_once(cls, topics: tuple[Topic, ...]) -> tuple[Topic, ...]:
        if len(set(topics)) != len(topics):
            raise ValueError(f"a topic is tagged twice: {topics}")
        return topics


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
    # One plain line for "what does that mean?"; every pillar item has one (the pack checks),
    # the fixed anchors may do without.
    explain: str | None = None

    @field_validator("text")
    @classmethod
    def _spoken(cls, value: str) -> str:
        value = _check_spoken_text(value, MAX_ITEM_WORDS)
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

    @field_validator("explain")
    @classmethod
    def _plain_line(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = _check_spoken_text(value, MAX_EXPLAIN_WORDS)
        if not value.endswith("."):
            raise ValueError(f"an explanation is one plain sentence: {value!r}")
        return value


TipKind = Literal["tonight", "week", "why"]


class Tip(_Frozen):
    id: str = Field(pattern=r"^[a-z]+-(tonight|week|why)-\d{2}$")
    kind: TipKind
    text: str

    @field_validator("text")
    @classmethod
    def _spoken(cls, value: str) -> str:
        return _check_spoken_text(value, MAX_TIP_WORDS)


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
        return [_check_spoken_text(v, MAX_FEEDBACK_LINE_WORDS) for v in values]

    @model_validator(mode="after")
    def _ids_match(self) -> PillarPack:
        for item in self.items:
            if not item.id.startswith(f"{self.pillar}-"):
                raise ValueError(f"item id {item.id} does not match pillar {self.pillar}")
            if item.explain is None:
                raise ValueError(f"item {item.id} has no explanation for 'what does that mean'")
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
