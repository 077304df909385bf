"""The household store on one DynamoDB table, through the low-level client.

Items (all keys are strings):

    PK = HOUSEHOLD#<id>   SK = PROFILE             version (N), data (S: Household JSON),
                                                   expiresAt (N, TTL: a year after this write)
    PK = HOUSEHOLD#<id>   SK = NIGHT#<yyyy-mm-dd>  data (S: NightRecord JSON), expiresAt (N, TTL)

Every write is conditional: the profile on its version, a night only if absent (or expired),
and a profile written together with a night goes in one transaction. Every failure of the
client becomes `StorageUnavailable` carrying only an error code or class name, never keys or
data.

The client is built in the composition root (`from_environment`), never at import time; this
module is imported only when the DynamoDB store is chosen (see `skill.storage.open_store`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final, cast

from botocore.exceptions import BotoCoreError, ClientError

from skill.household import (
    Household,
    NightRecord,
    household_json,
    night_json,
    profile_expires_at,
    read_household,
    read_night,
    with_version,
)
from skill.ports import (
    NightAlreadyRecorded,
    StorageUnavailable,
    VersionConflict,
    check_save,
)
from skill.records import RecordError

if TYPE_CHECKING:
    from botocore.config import Config
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import (
        AttributeValueTypeDef,
        PutItemInputTypeDef,
        PutTypeDef,
    )

# Alexa gives the skill 8 seconds and the Lambda function times out at 7. A turn makes at most
# one read and one write, and each call may be tried twice:
#   per attempt ≤ CONNECT_TIMEOUT + READ_TIMEOUT = 0.75 s (the read timeout is per socket read;
#   DynamoDB answers in one), plus a jittered back-off before the second attempt of at most
#   25 ms (timeouts, 5xx) or 1 s (throttling) in botocore's "standard" mode,
# so one call finishes or fails within about 1.5 s and a read plus a write within about 3 s.
# botocore's defaults (60 s timeouts, 3 attempts in "legacy" mode) would blow the budget.
CONNECT_TIMEOUT_SECONDS: Final = 0.25
READ_TIMEOUT_SECONDS: Final = 0.5
TOTAL_MAX_ATTEMPTS: Final = 2  # the first call plus one retry (botocore counts both)
RETRY_MODE: Final = "standard"
DEFAULT_REGION: Final = "us-east-1"

PROFILE_SK: Final = "PROFILE"
NIGHT_SK_PREFIX: Final = "NIGHT#"
PK_PREFIX: Final = "HOUSEHOLD#"

# TransactWriteItems takes at most 100 items.
TRANSACTION_SIZE: Final = 100

# ConditionalCheckFailed on a transaction item; the other reason codes (TransactionConflict,
# ThrottlingError, ValidationError, ...) are handled below.
_CONDITION_FAILED: Final = "ConditionalCheckFailed"
# Another transaction was writing the same item at that moment: someone else is writing this
# household, so it is a lost race like a version mismatch (the caller re-reads and decides).
_TRANSACTION_CONFLICT: Final = "TransactionConflict"


def client_config() -> Config:
    """The botocore settings every DynamoDB client of the skill uses (see the numbers above)."""
    from botocore.config import Config

    return Config(
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        retries={"mode": RETRY_MODE, "total_max_attempts": TOTAL_MAX_ATTEMPTS},
        tcp_keepalive=True,
    )


def _pk(household_id: str) -> str:
    return f"{PK_PREFIX}{household_id}"


def _night_sk(night: date) -> str:
    return f"{NIGHT_SK_PREFIX}{night.isoformat()}"


def _key(household_id: str, sk: str) -> dict[str, AttributeValueTypeDef]:
    return {"PK": {"S": _pk(household_id)}, "SK": {"S": sk}}


def _error_code(error: ClientError) -> str:
    code = error.response.get("Error", {}).get("Code")
    return str(code) if code else type(error).__name__


@contextmanager
def _unavailable_on_failure() -> Iterator[None]:
    """Turn any client failure into StorageUnavailable (an error code or class name only)."""
    try:
        yield
    except ClientError as error:
        raise StorageUnavailable(_error_code(error)) from error
    except BotoCoreError as error:  # timeouts, connection errors, credentials, bad parameters
        raise StorageUnavailable(type(error).__name__) from error


class DynamoDbStore:
    """`skill.ports.HouseholdStore` on one table; see the module docstring for the items."""

    def __init__(
        self, client: DynamoDBClient, table_name: str, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._client = client
        self._table = table_name
        self._clock = clock

    @classmethod
    def from_environment(cls, table_name: str) -> DynamoDbStore:
        """A store with a client built from the environment (the Lambda's, or a developer's).

        See `client_from_environment`. The table is never created here: it lives in
        template.yaml.
        """
        return cls(client_from_environment(), table_name)

    # -- profile -------------------------------------------------------------------------------

    def load(self, household_id: str) -> Household | None:
        with _unavailable_on_failure():
            response = self._client.get_item(
                TableName=self._table,
                Key=_key(household_id, PROFILE_SK),
                ConsistentRead=True,
                ProjectionExpression="#v, #d, #e",
                ExpressionAttributeNames={"#v": "version", "#d": "data", "#e": "expiresAt"},
            )
        item = response.get("Item")
        if item is None:
            return None
        expires_at = _int_attribute(item, "expiresAt")
        if expires_at is not None and expires_at <= int(self._clock()):
            return None  # TTL deletion is lazy: an expired profile may still be there
        version = _int_attribute(item, "version") or 0
        household = read_household(item.get("data", {}).get("S", ""), household_id)
        return with_version(household, version)

    def save(
        self, household: Household, *, expected_version: int, night: NightRecord | None = None
    ) -> Household:
        check_save(household, expected_version, night)
        saved = replace(household, version=expected_version + 1)
        profile = self._profile_put(saved, expected_version)
        if night is None:
            self._put_profile(profile)
        else:
            self._put_profile_and_night(profile, night)
        return saved

    def _profile_put(self, saved: Household, expected_version: int) -> PutTypeDef:
        item: dict[str, AttributeValueTypeDef] = {
            **_key(saved.household_id, PROFILE_SK),
            "version": {"N": str(saved.version)},
            "data": {"S": household_json(saved)},
            # Every write gives the profile another year (the table's TTL attribute).
            "expiresAt": {"N": str(profile_expires_at(self._clock()))},
        }
        if expected_version == 0:
            # "Must not exist yet". An item without a version (made by hand, damaged) loads as
            # version 0, so it can be replaced too rather than block the household forever;
            # so can an expired profile that TTL has not deleted yet (it loads as None).
            return {
                "TableName": self._table,
                "Item": item,
                "ConditionExpression": (
                    "attribute_not_exists(PK) OR attribute_not_exists(#v) OR #e <= :now"
                ),
                "ExpressionAttributeNames": {"#v": "version", "#e": "expiresAt"},
                "ExpressionAttributeValues": {":now": {"N": str(int(self._clock()))}},
            }
        return {
            "TableName": self._table,
            "Item": item,
            # Optimistic locking: only over the version this decision was made on.
            "ConditionExpression": "#v = :expected",
            "ExpressionAttributeNames": {"#v": "version"},
            "ExpressionAttributeValues": {":expected": {"N": str(expected_version)}},
        }

    def _put_profile(self, profile: PutTypeDef) -> None:
        with _unavailable_on_failure():
            try:
                # On a failed condition DynamoDB returns the stored item, so a retried call
                # whose first attempt did land (its answer lost to a timeout) is recognised as
                # our own write rather than reported as a conflict.
                request = cast(
                    "PutItemInputTypeDef",
                    {**profile, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"},
                )
                self._client.put_item(**request)
            except ClientError as error:
                if _error_code(error) != "ConditionalCheckFailedException":
                    raise
                if not _is_same_profile(error.response.get("Item"), profile["Item"]):
                    raise VersionConflict("the household changed since it was read") from None

    def _put_profile_and_night(self, profile: PutTypeDef, night: NightRecord) -> None:
        night_item: dict[str, AttributeValueTypeDef] = {
            **_key(night.household_id, _night_sk(night.night)),
            "data": {"S": night_json(night)},
            "expiresAt": {"N": str(night.expires_at)},
        }
        night_put: PutTypeDef = {
            "TableName": self._table,
            "Item": night_item,
            # One record per night, the first wins. An expired record that TTL has not deleted
            # yet (that can take days) counts as gone, as it does for every other store.
            "ConditionExpression": "attribute_not_exists(PK) OR #e <= :now",
            "ExpressionAttributeNames": {"#e": "expiresAt"},
            "ExpressionAttributeValues": {":now": {"N": str(int(self._clock()))}},
        }
        with _unavailable_on_failure():
            try:
                # botocore fills ClientRequestToken itself and keeps it across its retry, so a
                # retried attempt after a lost answer is idempotent (for ten minutes).
                self._client.transact_write_items(
                    TransactItems=[{"Put": profile}, {"Put": night_put}]
                )
            except ClientError as error:
                if _error_code(error) != "TransactionCanceledException":
                    raise
                _raise_for_cancellation(error)

    # -- nights --------------------------------------------------------------------------------

    def load_night(self, household_id: str, night: date) -> NightRecord | None:
        with _unavailable_on_failure():
            response = self._client.get_item(
                TableName=self._table,
                Key=_key(household_id, _night_sk(night)),
                ConsistentRead=True,
                ProjectionExpression="#d, expiresAt",
                ExpressionAttributeNames={"#d": "data"},
            )
        item = response.get("Item")
        if item is None:
            return None
        try:
            record = read_night(item.get("data", {}).get("S", ""))
        except RecordError:
            return None  # unreadable raw answers are as good as none
        expires_at = _int_attribute(item, "expiresAt")
        if expires_at is None:
            expires_at = record.expires_at
        # TTL deletion is lazy (it can take days): an expired item may still be there.
        if expires_at <= int(self._clock()):
            return None
        return record

    # -- forgetting ----------------------------------------------------------------------------

    def delete_household(self, household_id: str) -> int:
        """Delete the profile and every night, all or nothing for any normal household.

        Up to 100 items (the profile and 90 nights of raw answers at most, as they expire) go
        in one transaction. A larger household is deleted in transactions of 100 with the
        profile in the last one, so a failure part-way leaves it findable and a retry finishes.
        """
        keys = [key for page in self._household_key_pages(household_id) for key in page]
        keys.sort(key=lambda key: key["SK"].get("S", "") == PROFILE_SK)  # the profile last
        for start in range(0, len(keys), TRANSACTION_SIZE):
            chunk = keys[start : start + TRANSACTION_SIZE]
            with _unavailable_on_failure():
                self._client.transact_write_items(
                    TransactItems=[
                        {"Delete": {"TableName": self._table, "Key": dict(key)}} for key in chunk
                    ]
                )
        return len(keys)

    def _household_key_pages(
        self, household_id: str
    ) -> Iterator[list[dict[str, AttributeValueTypeDef]]]:
        query: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": _pk(household_id)}},
            "ProjectionExpression": "PK, SK",
            "ConsistentRead": True,
        }
        while True:
            with _unavailable_on_failure():
                page = self._client.query(**query)
            yield [{"PK": item["PK"], "SK": item["SK"]} for item in page.get("Items", [])]
            last = page.get("LastEvaluatedKey")
            if not last:
                return
            query["ExclusiveStartKey"] = last


def _int_attribute(item: Mapping[str, AttributeValueTypeDef], name: str) -> int | None:
    """A whole number attribute ("7" or "7.0"); None when missing or not a whole number."""
    raw = item.get(name, {}).get("N")
    if raw is None:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return int(value) if value.is_finite() and value == value.to_integral_value() else None


def _is_same_profile(stored: object, written: Mapping[str, object]) -> bool:
    """True when the stored profile is exactly the one this call tried to write."""
    if not isinstance(stored, dict) or not stored:
        return False
    return stored.get("version") == written.get("version") and stored.get("data") == written.get(
        "data"
    )


def _raise_for_cancellation(error: ClientError) -> None:
    """Map a cancelled transaction (profile put, night put) to the port's errors."""
    reasons = [
        str(reason.get("Code") or "None")
        for reason in error.response.get("CancellationReasons", [])
    ]
    profile_reason = reasons[0] if reasons else "None"
    night_reason = reasons[1] if len(reasons) > 1 else "None"
    if profile_reason in (_CONDITION_FAILED, _TRANSACTION_CONFLICT):
        raise VersionConflict("the household changed since it was read") from None
    if night_reason == _CONDITION_FAILED:
        raise NightAlreadyRecorded("tonight's answers are already stored") from None
    if night_reason == _TRANSACTION_CONFLICT:
        raise VersionConflict("tonight's answers are being stored") from None
    other = next((r for r in reasons if r != "None"), "Unknown")
    raise StorageUnavailable(f"TransactionCanceledException:{other}") from error


