"""Privacy: planted identifiers and answers never reach a log line; deletion leaves nothing.

The scripted week of ``tests/functional/test_privacy_logs.py`` (seven nights of check-ins with
misheard answers, streak and question one-shots, a call for support, then "delete our data")
runs twice with planted user ids, device ids, access tokens and session ids: once through the
Lambda handler, once over HTTP through the web service, ending with the SkillDisabled event.
Every log record of every logger is captured at DEBUG (the most a deployment can switch on:
template.yaml's LogLevel allows DEBUG), including the skill's, botocore's, the Settings API
lookups' and werkzeug's, and searched for what was planted. A few unreadable requests carrying
the planted values go to the web service too (its SDK logs tracebacks of those).

Then the table is read back: the households deleted by voice, by SkillDisabled, and one with
40 nights of answers (several delete batches) have zero items left.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final

from reliability.figures import Section, at_least, zero
from reliability.fuzz import post_json
from reliability.logtap import Line, LogTap
from reliability.stack import Stack
from skill.alexa import intents
from skill.chat.envelopes import Caller, launch_request, skill_disabled_event
from skill.services.common import household_id_for
from skill.web.app import create_app
from tests.support.privacy_week import PLANTED_ANSWER_WORDS, full_week
from tests.support.skill_driver import NEW_YORK, Driver

AREA: Final = "5. Privacy"
WEEK_START: Final = datetime(2026, 11, 16, 21, 0, tzinfo=NEW_YORK)
#: Words said as answers in the scripted week (never stored as words, never to be logged).
ANSWER_WORDS: Final = (*PLANTED_ANSWER_WORDS, "a lot", "not at all")


@dataclass(frozen=True)
class Planted:
    """One household's secrets: every value is unique to this run and this household."""

    tag: str
    user_id: str
    device_id: str
    token: str
    session_id: str

    @classmethod
    def make(cls, tag: str) -> Planted:
        stamp = f"{tag}{time.time_ns() % 10**9:09d}"
        return cls(
            tag=tag,
            user_id=f"amzn1.ask.account.PLANTED-USER-{stamp}",
            device_id=f"amzn1.ask.device.PLANTED-DEVICE-{stamp}",
            token=f"PLANTED-TOKEN-{stamp}",
            session_id=f"amzn1.echo-api.session.PLANTED-SESSION-{stamp}",
        )

    @property
    def household_id(self) -> str:
        return household_id_for(self.user_id)

    def secrets(self) -> dict[str, str]:
        """What must never be logged, and the distinctive tail of each id."""
        found = {
            "user id": self.user_id,
            "device id": self.device_id,
            "access token": self.token,
            "session id": self.session_id,
            "household key (hash of the user id)": self.household_id,
        }
        for name, value in list(found.items()):
            tail = value.rsplit(".", 1)[-1]
            if tail != value:
                found[f"{name} (tail)"] = tail
        return found

    def caller(self, settings_url: str) -> Caller:
        return Caller(
            user_id=self.user_id,
            device_id=self.device_id,
            api_endpoint=settings_url,
            api_access_token=self.token,
            session_id=self.session_id,
        )


@dataclass
class HttpDriver(Driver):
    """The same Driver, but every envelope goes over HTTP to the web service."""

    base: tuple[str, int] = ("127.0.0.1", 0)
    statuses: list[int] = field(default_factory=list)

    def handle_event(self, event: dict[str, Any], context: Any = None) -> dict[str, Any]:
        status, payload = post_json(self.base, json.dumps(event).encode())
        self.statuses.append(status)
        raw: dict[str, Any] = (
            json.loads(payload) if status == 200 else {"response": {"shouldEndSession": True}}
        )
        return raw


@contextlib.contextmanager
def _everything_logged(tap: LogTap) -> Iterator[list[Line]]:
    """Capture every record of every logger at DEBUG for the block."""
    root = logging.getLogger()
    previous = root.level
    root.setLevel(logging.DEBUG)
    try:
        with tap.capture() as lines:
            yield lines
    finally:
        root.setLevel(previous)


def _unreadable_requests(planted: Planted, settings_url: str) -> list[dict[str, Any]]:
    """Requests the SDK cannot read, each carrying planted values (it logs their tracebacks)."""
    caller = planted.caller(settings_url)
    broken: list[dict[str, Any]] = []
    for change in range(3):
        event = launch_request(caller, WEEK_START)
        if change == 0:
            event["session"]["attributes"] = [planted.user_id, *ANSWER_WORDS]
        elif change == 1:
            event["request"]["timestamp"] = {"said": ANSWER_WORDS[0], "user": planted.user_id}
        else:
            event["context"]["System"]["device"] = [planted.device_id, planted.token]
        broken.append(event)
    return broken


