"""Shared integration fixtures: one Amazon DynamoDB Local for the whole test session.

It starts only when a test asks for it (the memory and SQLite cases never start Java). Under
`make test`, which installs it, a missing DynamoDB Local is a failure; a bare `pytest` on a fresh
checkout skips those tests and says why (see `tests.support.dynamodb_local.missing`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.support.dynamodb_local import (
    TABLE_NAME,
    DynamoDbLocal,
    DynamoDbLocalMissing,
    create_table_from_template,
    missing,
    start,
)

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


@pytest.fixture(scope="session")
def dynamodb_local() -> Iterator[DynamoDbLocal]:
    try:
        local = start()
    except DynamoDbLocalMissing as error:
        missing(error)
    try:
        yield local
    finally:
        local.stop()


@pytest.fixture(scope="session")
def dynamodb_client(dynamodb_local: DynamoDbLocal) -> DynamoDBClient:
    """A patient client (set-up, checks of what is stored); the store's own clients vary."""
    return dynamodb_local.client()


@pytest.fixture(scope="session")
def dynamodb_table(dynamodb_client: DynamoDBClient) -> str:
    """One table for the session, made exactly as template.yaml declares it.

    Tests keep apart by using fresh household ids, which is also how the real table is shared.
    """
    try:
        create_table_from_template(dynamodb_client, TABLE_NAME)
    except DynamoDbLocalMissing as error:
        missing(error)
    return TABLE_NAME