def client_from_environment(session: Any = None) -> DynamoDBClient:
    """A DynamoDB client made by botocore itself, with `client_config()`.

    Region from AWS_REGION or AWS_DEFAULT_REGION (default us-east-1). A local endpoint such as
    DynamoDB Local comes from the standard AWS_ENDPOINT_URL_DYNAMODB, which botocore reads
    itself. boto3's session would make the same client and cost a cold start its own imports
    (boto3, s3transfer: about 35-90 ms), so it is not used. Pass the session of an earlier
    client (`dynamodb_session()`) to make a fresh one without loading the service model again.
    """
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION
    session = session or dynamodb_session()
    client = session.create_client("dynamodb", region_name=region, config=client_config())
    return cast("DynamoDBClient", client)


def dynamodb_session() -> Any:
    """A botocore session whose data loader knows one service (DynamoDB) and its endpoint rules.

    botocore's loader otherwise lists every service it ships (about 400 folders, some 900
    directory reads) to check that "dynamodb" is one of them, twice per client, and parses
    the legacy endpoints.json of every service (1.2 MB) for a resolver whose answer DynamoDB's
    endpoint rules (endpoint-rule-set-1, with partitions.json) then replace: together 80-110 ms
    of a cold start at a full CPU, seven times that at 256 MB. Here the legacy resolver gets
    only each partition's name, DNS suffix and regions (from partitions.json), and the client
    sends to the same URL, signed for the same region and service, as a stock client (the
    tests compare them partition by partition); with FIPS or dual-stack endpoints configured,
    whose legacy entries differ per service, it reads endpoints.json as usual. Everything else
    (the service model, AWS_DATA_PATH) is botocore's own.
    """
    import botocore.loaders
    import botocore.session

    class DynamoDbOnlyLoader(botocore.loaders.Loader):
        def list_available_services(self, type_name: str) -> list[str]:
            return ["dynamodb"]

        def load_data_with_path(self, name: str) -> tuple[Any, str]:
            if name == "endpoints" and plain_endpoints:
                return _legacy_partitions(self.load_data("partitions")), "<from partitions>"
            data, path = super().load_data_with_path(name)
            return data, str(path)

    session = botocore.session.get_session()
    # FIPS and dual-stack endpoints still depend on per-service legacy entries: full data then.
    plain_endpoints = not any(
        _enabled(session.get_config_variable(name))
        for name in ("use_fips_endpoint", "use_dualstack_endpoint")
    )
    extra = session.get_config_variable("data_path")
    paths = [os.path.expanduser(path) for path in extra.split(os.pathsep)] if extra else []
    session.register_component("data_loader", DynamoDbOnlyLoader(extra_search_paths=paths))
    return session


