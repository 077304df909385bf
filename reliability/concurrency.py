"""Many completions at once, through the skill, on DynamoDB Local.

* One household, one night: ``completions`` last-answer requests of tonight's check-in, from two
  devices (two skills, each with its own store and DynamoDB client, as two Lambda containers),
  each carrying a different set of answers. Exactly one may count the night and store its
  answers; every other one hears that the check-in was already finished.
* Many households at once, each finishing from both devices: every household counted once.

Nothing may be lost: every request is answered (no exception, no apology, no "shall I try
again?"), and the answers stored for the night are exactly one completion's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Final, cast

from reliability.alexa_format import response_problems, speech_text
from reliability.figures import Section, exactly, info, zero
from reliability.stack import Stack
from skill.alexa import intents
from skill.alexa.builder import HeartToHeartSkill, build_skill
from skill.alexa.timezone import FixedTimeZones
from skill.chat.envelopes import Caller, SlotFill, intent_request
from skill.content.loader import load_content
from skill.household import AnsweredItem, answered_document
from skill.services.common import household_id_for
from skill.storage.dynamodb import DynamoDbStore, client_config
from tests.support.dynamodb_local import patient_config
from tests.support.parallel import answers_for, run_in_parallel
from tests.support.skill_driver import NEW_YORK, SCALE_NAMES, Driver

AREA: Final = "3. Concurrency"
NIGHT: Final = date(2026, 11, 20)
DEVICES: Final = ("amzn1.ask.device.RELIABILITY-KITCHEN", "amzn1.ask.device.RELIABILITY-BEDROOM")


@dataclass(frozen=True)
class Completion:
    device: int
    event: dict[str, Any]
    answered: tuple[AnsweredItem, ...]


@dataclass
class Result:
    completion: Completion
    response: dict[str, Any] | None
    error: str | None = None


def _skills(stack: Stack, patient: bool) -> tuple[HeartToHeartSkill, HeartToHeartSkill]:
    """Two devices: two skills, each with its own client (made here, on one thread).

    The clients have the production settings (0.5 s read timeout, two attempts), or, when
    ``patient``, the test suite's patient ones (for a busy CI machine: correctness, not speed).
    """
    zones = FixedTimeZones(NEW_YORK)
    skills = []
    for _ in DEVICES:
        client = stack.dynamodb_client(patient_config() if patient else client_config())
        skills.append(build_skill(DynamoDbStore(client, stack.table), zones))
    return skills[0], skills[1]


def _completions(
    skill: HeartToHeartSkill, user_id: str, count: int, first: int
) -> list[Completion]:
    """``count`` last answers of tonight's check-in, each with other answers, both devices."""
    content = load_content("en-US")
    d = Driver(caller=Caller(user_id=user_id, device_id=DEVICES[0]), skill=skill)
    d.launch()
    d.intent(intents.YES)
    if d.attributes.get("mode") != "checkin":
        raise RuntimeError("could not start the check-in")
    base = d.attributes
    item_ids = tuple(base["checkin"]["item_ids"])
    completions = []
    for n in range(first, first + count):
        answered = answers_for(content, item_ids, n)
        attributes = {
            **base,
            "checkin": {
                **base["checkin"],
                "index": len(item_ids) - 1,
                "answered": [answered_document(a) for a in answered[:-1]],
            },
        }
        last = answered[-1].answers
        slots = [
            SlotFill(name, SCALE_NAMES[value], str(value), SCALE_NAMES[value])
            for name, value in zip(intents.ANSWER_SLOTS, last, strict=False)
        ]
        device = n % 2
        caller = Caller(user_id=user_id, device_id=DEVICES[device], session_id=f"session-{n}")
        event = intent_request(
            caller,
            d.now,
            intents.ANSWER,
            slots,
            new_session=False,
            attributes=attributes,
            slot_names=intents.ANSWER_SLOTS,
        )
        completions.append(Completion(device, event, answered))
    return completions


def _send_all(
    skills: tuple[HeartToHeartSkill, HeartToHeartSkill], completions: list[Completion]
) -> list[Result]:
    def send(completion: Completion) -> Result:
        try:
            return Result(completion, skills[completion.device].handle_event(completion.event))
        except Exception as error:
            return Result(completion, None, type(error).__name__)

    tasks: list[Callable[[], Result]] = [partial(send, c) for c in completions]
    # run_in_parallel starts its first 16 tasks at the same moment (a barrier), on 16 threads.
    return cast(list[Result], run_in_parallel(cast(Any, tasks)))


