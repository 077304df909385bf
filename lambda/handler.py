"""AWS Lambda entry point: build the skill once per container, answer every invocation with it."""

from __future__ import annotations

import logging
import os
from typing import Any

from skill.alexa.builder import build_skill
from skill.alexa.context import SkillSettings
from skill.alexa.timezone import SettingsApiTimeZones, zone_or_none
from skill.storage.dynamodb import DynamoDbStore

logging.getLogger().setLevel(os.environ.get("LOG_LEVEL", "INFO"))

_skill = build_skill(
    store=DynamoDbStore.from_environment(os.environ["TABLE_NAME"]),
    time_zones=SettingsApiTimeZones(zone_or_none(os.environ.get("DEFAULT_TIME_ZONE"))),
    settings=SkillSettings(skill_id=os.environ.get("SKILL_ID") or None),
)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _skill.handle_event(event, context)
