"""When DynamoDB throttles, fails or does not answer: `StorageUnavailable`, an apology, no damage.

Three layers of fault injection:
- botocore's `Stubber` for every error code on every call path of the store (no server needed);
- `before-send` hooks raising botocore's own timeout and connection errors, with the real client
  settings, against DynamoDB Local (so the retry count and "nothing written" are checked too);
- a proxy on the wire in front of DynamoDB Local that answers with errors or never answers,
  under the real skill (`build_skill` + real envelopes), timed against the 3-second budget.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import boto3
import pytest
from botocore.exceptions import (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)
from botocore.stub import Stubber

from skill.alexa.builder import HeartToHeartSkill, build_skill
from skill.alexa.session import CheckinState, SessionState, state_attributes
from skill.alexa.ssml import plain_text
from skill.alexa.timezone import FixedTimeZones
from skill.chat.envelopes import Caller, SlotFill, intent_request, launch_request
from skill.content.loader import load_content
from skill.household import AnsweredItem, Household, NightRecord
from skill.ports import NightAlreadyRecorded, StorageUnavailable, VersionConflict
from skill.services.checkin import plan_checkin
from skill.services.common import Turn, household_id_for
from skill.storage.dynamodb import (
    CONNECT_TIMEOUT_SECONDS,
    READ_TIMEOUT_SECONDS,
    TOTAL_MAX_ATTEMPTS,
    DynamoDbStore,
    client_config,
)
from tests.support.dynamodb_local import Behaviour, DynamoDbLocal, FaultProxy

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

NIGHT = date(2026, 11, 20)
NOW = datetime(2026, 11, 21, 2, 30, tzinfo=UTC)  # 9:30 p.m. in New York, the night of Nov 20
NEW_YORK = ZoneInfo("America/New_York")
TURN_BUDGET_SECONDS = 3.0
TABLE = "HeartToHeart-test"
SECRET_ID = "household-3f1c"  # must never appear in an error message

ERRORS = [
    ("ThrottlingException", 400),
    ("ProvisionedThroughputExceededException", 400),
    ("RequestLimitExceeded", 400),
    ("InternalServerError", 500),
    ("ServiceUnavailable", 503),
    ("ResourceNotFoundException", 400),
    ("AccessDeniedException", 400),
    ("ValidationException", 400),
    ("TransactionInProgressException", 400),
]


def night_record(household_id: str) -> NightRecord:
    return NightRecord(
        household_id=household_id,
        night=NIGHT,
        answered=(AnsweredItem(item_id="anchor-1", pillar=None, answers=(4,)),),
        expires_at=int(time.time()) + 3600,
    )


# Every storage call path: (name, the DynamoDB operation made to fail, the call).
Call = Callable[[DynamoDbStore, str], object]
PATHS: list[tuple[str, str, Call]] = [
    ("load", "GetItem", lambda store, hid: store.load(hid)),
    ("load_night", "GetItem", lambda store, hid: store.load_night(hid, NIGHT)),
    ("save", "PutItem", lambda store, hid: store.save(Household.new(hid), expected_version=1)),
    (
        "save-with-night",
        "TransactWriteItems",
        lambda store, hid: store.save(
            Household.new(hid), expected_version=1, night=night_record(hid)
        ),
    ),
    ("delete-query", "Query", lambda store, hid: store.delete_household(hid)),
    ("delete-items", "TransactWriteItems", lambda store, hid: store.delete_household(hid)),
]
PATH_IDS = [name for name, _, _ in PATHS]

_METHODS = {
    "GetItem": "get_item",
    "PutItem": "put_item",
    "TransactWriteItems": "transact_write_items",
    "Query": "query",
}


# -- 1. every error code on every path (Stubber) -----------------------------------------------


@pytest.fixture(scope="module")
def offline_client() -> DynamoDBClient:
    """A client that never reaches a server: each test stubs what it answers."""
    return boto3.session.Session().client(
        "dynamodb",
        region_name="us-east-1",
        endpoint_url="http://127.0.0.1:9",
        aws_access_key_id="stub",
        aws_secret_access_key="stub",
        config=client_config(),
    )


@pytest.fixture
def stubber(offline_client: DynamoDBClient) -> Iterator[Stubber]:
    with Stubber(offline_client) as stub:
        yield stub
        stub.assert_no_pending_responses()


def _stub_query_with_keys(stubber: Stubber, household_id: str, count: int = 1) -> None:
    items = [
        {"PK": {"S": f"HOUSEHOLD#{household_id}"}, "SK": {"S": f"NIGHT#2026-11-{n + 1:02d}"}}
        for n in range(count)
    ]
    stubber.add_response("query", {"Items": items, "Count": count, "ScannedCount": count})


@pytest.mark.parametrize(("code", "status"), ERRORS, ids=[code for code, _ in ERRORS])
@pytest.mark.parametrize(("path", "operation", "call"), PATHS, ids=PATH_IDS)
def test_every_error_code_on_every_path_is_storage_unavailable(
    offline_client: DynamoDBClient,
    stubber: Stubber,
    path: str,
    operation: str,
    call: Call,
    code: str,
    status: int,
) -> None:
    if path == "delete-items":
        _stub_query_with_keys(stubber, SECRET_ID)
    stubber.add_client_error(
        _METHODS[operation],
        service_error_code=code,
        service_message=f"details about {SECRET_ID}",
        http_status_code=status,
    )
    store = DynamoDbStore(offline_client, TABLE)
    with pytest.raises(StorageUnavailable) as raised:
        call(store, SECRET_ID)
    assert str(raised.value) == code  # the code only: no keys, no data, no service message


@pytest.mark.parametrize(
    ("reasons", "expected", "message"),
    [
        (["None", "ConditionalCheckFailed"], NightAlreadyRecorded, None),
        (["ConditionalCheckFailed", "None"], VersionConflict, None),
        (["ConditionalCheckFailed", "ConditionalCheckFailed"], VersionConflict, None),
        (["TransactionConflict", "None"], VersionConflict, None),
        (["None", "TransactionConflict"], VersionConflict, None),
        (["None", "ThrottlingError"], StorageUnavailable, "ThrottlingError"),
        (["ProvisionedThroughputExceeded", "None"], StorageUnavailable, "ProvisionedThroughput"),
        (["ValidationError", "None"], StorageUnavailable, "ValidationError"),
        ([], StorageUnavailable, "Unknown"),
    ],
)
def test_cancelled_transaction_maps_its_reasons(
    offline_client: DynamoDBClient,
    stubber: Stubber,
    reasons: list[str],
    expected: type[Exception],
    message: str | None,
) -> None:
    stubber.add_client_error(
        "transact_write_items",
        service_error_code="TransactionCanceledException",
        service_message=f"Transaction cancelled for {SECRET_ID}",
        modeled_fields=(
            {"CancellationReasons": [{"Code": code} for code in reasons]} if reasons else None
        ),
    )
    store = DynamoDbStore(offline_client, TABLE)
    with pytest.raises(expected) as raised:
        store.save(Household.new(SECRET_ID), expected_version=3, night=night_record(SECRET_ID))
    if expected is VersionConflict:
        assert not isinstance(raised.value, NightAlreadyRecorded)
    if message is not None:
        assert str(raised.value).startswith("TransactionCanceledException:")
        assert message in str(raised.value)
    assert SECRET_ID not in str(raised.value)


def test_failed_put_condition_is_a_version_conflict(
    offline_client: DynamoDBClient, stubber: Stubber
) -> None:
    stubber.add_client_error("put_item", service_error_code="ConditionalCheckFailedException")
    with pytest.raises(VersionConflict) as raised:
        DynamoDbStore(offline_client, TABLE).save(Household.new(SECRET_ID), expected_version=2)
    assert SECRET_ID not in str(raised.value)


def _deletes(keys: list[dict[str, Any]]) -> dict[str, Any]:
    return {"TransactItems": [{"Delete": {"TableName": TABLE, "Key": key}} for key in keys]}


def test_a_household_is_deleted_in_one_transaction_profile_last(
    offline_client: DynamoDBClient, stubber: Stubber
) -> None:
    profile = {"PK": {"S": "HOUSEHOLD#h"}, "SK": {"S": "PROFILE"}}
    nights = [{"PK": {"S": "HOUSEHOLD#h"}, "SK": {"S": f"NIGHT#2026-11-{n:02d}"}} for n in (1, 2)]
    stubber.add_response("query", {"Items": [nights[0], profile, nights[1]], "Count": 3})
    stubber.add_response(
        "transact_write_items", {}, expected_params=_deletes([nights[0], nights[1], profile])
    )
    assert DynamoDbStore(offline_client, TABLE).delete_household("h") == 3


def test_query_pages_are_all_deleted_in_transactions_of_100(
    offline_client: DynamoDBClient, stubber: Stubber
) -> None:
    night = {"PK": {"S": "HOUSEHOLD#h"}, "SK": {"S": "NIGHT#2026-11-01"}}
    profile = {"PK": {"S": "HOUSEHOLD#h"}, "SK": {"S": "PROFILE"}}
    stubber.add_response(
        "query",
        {"Items": [night] * 80, "Count": 80, "ScannedCount": 80, "LastEvaluatedKey": night},
    )
    stubber.add_response(
        "query",
        {"Items": [night] * 40 + [profile], "Count": 41, "ScannedCount": 41},
        expected_params={
            "TableName": TABLE,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": "HOUSEHOLD#h"}},
            "ProjectionExpression": "PK, SK",
            "ConsistentRead": True,
            "ExclusiveStartKey": night,
        },
    )
    stubber.add_response("transact_write_items", {}, expected_params=_deletes([night] * 100))
    stubber.add_response(
        "transact_write_items", {}, expected_params=_deletes([night] * 20 + [profile])
    )
    assert DynamoDbStore(offline_client, TABLE).delete_household("h") == 121


# -- 2. botocore's own timeouts and connection errors, real client settings --------------------

TRANSPORT_ERRORS: list[tuple[str, Callable[[], Exception], bool]] = [
    ("read-timeout", lambda: ReadTimeoutError(endpoint_url="http://127.0.0.1"), True),
    ("connect-timeout", lambda: ConnectTimeoutError(endpoint_url="http://127.0.0.1"), True),
    ("no-connection", lambda: EndpointConnectionError(endpoint_url="http://127.0.0.1"), True),
    ("connection-closed", lambda: ConnectionClosedError(endpoint_url="http://127.0.0.1"), True),
    ("no-credentials", lambda: NoCredentialsError(), False),
]


@pytest.fixture(scope="module")
def fast_client(dynamodb_local: DynamoDbLocal) -> DynamoDBClient:
    """The production client settings, pointed at DynamoDB Local."""
    return dynamodb_local.client(client_config())


def _snapshot(client: DynamoDBClient, household_id: str) -> list[dict[str, Any]]:
    """Every item of the household, exactly as stored."""
    items = client.query(
        TableName=TABLE,
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": f"HOUSEHOLD#{household_id}"}},
        ConsistentRead=True,
    )["Items"]
    return [dict(item) for item in items]


@pytest.mark.dynamodb
@pytest.mark.parametrize(
    ("kind", "make_error", "retried"), TRANSPORT_ERRORS, ids=[k for k, _, _ in TRANSPORT_ERRORS]
)
@pytest.mark.parametrize(("path", "operation", "call"), PATHS, ids=PATH_IDS)
def test_transport_failures_on_every_path_are_storage_unavailable_and_write_nothing(
    fast_client: DynamoDBClient,
    dynamodb_client: DynamoDBClient,
    dynamodb_table: str,
    path: str,
    operation: str,
    call: Call,
    kind: str,
    make_error: Callable[[], Exception],
    retried: bool,
) -> None:
    household_id = uuid.uuid4().hex
    seeded = DynamoDbStore(dynamodb_client, dynamodb_table)
    seeded.save(Household.new(household_id), expected_version=0)  # version 1, no night yet
    before = _snapshot(dynamodb_client, household_id)
    sent: list[str] = []

    def fail(request: Any, **_: Any) -> None:
        sent.append(operation)
        raise make_error()

    event = f"before-send.dynamodb.{operation}"
    fast_client.meta.events.register(event, fail, unique_id="fault")
    try:
        with pytest.raises(StorageUnavailable) as raised:
            call(DynamoDbStore(fast_client, dynamodb_table), household_id)
    finally:
        fast_client.meta.events.unregister(event, unique_id="fault")

    assert str(raised.value) == type(make_error()).__name__
    assert household_id not in str(raised.value)
    assert len(sent) == (TOTAL_MAX_ATTEMPTS if retried else 1)
    assert _snapshot(dynamodb_client, household_id) == before


# -- 3. the client settings and a real timeout -------------------------------------------------


def test_client_settings_fit_the_turn_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9")
    store = DynamoDbStore.from_environment(TABLE)
    client = store._client  # the one place a test looks inside: the built client's settings
    config: Any = client.meta.config  # botocore sets these attributes dynamically
    assert client.meta.region_name == "eu-west-1"
    assert client.meta.endpoint_url == "http://127.0.0.1:9"
    assert config.connect_timeout == CONNECT_TIMEOUT_SECONDS == 0.25
    assert config.read_timeout == READ_TIMEOUT_SECONDS == 0.5
    assert config.retries == {"mode": "standard", "total_max_attempts": 2}
    assert config.tcp_keepalive is True
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    assert DynamoDbStore.from_environment(TABLE)._client.meta.region_name == "us-east-1"


@pytest.fixture(scope="module")
def running_proxy(dynamodb_local: DynamoDbLocal) -> Iterator[FaultProxy]:
    with FaultProxy(dynamodb_local.endpoint) as running:
        yield running


@pytest.fixture
def proxy(running_proxy: FaultProxy) -> Iterator[FaultProxy]:
    running_proxy.heal()
    yield running_proxy
    running_proxy.heal()


@pytest.fixture(scope="module")
def store_via_proxy(
    running_proxy: FaultProxy, dynamodb_local: DynamoDbLocal, dynamodb_table: str
) -> DynamoDbStore:
    """Built as the Lambda builds it (`from_environment`), reaching DynamoDB Local via the proxy."""
    with pytest.MonkeyPatch.context() as env:
        for name in ("AWS_PROFILE", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
            env.delenv(name, raising=False)
        for name, value in dynamodb_local.environment().items():
            env.setenv(name, value)
        env.setenv("AWS_ENDPOINT_URL_DYNAMODB", running_proxy.endpoint)
        return DynamoDbStore.from_environment(dynamodb_table)


@pytest.mark.dynamodb
def test_a_server_that_never_answers_fails_fast(
    proxy: FaultProxy, store_via_proxy: DynamoDbStore
) -> None:
    proxy.fail_always("*", "hang")
    started = time.perf_counter()
    with pytest.raises(StorageUnavailable, match=r"^ReadTimeoutError$"):
        store_via_proxy.load(uuid.uuid4().hex)
    elapsed = time.perf_counter() - started
    assert proxy.operations == ["GetItem"] * TOTAL_MAX_ATTEMPTS
    assert elapsed < TOTAL_MAX_ATTEMPTS * (READ_TIMEOUT_SECONDS + CONNECT_TIMEOUT_SECONDS) + 0.3


@pytest.mark.dynamodb
def test_lost_answers_to_writes_that_landed_are_not_conflicts(
    proxy: FaultProxy, store_via_proxy: DynamoDbStore, dynamodb_client: DynamoDBClient
) -> None:
    """The first attempt is written but its answer lost; botocore's retry must succeed."""
    household_id = uuid.uuid4().hex
    proxy.fail("PutItem", "forward-then-hang")
    saved = store_via_proxy.save(Household.new(household_id), expected_version=0)
    assert saved.version == 1
    proxy.fail("TransactWriteItems", "forward-then-hang")
    record = night_record(household_id)
    again = store_via_proxy.save(saved, expected_version=1, night=record)  # same client token
    assert again.version == 2
    assert proxy.operations.count("PutItem") == proxy.operations.count("TransactWriteItems") == 2
    check = DynamoDbStore(dynamodb_client, TABLE)
    assert check.load(household_id) == again
    assert check.load_night(household_id, NIGHT) == record


