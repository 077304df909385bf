"""Storage adapters behind `skill.ports.HouseholdStore`, chosen by URL (see `open_store`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skill.ports import HouseholdStore


def open_store(url: str) -> HouseholdStore:
    """`memory://`, `sqlite:///path/to/file.db` or `dynamodb://TABLE`.

    Imports stay inside the branches so that, for example, boto3 loads only for DynamoDB.
    """
    if url == "memory://" or url == "memory:":
        from skill.storage.memory import MemoryStore

        return MemoryStore()
    if url.startswith("sqlite:///"):
        from skill.storage.sqlite import SqliteStore

        return SqliteStore(url.removeprefix("sqlite:///") or ":memory:")
    if url.startswith("dynamodb://"):
        from skill.storage.dynamodb import DynamoDbStore

        table = url.removeprefix("dynamodb://").strip("/")
        if not table:
            raise ValueError("dynamodb:// needs a table name, like dynamodb://HeartToHeart")
        return DynamoDbStore.from_environment(table)
    raise ValueError(
        f"unknown store URL {url!r}: use memory://, sqlite:///PATH or dynamodb://TABLE"
    )
