"""The reliability suite's system under test, started once for these tests (see reliability/).

It starts its own Amazon DynamoDB Local (as tests/integration does), the fake Settings API and
``lambda/handler.py``; while these tests run, nothing may leave 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from reliability import logtap
from reliability.guard import loopback_only
from reliability.stack import Stack, open_stack
from tests.support.dynamodb_local import DynamoDbLocalMissing, missing


@pytest.fixture(scope="session")
def reliability_stack() -> Iterator[Stack]:
    with ExitStack() as exits:
        exits.enter_context(loopback_only())
        try:
            stack = exits.enter_context(open_stack())
        except DynamoDbLocalMissing as error:
            missing(error)
        yield stack


@pytest.fixture(scope="session")
def tap() -> Iterator[logtap.LogTap]:
    """Every log record, through the root logger (pytest's own handlers stay)."""
    installed = logtap.install(exclusive=False)
    try:
        yield installed.tap
    finally:
        logtap.uninstall(installed)
