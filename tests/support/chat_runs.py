"""Running `heart-to-heart chat` as a user would (a subprocess fed on stdin) for the tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
ZONE = "America/New_York"
TIMEOUT_SECONDS = 60  # a guard against a hung process, not a timing assertion
RECORD_KEYS = {
    "utterance",
    "request_type",
    "intent",
    "slots",
    "speech",
    "ssml",
    "reprompt",
    "card",
    "end_session",
    "session",
}


def run_chat(script: list[str], *args: str, home: Path) -> str:
    """Run `heart-to-heart chat` with `script` on stdin; return what it printed."""
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "PYTHONPATH": str(REPO),
    }
    env.pop("HEART_TO_HEART_STORE", None)
    result = subprocess.run(
        [sys.executable, "-m", "skill.cli", "chat", *args],
        input="\n".join(script) + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, f"chat exited {result.returncode}: {result.stderr[-2000:]}"
    assert "Traceback" not in result.stderr, f"chat printed a traceback: {result.stderr[-2000:]}"
    return result.stdout


def run_json(script: list[str], tmp_path: Path, *extra: str) -> list[dict[str, Any]]:
    store = f"sqlite:///{tmp_path / 'chat.db'}"
    out = run_chat(script, "--json", "--store", store, "--timezone", ZONE, *extra, home=tmp_path)
    records = []
    for number, line in enumerate(out.splitlines(), 1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise AssertionError(f"line {number} is not JSON: {line!r}") from error
        assert isinstance(record, dict), f"line {number} is not an object: {line!r}"
        records.append(record)
    return records


def check_records(records: list[dict[str, Any]]) -> None:
    for number, record in enumerate(records, 1):
        missing = RECORD_KEYS - set(record)
        assert not missing, f"line {number} lacks {sorted(missing)}: {record}"
        assert isinstance(record["end_session"], bool), f"line {number}: end_session not a bool"
        if not record["end_session"]:
            assert record["reprompt"], f"line {number}: open session without a reprompt"