_STORED_ANSWERS: Final = re.compile(r"answer(?:s|ed)\W{0,12}[:=]\W{0,12}[\[(]")


def _leaks(lines: list[Line], planted: list[Planted]) -> list[tuple[str, Line]]:
    """Every (what leaked, the line) found in the captured lines."""
    found: list[tuple[str, Line]] = []
    for line in lines:
        text = line.text
        for household in planted:
            for name, secret in household.secrets().items():
                if secret in text:
                    found.append((name, line))
        for word in ANSWER_WORDS:
            if word in text:
                found.append((f"answer {word!r}", line))
        if _STORED_ANSWERS.search(text):
            found.append(("stored answers", line))
    return found


def run(stack: Stack, tap: LogTap, long_history_nights: int) -> Section:
    section = Section("privacy")
    started = time.perf_counter()
    by_lambda = Planted.make("L")
    by_web = Planted.make("W")
    long_history = Planted.make("H")
    base = stack.serve(create_app(stack.lambda_skill, None))
    settings = stack.settings_state
    for household in (by_lambda, by_web, long_history):
        settings.zones[household.device_id] = "America/New_York"
    token = settings.token
    with _everything_logged(tap) as lines:
        # 1. a week through the Lambda handler, ending with "delete our data" and yes
        settings.token = by_lambda.token
        lambda_driver = Driver(
            caller=by_lambda.caller(stack.settings_url), skill=stack.lambda_skill, now=WEEK_START
        )
        full_week(lambda_driver)
        # 2. the same week over HTTP, then the SkillDisabled event (data not kept)
        settings.token = by_web.token
        web_driver = HttpDriver(
            caller=by_web.caller(stack.settings_url),
            skill=stack.lambda_skill,
            now=WEEK_START,
            base=base,
        )
        full_week(web_driver)
        web_driver.send(
            skill_disabled_event(
                web_driver.caller, web_driver.now + timedelta(hours=1), "NOT_PERSISTED"
            )
        )
        for event in _unreadable_requests(by_web, stack.settings_url):
            post_json(base, json.dumps(event).encode())
        # 3. a household with many nights, deleted by voice
        settings.token = long_history.token
        history = Driver(
            caller=long_history.caller(stack.settings_url),
            skill=stack.lambda_skill,
            now=WEEK_START - timedelta(days=long_history_nights),
        )
        for _ in range(long_history_nights):
            history.launch()
            history.intent(intents.YES)
            for values in ((4, 5), (3, 3), (2, 4), (5,)):
                history.answer(*values)
            history.next_evening()
        items_before = len(stack.items(long_history.household_id))
        history.intent(intents.DELETE_DATA)
        history.intent(intents.YES)
    settings.token = token
    statuses = web_driver.statuses
    leaks = _leaks(lines, [by_lambda, by_web, long_history])
    turns = sum(" turn type=" in line.text for line in lines)
    shown: set[tuple[str, str]] = set()
    for what, line in leaks:
        if (what, line.logger) not in shown:
            shown.add((what, line.logger))
            section.example(f"leak: {what}", f"{line.logger}: {line.text[:240]}")
    at_info = {id(line) for _, line in leaks if line.level >= logging.INFO}
    at_debug = {id(line) for _, line in leaks}
    add = section.add
    add(at_least(AREA, "turns logged (2 scripted weeks + long history)", turns, 120))
    add(at_least(AREA, "log lines captured (every logger, DEBUG)", len(lines), 1))
    add(
        zero(
            AREA, "lines with a planted id, token or answer: LogLevel INFO (default)", len(at_info)
        )
    )
    add(zero(AREA, "lines with a planted id, token or answer: LogLevel DEBUG", len(at_debug)))
    add(zero(AREA, "web service: week answered other than 200", sum(s != 200 for s in statuses)))
    add(
        zero(
            AREA,
            "items left after 'delete our data' (Lambda)",
            len(stack.items(by_lambda.household_id)),
        )
    )
    add(
        zero(
            AREA,
            "items left after SkillDisabled (web service)",
            len(stack.items(by_web.household_id)),
        )
    )
    add(
        at_least(AREA, "long history: items before deletion", items_before, long_history_nights + 1)
    )
    add(
        zero(
            AREA,
            "long history: items left after 'delete our data'",
            len(stack.items(long_history.household_id)),
        )
    )
    section.seconds = time.perf_counter() - started
    return section
