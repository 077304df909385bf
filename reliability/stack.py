"""The system under test, started on this machine: DynamoDB Local, the Lambda, the web service.

* Amazon DynamoDB Local (``tests.support.dynamodb_local``), with the table exactly as
  template.yaml declares it;
* a fake Alexa Settings API on 127.0.0.1 (``tests.support.fake_settings_api``), the only
  ``apiEndpoint`` the skill ever reaches;
* ``lambda/handler.py`` imported by path, as the Lambda runtime does, with ``TABLE_NAME``,
  ``SKILL_ID`` and ``AWS_ENDPOINT_URL_DYNAMODB`` (dummy credentials) in its environment;
* web servers (werkzeug, threaded, 127.0.0.1, port 0) for any Flask app.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import uuid
from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from flask import Flask

from skill.alexa.builder import HeartToHeartSkill
from skill.chat.envelopes import APPLICATION_ID, Caller, launch_request
from skill.storage.dynamodb import DynamoDbStore, client_config
from tests.support.dynamodb_local import (
    DynamoDbLocal,
    FaultProxy,
    create_table_from_template,
    start,
)
from tests.support.fake_settings_api import SettingsApiState, fake_settings_api
from tests.support.web_server import serving

if TYPE_CHECKING:
    from botocore.config import Config
    from mypy_boto3_dynamodb import DynamoDBClient

REPO_ROOT = Path(__file__).resolve().parents[1]
LAMBDA_HANDLER = REPO_ROOT / "lambda" / "handler.py"
TABLE = "HeartToHeart-reliability"
#: The Lambda's skill id (``SKILL_ID``), as in every envelope ``skill.chat.envelopes`` builds.
SKILL_ID = APPLICATION_ID
#: The Settings API answers for these devices; any other device falls back to the locale's zone.
DEVICE_ZONES = {
    "amzn1.ask.device.RELIABILITY-NY": "America/New_York",
    "amzn1.ask.device.RELIABILITY-LONDON": "Europe/London",
    "amzn1.ask.device.RELIABILITY-SYDNEY": "Australia/Sydney",
    "amzn1.ask.device.RELIABILITY-KOLKATA": "Asia/Kolkata",
}
SETTINGS_TOKEN = "reliability-token"
_AWS_VARIABLES = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_SESSION_TOKEN",
    "AWS_DEFAULT_REGION",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
)


@contextlib.contextmanager
def environment(
    values: Mapping[str, str], remove: tuple[str, ...] = _AWS_VARIABLES
) -> Iterator[None]:
    """Set (and remove) environment variables for the ``with`` block, then restore them all."""
    saved = {name: os.environ.get(name) for name in (*values, *remove)}
    try:
        for name in remove:
            os.environ.pop(name, None)
        os.environ.update(values)
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def import_lambda_handler(env: Mapping[str, str]) -> ModuleType:
    """``lambda/handler.py`` as a fresh module, built (skill, store, client) under ``env``.

    The handler may build its DynamoDB client lazily, on the first request that needs storage,
    so a first (warm-up) launch is answered while ``env`` is still set: the client then points
    at DynamoDB Local for good, and the process environment is left as it was.
    """
    name = f"heart_to_heart_lambda_{uuid.uuid4().hex[:8]}"
    spec = importlib.util.spec_from_file_location(name, LAMBDA_HANDLER)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {LAMBDA_HANDLER}")
    module = importlib.util.module_from_spec(spec)
    with environment(env):
        spec.loader.exec_module(module)
        warm_up = Caller(
            user_id="amzn1.ask.account.RELIABILITY-WARM-UP",
            application_id=env.get("SKILL_ID") or APPLICATION_ID,
            api_endpoint="",  # no Settings API call: the locale's zone
        )
        module.handler(launch_request(warm_up, datetime.now(UTC)), None)
    return module


@dataclass
class Stack:
    dynamodb: DynamoDbLocal
    client: DynamoDBClient  # patient: set-up and reading back what is stored
    table: str
    settings_state: SettingsApiState
    settings_url: str
    lambda_module: ModuleType
    exits: ExitStack = field(repr=False)

    # -- the Lambda ------------------------------------------------------------------------

    def handler(self, event: dict[str, Any]) -> dict[str, Any]:
        """One Lambda invocation: ``handler.handler(event, context)``."""
        result: dict[str, Any] = self.lambda_module.handler(event, None)
        return result

    @property
    def lambda_skill(self) -> HeartToHeartSkill:
        skill = self.lambda_module._skill
        assert isinstance(skill, HeartToHeartSkill)
        return skill

    def lambda_environment(self, endpoint: str | None = None) -> dict[str, str]:
        return {
            **self.dynamodb.environment(),
            "AWS_ENDPOINT_URL_DYNAMODB": endpoint or self.dynamodb.endpoint,
            "TABLE_NAME": self.table,
            "SKILL_ID": SKILL_ID,
            "LOG_LEVEL": "INFO",
            "DEFAULT_TIME_ZONE": "",
        }

    # -- storage ---------------------------------------------------------------------------

    def dynamodb_client(
        self, config: Config | None = None, endpoint: str | None = None
    ) -> DynamoDBClient:
        """A client with the production settings (``client_config``) unless told otherwise."""
        client: DynamoDBClient = self.dynamodb._session.client(
            "dynamodb",
            region_name="us-east-1",
            endpoint_url=endpoint or self.dynamodb.endpoint,
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=config or client_config(),
        )
        return client

    def store(
        self, client: DynamoDBClient | None = None, table: str | None = None
    ) -> DynamoDbStore:
        return DynamoDbStore(client or self.client, table or self.table)

    def create_table(self, name: str) -> str:
        existing = self.client.list_tables().get("TableNames", [])
        if name not in existing:
            create_table_from_template(self.client, name)
        return name

    def items(self, household_id: str, table: str | None = None) -> list[dict[str, Any]]:
        """Every item of the household, exactly as stored, in key order."""
        query: dict[str, Any] = {
            "TableName": table or self.table,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": f"HOUSEHOLD#{household_id}"}},
            "ConsistentRead": True,
        }
        found: list[dict[str, Any]] = []
        for _ in range(1000):  # bounded paging
            page = self.client.query(**query)
            found.extend(dict(item) for item in page.get("Items", []))
            last = page.get("LastEvaluatedKey")
            if not last:
                break
            query["ExclusiveStartKey"] = last
        return found

    def fault_proxy(self) -> FaultProxy:
        """A proxy in front of DynamoDB Local that fails chosen operations (closed at the end)."""
        return self.exits.enter_context(FaultProxy(self.dynamodb.endpoint))

    # -- the web service -------------------------------------------------------------------

    def serve(self, app: Flask) -> tuple[str, int]:
        """Run ``app`` on 127.0.0.1 until the stack closes; returns (host, port)."""
        base: tuple[str, int] = self.exits.enter_context(serving(app))
        return base


@contextlib.contextmanager
def open_stack(table: str = TABLE) -> Iterator[Stack]:
    """Start everything; stop everything (DynamoDB Local's whole process group) at the end."""
    with ExitStack() as exits:
        dynamodb = start()
        exits.callback(dynamodb.stop)
        client = dynamodb.client()
        create_table_from_template(client, table)
        settings_state = SettingsApiState(zones=dict(DEVICE_ZONES), token=SETTINGS_TOKEN)
        settings_url = exits.enter_context(fake_settings_api(settings_state))
        stack = Stack(
            dynamodb=dynamodb,
            client=client,
            table=table,
            settings_state=settings_state,
            settings_url=settings_url,
            lambda_module=ModuleType("placeholder"),
            exits=exits,
        )
        stack.lambda_module = import_lambda_handler(stack.lambda_environment())
        yield stack
