"""The skill's DynamoDB client (botocore, one-service loader) resolves what a stock one does."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import botocore.session
import pytest

from skill.storage.dynamodb import client_config, client_from_environment, dynamodb_session

# A region of every partition botocore knows, and a few more of the standard one.
REGIONS = (
    "us-east-1",
    "eu-west-1",
    "ap-southeast-2",
    "ca-central-1",
    "cn-north-1",
    "cn-northwest-1",
    "us-gov-west-1",
    "us-iso-east-1",
    "us-isob-east-1",
    "eu-isoe-west-1",
    "us-isof-south-1",
    "eusc-de-east-1",
)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local")
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    yield monkeypatch


class _Sent(Exception):
    """Raised instead of sending: the request as botocore would send it."""

    def __init__(self, url: str, scope: str) -> None:
        super().__init__(url)
        self.url, self.scope = url, scope


def _record(request: Any, **_kwargs: Any) -> None:
    authorization = request.headers["Authorization"].decode()
    scope = authorization.split("Credential=", 1)[1].split(",", 1)[0].split("/", 2)[2]
    raise _Sent(request.url, scope)  # region/service/aws4_request, without the date


def _sent(client: Any) -> tuple[str, str]:
    """Where a GetItem would go and how it would be signed (nothing leaves the process)."""
    client.meta.events.register_first("before-send.dynamodb.GetItem", _record)
    with pytest.raises(_Sent) as sent:
        client.get_item(TableName="HeartToHeart", Key={"PK": {"S": "x"}, "SK": {"S": "y"}})
    return sent.value.url, sent.value.scope


@pytest.mark.parametrize("region", REGIONS)
def test_requests_go_where_a_stock_clients_go_signed_the_same_way(
    environment: pytest.MonkeyPatch, region: str
) -> None:
    environment.setenv("AWS_REGION", region)
    stock = botocore.session.get_session().create_client(
        "dynamodb", region_name=region, config=client_config()
    )
    ours = client_from_environment()
    assert ours.meta.region_name == stock.meta.region_name == region
    assert _sent(ours) == _sent(stock)
    assert f"/{region}/dynamodb/" in f"/{_sent(ours)[1]}"


def test_a_local_endpoint_from_the_environment_is_used(environment: pytest.MonkeyPatch) -> None:
    environment.setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9")
    assert client_from_environment().meta.endpoint_url == "http://127.0.0.1:9"


def test_one_session_makes_many_clients(environment: pytest.MonkeyPatch) -> None:
    session = dynamodb_session()
    environment.setenv("AWS_REGION", "eu-west-1")
    first, second = client_from_environment(session), client_from_environment(session)
    assert first is not second
    assert _sent(first) == _sent(second)
    with pytest.raises(Exception, match="Unknown service"):
        session.create_client("s3", region_name="us-east-1")


@pytest.mark.parametrize("variant", ["AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT"])
@pytest.mark.parametrize("region", ["us-east-1", "us-gov-west-1", "cn-north-1"])
def test_fips_and_dualstack_go_where_a_stock_clients_go(
    environment: pytest.MonkeyPatch, variant: str, region: str
) -> None:
    environment.setenv("AWS_REGION", region)
    environment.setenv(variant, "true")
    stock = botocore.session.get_session().create_client(
        "dynamodb", region_name=region, config=client_config()
    )
    assert _sent(client_from_environment()) == _sent(stock)
