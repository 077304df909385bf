"""Forgetting a household on DynamoDB Local: by voice (confirmed) and by the SkillDisabled event."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from skill.chat.envelopes import Caller, skill_disabled_event
from skill.services.common import household_id_for
from skill.storage.dynamodb import DynamoDbStore
from tests.support.skill_driver import Driver

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


def _items(client: DynamoDBClient, table: str, user_id: str) -> int:
    response = client.query(
        TableName=table,
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": f"HOUSEHOLD#{household_id_for(user_id)}"}},
        ConsistentRead=True,
    )
    return int(response["Count"])


def _household_with_history(client: DynamoDBClient, table: str, user_id: str) -> Driver:
    driver = Driver(store=DynamoDbStore(client, table), caller=Caller(user_id=user_id))
    for _ in range(3):  # three nights: a profile and three nights of answers
        driver.launch()
        driver.intent("AMAZON.YesIntent")
        for answer in ((4, 5), (3,), (2, 4), (5, 5)):
            driver.answer(*answer)
        driver.next_evening()
    assert _items(client, table, user_id) == 4
    return driver


def test_delete_by_voice_asks_first_and_then_leaves_nothing(
    dynamodb_client: DynamoDBClient, dynamodb_table: str
) -> None:
    driver = _household_with_history(dynamodb_client, dynamodb_table, "forget-by-voice")
    question = driver.intent("DeleteDataIntent")
    assert "Are you sure" in question.speech and not question.ends_session
    kept = driver.intent("AMAZON.NoIntent")
    assert "nothing was deleted" in kept.speech
    assert _items(dynamodb_client, dynamodb_table, "forget-by-voice") == 4
    driver.intent("DeleteDataIntent")
    done = driver.intent("AMAZON.YesIntent")
    assert "deleted" in done.speech and done.ends_session
    assert _items(dynamodb_client, dynamodb_table, "forget-by-voice") == 0


@pytest.mark.parametrize("persistence", ["NOT_PERSISTED", "PERSISTED"])
def test_skill_disabled_deletes_whatever_alexa_keeps(
    dynamodb_client: DynamoDBClient, dynamodb_table: str, persistence: str
) -> None:
    user = f"disabled-{persistence}"
    driver = _household_with_history(dynamodb_client, dynamodb_table, user)
    assert _items(dynamodb_client, dynamodb_table, user) == 4
    response = driver.send(skill_disabled_event(driver.caller, driver.now, persistence))
    assert "outputSpeech" not in response.body
    assert _items(dynamodb_client, dynamodb_table, user) == 0
