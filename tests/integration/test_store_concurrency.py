"""Two devices finishing the same check-in at once, through the real use case, on real stores.

Each "device" is its own store instance (its own DynamoDB client, or its own SQLite
connection to the same file), as two Lambda containers or two processes would be. Exactly one
completion may count the night; every other one must hear "already done", and nothing escapes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from skill.content.loader import Content, load_content
from skill.household import AnsweredItem, Household
from skill.ports import HouseholdStore
from skill.services.checkin import CheckinOutcome, complete_checkin, plan_checkin
from skill.services.common import Turn
from skill.storage.dynamodb import DynamoDbStore
from skill.storage.memory import MemoryStore
from skill.storage.sqlite import SqliteStore
from tests.support.parallel import answers_for, run_in_parallel

if TYPE_CHECKING:
    from tests.support.dynamodb_local import DynamoDbLocal

NIGHT = date(2026, 11, 20)
NOW = datetime(2026, 11, 21, 2, 30, tzinfo=UTC)  # 9:30 p.m. in New York, the night of Nov 20
COMPLETIONS = 200


@dataclass
class Devices:
    """Two store instances on the same storage, and one more to read the result back."""

    a: HouseholdStore
    b: HouseholdStore
    reader: HouseholdStore

    def device(self, index: int) -> HouseholdStore:
        return self.a if index % 2 == 0 else self.b


@pytest.fixture(params=["sqlite", pytest.param("dynamodb", marks=pytest.mark.dynamodb)])
def devices(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Devices]:
    if request.param == "sqlite":
        path = str(tmp_path / "households.db")
        stores = [SqliteStore(path) for _ in range(3)]
        yield Devices(*stores)
        for store in stores:
            store.close()
    else:
        local: DynamoDbLocal = request.getfixturevalue("dynamodb_local")
        table: str = request.getfixturevalue("dynamodb_table")
        # One client per device (each with its own connection pool), made on this thread.
        yield Devices(*(DynamoDbStore(local.client(), table) for _ in range(3)))


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content("en-US")


@pytest.mark.parametrize("existing", [False, True], ids=["first-night", "returning"])
def test_same_night_from_two_devices_counts_once(
    devices: Devices, content: Content, existing: bool
) -> None:
    household_id = uuid.uuid4().hex
    if existing:  # a household seen before: the profile write is conditional on a version
        devices.reader.save(Household.new(household_id), expected_version=0)
    before = devices.reader.load(household_id) or Household.new(household_id)
    turn = Turn(household_id=household_id, night=NIGHT, now=NOW)
    item_ids = plan_checkin(devices.reader, content, turn).item_ids
    attempts = [answers_for(content, item_ids, i) for i in range(COMPLETIONS)]
    assert len(set(attempts)) == COMPLETIONS

    outcomes = run_in_parallel(
        [
            partial(complete_checkin, devices.device(i), content, turn, attempts[i])
            for i in range(COMPLETIONS)
        ]
    )

    winners = [i for i, outcome in enumerate(outcomes) if not outcome.already_done]
    assert len(winners) == 1
    (winner,) = winners
    counted = outcomes[winner].counted
    assert counted is not None and counted.counted
    after = devices.reader.load(household_id)
    assert after is not None
    assert after.streak.total_nights == before.streak.total_nights + 1 == 1
    assert after.streak.current == before.streak.current + 1 == 1
    assert after.last_checkin_night == NIGHT
    record = devices.reader.load_night(household_id, NIGHT)
    assert record is not None
    assert record.answered == attempts[winner]
    # Every loser heard tonight's starter, the one the winner chose.
    assert {o.starter.id for o in outcomes} == {outcomes[winner].starter.id}


def test_different_households_in_parallel_all_count(devices: Devices, content: Content) -> None:
    households = [uuid.uuid4().hex for _ in range(32)]
    tasks: list[Callable[[], CheckinOutcome]] = []
    expected: dict[str, set[tuple[AnsweredItem, ...]]] = {}
    for n, household_id in enumerate(households):
        turn = Turn(household_id=household_id, night=NIGHT, now=NOW)
        item_ids = plan_checkin(MemoryStore(), content, turn).item_ids  # a fresh household's
        for device_index in (0, 1):  # both devices of each household, interleaved
            answered = answers_for(content, item_ids, 2 * n + device_index)
            expected.setdefault(household_id, set()).add(answered)
            store = devices.device(device_index)
            tasks.append(partial(complete_checkin, store, content, turn, answered))

    outcomes = run_in_parallel(tasks)

    counted_per_household = [
        sum(not outcome.already_done for outcome in outcomes[2 * n : 2 * n + 2])
        for n in range(len(households))
    ]
    assert counted_per_household == [1] * len(households)
    for household_id in households:
        household = devices.reader.load(household_id)
        assert household is not None
        assert household.streak.total_nights == 1
        assert household.last_checkin_night == NIGHT
        record = devices.reader.load_night(household_id, NIGHT)
        assert record is not None and record.answered in expected[household_id]
