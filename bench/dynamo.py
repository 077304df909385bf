"""Amazon DynamoDB Local for the benchmark: the tables, the environment, and call counting.

DynamoDB Local comes from the tests' support module (`make dynamodb-local` installs it); it
listens on a loopback port and every client here talks to 127.0.0.1 only.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from tests.support.dynamodb_local import DynamoDbLocal, create_table_from_template

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
    deadline = time.monotonic() + 10
    while client.describe_table(TableName=STANDARD_TABLE)["Table"].get("TableStatus") != "ACTIVE":
        if time.monotonic() > deadline:
            raise RuntimeError(f"table {STANDARD_TABLE} did not become active")
        time.sleep(0.05)


def warm_up(local: DynamoDbLocal, calls: int) -> None:
    """Exercise DynamoDB Local's JVM (reads, writes, a transaction) before anything is timed."""
    client = local.client()
    key = {"PK": {"S": "WARM-UP"}, "SK": {"S": "PROFILE"}}
    for number in range(calls):
        item = {**key, "data": {"S": "x" * 1500}, "version": {"N": str(number)}}
        client.put_item(TableName=H2H_TABLE, Item=item)
        client.get_item(TableName=H2H_TABLE, Key=key, ConsistentRead=True)
        if number % 10 == 0:
            night = {"PK": {"S": "WARM-UP"}, "SK": {"S": f"NIGHT#{number}"}}
            client.transact_write_items(
                TransactItems=[
                    {"Put": {"TableName": H2H_TABLE, "Item": {**item, "version": {"N": "0"}}}},
                    {"Put": {"TableName": H2H_TABLE, "Item": night}},
                ]
            )
        client.get_item(TableName=STANDARD_TABLE, Key={"id": {"S": "WARM-UP"}})
    client.delete_item(TableName=H2H_TABLE, Key=key)


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
