"""One contract, every store: memory, SQLite (a file) and DynamoDB (Amazon DynamoDB Local).

The same assertions run against each `HouseholdStore`. Tests keep apart by fresh household ids,
as households share the real table. The end of the file checks what only DynamoDB has: the
item layout of the data model, the table from template.yaml and lazy TTL deletion.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from skill.domain.streaks import Streak
from skill.household import (
    PROFILE_TTL_SECONDS,
    SCHEMA_VERSION,
    AnsweredItem,
    Household,
    NightRecord,
    Tonight,
    household_json,
    night_json,
    profile_expires_at,
)
from skill.ports import HouseholdStore, NightAlreadyRecorded, VersionConflict
from skill.storage.dynamodb import DynamoDbStore
from skill.storage.memory import MemoryStore
from skill.storage.sqlite import SqliteStore
from tests.support.dynamodb_local import TABLE_NAME, DynamoDbLocal, table_properties
from tests.support.records import rich_household

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

NIGHT = date(2026, 11, 20)
IN_A_WEEK = int(time.time()) + 7 * 24 * 3600

# Writes a raw profile (version, data) behind the store's back.
Corrupt = Callable[[str, int, str | None], None]


@dataclass
class Backend:
    name: str
    store: HouseholdStore
    corrupt: Corrupt


def _memory_backend() -> Backend:
    store = MemoryStore()

    def corrupt(household_id: str, version: int, data: str | None) -> None:
        expires_at = profile_expires_at(time.time())
        store.documents[household_id] = (version, data if data is not None else "", expires_at)

    return Backend("memory", store, corrupt)


def _sqlite_backend(tmp_path: Path) -> Iterator[Backend]:
    path = tmp_path / "households.db"
    store = SqliteStore(str(path))

    def corrupt(household_id: str, version: int, data: str | None) -> None:
        with sqlite3.connect(path) as db:
            db.execute(
                "INSERT OR REPLACE INTO households (household_id, version, data) VALUES (?, ?, ?)",
                (household_id, version, data if data is not None else ""),
            )

    yield Backend("sqlite", store, corrupt)
    store.close()


def _dynamodb_backend(client: DynamoDBClient, table: str) -> Backend:
    def corrupt(household_id: str, version: int, data: str | None) -> None:
        item: dict[str, dict[str, str]] = {
            "PK": {"S": f"HOUSEHOLD#{household_id}"},
            "SK": {"S": "PROFILE"},
            "version": {"N": str(version)},
        }
        if data is not None:
            item["data"] = {"S": data}
        client.put_item(TableName=table, Item=item)

    return Backend("dynamodb", DynamoDbStore(client, table), corrupt)


def _backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "memory":
        yield _memory_backend()
    elif request.param == "sqlite":
        yield from _sqlite_backend(tmp_path)
    else:
        client = request.getfixturevalue("dynamodb_client")
        table = request.getfixturevalue("dynamodb_table")
        yield _dynamodb_backend(client, table)


DYNAMODB = pytest.param("dynamodb", marks=pytest.mark.dynamodb)


@pytest.fixture(params=["memory", "sqlite", DYNAMODB])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    yield from _backend(request, tmp_path)


def new_id() -> str:
    return uuid.uuid4().hex


def night_record(household_id: str, night: date = NIGHT, *, answers: tuple[int, ...] = (4, 5),
                 expires_at: int = IN_A_WEEK) -> NightRecord:  # fmt: skip
    return NightRecord(
        household_id=household_id,
        night=night,
        answered=(
            AnsweredItem(item_id="anchor-1", pillar=None, answers=answers),
            AnsweredItem(item_id="trust-2", pillar="trust", answers=()),
        ),
        expires_at=expires_at,
    )


# -- the contract ------------------------------------------------------------------------------


def test_unknown_household_loads_as_none(backend: Backend) -> None:
    assert backend.store.load(new_id()) is None
    assert backend.store.load_night(new_id(), NIGHT) is None


def test_first_save_makes_version_one(backend: Backend) -> None:
    household_id = new_id()
    saved = backend.store.save(Household.new(household_id), expected_version=0)
    assert saved.version == 1
    loaded = backend.store.load(household_id)
    assert loaded == saved
    assert loaded is not None and loaded.version == 1


def test_each_save_moves_the_version_on_by_one(backend: Backend) -> None:
    household_id = new_id()
    store = backend.store
    first = store.save(Household.new(household_id), expected_version=0)
    second = store.save(replace(first, depth="deeper"), expected_version=1)
    assert second.version == 2
    assert store.load(household_id) == second


def test_stale_version_conflicts_and_changes_nothing(backend: Backend) -> None:
    household_id = new_id()
    store = backend.store
    store.save(Household.new(household_id), expected_version=0)
    current = store.save(
        replace(Household.new(household_id), heard_starters=("a",)),
        expected_version=1,
    )
    stale = replace(Household.new(household_id), heard_starters=("stale",))
    for expected in (0, 1, 3):
        with pytest.raises(VersionConflict):
            store.save(stale, expected_version=expected)
    assert store.load(household_id) == current


def test_a_household_that_does_not_exist_has_no_version_to_match(backend: Backend) -> None:
    household_id = new_id()
    with pytest.raises(VersionConflict):
        backend.store.save(Household.new(household_id), expected_version=1)
    assert backend.store.load(household_id) is None


def test_save_with_night_writes_both(backend: Backend) -> None:
    household_id = new_id()
    record = night_record(household_id)
    household = replace(Household.new(household_id), last_checkin_night=NIGHT)
    saved = backend.store.save(household, expected_version=0, night=record)
    assert backend.store.load(household_id) == saved
    assert backend.store.load_night(household_id, NIGHT) == record


def test_a_night_of_another_household_is_refused_and_nothing_written(backend: Backend) -> None:
    household_id, other_id = new_id(), new_id()
    with pytest.raises(ValueError, match="belong"):
        backend.store.save(
            Household.new(household_id), expected_version=0, night=night_record(other_id)
        )
    assert backend.store.load(household_id) is None
    assert backend.store.load_night(other_id, NIGHT) is None


def test_second_night_for_the_same_date_changes_nothing(backend: Backend) -> None:
    household_id = new_id()
    store = backend.store
    first = night_record(household_id, answers=(1, 2))
    saved = store.save(Household.new(household_id), expected_version=0, night=first)
    other = night_record(household_id, answers=(5, 5))
    changed = replace(saved, streak=Streak(current=1, total_nights=1))
    with pytest.raises(NightAlreadyRecorded):
        store.save(changed, expected_version=1, night=other)
    assert store.load(household_id) == saved  # all or nothing: the profile did not move
    assert store.load_night(household_id, NIGHT) == first


def test_stale_version_with_a_night_writes_no_night(backend: Backend) -> None:
    household_id = new_id()
    store = backend.store
    saved = store.save(Household.new(household_id), expected_version=0)
    with pytest.raises(VersionConflict) as raised:
        store.save(
            Household.new(household_id), expected_version=0, night=night_record(household_id)
        )
    assert not isinstance(raised.value, NightAlreadyRecorded)
    assert store.load(household_id) == saved
    assert store.load_night(household_id, NIGHT) is None


def test_load_night_finds_only_that_household_and_night(backend: Backend) -> None:
    household_id, neighbour = new_id(), new_id()
    store = backend.store
    record = night_record(household_id)
    store.save(Household.new(household_id), expected_version=0, night=record)
    assert store.load_night(household_id, NIGHT) == record
    assert store.load_night(household_id, NIGHT - timedelta(days=1)) is None
    assert store.load_night(household_id, NIGHT + timedelta(days=1)) is None
    assert store.load_night(neighbour, NIGHT) is None


def test_expired_night_is_not_returned(backend: Backend) -> None:
    household_id = new_id()
    expired = night_record(household_id, expires_at=int(time.time()) - 60)
    backend.store.save(Household.new(household_id), expected_version=0, night=expired)
    assert backend.store.load_night(household_id, NIGHT) is None


def test_expired_night_does_not_block_a_new_record(backend: Backend) -> None:
    household_id = new_id()
    store = backend.store
    expired = night_record(household_id, answers=(1,), expires_at=int(time.time()) - 60)
    store.save(Household.new(household_id), expected_version=0, night=expired)
    fresh = night_record(household_id, answers=(5,))
    assert store.save(Household.new(household_id), expected_version=1, night=fresh).version == 2
    assert store.load_night(household_id, NIGHT) == fresh


def test_delete_household_removes_profile_and_every_night(backend: Backend) -> None:
    household_id, neighbour = new_id(), new_id()
    store = backend.store
    nights = [NIGHT - timedelta(days=n) for n in range(30)]  # > 25: pages and batches
    for version, night in enumerate(nights):
        store.save(
            Household.new(household_id),
            expected_version=version,
            night=night_record(household_id, night),
        )
    kept = store.save(Household.new(neighbour), expected_version=0, night=night_record(neighbour))

    assert store.delete_household(household_id) == 1 + len(nights)

    assert store.load(household_id) is None
    assert all(store.load_night(household_id, night) is None for night in nights)
    assert store.load(neighbour) == kept
    assert store.load_night(neighbour, NIGHT) == night_record(neighbour)
    assert store.delete_household(household_id) == 0
    # Forgotten means a fresh start: version 0 again.
    assert store.save(Household.new(household_id), expected_version=0).version == 1


def test_delete_of_an_unknown_household_deletes_nothing(backend: Backend) -> None:
    assert backend.store.delete_household(new_id()) == 0


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("{not json", id="not-json"),
        pytest.param('{"household_id": 7, "streak": "long"}', id="wrong-types"),
        pytest.param("[1, 2, 3]", id="json-list"),
        pytest.param("", id="empty"),
    ],
)
def test_unreadable_profile_is_a_fresh_household_keeping_its_version(
    backend: Backend, data: str
) -> None:
    household_id = new_id()
    backend.corrupt(household_id, 7, data)
    loaded = backend.store.load(household_id)
    assert loaded == replace(Household.new(household_id), version=7)
    # The next save replaces it, conditionally on the version it was read with.
    assert backend.store.save(loaded, expected_version=7).version == 8
    assert backend.store.load(household_id) == replace(loaded, version=8)


def test_rich_household_round_trips_unchanged(backend: Backend) -> None:
    household_id = new_id()
    household = rich_household(household_id)
    saved = backend.store.save(household, expected_version=0, night=night_record(household_id))
    assert saved == replace(household, version=1)
    loaded = backend.store.load(household_id)
    assert loaded == saved
    assert loaded is not None and loaded.observations[1].score == 100 / 3
    again = backend.store.save(loaded, expected_version=1)
    assert backend.store.load(household_id) == again


# -- older shapes of the stored document ------------------------------------------------------

# A household as schema 1 stored it (the release before the depth preference became a word).
V1_DOCUMENT = {
    "household_id": "",
    "version": 4,
    "schema_version": 1,
    "first_night": "2026-09-01",
    "last_seen_night": "2026-11-19",
    "deep_opt_in": True,
    "tonight": {"night": "2026-11-19", "starter_id": "time-light-07", "extra": 1},
    "heard_starters": ["time-light-07"],
    "streak": {"current": 12, "longest": 31, "total_nights": 57, "last_night": "2026-11-18"},
    "focus": {"pillar": "listening", "since": "2026-11-10"},
    "last_checkin_night": "2026-11-18",
}


@pytest.mark.parametrize(("deep", "depth"), [(True, "deeper"), (False, "usual")])
def test_a_schema_1_household_is_upgraded_on_load_and_saved_in_the_current_shape(
    backend: Backend, deep: bool, depth: str
) -> None:
    household_id = new_id()
    document = {**V1_DOCUMENT, "household_id": household_id, "deep_opt_in": deep}
    backend.corrupt(household_id, 4, json.dumps(document))

    loaded = backend.store.load(household_id)

    assert loaded is not None
    assert (loaded.version, loaded.schema_version, loaded.depth) == (4, SCHEMA_VERSION, depth)
    assert loaded.streak.current == 12 and loaded.streak.total_nights == 57  # nothing lost
    assert loaded.tonight == Tonight(night=date(2026, 11, 19), starter_id="time-light-07", extra=1)
    assert loaded.focus.pillar == "listening" and loaded.first_night == date(2026, 9, 1)
    saved = backend.store.save(loaded, expected_version=4)
    assert backend.store.load(household_id) == saved


def test_a_document_from_an_unknown_schema_is_a_fresh_start(backend: Backend) -> None:
    household_id = new_id()
    document = {**V1_DOCUMENT, "household_id": household_id, "schema_version": 0}
    backend.corrupt(household_id, 3, json.dumps(document))
    assert backend.store.load(household_id) == replace(Household.new(household_id), version=3)


# -- what only the DynamoDB store has ---------------------------------------------------------


@pytest.mark.dynamodb
def test_table_is_made_exactly_as_template_yaml_declares(
    dynamodb_client: DynamoDBClient, dynamodb_table: str
) -> None:
    declared = table_properties()
    table = dynamodb_client.describe_table(TableName=dynamodb_table)["Table"]
    assert sorted(table["KeySchema"], key=str) == sorted(declared["KeySchema"], key=str)
    assert sorted(table["AttributeDefinitions"], key=str) == sorted(
        declared["AttributeDefinitions"], key=str
    )
    assert table.get("BillingModeSummary", {}).get("BillingMode") == declared["BillingMode"]
    ttl = dynamodb_client.describe_time_to_live(TableName=dynamodb_table)
    assert ttl["TimeToLiveDescription"].get("AttributeName") == "expiresAt"
    assert ttl["TimeToLiveDescription"].get("TimeToLiveStatus") == "ENABLED"


@pytest.mark.dynamodb
def test_items_follow_the_data_model(dynamodb_client: DynamoDBClient, dynamodb_table: str) -> None:
    client = dynamodb_client
    now = 1_800_000_000
    store = DynamoDbStore(client, dynamodb_table, clock=lambda: now + 0.5)
    household_id = new_id()
    record = night_record(household_id, expires_at=now + 7 * 24 * 3600)
    saved = store.save(Household.new(household_id), expected_version=0, night=record)

    items = client.query(
        TableName=dynamodb_table,
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": f"HOUSEHOLD#{household_id}"}},
    )["Items"]
    night_item, profile = items  # sorted by SK: NIGHT#… before PROFILE
    assert profile == {
        "PK": {"S": f"HOUSEHOLD#{household_id}"},
        "SK": {"S": "PROFILE"},
        "version": {"N": "1"},
        "data": {"S": household_json(saved)},
        "expiresAt": {"N": str(now + PROFILE_TTL_SECONDS)},
    }
    assert night_item == {
        "PK": {"S": f"HOUSEHOLD#{household_id}"},
        "SK": {"S": "NIGHT#2026-11-20"},
        "data": {"S": night_json(record)},
        "expiresAt": {"N": str(record.expires_at)},
    }


@pytest.mark.dynamodb
def test_expired_night_still_in_the_table_is_not_returned(
    dynamodb_client: DynamoDBClient, dynamodb_table: str
) -> None:
    """TTL deletion is lazy: the item can outlive `expiresAt`, the store must not serve it."""
    client = dynamodb_client
    household_id = new_id()
    record = night_record(household_id)
    DynamoDbStore(client, dynamodb_table).save(
        Household.new(household_id), expected_version=0, night=record
    )
    later = DynamoDbStore(client, dynamodb_table, clock=lambda: record.expires_at + 1.0)
    assert later.load_night(household_id, NIGHT) is None
    still_there = client.get_item(
        TableName=dynamodb_table,
        Key={"PK": {"S": f"HOUSEHOLD#{household_id}"}, "SK": {"S": "NIGHT#2026-11-20"}},
    )
    assert "Item" in still_there
    at_the_last_second = DynamoDbStore(client, dynamodb_table, clock=lambda: record.expires_at - 1)
    assert at_the_last_second.load_night(household_id, NIGHT) == record


@pytest.mark.dynamodb
@pytest.mark.parametrize("data", [None, "{not json"], ids=["no-data", "bad-data"])
def test_unreadable_night_is_no_night(
    dynamodb_client: DynamoDBClient, dynamodb_table: str, data: str | None
) -> None:
    client = dynamodb_client
    household_id = new_id()
    item: dict[str, dict[str, str]] = {
        "PK": {"S": f"HOUSEHOLD#{household_id}"},
        "SK": {"S": "NIGHT#2026-11-20"},
        "expiresAt": {"N": str(IN_A_WEEK)},
    }
    if data is not None:
        item["data"] = {"S": data}
    client.put_item(TableName=dynamodb_table, Item=item)
    assert DynamoDbStore(client, dynamodb_table).load_night(household_id, NIGHT) is None


@pytest.mark.dynamodb
def test_profile_without_a_version_loads_as_version_zero_and_can_be_replaced(
    dynamodb_client: DynamoDBClient, dynamodb_table: str
) -> None:
    client = dynamodb_client
    household_id = new_id()
    client.put_item(
        TableName=dynamodb_table,
        Item={"PK": {"S": f"HOUSEHOLD#{household_id}"}, "SK": {"S": "PROFILE"}},
    )
    store = DynamoDbStore(client, dynamodb_table)
    assert store.load(household_id) == Household.new(household_id)
    assert store.save(Household.new(household_id), expected_version=0).version == 1


@pytest.mark.dynamodb
def test_a_retried_put_that_had_landed_is_not_a_conflict(
    dynamodb_client: DynamoDBClient, dynamodb_table: str
) -> None:
    """The first attempt wrote but its answer was lost; the retry must not report a conflict."""
    client = dynamodb_client
    store = DynamoDbStore(client, dynamodb_table)
    household_id = new_id()
    first = store.save(Household.new(household_id), expected_version=0)
    wanted = replace(first, depth="deeper")
    assert store.save(wanted, expected_version=1).version == 2
    assert store.save(wanted, expected_version=1).version == 2  # the same write, again
    with pytest.raises(VersionConflict):
        store.save(first, expected_version=1)  # a different write on the old version


@pytest.mark.dynamodb
def test_from_environment_reaches_the_endpoint_in_the_environment(
    dynamodb_local: DynamoDbLocal,
    dynamodb_client: DynamoDBClient,
    dynamodb_table: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("AWS_PROFILE", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in dynamodb_local.environment().items():
        monkeypatch.setenv(name, value)
    store = DynamoDbStore.from_environment(TABLE_NAME)
    household_id = new_id()
    assert store.save(Household.new(household_id), expected_version=0).version == 1
    assert DynamoDbStore(dynamodb_client, dynamodb_table).load(household_id) is not None


# -- retention: a profile lasts a year after its last write, in every store ---------------------


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "sqlite", DYNAMODB])
def clocked(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[HouseholdStore, Clock]]:
    """A store of each kind on a clock the test moves."""
    clock = Clock(1_800_000_000.0)
    if request.param == "memory":
        yield MemoryStore(clock=clock), clock
    elif request.param == "sqlite":
        store = SqliteStore(str(tmp_path / "households.db"), clock=clock)
        yield store, clock
        store.close()
    else:
        client = request.getfixturevalue("dynamodb_client")
        table = request.getfixturevalue("dynamodb_table")
        yield DynamoDbStore(client, table, clock=clock), clock


def test_a_profile_expires_a_year_after_its_last_write(
    clocked: tuple[HouseholdStore, Clock],
) -> None:
    store, clock = clocked
    household_id = new_id()
    store.save(Household.new(household_id), expected_version=0)
    clock.now += PROFILE_TTL_SECONDS - 1
    assert store.load(household_id) is not None, "kept for the whole year"
    clock.now += 1
    assert store.load(household_id) is None, "kept past its year"


def test_each_write_gives_the_profile_another_year(clocked: tuple[HouseholdStore, Clock]) -> None:
    store, clock = clocked
    household_id = new_id()
    first = store.save(Household.new(household_id), expected_version=0)
    clock.now += PROFILE_TTL_SECONDS - 10
    store.save(replace(first, depth="deeper"), expected_version=1)
    clock.now += PROFILE_TTL_SECONDS - 20
    loaded = store.load(household_id)
    assert loaded is not None and loaded.depth == "deeper" and loaded.version == 2
    clock.now += 20
    assert store.load(household_id) is None


def test_an_expired_household_starts_afresh(clocked: tuple[HouseholdStore, Clock]) -> None:
    store, clock = clocked
    household_id = new_id()
    store.save(replace(Household.new(household_id), depth="deeper"), expected_version=0)
    clock.now += PROFILE_TTL_SECONDS + 1
    assert store.load(household_id) is None
    again = store.save(Household.new(household_id), expected_version=0)
    assert again.version == 1
    loaded = store.load(household_id)
    assert loaded is not None and loaded.depth == "usual"


def test_sqlite_sweeps_every_households_expired_data_on_start_and_on_writes(
    tmp_path: Path,
) -> None:
    """Nobody else's write is needed: expired answers and profiles of all households go."""
    path = tmp_path / "households.db"
    clock = Clock(1_800_000_000.0)
    store = SqliteStore(str(path), clock=clock)
    quiet, busy, kept = new_id(), new_id(), new_id()
    soon = int(clock.now) + 3600
    store.save(Household.new(quiet), expected_version=0, night=night_record(quiet, expires_at=soon))
    store.save(Household.new(busy), expected_version=0)
    later = int(clock.now) + 30 * 24 * 3600
    store.save(Household.new(kept), expected_version=0, night=night_record(kept, expires_at=later))

    def rows(table: str) -> set[str]:
        with sqlite3.connect(path) as db:
            return {row[0] for row in db.execute(f"SELECT household_id FROM {table}")}

    clock.now += 3601  # the quiet household's night has expired; no one has written since
    assert quiet in rows("nights")
    store.save(replace(Household.new(busy), depth="deeper"), expected_version=1)
    assert rows("nights") == {kept}, "a write sweeps every household's expired nights"
    store.close()

    clock.now += PROFILE_TTL_SECONDS  # every profile is now past its year
    reopened = SqliteStore(str(path), clock=clock)
    assert rows("households") == set(), "opening the store sweeps expired profiles"
    assert rows("nights") == set()
    reopened.close()


def test_sqlite_gives_profiles_from_an_older_file_a_fresh_year(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    household_id = new_id()
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE households (household_id TEXT PRIMARY KEY, version INTEGER NOT NULL, "
            "data TEXT NOT NULL)"
        )
        db.execute(
            "INSERT INTO households VALUES (?, 3, ?)",
            (household_id, household_json(Household.new(household_id))),
        )
    clock = Clock(1_800_000_000.0)
    store = SqliteStore(str(path), clock=clock)
    loaded = store.load(household_id)
    assert loaded is not None and loaded.version == 3
    clock.now += PROFILE_TTL_SECONDS
    assert store.load(household_id) is None
    store.close()
