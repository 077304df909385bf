"""Regression tests for the product bugs `make reliability` found (see reliability/RESULTS.md).

Each test names the figure that found the bug and describes the bug it keeps fixed; each one
failed before its fix and passes now.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from botocore.exceptions import ConnectionClosedError

from reliability.alexa_format import response_problems
from reliability.stack import Stack, import_lambda_handler
from skill.alexa import intents
from skill.alexa.builder import build_skill
from skill.alexa.context import SkillSettings
from skill.alexa.timezone import FixedTimeZones
from skill.chat.envelopes import (
    Caller,
    intent_request,
    launch_request,
    session_ended_request,
    skill_disabled_event,
)
from skill.content.loader import load_content
from skill.household import AnsweredItem, Household, NightRecord
from skill.ports import StorageUnavailable
from skill.services.common import household_id_for
from skill.storage.dynamodb import TRANSACTION_SIZE, DynamoDbStore
from skill.web.app import create_app
from skill.web.certificates import CertificateChainFetcher
from skill.web.verification import RequestVerifier, VerificationSettings
from tests.support.alexa_signing import NOW, SKILL_ID, ChainServer, LoopbackTransport
from tests.support.responses import assert_silent, assert_spoken, respond
from tests.support.signed_requests import ACCEPTED, Kit, build_kit
from tests.support.skill_driver import NEW_YORK, Driver

# -- 1. Fuzzed requests: unhandled exceptions (the request's locale) ---------------------------


@pytest.mark.parametrize(
    "locale",
    ["EN-us", "En-GB", "x" * 300, "en-" + "y" * 300],
    ids=["upper-case-language", "mixed-case-language", "300-chars", "long-region"],
)
def test_any_locale_is_answered_never_raised(locale: str) -> None:
    """`load_content` reads data/EN/… for "EN-us" and a path too long for the file system for a
    300-character locale; the apology handler loads the same content again, so the exception
    escapes `handle_event` (a Lambda error; a 400 from the web service)."""
    d = Driver()
    event = launch_request(d.caller, d.now)
    event["request"]["locale"] = locale
    response = respond(d, event, f"locale {locale[:12]!r}")
    assert_spoken(response, f"locale {locale[:12]!r}")


def test_made_up_locales_share_the_content_they_fall_back_to() -> None:
    """`load_content` is cached per raw locale string: each made-up locale loads and keeps its
    own copy of the content (about 0.7 MB; the Lambda has 256 MB)."""
    loaded = {id(load_content(f"en-Q{number:03d}")) for number in range(40)}
    assert len(loaded) <= 5, f"{len(loaded)} copies of the content for 40 made-up locales"


# -- 1. Fuzzed requests: answers off the Alexa format (tampered session attributes) -------------

TAMPERED_SPEECH = {
    "ampersands": "&" * 2000,  # 2,000 characters, 10,000 once escaped for SSML
    "control-character": "Ready\x01for your check-in?",  # not allowed in XML 1.0
    "blank": "   ",
    "emoji": "😀" * 3000,  # 12 bytes each in JSON: the session attributes pass 24 KB
    "long": "x" * 7999,  # within the model's 8,000, over it inside <speak>
}
ECHOES = {
    "fallback-in-confirm-delete": ("confirm_delete", intents.FALLBACK),
    "streak-in-menu": ("menu", intents.STREAK),
    "repeat-in-menu": ("menu", intents.REPEAT),
}


@pytest.mark.parametrize("echo", list(ECHOES))
@pytest.mark.parametrize("speech", list(TAMPERED_SPEECH))
def test_remembered_speech_from_the_session_is_bounded_before_it_is_said_again(
    echo: str, speech: str
) -> None:
    """`last_speech` / `last_reprompt` are only limited to 8,000 characters by `SessionState`,
    and fallback (yes/no modes), `continue_or_end` (streak, deeper, lighter) and repeat say them
    again: over 8,000 characters of SSML, malformed SSML, an empty reprompt, or session
    attributes over 24 KB."""
    d = Driver()
    d.launch()
    mode, intent = ECHOES[echo]
    text = TAMPERED_SPEECH[speech]
    attributes = {**d.attributes, "mode": mode, "last_speech": text, "last_reprompt": text}
    event = intent_request(d.caller, d.now, intent, new_session=False, attributes=attributes)
    response = respond(d, event, f"{echo} with {speech}")
    assert response_problems(response.raw) == []


# -- 2. Storage faults: answered aloud to nobody ----------------------------------------------


class UnavailableStore:
    """Every storage call fails, as DynamoDB does when it throttles or times out."""

    def load(self, household_id: str) -> Household | None:
        raise StorageUnavailable("ThrottlingException")

    def save(
        self, household: Household, *, expected_version: int, night: NightRecord | None = None
    ) -> Household:
        raise StorageUnavailable("ThrottlingException")

    def load_night(self, household_id: str, night: date) -> NightRecord | None:
        raise StorageUnavailable("ThrottlingException")

    def delete_household(self, household_id: str) -> int:
        raise StorageUnavailable("ThrottlingException")


def _mid_checkin() -> Driver:
    d = Driver()
    d.launch()
    d.intent(intents.YES)
    d.answer(4, 3)
    assert d.attributes.get("mode") == "checkin"
    return d


def test_requests_nobody_hears_stay_silent_when_storage_fails() -> None:
    """The last-resort handler renders the spoken storage apology for every request type,
    SessionEndedRequest included: it must stay silent."""
    d = _mid_checkin()
    failing = build_skill(UnavailableStore(), FixedTimeZones(NEW_YORK))
    event = session_ended_request(d.caller, d.now, d.attributes, "EXCEEDED_MAX_REPROMPTS")
    d.skill = failing
    response = respond(d, event, "session-ended")
    assert_silent(response, "session-ended while storage fails")


def test_skill_disabled_with_storage_down_is_reported_not_acknowledged() -> None:
    """An erasure that cannot run must fail the invocation (so Alexa redelivers it), never be
    acknowledged silently as it once was."""
    d = _mid_checkin()
    failing = build_skill(UnavailableStore(), FixedTimeZones(NEW_YORK))
    with pytest.raises(StorageUnavailable):
        failing.handle_event(skill_disabled_event(d.caller, d.now, "NOT_PERSISTED"))


# -- 2. Storage faults: partial writes (deleting a household with many nights) -----------------

NIGHTS = 40
WRITES = ("BatchWriteItem", "TransactWriteItems", "DeleteItem")


def _household_with_nights(stack: Stack, nights: int) -> str:
    """A household with `nights` nights of answers (nights + 1 items)."""
    household_id = uuid.uuid4().hex
    store = stack.store()
    household = Household.new(household_id)
    for back in range(nights, 0, -1):
        record = NightRecord(
            household_id=household_id,
            night=date(2026, 11, 20) - timedelta(days=back),
            answered=(AnsweredItem(item_id="anchor-1", pillar=None, answers=(4, 3)),),
            expires_at=2_000_000_000,
        )
        household = store.save(household, expected_version=household.version, night=record)
    assert len(stack.items(household_id)) == nights + 1
    return household_id


@pytest.fixture
def long_household(reliability_stack: Stack) -> Iterator[str]:
    yield _household_with_nights(reliability_stack, NIGHTS)


def _failing_from_write(client: Any, failing: int) -> list[str]:
    """Make the `failing`-th write call of `client` (and every later one) fail; returns the log
    of write calls, so a test can show its fault did fire."""
    writes: list[str] = []

    def fail(event_name: str, **_: Any) -> None:
        writes.append(event_name)
        if len(writes) >= failing:
            raise ConnectionClosedError(endpoint_url="http://127.0.0.1")

    for operation in WRITES:
        client.meta.events.register(f"before-send.dynamodb.{operation}", fail)
    return writes


@pytest.mark.dynamodb
def test_deleting_a_household_is_all_or_nothing_when_its_write_fails(
    reliability_stack: Stack, long_household: str
) -> None:
    """`delete_household` once deleted 25 items a call, so a failure part-way left a household
    half-deleted. Now up to 100 items go in one transaction: when it fails, nothing is gone."""
    client = reliability_stack.dynamodb_client()
    writes = _failing_from_write(client, failing=1)
    with pytest.raises(StorageUnavailable):
        DynamoDbStore(client, reliability_stack.table).delete_household(long_household)
    assert writes, "the fault never fired"
    assert len(reliability_stack.items(long_household)) == NIGHTS + 1


@pytest.mark.dynamodb
def test_a_household_too_big_for_one_transaction_stays_findable_when_a_later_write_fails(
    reliability_stack: Stack,
) -> None:
    """Over 100 items take more than one transaction, the profile in the last: when the second
    fails, the profile is still there, so the household is found and a retry finishes."""
    nights = TRANSACTION_SIZE + 20
    household_id = _household_with_nights(reliability_stack, nights)
    client = reliability_stack.dynamodb_client()
    writes = _failing_from_write(client, failing=2)
    store = DynamoDbStore(client, reliability_stack.table)
    with pytest.raises(StorageUnavailable):
        store.delete_household(household_id)
    assert len(writes) >= 2, "the fault never fired"
    assert store.load(household_id) is not None, "the profile went before the nights"
    retry = DynamoDbStore(reliability_stack.dynamodb_client(), reliability_stack.table)
    retry.delete_household(household_id)
    assert reliability_stack.items(household_id) == []


@pytest.mark.dynamodb
def test_deleting_a_household_is_all_or_nothing_when_an_answer_is_lost(
    reliability_stack: Stack, long_household: str
) -> None:
    """The first delete call lands but its answer is lost (twice): the call fails, and the
    household is left part-deleted."""
    proxy = reliability_stack.fault_proxy()
    for operation in WRITES:
        proxy.fail(operation, "forward-then-hang", times=2)
    client = reliability_stack.dynamodb_client(endpoint=proxy.endpoint)
    try:
        DynamoDbStore(client, reliability_stack.table).delete_household(long_household)
    except StorageUnavailable:
        pass
    finally:
        proxy.heal()
    left = len(reliability_stack.items(long_household))
    assert left in (0, NIGHTS + 1), f"{left} of {NIGHTS + 1} items left: a partial deletion"


# -- 4. Web service: the accepted set with the skill id configured -----------------------------


@pytest.fixture(scope="module")
def kit() -> Kit:
    return build_kit()


@pytest.mark.parametrize("case", ["id-in-session-only", "id-in-context-only", "plain"])
def test_signed_requests_the_verifier_accepts_are_answered_with_a_skill_id_set(
    case: str, kit: Kit
) -> None:
    """`heart-to-heart serve --skill-id` sets the id on the verifier and on ask-sdk's
    SkillBuilder. The verifier accepts an id in session.application alone; ask-sdk's own check
    then reads context.System.application.applicationId, raises AttributeError, and the request
    gets 400."""
    with ChainServer() as chains:
        for name, route in kit.routes.items():
            chains.serve(f"/echo.api/{name}", route)
        fetcher = CertificateChainFetcher(LoopbackTransport(chains))
        try:
            verifier = RequestVerifier(
                VerificationSettings(skill_id=SKILL_ID, trust_roots=kit.pki.trust_roots), fetcher
            )
            skill = build_skill(
                Driver().store, FixedTimeZones(NEW_YORK), SkillSettings(skill_id=SKILL_ID)
            )
            app = create_app(skill, verifier, clock=lambda: NOW)
            attempt = ACCEPTED[case](kit)
            answer = app.test_client().post("/", data=attempt.body, headers=attempt.headers)
        finally:
            fetcher.close()
    assert answer.status_code == 200, answer.get_json()


# -- 5. Privacy: LogLevel DEBUG ----------------------------------------------------------------

STORED_ANSWERS = re.compile(r"answer(?:s|ed)\W{0,12}[:=]\W{0,12}[\[(]")


@pytest.mark.dynamodb
def test_debug_logging_keeps_household_keys_and_answers_out_of_the_logs(
    reliability_stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    """template.yaml lets a deployment choose LogLevel DEBUG; lambda/handler.py applies it to the
    root logger, so botocore logs every DynamoDB request and response body: the household key
    and the check-in answers of every night."""
    root = logging.getLogger()
    previous = root.level
    caplog.set_level(logging.NOTSET)  # observe what the handler's own configuration lets through
    try:
        environment = {**reliability_stack.lambda_environment(), "LOG_LEVEL": "DEBUG"}
        module = import_lambda_handler(environment)
        caller = Caller(user_id=f"amzn1.ask.account.RELIABILITY-DEBUG-{uuid.uuid4().hex}")
        d = Driver(caller=caller, skill=module._skill)
        caplog.clear()
        d.launch()
        d.intent(intents.YES)
        for values in ((4, 5), (3,), (2, 4), (5, 5)):
            d.answer(*values)
        assert not d.open, "the check-in did not finish"
        lines = [caplog.handler.format(record) for record in caplog.records]
    finally:
        root.setLevel(previous)
    household_id = household_id_for(caller.user_id)
    leaking = [line for line in lines if household_id in line or STORED_ANSWERS.search(line)]
    assert not leaking, f"{len(leaking)} log lines with the household key or answers:\n" + (
        "\n".join(line[:300] for line in leaking[:3])
    )
