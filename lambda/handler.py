"""AWS Lambda entry point: build the skill once per container, answer every invocation with it."""

from __future__ import annotations

import logging
import os
from typing import Any

# pydantic looks for plugins through package metadata on first use; we have none (cold start).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from skill.alexa.builder import build_skill
from skill.alexa.context import SkillSettings
from skill.alexa.timezone import SettingsApiTimeZones, zone_or_none
from skill.ports import HouseholdStore
from skill.storage.lazy import LazyStore

# LOG_LEVEL is the skill's own: at DEBUG, botocore would log request bodies (keys, answers).
logging.getLogger().setLevel(logging.INFO)
logging.getLogger("heart_to_heart").setLevel(os.environ.get("LOG_LEVEL", "INFO"))
for chatty in ("botocore", "boto3", "urllib3"):
    logging.getLogger(chatty).setLevel(logging.WARNING)


def _dynamodb() -> HouseholdStore:
    # Imported here: boto3 costs a cold start ~150 ms, and Help never touches storage.
    from skill.storage.dynamodb import DynamoDbStore

    return DynamoDbStore.from_environment(os.environ["TABLE_NAME"])


_skill = build_skill(
    store=LazyStore(_dynamodb),
    time_zones=SettingsApiTimeZones(zone_or_none(os.environ.get("DEFAULT_TIME_ZONE"))),
    settings=SkillSettings(skill_id=os.environ.get("SKILL_ID") or None),
)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _skill.handle_event(event, context)
