"""lambda/handler.py's init: everything built before the first event, no request sent, and
the SnapStart hooks (run here as the Lambda runtime runs them) give each restored
environment its own random state and its own DynamoDB client. The records read on every turn
(household, session state, skill events) load no pydantic. (Here the content is read from
data/ and validated with pydantic; a build's init loads none of it, see tests/deploy.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from skill.chat.envelopes import APPLICATION_ID, Caller, intent_request
from tests.support.dynamodb_local import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]

DRIVER = r"""
import json, logging, random, sys
logging.basicConfig(stream=sys.stderr, level=logging.INFO)
sys.path.insert(0, "lambda")
import handler
import snapshot_restore_py as runtime

event = json.loads(sys.stdin.read())
report = {
    "before": [f.__name__ for f, _a, _k in runtime.get_before_snapshot()],
    "after": [f.__name__ for f, _a, _k in runtime.get_after_restore()],
}
for hook, args, kwargs in runtime.get_before_snapshot():
    hook(*args, **kwargs)
snapshot = random.getstate()  # what every environment restored from the snapshot starts with
client_at_init = handler._store.current._client

def restore():
    random.setstate(snapshot)
    for hook, args, kwargs in runtime.get_after_restore():
        hook(*args, **kwargs)
    return random.random(), handler._store.current._client

first, first_client = restore()
second, second_client = restore()
random.setstate(snapshot)
without_hooks = (random.random(), random.setstate(snapshot), random.random())
report.update(
    restored_random_differs=first != second,
    same_random_without_hooks=without_hooks[0] == without_hooks[2],
    new_clients=first_client is not client_at_init and second_client is not first_client,
    answer=handler.handler(event, None),
)
print(json.dumps(report))
"""


def _run_handler(event: dict[str, Any]) -> tuple[dict[str, Any], str]:
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "TABLE_NAME": "HeartToHeart-init-test",
        "SKILL_ID": APPLICATION_ID,
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        # Nothing listens here: a request made at init would fail the import.
        "AWS_ENDPOINT_URL_DYNAMODB": f"http://127.0.0.1:{free_port()}",
    }
    done = subprocess.run(
        [sys.executable, "-c", DRIVER],
        input=json.dumps(event),
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=environment,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert isinstance(report, dict)
    return report, done.stderr


def test_init_builds_everything_without_a_request_and_the_hooks_refresh_each_restore() -> None:
    help_request = intent_request(
        Caller(), datetime(2026, 12, 3, 21, 30, tzinfo=UTC), "AMAZON.HelpIntent", new_session=True
    )
    report, logs = _run_handler(help_request)
    assert report["before"] == ["before_snapshot"]
    assert report["after"] == ["after_restore"]
    assert report["same_random_without_hooks"] is True  # what the hook is there to change
    assert report["restored_random_differs"] is True
    assert report["new_clients"] is True
    assert "outputSpeech" in report["answer"]["response"]
    # The rehearsal's turns are not logged as turns; the real one is.
    assert logs.count("turn type=") == 1, logs


def _modules_loaded_by(module: str) -> list[str]:
    """The modules a fresh interpreter has loaded after importing `module`."""
    done = subprocess.run(
        [sys.executable, "-c", f"import sys, {module}; print(*sorted(sys.modules))"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=True,
    )
    return done.stdout.split()


@pytest.mark.parametrize(
    "module",
    [
        "skill.household",
        "skill.alexa.session",
        "skill.alexa.handlers.events",
    ],
)
def test_the_records_read_every_turn_load_no_pydantic(module: str) -> None:
    loaded = _modules_loaded_by(module)
    assert module in loaded
    assert [name for name in loaded if name.split(".")[0].startswith("pydantic")] == []
