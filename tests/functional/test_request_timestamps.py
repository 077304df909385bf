"""The skill reads request timestamps itself (cheaply, skill.alexa.envelope); it must read them
as the SDK would."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.request_envelope import RequestEnvelope

from skill.alexa.envelope import read_envelope


def _envelope(timestamp: str) -> str:
    return json.dumps(
        {
            "version": "1.0",
            "context": {"System": {"application": {"applicationId": "amzn1.ask.skill.x"}}},
            "request": {
                "type": "LaunchRequest",
                "requestId": "amzn1.echo-api.request.1",
                "timestamp": timestamp,
                "locale": "en-US",
            },
        }
    )


@pytest.mark.parametrize(
    "timestamp",
    [
        "2026-11-20T21:30:00Z",
        "2026-11-20T21:30:00.123Z",
        "2026-11-20T16:30:00-05:00",
        "Fri, 20 Nov 2026 21:30:00 GMT",  # not ISO 8601: the SDK's own parser reads it
    ],
)
def test_timestamps_read_as_the_sdk_reads_them(timestamp: str) -> None:
    ours = read_envelope(json.loads(_envelope(timestamp))).request
    assert ours is not None
    read = ours.timestamp
    expected = (
        DefaultSerializer().deserialize(_envelope(timestamp), RequestEnvelope).request.timestamp
    )
    assert read == expected
    assert read.astimezone(UTC).replace(microsecond=0) == datetime(2026, 11, 20, 21, 30, tzinfo=UTC)
