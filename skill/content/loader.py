"""Load and validate a locale's content once; every request after that reuses it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
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
from skill.domain.starters import StarterRef

ANCHOR_ITEM_ID = "anchor-1"
RESERVE_ANCHOR_ITEM_ID = "anchor-2"


@dataclass(frozen=True)
class Content:
    locale: str
    starters: dict[str, Starter]
    starter_refs: tuple[StarterRef, ...]
    pillars: dict[Pillar, PillarPack]
    anchor: CheckinItem
    reserve_anchor: CheckinItem
    speech: SpeechPack
    safety: SafetyPack

    def item(self, item_id: str) -> CheckinItem:
        if item_id == self.anchor.id:
            return self.anchor
        if item_id == self.reserve_anchor.id:
            return self.reserve_anchor
        for item in self.pillars[self.item_pillar(item_id)].items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def item_pillar(self, item_id: str) -> Pillar:
        prefix = item_id.rsplit("-", 1)[0]
        for pillar in self.pillars:
            if pillar == prefix:
                return pillar
        raise KeyError(item_id)


def _read(path: str) -> Any:
    return json.loads(resources.files("skill.content").joinpath("data", path).read_text("utf-8"))


def _exists(path: str) -> bool:
    return resources.files("skill.content").joinpath("data", path).is_file()


def _localized(locale: str, name: str) -> Any:
    """The locale's own file if it has one (en-GB/safety.json), else the language's (en/...)."""
    if _exists(f"{locale}/{name}"):
        return _read(f"{locale}/{name}")
    return _read(f"{locale.split('-')[0]}/{name}")


def language_of(locale: str) -> str:
    return locale.split("-")[0].lower()


@cache
def load_content(locale: str) -> Content:
    language = language_of(locale)
    if not _exists(f"{language}/speech.json"):
        language, locale = "en", "en-US"
    starters: dict[str, Starter] = {}
    refs: list[StarterRef] = []
    pillars: dict[Pillar, PillarPack] = {}
    for pillar in PILLARS:
        pack = StarterPack.model_validate(_read(f"{language}/starters/{pillar}.json"))
        for starter in pack.starters:
            if starter.id in starters:
                raise ValueError(f"duplicate starter id {starter.id}")
            starters[starter.id] = starter
            refs.append(StarterRef(id=starter.id, pillar=pack.pillar, depth=starter.depth))
        pillars[pillar] = PillarPack.model_validate(_read(f"{language}/checkin/{pillar}.json"))
    anchors = _read(f"{language}/checkin/anchor.json")
    return Content(
        locale=locale,
        starters=starters,
        starter_refs=tuple(refs),
        pillars=pillars,
        anchor=CheckinItem.model_validate(anchors["anchor"]),
        reserve_anchor=CheckinItem.model_validate(anchors["reserve_anchor"]),
        speech=SpeechPack.model_validate(_localized(locale, "speech.json")),
        safety=SafetyPack.model_validate(_localized(locale, "safety.json")),
    )
