"""The build's pre-validated content loads into exactly the content validation gives, and
loading it (as a cold start on Lambda does) imports no pydantic."""

from __future__ import annotations

import enum
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from skill.content.compiled import compile_documents, construct, dump, main
from skill.content.loader import COMPILED_NAME, SUPPORTED_LOCALES, Content, Source, language_of
from skill.content.validation import validate

REPO_ROOT = Path(__file__).resolve().parents[2]

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
    assert type(starter.topics) is tuple and type(compiled.anchor) is type(validated.anchor)


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
    assert us.starter_refs is gb.starter_refs and us.starter_library is gb.starter_library
    assert us.safety is not gb.safety


class _Colour(enum.Enum):
    RED = "red"


@dataclass(frozen=True, kw_only=True)
class _Leaf:
    name: str
    when: date | None = None


@dataclass(frozen=True, kw_only=True)
class _Tree:
    leaves: list[_Leaf]
    by_name: dict[str, _Leaf]
    pair: tuple[_Leaf, ...]
    best: _Leaf | None
    colour: _Colour
    span: tuple[int, date]
    note: str = "none"


def test_construct_follows_the_annotations_of_any_dataclass() -> None:
    tree = validate(
        _Tree,
        {
            "leaves": [{"name": "a", "when": "2026-12-03"}],
            "by_name": {"b": {"name": "b"}},
            "pair": [{"name": "c"}, {"name": "d"}],
            "best": None,
            "colour": "red",
            "span": [3, "2026-12-24"],
        },
    )
    dumped = json.loads(json.dumps(dump(tree)))
    assert dumped["leaves"] == [{"name": "a", "when": "2026-12-03"}]
    assert dumped["pair"] == [{"name": "c", "when": None}, {"name": "d", "when": None}]
    assert dumped["colour"] == "red" and dumped["note"] == "none"
    assert dumped["span"] == [3, "2026-12-24"]
    built = construct(_Tree, dumped)
    assert built == tree
    assert built.leaves[0].when == date(2026, 12, 3)
    assert isinstance(built.pair, tuple) and built.colour is _Colour.RED
    assert built.span == (3, date(2026, 12, 24))
    del dumped["note"], dumped["leaves"][0]["when"]  # absent fields take their defaults
    rebuilt = construct(_Tree, dumped)
    assert rebuilt.note == "none" and rebuilt.leaves == [_Leaf(name="a", when=None)]


def test_the_command_writes_the_document(tmp_path: Path) -> None:
    out = tmp_path / "compiled.json"
    assert main([str(out)]) == 0
    assert json.loads(out.read_text("utf-8")) == json.loads(json.dumps(compile_documents()))
    assert main([]) == 2


# Run in a fresh interpreter on a copy of the package with the build's document in it, as the
# artifact has it: which modules does loading every locale's content import?
_LOAD_EVERY_LOCALE = """
import json, sys
import skill
from skill.content.loader import SUPPORTED_LOCALES, load_content, packaged_documents
assert packaged_documents() is not None
for locale in SUPPORTED_LOCALES:
    load_content(locale).validate_all()
print(json.dumps({"package": skill.__file__, "modules": sorted(sys.modules)}))
"""


def test_loading_the_compiled_content_imports_no_pydantic(tmp_path: Path) -> None:
    shutil.copytree(
        REPO_ROOT / "skill",
        tmp_path / "skill",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", COMPILED_NAME),
    )
    assert main([str(tmp_path / "skill" / "content" / COMPILED_NAME)]) == 0
    done = subprocess.run(
        [sys.executable, "-c", _LOAD_EVERY_LOCALE],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert Path(report["package"]).parent == tmp_path / "skill"
    modules = set(report["modules"])
    assert "skill.content.compiled" in modules  # built from the document, not from data/
    pydantic = {
        name
        for name in modules
        if name.startswith("pydantic") or name in ("annotated_types", "typing_inspection")
    }
    assert not pydantic
    assert "skill.content.validation" not in modules