# -- 4. the skill: real envelopes, the real store, faults on the wire ---------------------------

THROTTLED: Behaviour = (400, "ThrottlingException")
SERVER_ERROR: Behaviour = (500, "InternalServerError")
UNAVAILABLE: Behaviour = (503, "ServiceUnavailable")
# Every error code is checked on every path above; the skill sees one of each kind.
FAULTS: list[tuple[str, Behaviour]] = [
    ("throttled", THROTTLED),
    ("server-error", SERVER_ERROR),
    ("unavailable", UNAVAILABLE),
    ("timeout", "hang"),
]
FAULT_IDS = [name for name, _ in FAULTS]


class Couple:
    """One couple's Alexa account on one Echo, and what is stored for them."""

    def __init__(self, client: DynamoDBClient) -> None:
        self.caller = Caller(
            user_id=f"amzn1.ask.account.{uuid.uuid4().hex}",
            device_id="amzn1.ask.device.FAULTS",
        )
        self.household_id = household_id_for(self.caller.user_id)
        self.client = client
        self.store = DynamoDbStore(client, TABLE)

    def snapshot(self) -> list[dict[str, Any]]:
        return _snapshot(self.client, self.household_id)


@pytest.fixture
def couple(dynamodb_client: DynamoDBClient, dynamodb_table: str) -> Couple:
    couple = Couple(dynamodb_client)
    # Seen before: a stored profile (version 2) that a failed turn must leave exactly as it is.
    first = couple.store.save(
        replace(Household.new(couple.household_id), first_night=date(2026, 11, 1)),
        expected_version=0,
    )
    couple.store.save(first, expected_version=1)
    return couple


