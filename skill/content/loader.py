"""Load and validate a locale's content once, part by part, when a turn first needs it.

Help needs only the voice glue, so a cold start that answers Help never reads the starter
library; every part is validated by its pydantic model the first time it is read.
"""

from __future__ import annotations

import json
from functools import cache, cached_property
from importlib import resources
from typing import Any

from skill.content.models import (
    CheckinItem,
    PillarPack,
    SafetyPack,
    SpeechPack,
    Starter,
    StarterPack,
)
from skill.domain.pillars import PILLARS, Pillar
from skill.domain.starters import StarterLibrary, StarterRef

ANCHOR_ITEM_ID = "anchor-1"


def _read(path: str) -> Any:
    return json.loads(resources.files("skill.content").joinpath("data", path).read_text("utf-8"))


def _exists(path: str) -> bool:
    return resources.files("skill.content").joinpath("data", path).is_file()


def _json_files(folder: str) -> list[str]:
    """The JSON files of a data folder, by name (an absent folder has none)."""
    directory = resources.files("skill.content").joinpath("data", folder)
    if not directory.is_dir():
        return []
    names = sorted(e.name for e in directory.iterdir() if e.name.endswith(".json"))
    return [f"{folder}/{name}" for name in names]


def language_of(locale: str) -> str:
    return locale.split("-")[0].lower()


class Content:
    """One locale's content; each part is read and validated on first use, then kept."""

    def __init__(self, locale: str, language: str) -> None:
        self.locale = locale
        self.language = language

    def _localized(self, name: str) -> Any:
        """The locale's own file if it has one (en-GB/safety.json), else the language's."""
        if _exists(f"{self.locale}/{name}"):
            return _read(f"{self.locale}/{name}")
        return _read(f"{self.language}/{name}")

    @cached_property
    def speech(self) -> SpeechPack:
        """Voice glue: one file per feature (speech/*.json); a locale's own files override keys."""
        lines: dict[str, Any] = {}
        for path in _json_files(f"{self.language}/speech"):
            part = _read(path)["lines"]
            clash = lines.keys() & part.keys()
            if clash:
                raise ValueError(f"voice glue {sorted(clash)} defined twice ({path})")
            lines.update(part)
        for path in _json_files(f"{self.locale}/speech"):
            lines.update(_read(path)["lines"])
        return SpeechPack.model_validate({"lines": lines})

    @cached_property
    def safety(self) -> SafetyPack:
        return SafetyPack.model_validate(self._localized("safety.json"))

    @cached_property
    def _starter_packs(self) -> tuple[StarterPack, ...]:
        return tuple(
            StarterPack.model_validate(_read(f"{self.language}/starters/{pillar}.json"))
            for pillar in PILLARS
        )

    @cached_property
    def starters(self) -> dict[str, Starter]:
        starters: dict[str, Starter] = {}
        for pack in self._starter_packs:
            for starter in pack.starters:
                if starter.id in starters:
                    raise ValueError(f"duplicate starter id {starter.id}")
                starters[starter.id] = starter
        return starters

    @cached_property
    def starter_refs(self) -> tuple[StarterRef, ...]:
        return tuple(
            StarterRef(id=starter.id, pillar=pack.pillar, depth=starter.depth, tone=starter.tone)
            for pack in self._starter_packs
            for starter in pack.starters
        )

    @cached_property
    def starter_library(self) -> StarterLibrary:
        """The starters grouped once by pillar and depth, for every choice this locale makes."""
        return StarterLibrary.of(self.starter_refs)

    @cached_property
    def pillars(self) -> dict[Pillar, PillarPack]:
        return {
            pillar: PillarPack.model_validate(_read(f"{self.language}/checkin/{pillar}.json"))
            for pillar in PILLARS
        }

    @cached_property
    def anchor(self) -> CheckinItem:
        return CheckinItem.model_validate(_read(f"{self.language}/checkin/anchor.json")["anchor"])

    def item(self, item_id: str) -> CheckinItem:
        if item_id == self.anchor.id:
            return self.anchor
        for item in self.pillars[self.item_pillar(item_id)].items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def item_pillar(self, item_id: str) -> Pillar:
        prefix = item_id.rsplit("-", 1)[0]
        for pillar in PILLARS:
            if pillar == prefix:
                return pillar
        raise KeyError(item_id)

    def validate_all(self) -> Content:
        """Read every part now (tests, and anyone who wants errors up front)."""
        _ = (self.speech, self.safety, self.starters, self.starter_refs, self.pillars)
        _ = self.anchor
        return self


SUPPORTED_LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
DEFAULT_LOCALE = "en-US"


def supported_locale(locale: object) -> str:
    """One of the locales we have; anything else (or anything odd) is US English."""
    if isinstance(locale, str):
        for known in SUPPORTED_LOCALES:
            if locale.lower() == known.lower():
                return known
    return DEFAULT_LOCALE


def load_content(locale: object) -> Content:
    """The locale's content, shared by every request in that locale."""
    return _load(supported_locale(locale))


@cache
def _load(locale: str) -> Content:
    return Content(locale, language_of(locale))