@dataclass
class Fates:
    counted: int = 0  # heard tonight's feedback: this completion counted the night
    already: int = 0  # heard that tonight's check-in was already finished
    lost: int = 0  # an exception, an apology, "shall I try again?", or off the format

    def add(self, result: Result, done_lines: set[str], apologies: set[str]) -> None:
        response = result.response
        if response is None or response_problems(response):
            self.lost += 1
            return
        said = speech_text(response)
        if any(line in said for line in done_lines):
            self.already += 1
        elif said in apologies or not response["response"].get("shouldEndSession"):
            self.lost += 1
        else:
            self.counted += 1


def run(
    stack: Stack, completions: int, households: int, budget_seconds: float, patient: bool = False
) -> Section:
    section = Section("concurrency")
    started = time.perf_counter()
    content = load_content("en-US")
    done_lines = set(content.speech.lines["already_checked_in_other"])
    apologies = {*content.speech.lines["storage_apology"], *content.speech.lines["retry_save"]}
    skills = _skills(stack, patient)
    store = stack.store()
    add = section.add

    # 1. one household, one night, `completions` at once from two devices
    user_id = f"amzn1.ask.account.RELIABILITY-RACE-{time.time_ns()}"
    household_id = household_id_for(user_id)
    batch = _completions(skills[0], user_id, completions, first=0)
    race_started = time.perf_counter()
    results = _send_all(skills, batch)
    race_seconds = time.perf_counter() - race_started
    fates = Fates()
    for result in results:
        fates.add(result, done_lines, apologies)
        if result.error:
            section.example("raised", result.error)
    household = store.load(household_id)
    record = store.load_night(household_id, NIGHT)
    winners = [
        r
        for r in results
        if r.response and not any(line in speech_text(r.response) for line in done_lines)
    ]
    stored_is_winners = (
        record is not None
        and len(winners) == 1
        and record.answered == winners[0].completion.answered
    )
    add(info(AREA, "one household: parallel completions of one night (2 devices)", len(results)))
    add(
        exactly(
            AREA,
            "one household: nights counted",
            household.streak.total_nights if household else 0,
            1,
        )
    )
    add(exactly(AREA, "one household: completions that counted", fates.counted, 1))
    add(exactly(AREA, "one household: told 'already finished'", fates.already, completions - 1))
    add(zero(AREA, "one household: lost (error, apology, retry offer)", fates.lost))
    add(
        exactly(
            AREA,
            "one household: stored answers are the counting completion's",
            int(stored_is_winners),
            1,
        )
    )
    settings = "patient test settings" if patient else "production settings"
    add(info(AREA, "one household: DynamoDB client", settings))
    add(info(AREA, "one household: wall time", round(race_seconds, 2), "s"))

    # 2. many households at once, each from both devices
    if time.monotonic() - started > budget_seconds:
        section.example("time budget", "different households not run")
        return section
    batches = {}
    for n in range(households):
        other = f"amzn1.ask.account.RELIABILITY-MANY-{time.time_ns()}-{n}"
        batches[other] = _completions(skills[n % 2], other, 2, first=2 * n)
    everything = [c for batch in batches.values() for c in batch]
    results = _send_all(skills, everything)
    fates = Fates()
    for result in results:
        fates.add(result, done_lines, apologies)
    counted = stored = 0
    for other, batch in batches.items():
        hid = household_id_for(other)
        household = store.load(hid)
        counted += household is not None and household.streak.total_nights == 1
        record = store.load_night(hid, NIGHT)
        stored += record is not None and record.answered in {c.answered for c in batch}
    add(info(AREA, "many households: households × 2 devices at once", f"{households} × 2"))
    add(exactly(AREA, "many households: counted once", counted, households))
    add(exactly(AREA, "many households: nights with one completion's answers", stored, households))
    add(exactly(AREA, "many households: completions that counted", fates.counted, households))
    add(zero(AREA, "many households: lost (error, apology, retry offer)", fates.lost))
    section.seconds = time.perf_counter() - started
    return section
