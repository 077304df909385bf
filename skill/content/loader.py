"""Load a locale's content once, part by part, when a turn (or init) first needs it.

Two sources, the same content:

* the JSON files under data/, each validated (pydantic, skill/content/validation.py) when
  first read (the tests, the chat, the web service, development);
* the pre-validated form a build makes (skill/content/compiled.py: one JSON document of every
  file's validated content, written into the Lambda artifact, never into the repository), read
  without validating again and without importing pydantic (a cold start on Lambda).

A file read by several locales is built once and shared.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache, cached_property
from importlib import resources
from typing import Any, TypeVar

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
T = TypeVar("T")


COMPILED_NAME = "compiled.json"


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


@cache
def packaged_documents() -> Mapping[str, Any] | None:
    """The build's pre-validated content (skill/content/compiled.json), if this is a build."""
    compiled = resources.files("skill.content").joinpath(COMPILED_NAME)
    if not compiled.is_file():
        return None
    documents = json.loads(compiled.read_text("utf-8"))
    assert isinstance(documents, dict)
    return documents


class Source:
    """Where content files come from: data/ (validated) or pre-validated documents."""

    def __init__(self, documents: Mapping[str, Any] | None = None) -> None:
        self.documents = documents
        self._built: dict[str, Any] = {}
        self._derived: dict[str, Any] = {}
        #: Every file read and its validated value, in order (what a build compiles).
        self.read: dict[str, Any] = {}

    def exists(self, path: str) -> bool:
        return path in self.documents if self.documents is not None else _exists(path)

    def json_files(self, folder: str) -> list[str]:
        """The JSON files directly in a folder, by name (an absent folder has none)."""
        if self.documents is None:
            return _json_files(folder)
        prefix = f"{folder}/"
        inside = [path[len(prefix) :] for path in self.documents if path.startswith(prefix)]
        return sorted(f"{prefix}{name}" for name in inside if "/" not in name)

    def load(self, path: str, kind: Any) -> Any:
        """The file's content as `kind` (a content type, or one such as dict[str, Tip])."""
        if path not in self._built:
            if self.documents is not None:
                from skill.content.compiled import construct

                value = construct(kind, self.documents[path])
            else:
                from skill.content.validation import validate

                value = validate(kind, _read(path), path)
            self._built[path] = value
            self.read[path] = value
        return self._built[path]

    def derived(self, key: str, make: Callable[[], T]) -> T:
        """What `make` derives from files alone, made once for every locale reading them."""
        if key not in self._derived:
            self._derived[key] = make()
        value: T = self._derived[key]
        return value


def language_of(locale: str) -> str:
    return locale.split("-")[0].lower()


class Content:
    """One locale's content; each part is read on first use, then kept."""

    def __init__(self, locale: str, language: str, source: Source | None = None) -> None:
        self.locale = locale
        self.language = language
        self._source = source or Source()

    def _load(self, path: str, kind: Any) -> Any:
        return self._source.load(path, kind)

    def _localized(self, name: str, kind: Any) -> Any:
        """The locale's own file if it has one (en-GB/safety.json), else the language's."""
        if self._source.exists(f"{self.locale}/{name}"):
            return self._load(f"{self.locale}/{name}", kind)
        return self._load(f"{self.language}/{name}", kind)

    @cached_property
    def speech(self) -> SpeechPack:
        """Voice glue: one file per feature (speech/*.json); a locale's own files override keys.

        Each file is checked on its own; the merged pack is made from checked parts.
        """
        lines: dict[str, list[str]] = {}
        for path in self._source.json_files(f"{self.language}/speech"):
            part: SpeechPack = self._load(path, SpeechPack)
            clash = lines.keys() & part.lines.keys()
            if clash:
                raise ValueError(f"voice glue {sorted(clash)} defined twice ({path})")
            lines.update(part.lines)
        for path in self._source.json_files(f"{self.locale}/speech"):
            localized: SpeechPack = self._load(path, SpeechPack)
            lines.update(localized.lines)
        return SpeechPack(lines=lines)

    @cached_property
    def safety(self) -> SafetyPack:
        pack: SafetyPack = self._localized("safety.json", SafetyPack)
        return pack

    @cached_property
    def _starter_packs(self) -> tuple[StarterPack, ...]:
        return tuple(
            self._load(f"{self.language}/starters/{pillar}.json", StarterPack) for pillar in PILLARS
        )

    # The starters are the language's files alone: the locales of one language share what is
    # made from them (thousands of objects fewer at a cold start).

    @cached_property
    def starters(self) -> dict[str, Starter]:
        return self._source.derived(f"{self.language}/starters", self._index_starters)

    def _index_starters(self) -> dict[str, Starter]:
        starters: dict[str, Starter] = {}
        for pack in self._starter_packs:
            for starter in pack.starters:
                if starter.id in starters:
                    raise ValueError(f"duplicate starter id {starter.id}")
                starters[starter.id] = starter
        return starters

    @cached_property
    def starter_refs(self) -> tuple[StarterRef, ...]:
        return self._source.derived(f"{self.language}/starter_refs", self._refer_starters)

    def _refer_starters(self) -> tuple[StarterRef, ...]:
        return tuple(
            StarterRef(id=starter.id, pillar=pack.pillar, depth=starter.depth, tone=starter.tone)
            for pack in self._starter_packs
            for starter in pack.starters
        )

    @cached_property
    def starter_library(self) -> StarterLibrary:
        """The starters grouped once by pillar and depth, for every choice this locale makes."""
        return self._source.derived(
            f"{self.language}/starter_library", lambda: StarterLibrary.of(self.starter_refs)
        )

    @cached_property
    def pillars(self) -> dict[Pillar, PillarPack]:
        return {
            pillar: self._load(f"{self.language}/checkin/{pillar}.json", PillarPack)
            for pillar in PILLARS
        }

    @cached_property
    def anchor(self) -> CheckinItem:
        """The fixed closeness question, the same wording forever (the trend's anchor)."""
        anchors = self._load(f"{self.language}/checkin/anchor.json", dict[str, CheckinItem])
        item: CheckinItem = anchors["anchor"]
        return item

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
def _shared_source() -> Source:
    return Source(packaged_documents())


@cache
def _load(locale: str) -> Content:
    return Content(locale, language_of(locale), _shared_source())