def _enabled(value: Any) -> bool:
    return value is True or str(value).strip().lower() == "true"


def _legacy_partitions(partitions: Any) -> dict[str, Any]:
    """endpoints.json's shape with no service entries: each partition's defaults only."""
    return {"version": 3, "partitions": [_legacy_partition(p) for p in partitions["partitions"]]}


def _legacy_partition(partition: Any) -> dict[str, Any]:
    return {
        "partition": partition["id"],
        "dnsSuffix": partition["outputs"]["dnsSuffix"],
        "regionRegex": partition["regionRegex"],
        "regions": {region: {} for region in partition.get("regions", {})},
        "defaults": {
            "hostname": "{service}.{region}.{dnsSuffix}",
            "protocols": ["https"],
            "signatureVersions": ["v4"],
        },
        "services": {},
    }


def rehearse_client(client: Any, table_name: str) -> None:
    """The client's first GetItem, PutItem and TransactWriteItems, answered by botocore's
    Stubber: endpoint rules, validation and serialisation are loaded at init (Lambda runs it at
    a full CPU), and no request leaves the process."""
    from botocore.stub import Stubber

    key = {"PK": {"S": "PREPARE"}, "SK": {"S": "PROFILE"}}
    item = {**key, "version": {"N": "1"}, "data": {"S": "{}"}}
    with Stubber(client) as stubber:
        stubber.add_response("get_item", {})
        stubber.add_response("put_item", {})
        stubber.add_response("transact_write_items", {})
        client.get_item(TableName=table_name, Key=key, ConsistentRead=True)
        client.put_item(
            TableName=table_name,
            Item=item,
            ConditionExpression="attribute_not_exists(PK)",
        )
        client.transact_write_items(
            TransactItems=[{"Put": {"TableName": table_name, "Item": item}}]
        )
