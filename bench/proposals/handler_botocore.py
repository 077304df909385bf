"""Proposal for lambda/handler.py: today's handler, with the DynamoDB client made by botocore.

`DynamoDbStore.from_environment` imports boto3 only to make a botocore client; `import boto3`
also loads boto3's resource layer and s3transfer (about 50–90 ms of a cold start here; see
`python -m bench.importtime`). botocore's own session makes the identical client: same config,
same environment (region, AWS_ENDPOINT_URL_DYNAMODB, credentials). The same change belongs in
`DynamoDbStore.from_environment` itself; it is here so `make bench-whatif` can measure it
without touching skill/. As today, the client is made on first use (skill.storage.lazy), so
help never loads botocore; with Lambda SnapStart or provisioned concurrency, make it at init.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any, cast

os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from skill.alexa.builder import build_skill
from skill.alexa.context import SkillSettings
from skill.alexa.timezone import SettingsApiTimeZones, zone_or_none
from skill.ports import HouseholdStore
from skill.storage.lazy import LazyStore

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

logging.getLogger().setLevel(os.environ.get("LOG_LEVEL", "INFO"))


def _dynamodb() -> HouseholdStore:
    import botocore.session

    from skill.storage.dynamodb import DEFAULT_REGION, DynamoDbStore, client_config

    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION
    client = botocore.session.get_session().create_client(
        "dynamodb", region_name=region, config=client_config()
    )
    return DynamoDbStore(cast("DynamoDBClient", client), os.environ["TABLE_NAME"])


_skill = build_skill(
    store=LazyStore(_dynamodb),
    time_zones=SettingsApiTimeZones(zone_or_none(os.environ.get("DEFAULT_TIME_ZONE"))),
    settings=SkillSettings(skill_id=os.environ.get("SKILL_ID") or None),
)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _skill.handle_event(event, context)
