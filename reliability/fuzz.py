"""Fuzzed Alexa request envelopes through the Lambda handler and through the web service.

Hypothesis builds envelopes the way Alexa shapes them (``skill.chat.envelopes``), with odd
values (locales, timestamps, slot values and resolutions, session flags), then mutates up to
three places: a field deleted, given a value of the wrong type, a huge string, or arbitrary
JSON. Session attributes are real check-in states, the tampered ones of
``tests/functional/test_malformed.py``, or arbitrary JSON. Intents and request types include
unknown ones.

Every envelope goes to ``lambda/handler.py`` (``handler(event, None)``) and, as JSON, to
``create_app(skill, None)`` over HTTP on 127.0.0.1. Counted: unhandled exceptions (the
handler raising; for the web service any 5xx, a broken connection, or the skill raising behind
a 400), and every answer checked by :mod:`reliability.alexa_format`.
"""

from __future__ import annotations

import copy
import http.client
import json
import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final
from urllib.parse import urlsplit

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from reliability.alexa_format import response_problems, silence_problem
from reliability.figures import Section, at_least, info, zero
from reliability.guard import is_loopback_host
from reliability.logtap import LogTap
from reliability.stack import SETTINGS_TOKEN, SKILL_ID, Stack
from skill.alexa import intents
from skill.chat.envelopes import (
    Caller,
    SlotFill,
    intent_request,
    launch_request,
    session_ended_request,
    skill_disabled_event,
)
from skill.content.loader import load_content
from skill.skill_id import is_for_skill
from skill.web.app import create_app
from tests.support.tampering import TAMPERED

AREA: Final = "1. Fuzzed requests"
#: 9:30 p.m. in New York on the night of 20 November 2026.
NOW: Final = datetime(2026, 11, 21, 2, 30, tzinfo=UTC)
NIGHT: Final = date(2026, 11, 20)

USERS: Final = [f"amzn1.ask.account.RELIABILITY-FUZZ-{n:02d}" for n in range(16)]
DEVICES: Final = [
    "amzn1.ask.device.RELIABILITY-NY",
    "amzn1.ask.device.RELIABILITY-LONDON",
    "amzn1.ask.device.RELIABILITY-SYDNEY",
    "amzn1.ask.device.RELIABILITY-KOLKATA",
    "amzn1.ask.device.RELIABILITY-UNKNOWN",
]
LOCALES: Final = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]
ODD_LOCALES: Final = ["de-DE", "fr-FR", "EN-us", "en", "", "xx-YY", "en_US", "en-US ", "e"]
UNKNOWN_INTENTS: Final = [
    "MadeUpIntent",
    "AMAZON.PauseIntent",
    "AMAZON.ResumeIntent",
    "AMAZON.ScrollUpIntent",
    "AMAZON.SelectIntent",
    "AnswerIntent ",
    "answerintent",
    "",
]
UNKNOWN_TYPES: Final = [
    "CanFulfillIntentRequest",
    "Alexa.Presentation.APL.UserEvent",
    "Connections.Response",
    "Messaging.MessageReceived",
    "Display.ElementSelected",
    "AudioPlayer.PlaybackStarted",
    "PlaybackController.NextCommandIssued",
    "System.ExceptionEncountered",
    "Dialog.InputRequest",
    "Foo.BarRequest",
    "",
    "launchrequest",
]
SKILL_EVENTS: Final = [
    "AlexaSkillEvent.SkillEnabled",
    "AlexaSkillEvent.SkillPermissionAccepted",
    "AlexaSkillEvent.SkillPermissionChanged",
    "AlexaSkillEvent.SkillAccountLinked",
    "AlexaSkillEvent.ProactiveSubscriptionChanged",
]
SCALE_WORDS: Final = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "not at all",
    "a little",
    "somewhat",
    "a lot",
    "completely",
    "six",
    "zero",
    "0",
    "-1",
    "",
    "9",
    "loads",
    "²",
    "٣",
    "four and five",
]
RESOLVED_IDS: Final = ["1", "2", "3", "4", "5", "9", "0", "-1", "lots", "²", "٣", " 3", ""]
MODES: Final = [
    "idle",
    "menu",
    "offer_resume",
    "offer_starter",
    "checkin",
    "confirm_delete",
    "retry_save",
    "hacking",
]
#: Exceptions the last-resort apology answers by design: a request type no route handles, a
#: request without a user id.
BY_DESIGN: Final = frozenset({"DispatchException", "MissingIdentity"})
#: What kind of request to build (intents weighted up: most of the skill is there).
KINDS: Final = (
    "launch",
    "intent",
    "intent",
    "intent",
    "intent",
    "ended",
    "disabled",
    "event",
    "unknown",
)
HUGE_PIECES: Final = ["x", "é", "&", "<", "\u2028", "😀", " ", "a lot ", '"']
# Paths Alexa always sends: mutated more often than a random one.
HOT_PATHS: Final[list[tuple[str | int, ...]]] = [
    ("version",),
    ("context",),
    ("context", "System"),
    ("context", "System", "user"),
    ("context", "System", "user", "userId"),
    ("context", "System", "device"),
    ("context", "System", "device", "deviceId"),
    ("context", "System", "apiEndpoint"),
    ("context", "System", "apiAccessToken"),
    ("session",),
    ("session", "new"),
    ("session", "attributes"),
    ("session", "user", "userId"),
    ("request",),
    ("request", "type"),
    ("request", "locale"),
    ("request", "timestamp"),
    ("request", "intent"),
    ("request", "intent", "name"),
    ("request", "intent", "slots"),
    ("request", "dialogState"),
    ("request", "reason"),
    ("request", "body"),
]

