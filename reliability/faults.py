"""Storage faults on every storage operation of every turn type, against DynamoDB Local.

For each turn type a household is brought, through the skill, to the state just before that
turn. The turn is first replayed on a twin table with nothing failing: that gives the storage
operations it makes (through a recording proxy) and what a healthy turn stores. Then, for every
operation of the turn (each occurrence) and every kind of fault, the state is restored, the
fault armed on that operation only (every attempt botocore makes), and the turn sent. Checked:

* the couple hears an apology (or, mid-check-in, the offer to try saving again) within 3 s, and
  a SessionEndedRequest is answered silently; nothing escapes the handler, except a skill
  event's storage error: that one is reported (the invocation fails, so Alexa delivers the
  event again) and never acknowledged as done;
* storage read back afterwards is exactly as before, or exactly what the healthy turn stored;
* the next try, with storage healthy again, works and stores what the healthy turn stored.

Faults on the wire come from ``tests.support.dynamodb_local.FaultProxy`` (throttling, 500, 503,
a request that is never answered, a write whose answer is lost); connection-level failures from
``before-send`` hooks raising botocore's own errors, as ``tests/integration/test_store_faults.py``
does.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from botocore.exceptions import ConnectionClosedError, ConnectTimeoutError, EndpointConnectionError

from reliability.alexa_format import (
    is_silent_request,
    response_problems,
    silence_problem,
    speech_text,
)
from reliability.figures import Section, exactly, info, zero
from reliability.figures import at_most as at_most_figure
from reliability.stack import Stack
from skill.alexa import intents
from skill.alexa.builder import HeartToHeartSkill, build_skill
from skill.alexa.timezone import FixedTimeZones
from skill.chat.envelopes import (
    Caller,
    SlotFill,
    intent_request,
    launch_request,
    session_ended_request,
    skill_disabled_event,
)
from skill.content.loader import load_content
from skill.household import AnsweredItem, Household, NightRecord
from skill.ports import StorageError
from skill.services.common import household_id_for
from skill.storage.dynamodb import TOTAL_MAX_ATTEMPTS, DynamoDbStore
from tests.support.dynamodb_local import Behaviour
from tests.support.skill_driver import NEW_YORK, Driver, answer_slots

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

AREA: Final = "2. Storage faults"
TURN_BUDGET_SECONDS: Final = 3.0
TWIN_TABLE: Final = "HeartToHeart-reliability-twin"
EVENING: Final = datetime(2026, 11, 20, 21, 30, tzinfo=NEW_YORK)
LOCAL: Final = "http://127.0.0.1"


@dataclass(frozen=True)
class FaultKind:
    name: str
    wire: Behaviour | None = None  # what the proxy does with the request
    raise_error: Callable[[], Exception] | None = None  # or: what botocore raises before sending


FAULT_KINDS: Final = [
    FaultKind("throttled", wire=(400, "ThrottlingException")),
    FaultKind("HTTP 500", wire=(500, "InternalServerError")),
    FaultKind("HTTP 503", wire=(503, "ServiceUnavailable")),
    FaultKind("read timeout", wire="hang"),
    FaultKind("answer lost", wire="forward-then-hang"),
    FaultKind("connect timeout", raise_error=lambda: ConnectTimeoutError(endpoint_url=LOCAL)),
    FaultKind("connection reset", raise_error=lambda: ConnectionClosedError(endpoint_url=LOCAL)),
    FaultKind("no connection", raise_error=lambda: EndpointConnectionError(endpoint_url=LOCAL)),
]
QUICK_FAULT_KINDS: Final = ["throttled", "read timeout", "connection reset"]

Event = dict[str, Any]
Prepare = Callable[["Bench", Driver], Event]


def next_intent(d: Driver, name: str, slots: list[SlotFill] | None = None) -> Event:
    """The envelope ``Driver.intent`` would send next, without sending it."""
    slot_names = intents.ANSWER_SLOTS if name == intents.ANSWER else ()
    return intent_request(
        d.caller,
        d.now,
        name,
        slots,
        new_session=not d.open,
        attributes=d.attributes if d.open else {},
        slot_names=slot_names,
    )


def _checked_in_last_night(bench: Bench, d: Driver) -> None:
    d.at(EVENING - timedelta(days=1))
    _finish_checkin(d)
    d.at(EVENING)


def _finish_checkin(d: Driver) -> None:
    d.launch()
    d.intent(intents.YES)
    for values in ((4, 5), (3,), (2, 4), (5, 5)):
        d.answer(*values)


def _mid_checkin(d: Driver, answered: int) -> None:
    d.launch()
    d.intent(intents.YES)
    for _ in range(answered):
        d.answer(4, 3)


def _prepare_launch_new(bench: Bench, d: Driver) -> Event:
    return launch_request(d.caller, d.now)


def _prepare_launch_returning(bench: Bench, d: Driver) -> Event:
    _checked_in_last_night(bench, d)
    return launch_request(d.caller, d.now)


def _prepare_tonight_new(bench: Bench, d: Driver) -> Event:
    return next_intent(d, intents.TONIGHTS_QUESTION)


def _prepare_tonight_returning(bench: Bench, d: Driver) -> Event:
    _checked_in_last_night(bench, d)
    return next_intent(d, intents.TONIGHTS_QUESTION)


def _prepare_another(bench: Bench, d: Driver) -> Event:
    d.intent(intents.TONIGHTS_QUESTION)
    return next_intent(d, intents.ANOTHER_QUESTION)


def _prepare_deeper(bench: Bench, d: Driver) -> Event:
    _checked_in_last_night(bench, d)
    return next_intent(d, intents.DEEPER_QUESTIONS)


def _prepare_streak(bench: Bench, d: Driver) -> Event:
    _checked_in_last_night(bench, d)
    return next_intent(d, intents.STREAK)


def _prepare_start(bench: Bench, d: Driver) -> Event:
    _checked_in_last_night(bench, d)
    d.launch()
    return next_intent(d, intents.YES)


def _prepare_finish(bench: Bench, d: Driver) -> Event:
    _checked_in_last_night(bench, d)
    _mid_checkin(d, answered=3)
    return next_intent(d, intents.ANSWER, answer_slots(5, 4))


def _prepare_retry_save(bench: Bench, d: Driver) -> Event:
    _mid_checkin(d, answered=3)
    bench.proxy.fail("TransactWriteItems", (500, "InternalServerError"), times=TOTAL_MAX_ATTEMPTS)
    d.answer(5, 4)
    bench.proxy.heal()
    if d.attributes.get("mode") != "retry_save":
        raise RuntimeError("could not bring the check-in to 'shall I try again?'")
    return next_intent(d, intents.YES)


def _prepare_stop(bench: Bench, d: Driver) -> Event:
    _mid_checkin(d, answered=2)
    return next_intent(d, intents.STOP)


def _prepare_session_ended(bench: Bench, d: Driver) -> Event:
    _mid_checkin(d, answered=2)
    return session_ended_request(d.caller, d.now, d.attributes, "EXCEEDED_MAX_REPROMPTS")


def _prepare_resume(bench: Bench, d: Driver) -> Event:
    _mid_checkin(d, answered=2)
    d.intent(intents.STOP)
    d.launch()
    if d.attributes.get("mode") != "offer_resume":
        raise RuntimeError("could not bring the household to 'pick up where you left off?'")
    return next_intent(d, intents.YES)


def _prepare_delete(bench: Bench, d: Driver) -> Event:
    _checked_in_last_night(bench, d)
    d.intent(intents.DELETE_DATA)
    return next_intent(d, intents.YES)


def _prepare_delete_long_history(bench: Bench, d: Driver) -> Event:
    """A household with 40 nights of answers (41 items, deleted in one transaction)."""
    bench.seed_history(household_id_for(d.caller.user_id), nights=40)
    d.intent(intents.DELETE_DATA)
    return next_intent(d, intents.YES)


def _prepare_disabled(bench: Bench, d: Driver) -> Event:
    _checked_in_last_night(bench, d)
    return skill_disabled_event(d.caller, d.now, "NOT_PERSISTED")


@dataclass(frozen=True)
class TurnType:
    name: str
    prepare: Prepare


TURN_TYPES: Final = [
    TurnType("launch, new household", _prepare_launch_new),
    TurnType("launch, returning", _prepare_launch_returning),
    TurnType("tonight's question, new household", _prepare_tonight_new),
    TurnType("tonight's question, returning", _prepare_tonight_returning),
    TurnType("another one", _prepare_another),
    TurnType("deeper questions", _prepare_deeper),
    TurnType("what's our streak", _prepare_streak),
    TurnType("yes, start the check-in", _prepare_start),
    TurnType("last answer, finish the check-in", _prepare_finish),
    TurnType("yes, try saving again", _prepare_retry_save),
    TurnType("stop mid-check-in", _prepare_stop),
    TurnType("session ended mid-check-in", _prepare_session_ended),
    TurnType("yes, resume the check-in", _prepare_resume),
    TurnType("yes, delete our data", _prepare_delete),
    TurnType("yes, delete our data (40 nights)", _prepare_delete_long_history),
    TurnType("SkillDisabled, data not kept", _prepare_disabled),
]
QUICK_TURN_TYPES: Final = ["last answer, finish the check-in", "tonight's question, returning"]


@dataclass
class Outcome:
    turn: str
    operation: str
    fault: str
    seconds: float
    raised: str | None = None
    problems: list[str] = field(default_factory=list)
    apologised: bool = False
    silent_ok: bool = True
    storage: str = "unchanged"  # unchanged | fully changed | partial
    retry_ok: bool = False
    reported: bool = False  # a skill event's storage error, raised for redelivery


class Bench:
    """The skill on a proxied client (faults), and its twin on a recording proxy (healthy)."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.proxy = stack.fault_proxy()
        self.recorder = stack.fault_proxy()
        self.twin_table = stack.create_table(TWIN_TABLE)
        self.client: DynamoDBClient = stack.dynamodb_client(endpoint=self.proxy.endpoint)
        twin_client = stack.dynamodb_client(endpoint=self.recorder.endpoint)
        zones = FixedTimeZones(NEW_YORK)
        # One store clock for both, so the twin's profile gets the same expiry (a year after
        # the write) as the faulted skill's, and "as a healthy turn stored" compares equal.
        clock = EVENING.timestamp
        self.skill: HeartToHeartSkill = build_skill(
            DynamoDbStore(self.client, stack.table, clock=clock), zones
        )
        self.twin: HeartToHeartSkill = build_skill(
            DynamoDbStore(twin_client, self.twin_table, clock=clock), zones
        )
        content = load_content("en-US")
        self.apologies = {
            *content.speech.lines["storage_apology"],
            *content.speech.lines["retry_save"],
        }

    def driver(self) -> Driver:
        caller = Caller(
            user_id=f"amzn1.ask.account.RELIABILITY-FAULTS-{uuid.uuid4().hex}",
            device_id="amzn1.ask.device.RELIABILITY-NY",
        )
        return Driver(caller=caller, skill=self.skill, now=EVENING)

    def seed_history(self, household_id: str, nights: int) -> None:
        store = self.stack.store()
        household = store.load(household_id) or Household.new(household_id)
        for back in range(nights, 0, -1):
            night = date(2026, 11, 20) - timedelta(days=back)
            record = NightRecord(
                household_id=household_id,
                night=night,
                answered=(AnsweredItem(item_id="anchor-1", pillar=None, answers=(4, 3)),),
                expires_at=int(time.time()) + 90 * 86400,
            )
            household = store.save(household, expected_version=household.version, night=record)

    def restore(self, household_id: str, items: list[dict[str, Any]], table: str) -> None:
        client = self.stack.client
        for item in self.stack.items(household_id, table):
            client.delete_item(TableName=table, Key={"PK": item["PK"], "SK": item["SK"]})
        for item in items:
            client.put_item(TableName=table, Item=item)

    def arm(self, kind: FaultKind, operation: str, occurrence: int) -> Callable[[], None]:
        """Fail the ``occurrence``-th ``operation`` of the turn, every attempt; returns disarm."""
        if kind.wire is not None:
            if occurrence > 1:
                self.proxy.fail(operation, "forward", times=occurrence - 1)
            self.proxy.fail(operation, kind.wire, times=TOTAL_MAX_ATTEMPTS)
            return self.proxy.heal
        make_error = kind.raise_error
        assert make_error is not None
        calls = 0

        def fail(**_: Any) -> None:
            nonlocal calls
            calls += 1
            if calls >= occurrence:
                raise make_error()

        name = f"before-send.dynamodb.{operation}"
        self.client.meta.events.register(name, fail, unique_id="reliability-fault")

        def disarm() -> None:
            self.client.meta.events.unregister(name, unique_id="reliability-fault")
            self.proxy.heal()

        return disarm


