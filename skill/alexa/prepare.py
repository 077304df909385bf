"""Do at init what the first turn of a session would otherwise do on a throttled CPU.

Lambda runs the init phase (loading lambda/handler.py) at a full CPU and the invoke at
MemorySize/1769 of one: work left to the first turn costs up to seven times as much there at
256 MB. So the entry point builds everything here, once per container, before the first event:

* every supported locale's content is loaded (from its pre-validated form in a build);
* one launch and one tonight's question go through a throwaway copy of the skill on an
  in-memory store (ask-sdk's request model, the routes, the services, the voice);

(The DynamoDB client's first calls are rehearsed by the storage adapter itself, see
skill.storage.dynamodb.rehearse_client.)

Nothing here touches the real store or a user's data, and the turns' log lines are muted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from skill.content.loader import SUPPORTED_LOCALES, load_content
from skill.ports import HouseholdStore

if TYPE_CHECKING:
    from skill.alexa.builder import HeartToHeartSkill

_PREFIX = "amzn1.ask.account.PREPARE"


def load_all_content() -> None:
    """Every supported locale's content, every part, into the loader's cache."""
    for locale in SUPPORTED_LOCALES:
        load_content(locale).validate_all()


def _envelope(locale: str, request: dict[str, Any], now: datetime) -> dict[str, Any]:
    application = {"applicationId": "amzn1.ask.skill.prepare"}
    user = {"userId": f"{_PREFIX}-{locale}"}
    return {
        "version": "1.0",
        "session": {
            "new": True,
            "sessionId": "amzn1.echo-api.session.prepare",
            "application": application,
            "user": user,
            "attributes": {},
        },
        "context": {
            "System": {
                "application": application,
                "user": user,
                "device": {"deviceId": "amzn1.ask.device.PREPARE", "supportedInterfaces": {}},
            }
        },
        "request": {
            **request,
            "requestId": "amzn1.echo-api.request.prepare",
            "timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "locale": locale,
        },
    }


def first_turns(locale: str, now: datetime) -> list[dict[str, Any]]:
    """A launch and a one-shot tonight's question, as Alexa sends them (no API token)."""
    return [
        _envelope(locale, {"type": "LaunchRequest"}, now),
        _envelope(
            locale,
            {
                "type": "IntentRequest",
                "intent": {"name": "TonightsQuestionIntent", "confirmationStatus": "NONE"},
            },
            now,
        ),
    ]


@contextmanager
def _muted(name: str) -> Iterator[None]:
    logger = logging.getLogger(name)
    before = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = before


def rehearse(store: HouseholdStore, now: datetime | None = None) -> HeartToHeartSkill:
    """Answer the first turns once on a throwaway skill over `store` (an empty in-memory one,
    from the composition root); returns that skill."""
    from skill.alexa.builder import build_skill
    from skill.alexa.context import SkillSettings
    from skill.alexa.timezone import SettingsApiTimeZones

    rehearsal = build_skill(store, SettingsApiTimeZones(None), SkillSettings())
    with _muted("heart_to_heart"):
        for event in first_turns("en-US", now or datetime.now(UTC)):
            rehearsal.handle_event(event)
    return rehearsal


def prepare(rehearsal_store: HouseholdStore) -> None:
    """Everything above, in order; the rehearsal runs on `rehearsal_store`, never the real one."""
    load_all_content()
    rehearse(rehearsal_store)