def _speech(response: dict[str, Any]) -> str:
    return plain_text(response["response"]["outputSpeech"]["ssml"])


def _lines(key: str) -> list[str]:
    return load_content("en-US").speech.lines[key]


def _timed(skill: HeartToHeartSkill, event: dict[str, Any]) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    response = skill.handle_event(event)
    return response, time.perf_counter() - started


def _fail_every_attempt(proxy: FaultProxy, operation: str, behaviour: Behaviour) -> None:
    proxy.fail(operation, behaviour, times=TOTAL_MAX_ATTEMPTS)


def _assert_apology(response: dict[str, Any]) -> None:
    body = response["response"]
    assert body["outputSpeech"]["type"] == "SSML"
    assert _speech(response) in _lines("storage_apology")
    assert body["shouldEndSession"] is True


@pytest.mark.dynamodb
@pytest.mark.parametrize(("fault", "behaviour"), FAULTS, ids=FAULT_IDS)
def test_launch_when_the_read_fails_apologises(
    proxy: FaultProxy,
    store_via_proxy: DynamoDbStore,
    couple: Couple,
    fault: str,
    behaviour: Behaviour,
) -> None:
    before = couple.snapshot()
    skill = build_skill(store_via_proxy, FixedTimeZones(NEW_YORK))
    _fail_every_attempt(proxy, "GetItem", behaviour)

    response, elapsed = _timed(skill, launch_request(couple.caller, NOW))

    _assert_apology(response)
    assert elapsed < TURN_BUDGET_SECONDS
    assert couple.snapshot() == before