JSONValue = Any
_json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=24)
)
json_values: st.SearchStrategy[JSONValue] = st.recursive(
    _json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
odd_values: st.SearchStrategy[JSONValue] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.builds(list),
    st.builds(dict),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=2),
)
huge_strings: st.SearchStrategy[str] = st.builds(
    lambda piece, size: (piece * (size // len(piece) + 1))[:size],
    st.sampled_from(HUGE_PIECES),
    st.integers(min_value=2_000, max_value=120_000),
)


@dataclass(frozen=True)
class Case:
    event: dict[str, Any]
    label: str

    @property
    def request_type(self) -> object:
        request = self.event.get("request")
        return request.get("type") if isinstance(request, dict) else None


# -- building envelopes ----------------------------------------------------------------------


def _item_ids() -> list[str]:
    content = load_content("en-US")
    return [item.id for pack in content.pillars.values() for item in pack.items]


@st.composite
def checkin_states(draw: st.DrawFn) -> dict[str, Any]:
    """A session as the skill writes it: a mode, maybe a check-in part-way, what was said."""
    anchor = load_content("en-US").anchor.id
    items = draw(st.lists(st.sampled_from(_item_ids()), min_size=3, max_size=3, unique=True))
    item_ids = [anchor, *items]
    index = draw(st.integers(min_value=0, max_value=3))
    answered = [
        {
            "item_id": item_id,
            "pillar": None if item_id == anchor else item_id.rsplit("-", 1)[0],
            "answers": draw(st.lists(st.integers(min_value=1, max_value=5), max_size=2)),
        }
        for item_id in item_ids[:index]
    ]
    night = draw(
        st.sampled_from([NIGHT, NIGHT - timedelta(days=1)])
        | st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
    )
    mode = draw(st.sampled_from(MODES))
    with_checkin = mode in ("checkin", "retry_save") or draw(st.booleans())
    speech = st.one_of(
        st.none(),
        st.text(max_size=200),
        st.sampled_from(["How close did you feel today?", "Ready for your check-in?"]),
        st.builds(
            lambda piece, size: (piece * size)[:size],
            st.sampled_from(HUGE_PIECES),
            st.integers(min_value=100, max_value=8000),
        ),
    )
    state: dict[str, Any] = {
        "mode": mode,
        "checkin": {
            "night": night.isoformat(),
            "item_ids": item_ids,
            "index": index,
            "answered": answered,
            "misses": draw(st.integers(min_value=0, max_value=2)),
        }
        if with_checkin
        else None,
        "last_speech": draw(speech),
        "last_reprompt": draw(speech),
    }
    return state


def _tampered(state: dict[str, Any], case: str) -> Any:
    base = copy.deepcopy(state)
    if not isinstance(base.get("checkin"), dict) or not base["checkin"].get("answered"):
        base["mode"] = "checkin"
        base["checkin"] = {
            "night": NIGHT.isoformat(),
            "item_ids": ["anchor-1", "time-1", "trust-1", "listening-1"],
            "index": 3,
            "answered": [
                {"item_id": "anchor-1", "pillar": None, "answers": [4, 3]},
                {"item_id": "time-1", "pillar": "time", "answers": [2]},
                {"item_id": "trust-1", "pillar": "trust", "answers": [5, 5]},
            ],
            "misses": 0,
        }
    return TAMPERED[case](base)


def _labelled_state(state: dict[str, Any]) -> tuple[str, Any]:
    return f"attrs:{state['mode']}", state


def _labelled_tampered(state: dict[str, Any], case: str) -> tuple[str, Any]:
    return f"attrs:tampered-{case}", _tampered(state, case)


#: (a label for the report, the session attributes)
session_attributes: st.SearchStrategy[tuple[str, Any]] = st.one_of(
    st.just(("", None)),
    st.just(("", {})),
    checkin_states().map(_labelled_state),
    checkin_states().map(_labelled_state),
    st.builds(_labelled_tampered, checkin_states(), st.sampled_from(sorted(TAMPERED))),
    json_values.map(lambda value: ("attrs:json", value)),
)


@st.composite
def answer_slots(draw: st.DrawFn) -> list[SlotFill]:
    names = draw(
        st.lists(
            st.sampled_from(["firstAnswer", "secondAnswer"]) | st.text(min_size=1, max_size=12),
            max_size=3,
            unique=True,
        )
    )
    slots = []
    for name in names:
        value = draw(st.sampled_from(SCALE_WORDS) | st.text(max_size=20))
        resolved = draw(st.none() | st.sampled_from(RESOLVED_IDS) | st.text(max_size=5))
        slots.append(SlotFill(name, value, resolved or None, value if resolved else None))
    return slots


intent_names: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(sorted(intents.CUSTOM_INTENTS)),
    st.sampled_from(sorted(intents.CUSTOM_INTENTS)),
    st.sampled_from(sorted(intents.BUILT_IN_INTENTS)),
    st.just(intents.ANSWER),
    st.sampled_from(UNKNOWN_INTENTS),
    st.text(max_size=30),
)
timestamps: st.SearchStrategy[Any] = st.one_of(
    st.timedeltas(min_value=timedelta(hours=-30), max_value=timedelta(hours=30)).map(
        lambda delta: NOW + delta
    ),
    st.timedeltas(min_value=timedelta(hours=-30), max_value=timedelta(hours=30)).map(
        lambda delta: NOW + delta
    ),
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1)).map(
        lambda moment: moment.replace(tzinfo=UTC)
    ),
    st.sampled_from(
        [
            "not a time",
            "",
            0,
            None,
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2026-11-20T21:30:00",
            "2026-02-30T00:00:00Z",
            "2026-11-21T02:30:00.123456789Z",
            "2026-11-21T02:30:00+14:00",
            [],
        ]
    ),
)