def _targets(operations: list[str]) -> list[tuple[str, int]]:
    """Each storage call of the turn as (operation, its occurrence within the turn)."""
    seen: Counter[str] = Counter()
    targets = []
    for operation in operations:
        seen[operation] += 1
        targets.append((operation, seen[operation]))
    return targets


def _exercise_turn(bench: Bench, turn: TurnType, kinds: list[FaultKind]) -> list[Outcome]:
    stack = bench.stack
    d = bench.driver()
    household_id = household_id_for(d.caller.user_id)
    bench.proxy.heal()
    event = turn.prepare(bench, d)
    before = stack.items(household_id)
    # The healthy twin: which storage calls the turn makes, and what it stores.
    bench.restore(household_id, before, bench.twin_table)
    bench.recorder.heal()
    bench.twin.handle_event(event)
    operations = list(bench.recorder.operations)
    healthy = stack.items(household_id, bench.twin_table)
    request_type = event["request"]["type"]
    outcomes = []
    for operation, occurrence in _targets(operations):
        label = operation if occurrence == 1 else f"{operation} #{occurrence}"
        for kind in kinds:
            bench.restore(household_id, before, stack.table)
            disarm = bench.arm(kind, operation, occurrence)
            started = time.perf_counter()
            outcome = Outcome(turn.name, label, kind.name, 0.0)
            try:
                response: Any = bench.skill.handle_event(event)
            except Exception as error:
                if isinstance(error, StorageError) and request_type.startswith("AlexaSkillEvent."):
                    outcome.reported = True
                else:
                    outcome.raised = type(error).__name__
                response = None
            finally:
                outcome.seconds = time.perf_counter() - started
                disarm()
            if response is not None:
                outcome.problems = response_problems(response)
                outcome.silent_ok = silence_problem(response, request_type) is None
                outcome.apologised = speech_text(response) in bench.apologies
            after = stack.items(household_id)
            if after == before:
                outcome.storage = "unchanged"
            elif after == healthy:
                outcome.storage = "fully changed"
            else:
                outcome.storage = "partial"
            # The next try, storage healthy again: it is answered, and storage ends up as the
            # healthy turn left it (unless the faulted turn had already changed it all: then
            # the same request again is a new turn, "another one" gives another one).
            try:
                again = bench.skill.handle_event(event)
                outcome.retry_ok = (
                    not response_problems(again)
                    and speech_text(again) not in bench.apologies
                    and (outcome.storage == "fully changed" or stack.items(household_id) == healthy)
                )
            except Exception:
                outcome.retry_ok = False
            if is_silent_request(request_type):
                outcome.apologised = outcome.raised is None  # nobody to apologise to
            if outcome.reported:
                outcome.silent_ok = True  # no answer at all: the invocation failed
            outcomes.append(outcome)
    return outcomes


