"""Amazon DynamoDB Local for the benchmark: the tables, the environment, and call counting.

DynamoDB Local comes from the tests' support module (`make dynamodb-local` installs it); it
listens on a loopback port and every client here talks to 127.0.0.1 only.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from botocore.config import Config

from tests.support.dynamodb_local import DynamoDbLocal, create_table_from_template

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

H2H_TABLE: Final = "HeartToHeart-bench"
STANDARD_TABLE: Final = "HelloWorld-standard-bench"
READS: Final = frozenset({"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems"})
WRITES: Final = frozenset(
    {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
)


def create_tables(local: DynamoDbLocal) -> None:
    """Ours exactly as template.yaml declares it; the standard way's as its adapter expects."""
    client = local.client()
    create_table_from_template(client, H2H_TABLE)
    client.create_table(
        TableName=STANDARD_TABLE,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.get_waiter("table_exists").wait(
        TableName=STANDARD_TABLE, WaiterConfig={"Delay": 0.1, "MaxAttempts": 100}
    )


def seed_standard_way(local: DynamoDbLocal, user_ids: list[str]) -> None:
    """Persistent attributes for each user, as a hello world with a visit counter keeps them."""
    client = local.client()
    for user_id in user_ids:
        client.put_item(
            TableName=STANDARD_TABLE,
            Item={
                "id": {"S": user_id},
                "attributes": {"M": {"visits": {"N": "3"}, "lastVisit": {"S": "2026-11-20"}}},
            },
        )


def child_environment(local: DynamoDbLocal) -> dict[str, str]:
    """What every cold-start process sees: DynamoDB Local, dummy keys, no ~/.aws files."""
    return {
        **local.environment(),
        "AWS_DEFAULT_REGION": local.environment()["AWS_REGION"],
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "TABLE_NAME": H2H_TABLE,
        "STANDARD_TABLE_NAME": STANDARD_TABLE,
    }


def skill_client(local: DynamoDbLocal, config: Config) -> DynamoDBClient:
    """A client like the skill's own (`DynamoDbStore.from_environment`), on DynamoDB Local."""
    return local.client(config)


@dataclass
class CallCounter:
    """Counts DynamoDB API calls by operation, from botocore's `before-call` event."""

    calls: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def attach(self, client: Any) -> None:
        client.meta.events.register("before-call.dynamodb", self._count)

    def _count(self, model: Any, **_kwargs: Any) -> None:
        with self._lock:
            self.calls[str(model.name)] += 1

    def take(self) -> Counter[str]:
        """The calls since the last take, and start again."""
        with self._lock:
            taken = Counter(self.calls)
            self.calls.clear()
            return taken


def reads_writes(calls: Mapping[str, int]) -> tuple[int, int]:
    reads = sum(count for name, count in calls.items() if name in READS)
    writes = sum(count for name, count in calls.items() if name in WRITES)
    return reads, writes
