"""The content library passes validation and has the size and shape the product needs."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import pytest
from pydantic import ValidationError

from skill.alexa.ssml import Say
from skill.content.loader import load_content
from skill.content.models import (
    CheckinItem,
    PillarPack,
    SafetyPack,
    SpeechPack,
    Starter,
    StarterPack,
)
from skill.content.validation import validate
from skill.domain.pillars import DEPTHS, PILLARS

LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]


def test_starter_library_is_big_enough_for_a_year_and_covers_every_pillar_and_depth() -> None:
    content = load_content("en-US")
    assert len(content.starters) >= 480
    by_pillar_depth = Counter((ref.pillar, ref.depth) for ref in content.starter_refs)
    for pillar in PILLARS:
        for depth in DEPTHS:
            assert by_pillar_depth[(pillar, depth)] >= 10, (pillar, depth)
    assert all(len(s.text.split()) <= 20 for s in content.starters.values())


def test_starter_texts_are_unique() -> None:
    texts = [s.text.lower() for s in load_content("en-US").starters.values()]
    assert len(texts) == len(set(texts))


def test_checkin_items_and_tips_are_enough() -> None:
    content = load_content("en-US")
    items = [item for pack in content.pillars.values() for item in pack.items]
    assert len(items) + 1 >= 65  # plus the closeness anchor
    assert all(len(pack.items) >= 6 for pack in content.pillars.values())
    tips = [tip for pack in content.pillars.values() for tip in pack.tips]
    assert len(tips) >= 240
    for pack in content.pillars.values():
        kinds = Counter(t.kind for t in pack.tips)
        assert kinds["tonight"] >= 8 and kinds["week"] >= 8 and kinds["why"] >= 8, pack.pillar


def test_items_ask_about_the_speakers_own_experience() -> None:
    content = load_content("en-US")
    items = [content.anchor]
    items += [item for pack in content.pillars.values() for item in pack.items]
    partner_rating = re.compile(r"\b(your partner|the other|they|he|she)\b.*\b(well|good)\b", re.I)
    for item in items:
        assert item.text.startswith("How "), item
        assert " you" in item.text.lower(), item
        assert not partner_rating.search(item.text), item
        assert not re.search(r"\b(do you agree|how strongly)\b", item.text, re.I), item


def test_ids_are_unique_across_all_content() -> None:
    content = load_content("en-US")
    ids = list(content.starters)
    for pack in content.pillars.values():
        ids += [i.id for i in pack.items] + [t.id for t in pack.tips]
    assert len(ids) == len(set(ids))


EMERGENCY_NUMBERS = {
    "en-US": "9 1 1",
    "en-GB": "9 9 9",
    "en-CA": "9 1 1",
    "en-AU": "triple zero",
    "en-IN": "1 1 2",
}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_has_its_own_emergency_number_in_the_support_message(locale: str) -> None:
    message = load_content(locale).validate_all().safety.support_message
    assert EMERGENCY_NUMBERS[locale] in message
    others = {n for loc, n in EMERGENCY_NUMBERS.items() if n != EMERGENCY_NUMBERS[locale]}
    assert not any(f"call {number}" in message for number in others)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_glue_line_fills_in_and_is_spoken_as_written(locale: str) -> None:
    """Every variant takes the values the handlers pass, carries no markup of its own (`Say`
    escapes text, so a tag in a glue line would be read out, not obeyed), and comes out of `Say`
    as well-formed SSML that a listener hears word for word."""
    content = load_content(locale)
    sample: dict[str, object] = {"streak": 5, "nights": 9, "longest": 7, "milestone": 7}
    sample |= {
        "count": 2,
        "rest": 1,
        "name": "feeling heard",
        "strong": "trust",
        "tender": "time",
        "time": "9:30 PM",
    }
    for key, variants in content.speech.lines.items():
        for variant in variants:
            assert not re.search(r"[<>]", variant), f"{key}: markup in {variant!r}"
            filled = variant.format(**sample)
            assert not re.search(r"[{}]", filled), f"{key}: unfilled {filled!r}"
            speak = ET.fromstring(f"<speak>{Say().text(filled).ssml()}</speak>")
            assert "".join(speak.itertext()) == filled.strip(), key


GOOD_STARTER = {
    "id": "time-light-01",
    "depth": "light",
    "tone": "warm",
    "topics": ["home"],
    "text": "Fine question?",
}


@pytest.mark.parametrize(
    "text",
    [
        "Which small thing made you smile today?",
        "Name one small thing that made you smile today.",
        "Picture a free Saturday: how would the morning begin?",
    ],
)
def test_a_starter_is_a_question_or_an_invitation(text: str) -> None:
    assert validate(Starter, GOOD_STARTER | {"text": text}).text == text


@pytest.mark.parametrize(
    "bad",
    [
        {"text": "No ending at all"},
        {"text": "Two questions? Really?"},
        {"text": "Name one thing? Then say why."},  # an invitation with a question inside
        {"text": " ".join(["word"] * 21) + "?"},  # over twenty words: not one breath
        {"text": "Is <b>this</b> allowed?"},
        {"text": "What would Alexa say?"},
        {"depth": "bottomless"},
        {"id": "Time 1"},
        {"tone": None},
        {"tone": "sarcastic"},
        {"topics": ["politics"]},
        {"topics": ["home", "home"]},
    ],
)
def test_starter_validation_rejects_bad_entries(bad: dict[str, object]) -> None:
    validate(Starter, GOOD_STARTER)  # the base entry is fine: each case breaks one thing
    with pytest.raises(ValidationError):
        validate(Starter, GOOD_STARTER | bad)


@pytest.mark.parametrize("missing", ["tone", "topics"])
def test_starters_must_carry_tone_and_topics(missing: str) -> None:
    entry = {key: value for key, value in GOOD_STARTER.items() if key != missing}
    with pytest.raises(ValidationError):
        validate(Starter, entry)


@pytest.mark.parametrize(
    "text",
    [
        "Did you feel close today?",  # not "how much / how often"
        "How well did your partner listen?",  # rates the partner, not the speaker
        "How much do you agree that today was good",  # no question mark
        "How much did you feel that the small things you did around the house today were seen?",
    ],
)
def test_item_validation_rejects_bad_items(text: str) -> None:
    validate(CheckinItem, {"id": "time-1", "text": "How heard did you feel today?"})
    with pytest.raises(ValidationError):
        validate(CheckinItem, {"id": "time-1", "text": text})


@pytest.mark.parametrize(
    "explain",
    [
        "Whether you felt the other was really listening when you talked tonight, and whether "
        "they understood what you meant by it.",  # over twenty words
        "Whether you felt listened to",  # not a sentence
    ],
)
def test_item_explanations_are_one_short_plain_sentence(explain: str) -> None:
    item = {"id": "time-1", "text": "How heard did you feel today?"}
    validate(CheckinItem, item | {"explain": "Whether you felt listened to today."})
    with pytest.raises(ValidationError):
        validate(CheckinItem, item | {"explain": explain})


def test_an_entry_has_only_the_fields_its_type_declares() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        validate(Starter, GOOD_STARTER | {"mood": "soft"})


def test_an_error_names_the_type_and_the_file_and_says_what_is_wrong() -> None:
    with pytest.raises(ValidationError) as caught:
        validate(Starter, GOOD_STARTER | {"tone": "sarcastic"}, "en/starters/time.json")
    assert "1 validation error for Starter in en/starters/time.json" in str(caught.value)
    assert caught.value.errors()[0]["loc"] == ("tone",)
    assert "Input should be 'playful', 'warm', 'reflective' or 'gentle'" in str(caught.value)


def test_a_starters_id_carries_its_packs_pillar_and_its_depth() -> None:
    pack = {"pillar": "time", "starters": [GOOD_STARTER]}
    assert validate(StarterPack, pack).starters[0].id == "time-light-01"
    with pytest.raises(ValidationError, match="does not match its pillar and depth"):
        validate(StarterPack, pack | {"pillar": "trust"})
    deep = GOOD_STARTER | {"depth": "deep"}
    with pytest.raises(ValidationError, match="does not match its pillar and depth"):
        validate(StarterPack, pack | {"starters": [deep]})


def test_content_is_frozen_once_loaded() -> None:
    starter = validate(Starter, GOOD_STARTER)
    assert starter.topics == ("home",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        starter.text = "Another question?"  # type: ignore[misc]


def _pillar_pack() -> dict[str, Any]:
    pack = json.loads(
        resources.files("skill.content").joinpath("data", "en", "checkin", "time.json").read_text()
    )
    assert isinstance(pack, dict)
    return pack


def test_every_pillar_item_has_an_explanation() -> None:
    pack = _pillar_pack()
    validate(PillarPack, pack)
    pack["items"][0] = {key: v for key, v in pack["items"][0].items() if key != "explain"}
    with pytest.raises(ValidationError, match="no explanation"):
        validate(PillarPack, pack)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "Ti"}, "String should have at least 3 characters"),
        ({"strength_lines": ["One.", "Two."]}, "List should have at least 3 items"),
        ({"items": []}, "List should have at least 6 items"),
        ({"tips": []}, "List should have at least 24 items"),
        ({"pillar": "kindness"}, "Input should be 'time', 'openness'"),
    ],
)
def test_a_pillar_pack_has_its_name_and_enough_lines_items_and_tips(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        validate(PillarPack, _pillar_pack() | change)


@pytest.mark.parametrize(
    ("field", "text"),
    [
        (
            "tips",
            "Tonight, before you sleep, each of you name one small moment from today you "
            "would happily live again, and say why.",
        ),
        (
            "strength_lines",
            "You both found real moments for each other today, even in a very busy day.",
        ),
    ],
)
def test_tips_and_feedback_lines_are_short(field: str, text: str) -> None:
    pack = _pillar_pack()
    if field == "tips":
        pack["tips"][0] = pack["tips"][0] | {"text": text}
    else:
        pack[field][0] = text
    with pytest.raises(ValidationError, match="more than"):
        validate(PillarPack, pack)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ({"greeting": []}, "voice glue 'greeting' has no variants"),
        ({"greeting": ["Welcome back, {nickname}."]}, "unknown placeholders {'nickname'}"),
        ({"greeting": ["Alexa is listening, {streak} nights."]}, "must not say the wake word"),
    ],
)
def test_voice_glue_has_variants_and_only_known_placeholders(
    lines: dict[str, list[str]], message: str
) -> None:
    assert validate(SpeechPack, {"lines": {"greeting": ["Night {streak}."]}}).lines
    with pytest.raises(ValidationError, match=re.escape(message)):
        validate(SpeechPack, {"lines": lines})


def test_safety_text_is_long_enough_to_help_and_short_enough_to_hear() -> None:
    safety = json.loads(
        resources.files("skill.content").joinpath("data", "en", "safety.json").read_text()
    )
    validate(SafetyPack, safety)
    with pytest.raises(ValidationError, match="at least 20 characters"):
        validate(SafetyPack, safety | {"counselling_line": "Talk to someone."})
    with pytest.raises(ValidationError, match="more than 90 words"):
        validate(SafetyPack, safety | {"struggle_message": "Breathe. " * 91})


def test_every_data_file_is_valid_json_utf8() -> None:
    root = resources.files("skill.content").joinpath("data")
    files = [p for p in _walk(root) if p.name.endswith(".json")]
    assert len(files) >= 8 + 9 + 2
    for path in files:
        json.loads(path.read_text("utf-8"))


def _walk(node: Traversable) -> Iterator[Traversable]:
    for child in node.iterdir():
        if child.is_dir():
            yield from _walk(child)
        else:
            yield child
