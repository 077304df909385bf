"""The code and every locale's interaction model agree, and what the skill suggests aloud works."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from skill.alexa import intents
from skill.alexa.answers import SCALE_WORDS
from skill.chat.matcher import InteractionModel
from skill.interaction_models import build

MODELS = Path(__file__).resolve().parent.parent / "skill" / "interaction_models"
LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]
CODE_INTENTS = intents.CUSTOM_INTENTS | intents.BUILT_IN_INTENTS


def _model(locale: str) -> dict[str, Any]:
    data = json.loads((MODELS / f"{locale}.json").read_text("utf-8"))
    language = data["interactionModel"]["languageModel"]
    assert isinstance(language, dict)
    return language


@pytest.mark.parametrize("locale", LOCALES)
def test_every_intent_in_code_is_in_the_model_and_back(locale: str) -> None:
    names = {i["name"] for i in _model(locale)["intents"]}
    assert names == CODE_INTENTS, {
        "in code, not in model": CODE_INTENTS - names,
        "in model, not handled": names - CODE_INTENTS,
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_invocation_name_follows_the_rules(locale: str) -> None:
    name = _model(locale)["invocationName"]
    assert name == "heart to heart"
    assert len(name.split()) >= 2
    assert not re.search(r"\b(alexa|echo|amazon|skill|app)\b", name)


@pytest.mark.parametrize("locale", LOCALES)
def test_custom_intents_have_varied_valid_samples(locale: str) -> None:
    seen: dict[str, str] = {}
    for intent in _model(locale)["intents"]:
        samples = intent.get("samples", [])
        if intent["name"] in intents.CUSTOM_INTENTS:
            assert len(samples) >= 15, intent["name"]
        declared = {slot["name"] for slot in intent.get("slots", [])}
        for sample in samples:
            assert re.fullmatch(r"[a-z' {}A-Z]+", sample), sample
            assert set(re.findall(r"\{(\w+)\}", sample)) <= declared, sample
            key = sample.lower()
            assert key not in seen, f"{sample!r} is in {seen.get(key)} and {intent['name']}"
            seen[key] = intent["name"]


@pytest.mark.parametrize("locale", LOCALES)
def test_checked_in_models_are_what_the_source_generates(locale: str) -> None:
    """`make models` was run after the last change to interaction_models/ (or the code lists)."""
    generated = build.render(build.build_model(locale))
    assert (MODELS / f"{locale}.json").read_text("utf-8") == generated, "run: make models"


def test_the_check_mode_reports_a_stale_model(tmp_path: Path) -> None:
    stale = tmp_path / "en-US.json"
    stale.write_text("{}", "utf-8")
    assert build.main(["--check"], output=tmp_path) == 1
    assert stale.read_text("utf-8") == "{}"


@pytest.mark.parametrize("locale", LOCALES)
def test_scale_slot_type_matches_the_words_the_code_understands(locale: str) -> None:
    types = {t["name"]: t for t in _model(locale)["types"]}
    scale = types[intents.SCALE_SLOT_TYPE]
    in_model = {
        int(value["id"]): {value["name"]["value"], *value["name"]["synonyms"]}
        for value in scale["values"]
    }
    assert in_model == {k: set(v) for k, v in SCALE_WORDS.items()}


@pytest.fixture(scope="module")
def model() -> InteractionModel:
    return InteractionModel.load(MODELS / "en-US.json")


@pytest.mark.parametrize(
    ("phrase", "intent"),
    [
        # Every phrase the skill suggests aloud (help texts, reprompts, feature lines).
        ("let's check in", intents.START_CHECKIN),
        ("tonight's question", intents.TONIGHTS_QUESTION),
        ("what's our streak", intents.STREAK),
        ("skip", intents.SKIP),
        ("repeat", intents.REPEAT),
        ("start over", intents.START_OVER),
        ("deeper questions", intents.DEEPER_QUESTIONS),
        ("lighter questions", intents.LIGHTER_QUESTIONS),
        ("another one", intents.ANOTHER_QUESTION),
        ("a deeper one", intents.DEEPER_ONE),
        ("a lighter one", intents.LIGHTER_ONE),
        ("yes", intents.YES),
        ("no", intents.NO),
        ("four and three", intents.ANSWER),
        ("low", intents.ANSWER),
        ("middle", intents.ANSWER),
        ("high", intents.ANSWER),
        ("delete our data", intents.DELETE_DATA),
        ("we need help", intents.STRUGGLE),
        ("i'm scared", intents.DANGER),
        ("my partner hurts me", intents.DANGER),
        ("we fight all the time", intents.STRUGGLE),
        ("i don't feel safe", intents.DANGER),
        ("help me please", intents.HELP),
        ("what can i say", intents.HELP),
        ("what does that mean", intents.EXPLAIN),
        ("go back", intents.GO_BACK),
        ("i meant three", intents.CORRECT_ANSWER),
        ("what was the tip", intents.TONIGHTS_TIP),
        ("go on", intents.YES),
        ("how did we do this week", intents.WEEKLY_LOOK_BACK),
        ("how was our week", intents.WEEKLY_LOOK_BACK),
        ("how did we do", intents.WEEKLY_LOOK_BACK),
        ("remind us every night at nine thirty", intents.SET_REMINDER),
    ],
)
def test_suggested_phrases_resolve(model: InteractionModel, phrase: str, intent: str) -> None:
    assert model.match(phrase).intent == intent


def test_spoken_suggestions_are_all_covered_above() -> None:
    """Phrases quoted in help and glue lines must be in the list the test above proves."""
    from skill.content.loader import load_content

    lines = load_content("en-US").speech.lines
    suggested = " ".join(v for key in lines for v in lines[key] if "say" in v.lower())
    for phrase in ("let's check in", "tonight's question", "what's our streak", "skip", "repeat"):
        assert phrase in suggested.lower()
    for phrase in ("start over", "lighter questions", "deeper questions", "yes", "no"):
        assert phrase in suggested.lower()
    for phrase in ("what does that mean", "go back", "go on"):
        assert phrase in suggested.lower()
    for phrase in ("how did we do this week", "remind us every night at nine thirty"):
        assert phrase in suggested.lower()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_goodnights_look_back_line_suggests_a_phrase_that_resolves(locale: str) -> None:
    from skill.content.loader import load_content

    model = InteractionModel.load(MODELS / f"{locale}.json")
    for variant in load_content(locale).speech.lines["weekly_ready_at_closing"]:
        suggested = re.search(r"\bsay,? (how [a-z ]+?)(?: for your look back)?\.$", variant.lower())
        assert suggested, f"no phrase to say in {variant!r}"
        assert model.match(suggested.group(1)).intent == intents.WEEKLY_LOOK_BACK, variant


@pytest.mark.parametrize("locale", LOCALES)
def test_the_phrase_the_struggle_reply_suggests_gets_the_safety_numbers(locale: str) -> None:
    from skill.content.loader import load_content

    message = load_content(locale).safety.struggle_message.lower()
    assert "i don't feel safe" in message
    model = InteractionModel.load(MODELS / f"{locale}.json")
    assert model.match("i don't feel safe").intent == intents.DANGER


@pytest.mark.parametrize(
    ("utterance", "values"),
    [
        ("four and five", ("4", "5")),
        ("three", ("3",)),
        ("not at all and a lot", ("1", "4")),
        ("we're both two", ("2",)),
        ("i'm a four and she's a two", ("4", "2")),
        ("4 3", ("4", "3")),
    ],
)
def test_answers_resolve_with_entity_resolution(
    model: InteractionModel, utterance: str, values: tuple[str, ...]
) -> None:
    match = model.match(utterance)
    assert match.intent == intents.ANSWER
    assert tuple(slot.resolved_id for slot in match.slots) == values


def test_an_unknown_word_is_an_unresolved_answer_not_a_crash(model: InteractionModel) -> None:
    match = model.match("purple")
    assert match.intent == intents.ANSWER
    assert match.slots[0].resolved_id is None


def test_a_sentence_that_matches_nothing_is_fallback(model: InteractionModel) -> None:
    assert model.match("what is the weather like on mars today").intent == intents.FALLBACK


# How speakers of each locale say the same things (interaction_models/<locale>/intents/).
LOCAL_PHRASES = [
    ("en-GB", "what's our tally", intents.STREAK),
    ("en-GB", "give us tonight's question then", intents.TONIGHTS_QUESTION),
    ("en-GB", "cheers that's all", intents.STOP),
    ("en-GB", "we'll give that one a miss", intents.SKIP),
    ("en-GB", "we keep rowing", intents.STRUGGLE),
    ("en-AU", "reckon we're ready", intents.START_CHECKIN),
    ("en-AU", "chuck us another one", intents.ANOTHER_QUESTION),
    ("en-AU", "how are we tracking", intents.STREAK),
    ("en-AU", "nah thanks", intents.NO),
    ("en-IN", "kindly delete our data", intents.DELETE_DATA),
    ("en-IN", "kindly give tonight's question", intents.TONIGHTS_QUESTION),
    ("en-IN", "leave this question", intents.SKIP),
    ("en-IN", "my husband beats me", intents.DANGER),
]


@pytest.mark.parametrize(("locale", "phrase", "intent"), LOCAL_PHRASES)
def test_each_locale_understands_its_own_phrasing(locale: str, phrase: str, intent: str) -> None:
    local = InteractionModel.load(MODELS / f"{locale}.json")
    assert local.match(phrase).intent == intent
    us_samples = {s.lower() for i in _model("en-US")["intents"] for s in i.get("samples", [])}
    assert phrase not in us_samples, "not a local difference: en-US has it too"


def test_every_overlay_names_an_intent_and_adds_or_drops_something() -> None:
    overlays = sorted(build.SOURCE.glob("*-*/intents/*.json"))
    assert {path.parts[-3] for path in overlays} >= {"en-GB", "en-AU", "en-IN"}
    for path in overlays:
        overlay = json.loads(path.read_text("utf-8"))
        assert overlay["name"] == path.stem, path
        assert overlay.get("samples") or overlay.get("drop"), path