def run(stack: Stack, quick: bool, budget_seconds: float) -> Section:
    section = Section("faults")
    started = time.perf_counter()
    deadline = time.monotonic() + budget_seconds
    bench = Bench(stack)
    kinds = [k for k in FAULT_KINDS if not quick or k.name in QUICK_FAULT_KINDS]
    turns = [t for t in TURN_TYPES if not quick or t.name in QUICK_TURN_TYPES]
    outcomes: list[Outcome] = []
    skipped = 0
    for turn in turns:
        if time.monotonic() > deadline:
            skipped += 1
            continue
        outcomes.extend(_exercise_turn(bench, turn, kinds))
    section.seconds = time.perf_counter() - started

    for o in outcomes:
        where = f"{o.turn} / {o.operation} / {o.fault}"
        if o.raised:
            section.example("raised", f"{where}: {o.raised}")
        if not o.apologised and not o.raised:
            section.example("no apology", where)
        if not o.silent_ok:
            section.example("answered aloud to nobody", where)
        if o.seconds >= TURN_BUDGET_SECONDS:
            section.example("slow", f"{where}: {o.seconds:.2f} s")
        if o.storage == "partial":
            section.example("partial write", where)
        if not o.retry_ok:
            section.example("next try failed", where)
        for problem in o.problems:
            section.example(f"format: {problem}", where)
    total = len(outcomes)
    storage = Counter(o.storage for o in outcomes)
    add = section.add
    add(info(AREA, "turn types × storage operations × faults", total))
    add(info(AREA, "turn types covered", f"{len({o.turn for o in outcomes})} of {len(turns)}"))
    operations = sorted({o.operation.split(" #")[0] for o in outcomes})
    add(info(AREA, "storage operations covered", ", ".join(operations)))
    add(info(AREA, "kinds of fault", ", ".join(k.name for k in kinds)))
    add(zero(AREA, "unhandled exceptions", sum(o.raised is not None for o in outcomes)))
    add(
        info(
            AREA,
            "skill events whose storage failed, reported for redelivery",
            sum(o.reported for o in outcomes),
        )
    )
    ok = sum(o.apologised and o.silent_ok and o.seconds < TURN_BUDGET_SECONDS for o in outcomes)
    add(exactly(AREA, "apology within 3 s (silent for nobody)", ok, total))
    slowest = max((o.seconds for o in outcomes), default=0.0)
    add(at_most_figure(AREA, "slowest faulted turn", round(slowest, 2), TURN_BUDGET_SECONDS, "s"))
    add(zero(AREA, "answers off the Alexa format", sum(bool(o.problems) for o in outcomes)))
    add(
        zero(
            AREA,
            "answered aloud to nobody (SessionEnded, skill event)",
            sum(not o.silent_ok for o in outcomes),
        )
    )
    add(
        info(
            AREA,
            "storage unchanged / fully changed",
            f"{storage['unchanged']} / {storage['fully changed']}",
        )
    )
    add(zero(AREA, "partial writes (read back)", storage["partial"]))
    add(
        exactly(
            AREA,
            "next try works (storage as a healthy turn's)",
            sum(o.retry_ok for o in outcomes),
            total,
        )
    )
    if skipped:
        section.example("time budget", f"{skipped} turn types not run (budget)")
    return section
