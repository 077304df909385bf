"""The real `heart-to-heart chat` command, scripted through stdin, as a subprocess."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from skill.content.loader import load_content
from tests.support.chat_runs import check_records, run_chat, run_json

STARTER_TEXTS = {starter.text for starter in load_content("en-US").starters.values()}


def starter_from(record: dict[str, Any]) -> str:
    card = record["card"]
    assert card is not None, f"{record['utterance']!r}: no card: {record['speech']!r}"
    assert card["title"] == "Tonight's question", f"card title {card['title']!r}"
    question = str(card["text"]).split("\n\nOne small idea: ")[0]
    assert question in STARTER_TEXTS, f"card is not a starter: {card['text']!r}"
    assert question in record["speech"], "the card's question was not spoken"
    assert record["end_session"] is True, f"{record['utterance']!r}: the session stays open"
    return question


@pytest.fixture(scope="module")
def starter_run(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    tmp_path = tmp_path_factory.mktemp("starters")
    script = [
        ":now 2026-11-20T21:30",
        "ask heart to heart for tonight's question",
        ":now 2026-11-21T00:40",
        "ask heart to heart for tonight's question",
        ":now 2026-11-21T21:30",
        "ask heart to heart for tonight's question",
        "ask heart to heart for another one",
    ]
    records = run_json(script, tmp_path)
    assert len(records) == 4, f"expected four answers, got {len(records)}"
    return records


def test_every_json_line_has_the_documented_keys(starter_run: list[dict[str, Any]]) -> None:
    check_records(starter_run)


def test_one_shots_are_tonights_question(starter_run: list[dict[str, Any]]) -> None:
    for record in starter_run[:3]:
        assert record["request_type"] == "IntentRequest"
        assert record["intent"] == "TonightsQuestionIntent", f"matched {record['intent']!r}"
    assert starter_run[3]["intent"] == "AnotherQuestionIntent", (
        f"'another one' matched {starter_run[3]['intent']!r}"
    )


def test_same_starter_all_night_then_a_new_one(starter_run: list[dict[str, Any]]) -> None:
    evening, after_midnight, next_evening, another = (starter_from(r) for r in starter_run)
    assert after_midnight == evening, "12:40 a.m. is still the same night: same starter"
    assert next_evening != evening, "the next evening repeated last night's starter"
    assert another not in (evening, next_evening), "'another one' gave a starter already heard"


def test_the_store_persists_between_runs(tmp_path: Path) -> None:
    first = run_json(
        [":now 2026-11-20T21:30", "ask heart to heart for tonight's question"], tmp_path
    )
    second = run_json(
        [":now 2026-11-21T01:10", "ask heart to heart for tonight's question"], tmp_path
    )
    assert starter_from(first[0]) == starter_from(second[0]), (
        "a second run on the same sqlite store gave a different starter the same night"
    )


def test_plain_chat_welcomes(tmp_path: Path) -> None:
    out = run_chat(["open heart to heart"], "--store", "memory://", home=tmp_path)
    lines = [line for line in out.splitlines() if line.strip()]
    assert lines, "the chat printed nothing"
    assert lines[0].startswith("Alexa:"), f"first line does not start with 'Alexa:': {lines[0]!r}"
    assert "welcome" in lines[0].lower(), f"launch does not welcome: {lines[0]!r}"
    assert not (tmp_path / "data").exists(), "memory:// still wrote to the data directory"


def test_a_full_checkin_over_the_chat(tmp_path: Path) -> None:
    script = [
        ":now 2026-11-20T21:30",
        "open heart to heart",
        "yes",
        "four and five",
        "three",
        "not at all and a lot",
        "two and two",
    ]
    records = run_json(script, tmp_path)
    check_records(records)
    assert len(records) == 6, f"expected six answers, got {len(records)}"
    launch, yes, *answers = records
    assert launch["request_type"] == "LaunchRequest" and launch["session"]["mode"] == "menu"
    assert yes["intent"] == "AMAZON.YesIntent" and yes["session"]["mode"] == "checkin"
    expected_slots = [
        {"firstAnswer": "four", "secondAnswer": "five"},
        {"firstAnswer": "three", "secondAnswer": None},
        {"firstAnswer": "not at all", "secondAnswer": "a lot"},
        {"firstAnswer": "two", "secondAnswer": "two"},
    ]
    for record, slots in zip(answers, expected_slots, strict=True):
        assert record["intent"] == "AnswerIntent", f"{record['utterance']!r}: {record['intent']}"
        assert record["slots"] == slots, f"{record['utterance']!r}: slots {record['slots']}"
    for index, record in enumerate(answers[:3], 1):
        assert record["session"]["checkin"]["index"] == index, (
            f"{record['utterance']!r} was not taken as an answer: {record['speech']!r}"
        )
    answered = [a["answers"] for a in answers[2]["session"]["checkin"]["answered"]]
    assert answered == [[4, 5], [3], [1, 4]], f"answers understood as {answered}"
    done = answers[-1]
    starter_from(done)
    assert len(done["speech"].split()) <= 45, f"the goodnight is long: {done['speech']!r}"
    assert "\n\nOne small idea: " in done["card"]["text"], "no small idea on the card"
    assert done["session"] == {}, "session attributes left after goodnight"
