"""Reminders in the terminal chat: directives in --json, the consent question, :reminders."""

from __future__ import annotations

from pathlib import Path

from tests.support.chat_runs import check_records, run_chat, run_json

SET = "ask heart to heart to remind us every night at nine thirty"


def test_the_consent_question_answered_yes_creates_the_reminder(tmp_path: Path) -> None:
    records = run_json([SET, "yes", ":reminders"], tmp_path, "--now", "2026-11-20T21:40")
    asked, answered, listed = records
    check_records([asked, answered])
    (directive,) = asked["directives"]
    assert directive["type"] == "Connections.SendRequest" and directive["name"] == "AskFor"
    assert asked["intent"] == "SetReminderIntent" and asked["slots"] == {"time": "09:30"}
    assert answered["request_type"] == "Connections.Response"
    assert "every night at 9:30 PM" in answered["speech"]
    assert answered["directives"] == []
    (reminder,) = listed["reminders"]
    assert "FREQ=DAILY;BYHOUR=21;BYMINUTE=30;" in reminder and "America/New_York" in reminder


def test_no_to_the_consent_question_creates_nothing(tmp_path: Path) -> None:
    records = run_json([SET, "no", ":reminders"], tmp_path)
    _, answered, listed = records
    assert answered["request_type"] == "Connections.Response"
    assert "settings" in answered["speech"]
    assert listed == {"reminders": []}


def test_an_answer_that_is_neither_is_not_answered(tmp_path: Path) -> None:
    _, answered, listed = run_json([SET, "what's the weather", ":reminders"], tmp_path)
    assert answered["request_type"] == "Connections.Response"
    assert "anytime" in answered["speech"]
    assert listed == {"reminders": []}


def test_granted_up_front_it_sets_change_hears_and_cancels(tmp_path: Path) -> None:
    script = [
        SET,
        "ask heart to heart to change our reminder to ten fifteen",
        "ask heart to heart when is our reminder",
        ":reminders",
        "ask heart to heart to cancel our reminder",
        ":reminders",
    ]
    records = run_json(script, tmp_path, "--grant", "reminders")
    set_, changed, heard, listed, cancelled, after = records
    check_records([set_, changed, heard, cancelled])
    assert set_["directives"] == [] and "9:30 PM" in set_["speech"]
    assert "10:15 PM" in changed["speech"] and "10:15 PM" in heard["speech"]
    assert len(listed["reminders"]) == 1 and "BYHOUR=22;BYMINUTE=15;" in listed["reminders"][0]
    assert "cancel" in cancelled["speech"].lower() or "no more" in cancelled["speech"].lower()
    assert after == {"reminders": []}


def test_the_text_chat_shows_alexas_consent_question(tmp_path: Path) -> None:
    out = run_chat(
        [SET, "yes", ":reminders"],
        "--store",
        f"sqlite:///{tmp_path / 'chat.db'}",
        "--timezone",
        "America/New_York",
        home=tmp_path,
    )
    assert "(Alexa asks)" in out
    assert "[reminder]" in out and "BYHOUR=21;BYMINUTE=30;" in out
