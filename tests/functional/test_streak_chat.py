"""Streaks over simulated nights, scripted through the real `heart-to-heart chat --json`."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

QUESTION = "ask heart to heart for tonight's question"
STREAK = "ask heart to heart what our streak is"


def _evening(day: date, time: str = "21:30") -> str:
    return f":now {day.isoformat()}T{time}"


def _chat(store: Path, lines: list[str]) -> list[dict[str, Any]]:
    command = [sys.executable, "-m", "skill.cli", "chat", "--json"]
    command += ["--store", f"sqlite:///{store}", "--timezone", "America/New_York"]
    result = subprocess.run(
        [*command, "--user", "streak-couple"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_streak_grows_rests_restarts_and_celebrates(tmp_path: Path) -> None:
    start = date(2026, 11, 2)  # a Monday
    script: list[str] = []
    marks: dict[str, int] = {}

    def say(label: str, *lines: str) -> None:
        script.extend(lines)
        marks[label] = sum(1 for line in script if not line.startswith(":")) - 1

    # A new couple starts with one rest night; seven nights in a row earn a second one.
    for offset in range(7):  # milestones at 3 and 7
        say(f"night-{offset + 1}", _evening(start + timedelta(days=offset)), QUESTION)
    # Night 8 is missed; night 9 is covered by the rest night.
    say("covered", _evening(start + timedelta(days=8)), QUESTION)
    say("covered-status", STREAK)
    # 12:40 a.m. belongs to the evening before: it is night 9 again, not counted twice.
    say("after-midnight", _evening(start + timedelta(days=9), "00:40"), QUESTION)
    say("after-midnight-status", STREAK)
    # The same night from a second Echo of the same household: still counted once.
    say("second-device", ":device bedroom-echo", QUESTION)
    say("second-device-status", STREAK)
    # Three nights missed, one rest night left: the streak starts again, without blame.
    say("restart", _evening(start + timedelta(days=13)), QUESTION)
    say("restart-status", STREAK)

    turns = _chat(tmp_path / "streak.db", script)
    speech = {label: turns[index]["speech"] for label, index in marks.items()}

    assert "3 nights in a row" in speech["night-3"]
    assert "7 nights in a row" in speech["night-7"]
    assert "in a row" not in speech["night-2"], "streak words without a milestone"
    assert "in a row" not in speech["night-4"], "streak words without a milestone"
    assert "rest night" in speech["covered"]
    status = speech["covered-status"]
    assert "streak is 8 nights" in status or "8 nights in a row" in status
    assert "8 nights together in all" in status
    assert turns[marks["after-midnight"]]["card"] == turns[marks["covered"]]["card"]
    assert speech["after-midnight-status"] == speech["covered-status"]
    assert turns[marks["second-device"]]["card"] == turns[marks["covered"]]["card"]
    assert speech["second-device-status"] == speech["covered-status"]
    restart = speech["restart"].lower()
    assert "back together" in restart, restart
    for blame in ("fresh streak", "new streak", "lost", "broke", "reset", "missed"):
        assert blame not in restart, f"the welcome back blames: {restart!r}"
    assert "one night so far" in speech["restart-status"]
    assert "9 nights together in all" in speech["restart-status"]
    assert "longest streak is 8" in speech["restart-status"].lower()
