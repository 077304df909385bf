"""The build's pre-validated content loads into exactly the models validation gives."""

from __future__ import annotations

import enum
import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from skill.content.compiled import compile_documents, construct, main
from skill.content.loader import SUPPORTED_LOCALES, Content, Source, language_of

PARTS = ("speech", "safety", "starters", "starter_refs", "pillars", "anchor")


@pytest.fixture(scope="module")
def documents() -> dict[str, object]:
    compiled = compile_documents()
    roundtrip = json.loads(json.dumps(compiled))  # as the artifact stores it
    assert isinstance(roundtrip, dict)
    return roundtrip


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_part_equals_the_validated_content(documents: dict[str, object], locale: str) -> None:
    compiled = Content(locale, language_of(locale), Source(documents)).validate_all()
    validated = Content(locale, language_of(locale), Source()).validate_all()
    for part in PARTS:
        assert getattr(compiled, part) == getattr(validated, part), (locale, part)
    starter = next(iter(compiled.starters.values()))
    same = validated.starters[starter.id]
    assert type(starter) is type(same)
    assert starter.model_fields_set == same.model_fields_set


def test_the_document_holds_every_file_read_and_locale_files_only_where_they_exist(
    documents: dict[str, object],
) -> None:
    assert "en/speech/checkin.json" in documents
    assert "en-GB/safety.json" in documents
    assert "en-US/safety.json" not in documents  # en-US reads the language's own
    assert "en/safety.json" in documents
    data = Path(__file__).resolve().parents[2] / "skill" / "content" / "data"
    for path in documents:
        assert (data / path).is_file(), path


def test_files_shared_by_locales_are_built_once(documents: dict[str, object]) -> None:
    source = Source(documents)
    us = Content("en-US", "en", source)
    gb = Content("en-GB", "en", source)
    assert us.starters["time-light-01"] is gb.starters["time-light-01"]
    assert us.safety is not gb.safety


class _Colour(enum.Enum):
    RED = "red"


class _Leaf(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)
    name: str
    when: date | None = None


class _Tree(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)
    leaves: list[_Leaf]
    by_name: dict[str, _Leaf]
    pair: tuple[_Leaf, ...]
    best: _Leaf | None
    colour: _Colour
    note: str = "none"


def test_construct_follows_the_annotations_of_any_model() -> None:
    tree = _Tree.model_validate(
        {
            "leaves": [{"name": "a", "when": "2026-12-03"}],
            "by_name": {"b": {"name": "b"}},
            "pair": [{"name": "c"}, {"name": "d"}],
            "best": None,
            "colour": "red",
        }
    )
    dumped = json.loads(json.dumps(tree.model_dump(mode="json", exclude_unset=True)))
    built = construct(_Tree, dumped)
    assert built == tree
    assert built.leaves[0].when == date(2026, 12, 3)
    assert isinstance(built.pair, tuple) and built.colour is _Colour.RED
    assert built.model_fields_set == tree.model_fields_set


def test_the_command_writes_the_document(tmp_path: Path) -> None:
    out = tmp_path / "compiled.json"
    assert main([str(out)]) == 0
    assert json.loads(out.read_text("utf-8")) == json.loads(json.dumps(compile_documents()))
    assert main([]) == 2
