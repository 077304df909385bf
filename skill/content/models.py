"""The content's types: starters, check-in items, tips, voice glue, the safety text.

Plain frozen dataclasses, so content loaded from the build's pre-validated document (at every
cold start) imports no pydantic. Each field's rule rides on its annotation
(skill/content/rules.py has the rules); reading a file from data/ validates it against them
with pydantic (skill/content/validation.py). docs/content-guide.md has every rule.

The annotations are evaluated as the classes are made (no `from __future__ import
annotations`), so building content from the document reads them as they are, with no string
to evaluate at a cold start.
"""

from dataclasses import dataclass
from typing import Annotated, Literal

from skill.content.rules import (
    GLUE_PLACEHOLDERS,
    Checked,
    Limits,
    Rule,
    each_once,
    explanation,
    feedback_lines,
    glue_lines,
    item_text,
    safety_text,
    starter_text,
    tip_text,
    word_count,
)
from skill.domain.pillars import Depth, Pillar

__all__ = [
    "GLUE_PLACEHOLDERS",
    "CheckinItem",
    "PillarPack",
    "SafetyPack",
    "SpeechPack",
    "Starter",
    "StarterPack",
    "Tip",
    "TipKind",
    "Tone",
    "Topic",
    "word_count",
]

# How a starter feels: after a low night only gentle ones are picked (never a joke at bedtime).
Tone = Literal["playful", "warm", "reflective", "gentle"]
# The parts of a shared life a starter is about (the pillars are lenses, the topics are life).
Topic = Literal["money", "family", "home", "work", "future", "affection"]
TipKind = Literal["tonight", "week", "why"]


@dataclass(frozen=True, kw_only=True)
class Starter(Checked):
    """One conversation starter: a question ("…?") or an invitation ("Name one…")."""

    id: Annotated[str, Limits(pattern=r"^[a-z]+-(light|medium|deep)-\d{2,3}$")]
    depth: Depth
    tone: Tone
    # May be empty: not every starter is about one part of life.
    topics: Annotated[tuple[Topic, ...], Rule(each_once)]
    text: Annotated[str, Rule(starter_text)]


@dataclass(frozen=True, kw_only=True)
class StarterPack(Checked):
    pillar: Pillar
    starters: list[Starter]

    def _check(self) -> None:
        for starter in self.starters:
            if not starter.id.startswith(f"{self.pillar}-{starter.depth}-"):
                raise ValueError(f"starter id {starter.id} does not match its pillar and depth")


@dataclass(frozen=True, kw_only=True)
class CheckinItem(Checked):
    id: Annotated[str, Limits(pattern=r"^[a-z]+-\d{1,2}$")]
    text: Annotated[str, Rule(item_text)]
    # One plain line for "what does that mean?"; every pillar item has one (the pack checks),
    # the fixed anchors may do without.
    explain: Annotated[str | None, Rule(explanation)] = None


@dataclass(frozen=True, kw_only=True)
class Tip(Checked):
    id: Annotated[str, Limits(pattern=r"^[a-z]+-(tonight|week|why)-\d{2}$")]
    kind: TipKind
    text: Annotated[str, Rule(tip_text)]


@dataclass(frozen=True, kw_only=True)
class PillarPack(Checked):
    """Everything the check-in needs about one pillar."""

    pillar: Pillar
    name: Annotated[str, Limits(min_length=3, max_length=40)]
    strength_lines: Annotated[list[str], Limits(min_length=3), Rule(feedback_lines)]
    tender_lines: Annotated[list[str], Limits(min_length=3), Rule(feedback_lines)]
    items: Annotated[list[CheckinItem], Limits(min_length=6)]
    tips: Annotated[list[Tip], Limits(min_length=24)]

    def _check(self) -> None:
        for item in self.items:
            if not item.id.startswith(f"{self.pillar}-"):
                raise ValueError(f"item id {item.id} does not match pillar {self.pillar}")
            if item.explain is None:
                raise ValueError(f"item {item.id} has no explanation for 'what does that mean'")
        for tip in self.tips:
            if not tip.id.startswith(f"{self.pillar}-{tip.kind}-"):
                raise ValueError(f"tip id {tip.id} does not match its pillar and kind")


@dataclass(frozen=True, kw_only=True)
class SpeechPack(Checked):
    """Voice glue: each key has several variants so nightly users hear some variety."""

    lines: Annotated[dict[str, list[str]], Rule(glue_lines)]


@dataclass(frozen=True, kw_only=True)
class SafetyPack(Checked):
    """Fixed, reviewed text: the same every time, per locale (resources differ by country)."""

    # Danger: the locale's numbers, then goodbye.
    support_message: Annotated[str, Limits(min_length=20), Rule(safety_text)]
    # A hard moment: a repair idea, no numbers.
    struggle_message: Annotated[str, Limits(min_length=20), Rule(safety_text)]
    counselling_line: Annotated[str, Limits(min_length=20), Rule(safety_text)]
