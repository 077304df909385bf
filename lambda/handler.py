"""AWS Lambda entry point: build the skill once per container, answer every invocation with it.

Lambda runs this module's import (the init phase) at a full CPU and each invocation at
MemorySize/1769 of one vCPU, so everything the first turn needs is built here: the DynamoDB
client (botocore's own, no boto3), the content (pre-validated at build time, so no pydantic),
one rehearsal of the first turns (see skill.alexa.prepare). With SnapStart, the hooks below run
around the snapshot.
"""

# ruff: noqa: E402 (the collector goes off before the imports, which are most of init)
from __future__ import annotations

import gc

# Init allocates much and frees little: the cyclic collector's full passes over a growing heap
# would cost it tens of milliseconds (seven times that where init is throttled). Off during
# init, then everything built so far is frozen out of later collections (end of this module).
gc.disable()

import os
import random
from typing import Any

from skill.alexa.builder import build_skill
from skill.alexa.context import SkillSettings
from skill.alexa.lambda_logging import configure_lambda_logging
from skill.alexa.prepare import prepare
from skill.alexa.timezone import SettingsApiTimeZones, zone_or_none
from skill.storage.dynamodb import (
    DynamoDbStore,
    client_from_environment,
    dynamodb_session,
    rehearse_client,
)
from skill.storage.memory import MemoryStore
from skill.storage.swappable import SwappableStore

# LOG_LEVEL is the skill's own: at DEBUG, botocore would log request bodies (keys, answers).
configure_lambda_logging(os.environ.get("LOG_LEVEL", "INFO"))

_TABLE = os.environ["TABLE_NAME"]
_SESSION = dynamodb_session()  # keeps the loaded service model for new clients


def _new_client() -> Any:
    """A DynamoDB client, its first calls rehearsed (see rehearse_client)."""
    client = client_from_environment(_SESSION)
    rehearse_client(client, _TABLE)
    return client


_client = _new_client()
_store = SwappableStore(DynamoDbStore(_client, _TABLE))
_skill = build_skill(
    store=_store,
    time_zones=SettingsApiTimeZones(zone_or_none(os.environ.get("DEFAULT_TIME_ZONE"))),
    settings=SkillSettings(skill_id=os.environ.get("SKILL_ID") or None),
)
prepare(rehearsal_store=MemoryStore())  # a throwaway store: the rehearsal never touches DynamoDB
gc.freeze()
gc.enable()


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _skill.handle_event(event, context)


# -- Lambda SnapStart (opt-in in template.yaml) ---------------------------------------------------
# Every environment restored from one snapshot starts with the same memory: the same random
# state, the same client (its connection pool, the credentials it resolved). The hooks come
# from snapshot-restore-py, which the Lambda runtime provides (without SnapStart they are
# simply never called); where it is missing, nothing is registered.


def before_snapshot() -> None:
    """No connection goes into the snapshot (a rehearsal makes none; this makes sure)."""
    _client.close()


def after_restore() -> None:
    """Each restored environment: its own random state and its own client."""
    global _client
    random.seed()
    _client = _new_client()
    _store.replace(DynamoDbStore(_client, _TABLE))


try:
    from snapshot_restore_py import register_after_restore, register_before_snapshot
except ImportError:  # outside Lambda, without the package
    pass
else:
    register_before_snapshot(before_snapshot)
    register_after_restore(after_restore)