@st.composite
def mutations(draw: st.DrawFn) -> list[tuple[str, int, Any]]:
    """0–3 edits: (operation, which path, the new value)."""
    count = draw(st.sampled_from([0, 0, 0, 1, 1, 2, 3]))
    edits = []
    for _ in range(count):
        operation = draw(st.sampled_from(["delete", "odd", "odd", "huge", "json"]))
        where = draw(st.integers(min_value=0, max_value=10_000))
        value: Any = None
        if operation == "odd":
            value = draw(odd_values)
        elif operation == "huge":
            value = draw(huge_strings)
        elif operation == "json":
            value = draw(json_values)
        edits.append((operation, where, value))
    return edits


def _paths(value: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found: list[tuple[str | int, ...]] = []
    if len(prefix) > 40:  # envelopes are shallow; arbitrary JSON is kept to a few levels
        return found
    if isinstance(value, dict):
        for key, child in value.items():
            found.append((*prefix, key))
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.append((*prefix, index))
            found.extend(_paths(child, (*prefix, index)))
    return found


def _apply(event: dict[str, Any], operation: str, where: int, value: Any) -> str:
    value = copy.deepcopy(value)  # never the same object twice: an envelope is a tree
    existing = _paths(event)
    # Half the edits hit a field Alexa always sends, half any field there is.
    candidates = HOT_PATHS if where % 2 == 0 else existing
    path = candidates[(where // 2) % len(candidates)] if candidates else ("request",)
    parent: Any = event
    for key in path[:-1]:
        if isinstance(parent, dict) and isinstance(key, str):
            parent = parent.setdefault(key, {})
        elif isinstance(parent, list) and isinstance(key, int) and key < len(parent):
            parent = parent[key]
        else:
            return f"{operation}:{'.'.join(map(str, path))}(skipped)"
    last = path[-1]
    label = f"{operation}:{'.'.join(map(str, path))}"
    if isinstance(parent, dict) and isinstance(last, str):
        if operation == "delete":
            parent.pop(last, None)
        else:
            parent[last] = value
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        if operation == "delete":
            del parent[last]
        else:
            parent[last] = value
    else:
        return f"{label}(skipped)"
    return label


def keep_on_this_machine(event: dict[str, Any], settings_url: str) -> bool:
    """Point any off-machine ``apiEndpoint`` at the fake Settings API; True if one was changed."""
    context = event.get("context")
    system = context.get("System") if isinstance(context, dict) else None
    if not isinstance(system, dict):
        return False
    endpoint = system.get("apiEndpoint")
    if not isinstance(endpoint, str):
        return False
    try:
        host = urlsplit(endpoint.strip()).hostname
    except ValueError:
        host = None
    if host is None or is_loopback_host(host):
        return False
    system["apiEndpoint"] = settings_url
    return True


def fuzz_cases(settings_url: str) -> st.SearchStrategy[Case]:
    @st.composite
    def build(draw: st.DrawFn) -> Case:
        locale = draw(st.sampled_from(LOCALES) | st.sampled_from(ODD_LOCALES))
        caller = Caller(
            user_id=draw(st.sampled_from(USERS)),
            device_id=draw(st.sampled_from(DEVICES)),
            locale=locale,
            api_endpoint=settings_url,
            api_access_token=draw(st.sampled_from([SETTINGS_TOKEN, SETTINGS_TOKEN, "wrong"])),
            session_id=f"amzn1.echo-api.session.RELIABILITY-{draw(st.integers(0, 50))}",
        )
        moment = draw(timestamps)
        when = moment if isinstance(moment, datetime) else NOW
        kind = draw(st.sampled_from(KINDS))
        attributes_label, attributes = draw(session_attributes)
        new_session = draw(st.booleans())
        name = ""
        if kind == "launch":
            event = launch_request(caller, when)
        elif kind == "intent":
            name = draw(intent_names)
            slots = draw(answer_slots()) if name == intents.ANSWER or draw(st.booleans()) else []
            event = intent_request(
                caller,
                when,
                name,
                slots,
                new_session=new_session,
                attributes=None,
                slot_names=intents.ANSWER_SLOTS if name == intents.ANSWER else (),
            )
        elif kind == "ended":
            reason = draw(st.sampled_from(["USER_INITIATED", "ERROR", "EXCEEDED_MAX_REPROMPTS"]))
            event = session_ended_request(caller, when, None, reason)
        elif kind == "disabled":
            persistence = draw(st.sampled_from(["NOT_PERSISTED", "PERSISTED", "SOMETIMES"]))
            event = skill_disabled_event(caller, when, persistence)
        else:
            event = launch_request(caller, when)
            event["request"]["type"] = draw(
                st.sampled_from(SKILL_EVENTS if kind == "event" else UNKNOWN_TYPES)
                | st.text(max_size=30)
            )
        if "session" in event:
            event["session"]["attributes"] = copy.deepcopy(attributes)
        if not isinstance(moment, datetime):
            event["request"]["timestamp"] = moment
        edits = [_apply(event, *edit) for edit in draw(mutations())]
        keep_on_this_machine(event, settings_url)
        request_type = (
            event["request"].get("type") if isinstance(event.get("request"), dict) else "?"
        )
        label = "/".join(
            str(part)[:40]
            for part in (request_type, name, locale, attributes_label, *edits)
            if part != ""
        )
        return Case(event=event, label=label)

    return build()


# -- running ---------------------------------------------------------------------------------


class InvokeRecorder:
    """Wraps the skill's ``CustomSkill.invoke``: counts calls and keeps what escaped it."""

    def __init__(self) -> None:
        self.calls = 0
        self.escaped: list[BaseException] = []
        self.lock = threading.Lock()

    def wrap(self, custom_skill: Any) -> None:
        invoke: Callable[..., Any] = custom_skill.invoke

        def recorded(request_envelope: Any, context: Any) -> Any:
            with self.lock:
                self.calls += 1
            try:
                return invoke(request_envelope=request_envelope, context=context)
            except BaseException as error:
                with self.lock:
                    self.escaped.append(error)
                raise

        custom_skill.invoke = recorded


def carries_skill_id(event: Any) -> bool:
    """Whether the envelope is addressed to our skill, by the rule the skill and verifier share."""
    return is_for_skill(event, SKILL_ID)


def post_json(base: tuple[str, int], body: bytes, timeout: float = 10.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(*base, timeout=timeout)
    try:
        connection.request("POST", "/", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@dataclass
class Tally:
    cases: int = 0
    skipped_for_time: int = 0
    lambda_unhandled: int = 0
    unhandled_types: Counter[str] = field(default_factory=Counter)
    lambda_refused: int = 0
    lambda_problems: Counter[str] = field(default_factory=Counter)
    serve_requests: int = 0
    serve_status: Counter[int] = field(default_factory=Counter)
    serve_5xx: int = 0
    serve_broken: int = 0
    serve_masked: int = 0
    serve_refused: int = 0
    serve_problems: Counter[str] = field(default_factory=Counter)
    silence: Counter[str] = field(default_factory=Counter)
    lambda_seconds: list[float] = field(default_factory=list)
    serve_seconds: list[float] = field(default_factory=list)


class Fuzzer:
    """Sends each case to both entry points, one at a time, and tallies what happened."""

    def __init__(self, stack: Stack, section: Section, tap: LogTap) -> None:
        self.stack = stack
        self.section = section
        self.tap = tap
        self.tally = Tally()
        self.recorder = InvokeRecorder()
        self.recorder.wrap(stack.lambda_skill.skill)
        self.base = stack.serve(create_app(stack.lambda_skill, None))

    def exercise(self, case: Case) -> None:
        self.tally.cases += 1
        failures_before = self.tap.turn_failures.copy()
        ours = carries_skill_id(case.event)
        self._through_lambda(case, ours)
        self._through_serve(case, ours)
        for kind in self.tap.turn_failures - failures_before:
            # Caught by the skill's last-resort handler: an apology, but often a bug all the
            # same. No handler for an unknown request type, or no user id, are by design.
            if kind not in BY_DESIGN:
                self.section.example(f"caught {kind}", case.label)

    def _through_lambda(self, case: Case, ours: bool) -> None:
        tally = self.tally
        started = time.perf_counter()
        try:
            result = self.stack.handler(copy.deepcopy(case.event))
        except Exception as error:
            tally.lambda_seconds.append(time.perf_counter() - started)
            if ours:
                tally.lambda_unhandled += 1
                tally.unhandled_types[type(error).__name__] += 1
                self.section.example(
                    f"Lambda raised {type(error).__name__}", f"{error!s:.100} [{case.label}]"
                )
            else:
                tally.lambda_refused += 1
            return
        tally.lambda_seconds.append(time.perf_counter() - started)
        for problem in response_problems(result):
            tally.lambda_problems[problem] += 1
            self.section.example(f"Lambda answer: {problem}", case.label)
        silent = silence_problem(result, case.request_type)
        if silent:
            tally.silence[silent] += 1

    def _through_serve(self, case: Case, ours: bool) -> None:
        tally = self.tally
        try:
            body = json.dumps(case.event).encode("utf-8", "surrogatepass")
        except (TypeError, ValueError):
            return
        escaped_before = len(self.recorder.escaped)
        tally.serve_requests += 1
        started = time.perf_counter()
        try:
            status, payload = post_json(self.base, body)
        except (OSError, http.client.HTTPException) as error:
            tally.serve_broken += 1
            self.section.example(f"web service: {type(error).__name__}", case.label)
            return
        finally:
            tally.serve_seconds.append(time.perf_counter() - started)
        tally.serve_status[status] += 1
        if status >= 500:
            tally.serve_5xx += 1
            self.section.example(f"web service: HTTP {status}", case.label)
        escaped = self.recorder.escaped[escaped_before:]
        if escaped and ours:
            tally.serve_masked += 1
            name = type(escaped[0]).__name__
            self.section.example(
                f"web service: skill raised {name} behind HTTP {status}", case.label
            )
        elif escaped:
            tally.serve_refused += 1
        if status == 200:
            try:
                answer = json.loads(payload)
            except ValueError:
                answer = None
            for problem in response_problems(answer):
                tally.serve_problems[problem] += 1
                self.section.example(f"web service answer: {problem}", case.label)

    def run(self, count: int, seed: int, budget_seconds: float) -> Tally:
        deadline = time.monotonic() + budget_seconds
        strategy = fuzz_cases(self.stack.settings_url)

        @hypothesis_seed(seed)
        @settings(
            max_examples=count,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )
        @given(strategy)
        def each(case: Case) -> None:
            if time.monotonic() > deadline:
                self.tally.skipped_for_time += 1
                return
            self.exercise(case)

        each()
        return self.tally


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def run(stack: Stack, tap: LogTap, count: int, seed: int, budget_seconds: float) -> Section:
    section = Section("fuzz")
    started = time.perf_counter()
    fuzzer = Fuzzer(stack, section, tap)
    failures_before = tap.turn_failures.copy()
    tally = fuzzer.run(count, seed, budget_seconds)
    caught = tap.turn_failures - failures_before
    section.seconds = time.perf_counter() - started
    add = section.add
    lambda_problems = sum(tally.lambda_problems.values())
    serve_problems = sum(tally.serve_problems.values())
    unhandled = ", ".join(f"{kind} {n}" for kind, n in tally.unhandled_types.most_common())
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(tally.serve_status.items()))
    refused = f"{tally.lambda_refused} / {tally.serve_refused}"
    caught_text = ", ".join(f"{kind} {n}" for kind, n in caught.most_common()) or "0"
    lambda_p99 = round(percentile(tally.lambda_seconds, 0.99) * 1000, 1)
    serve_p99 = round(percentile(tally.serve_seconds, 0.99) * 1000, 1)
    add(at_least(AREA, "envelopes through both entry points (hypothesis)", tally.cases, count))
    add(zero(AREA, "Lambda handler: unhandled exceptions", tally.lambda_unhandled))
    if unhandled:
        add(info(AREA, "Lambda handler: unhandled, by exception", unhandled))
    add(zero(AREA, "Lambda handler: answers off the Alexa format", lambda_problems))
    add(zero(AREA, "web service: HTTP 5xx", tally.serve_5xx))
    add(zero(AREA, "web service: broken connections", tally.serve_broken))
    add(zero(AREA, "web service: skill exceptions hidden behind a 400", tally.serve_masked))
    add(zero(AREA, "web service: 200 answers off the Alexa format", serve_problems))
    problems = tally.lambda_problems + tally.serve_problems
    if problems:
        kinds = ", ".join(f"{kind} {n}" for kind, n in problems.most_common())
        add(info(AREA, "answers off the format, by rule (both entry points)", kinds))
    add(info(AREA, "web service: answers by HTTP status", statuses or "-"))
    add(info(AREA, "refused: not our skill id (Lambda raise / web 400)", refused))
    add(info(AREA, "exceptions caught by the last-resort apology", caught_text))
    spoken = tally.silence["answered aloud to nobody"]
    add(info(AREA, "answered aloud to a SessionEndedRequest or skill event", spoken))
    add(info(AREA, "Lambda handler p99", lambda_p99, "ms"))
    add(info(AREA, "web service p99", serve_p99, "ms"))
    if tally.skipped_for_time:
        section.example("time budget", f"{tally.skipped_for_time} envelopes not sent (budget)")
    return section