@pytest.mark.dynamodb
@pytest.mark.parametrize(("fault", "behaviour"), FAULTS, ids=FAULT_IDS)
def test_tonights_question_when_the_write_fails_apologises_and_writes_nothing(
    proxy: FaultProxy,
    store_via_proxy: DynamoDbStore,
    couple: Couple,
    fault: str,
    behaviour: Behaviour,
) -> None:
    """The read succeeds, the conditional PutItem (count the night, remember the starter) fails."""
    failing = "PutItem"
    before = couple.snapshot()
    skill = build_skill(store_via_proxy, FixedTimeZones(NEW_YORK))
    _fail_every_attempt(proxy, failing, behaviour)

    event = intent_request(couple.caller, NOW, "TonightsQuestionIntent", new_session=True)
    response, elapsed = _timed(skill, event)

    _assert_apology(response)
    assert elapsed < TURN_BUDGET_SECONDS
    assert couple.snapshot() == before
    assert failing in proxy.operations


def _last_answer(couple: Couple) -> tuple[dict[str, Any], tuple[AnsweredItem, ...]]:
    """The envelope of the fourth answer of tonight's check-in, three already in the session."""
    content = load_content("en-US")
    turn = Turn(household_id=couple.household_id, night=NIGHT, now=NOW)
    item_ids = plan_checkin(couple.store, content, turn).item_ids
    answered = tuple(
        AnsweredItem(
            item_id=item_id,
            pillar=None if item_id.startswith("anchor-") else content.item_pillar(item_id),
            answers=(4, 3),
        )
        for item_id in item_ids[:-1]
    )
    state = SessionState(
        mode="checkin",
        checkin=CheckinState(
            night=NIGHT, item_ids=item_ids, index=len(item_ids) - 1, answered=answered
        ),
        last_speech="How much did you feel like a team tonight?",
        last_reprompt="How much did you feel like a team tonight?",
    )
    event = intent_request(
        couple.caller,
        NOW,
        "AnswerIntent",
        [
            SlotFill("firstAnswer", "five", "5", "five"),
            SlotFill("secondAnswer", "four", "4", "four"),
        ],
        new_session=False,
        attributes=state_attributes(state),
    )
    return event, answered


@pytest.mark.dynamodb
@pytest.mark.parametrize(("fault", "behaviour"), FAULTS, ids=FAULT_IDS)
def test_finishing_a_checkin_when_the_write_fails_keeps_the_answers_for_a_retry(
    proxy: FaultProxy,
    store_via_proxy: DynamoDbStore,
    couple: Couple,
    fault: str,
    behaviour: Behaviour,
) -> None:
    event, answered = _last_answer(couple)
    before = couple.snapshot()
    skill = build_skill(store_via_proxy, FixedTimeZones(NEW_YORK))
    _fail_every_attempt(proxy, "TransactWriteItems", behaviour)

    response, elapsed = _timed(skill, event)

    assert elapsed < TURN_BUDGET_SECONDS
    body = response["response"]
    assert _speech(response) in _lines("retry_save")
    assert body["shouldEndSession"] is False
    assert body["reprompt"]["outputSpeech"]["ssml"]
    assert couple.snapshot() == before  # no partial write: same profile, no night item
    kept = response["sessionAttributes"]
    assert kept["mode"] == "retry_save"
    assert len(kept["checkin"]["answered"]) == len(answered) + 1

    # "Yes": storage is back, the kept answers are saved and the night counts once.
    proxy.heal()
    yes = intent_request(couple.caller, NOW, "AMAZON.YesIntent", new_session=False, attributes=kept)
    response, elapsed = _timed(skill, yes)
    assert response["response"]["shouldEndSession"] is True
    assert _speech(response) not in _lines("storage_apology")
    stored = couple.store.load(couple.household_id)
    assert stored is not None and stored.streak.total_nights == 1
    record = couple.store.load_night(couple.household_id, NIGHT)
    assert record is not None and record.answered[: len(answered)] == answered


@pytest.mark.dynamodb
def test_a_read_that_answers_slowly_and_a_write_that_never_does_fit_the_budget(
    proxy: FaultProxy, store_via_proxy: DynamoDbStore, couple: Couple
) -> None:
    """The worst turn: the read succeeds only on its retry, then the write times out twice."""
    event, _ = _last_answer(couple)
    before = couple.snapshot()
    skill = build_skill(store_via_proxy, FixedTimeZones(NEW_YORK))
    proxy.fail("GetItem", "hang")
    proxy.fail("TransactWriteItems", "hang", times=TOTAL_MAX_ATTEMPTS)

    response, elapsed = _timed(skill, event)

    assert elapsed < TURN_BUDGET_SECONDS
    assert _speech(response) in _lines("retry_save")
    assert couple.snapshot() == before
