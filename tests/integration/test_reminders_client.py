"""The real Reminders API client over loopback HTTP: the request it sends, against the API's
documented format (and Amazon's own request model in ask-sdk-model), and how it reads failures."""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.services.reminder_management import spoken_info
from ask_sdk_model.services.reminder_management.reminder_request import ReminderRequest

from skill.alexa.reminders_api import (
    PermissionMissing,
    ReminderGone,
    RemindersError,
    RemindersUnavailable,
    Throttled,
    TooManyReminders,
    daily_reminder_body,
)
from skill.alexa.reminders_client import HttpRemindersApi, endpoint_allowed
from skill.chat.fake_reminders import TIMEOUT
from skill.domain.reminders import BedtimeTime, first_ring
from tests.support.alexa_signing import loopback_tls_contexts, make_root
from tests.support.fake_reminders_api import ServedReminders, fake_reminders_api

TOKEN = "in-session-access-token"
LONDON = ZoneInfo("Europe/London")
LOCAL_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$")  # no offset, milliseconds


NINE_THIRTY = BedtimeTime(21, 30)


def body_for(at: BedtimeTime = NINE_THIRTY) -> dict[str, Any]:
    now = datetime(2026, 11, 20, 22, 5, tzinfo=LONDON)
    text = "It's nearly bedtime: a good moment for Heart to Heart together."
    return daily_reminder_body(at, "Europe/London", first_ring(now, at), now, "en-GB", text)


@pytest.fixture
def api() -> Iterator[tuple[HttpRemindersApi, ServedReminders, str]]:
    served = ServedReminders(delay_seconds=1.0)
    served.fake.granted = True
    with fake_reminders_api(served) as url:
        yield HttpRemindersApi(allow_loopback=True, timeout_seconds=0.3), served, url


# -- the request, against the documented format -------------------------------------------------


def test_create_sends_the_documented_request(
    api: tuple[HttpRemindersApi, ServedReminders, str],
) -> None:
    client, served, url = api
    reminder_id = client.create(url, TOKEN, body_for())
    assert reminder_id
    (seen,) = served.seen
    assert (seen.method, seen.path) == ("POST", "/v1/alerts/reminders")
    assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    assert seen.headers["Content-Type"] == "application/json"
    body = json.loads(seen.body)
    assert set(body) == {"requestTime", "trigger", "alertInfo", "pushNotification"}
    trigger = body["trigger"]
    assert trigger["type"] == "SCHEDULED_ABSOLUTE"
    assert trigger["timeZoneId"] == "Europe/London"
    recurrence = trigger["recurrence"]
    assert recurrence["recurrenceRules"] == [
        "FREQ=DAILY;BYHOUR=21;BYMINUTE=30;BYSECOND=0;INTERVAL=1;"
    ]
    # 10:05 p.m. is past 9:30 p.m.: the first ring is tomorrow evening, in local time.
    assert recurrence["startDateTime"] == "2026-11-21T21:30:00.000"
    assert LOCAL_ISO.match(body["requestTime"]) and LOCAL_ISO.match(recurrence["startDateTime"])
    assert body["alertInfo"]["spokenInfo"]["content"] == [
        {
            "locale": "en-GB",
            "text": "It's nearly bedtime: a good moment for Heart to Heart together.",
        }
    ]
    assert body["pushNotification"] == {"status": "DISABLED"}


def _every_key_is_known(data: Any, model: Any, where: str = "") -> None:
    """Each key we send is an attribute of Amazon's generated model, and survives reading."""
    if isinstance(data, dict) and hasattr(model, "attribute_map"):
        by_json = {json_key: attr for attr, json_key in model.attribute_map.items()}
        for key, value in data.items():
            assert key in by_json, f"{where}.{key} is not in {type(model).__name__}"
            read = getattr(model, by_json[key])
            assert read is not None, f"{where}.{key} was not understood"
            _every_key_is_known(value, read, f"{where}.{key}")
    elif isinstance(data, list):
        assert isinstance(model, list) and len(model) == len(data), where
        for index, (item, read) in enumerate(zip(data, model, strict=True)):
            _every_key_is_known(item, read, f"{where}[{index}]")


def test_the_body_reads_as_amazons_reminder_request_model(monkeypatch: pytest.MonkeyPatch) -> None:
    # ask-sdk-model's AlertInfo names its SpokenInfo type by a module path that does not exist
    # (alert_info_spoken_info); point that name at the real module so the model can be read.
    monkeypatch.setitem(
        sys.modules,
        "ask_sdk_model.services.reminder_management.alert_info_spoken_info",
        spoken_info,
    )
    body = body_for(BedtimeTime(22, 15))
    model = DefaultSerializer().deserialize(json.dumps(body), ReminderRequest)
    assert isinstance(model, ReminderRequest)
    _every_key_is_known(body, model, "body")
    trigger = model.trigger
    assert trigger is not None and trigger.object_type is not None
    assert trigger.object_type.value == "SCHEDULED_ABSOLUTE"
    # 10:15 p.m. is still ahead at 10:05 p.m.: it rings tonight first.
    assert trigger.recurrence is not None
    assert trigger.recurrence.start_date_time == datetime(2026, 11, 20, 22, 15)


def test_update_get_and_delete_address_one_reminder(
    api: tuple[HttpRemindersApi, ServedReminders, str],
) -> None:
    client, served, url = api
    reminder_id = client.create(url, TOKEN, body_for())
    client.update(url, TOKEN, reminder_id, body_for(BedtimeTime(22, 0)))
    read = client.get(url, TOKEN, reminder_id)
    client.delete(url, TOKEN, reminder_id)
    methods = [(r.method, r.path) for r in served.seen[1:]]
    one = f"/v1/alerts/reminders/{reminder_id}"
    assert methods == [("PUT", one), ("GET", one), ("DELETE", one)]
    assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in served.seen)
    assert [r.body for r in served.seen[2:]] == [b"", b""]  # GET and DELETE carry no body
    rule = read["trigger"]["recurrence"]["recurrenceRules"][0]
    assert rule.startswith("FREQ=DAILY;BYHOUR=22;BYMINUTE=0;")


def test_a_reminder_id_cannot_escape_its_path(
    api: tuple[HttpRemindersApi, ServedReminders, str],
) -> None:
    client, served, url = api
    with pytest.raises(ReminderGone):
        client.get(url, TOKEN, "../../v2/devices/x")
    assert served.seen[-1].path == "/v1/alerts/reminders/..%2F..%2Fv2%2Fdevices%2Fx"


# -- failures -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arrange", "error"),
    [
        (lambda f: setattr(f, "granted", False), PermissionMissing),
        (lambda f: setattr(f, "limit", 0), TooManyReminders),
        (lambda f: f.failures.append(429), Throttled),
        (lambda f: f.failures.append(500), RemindersUnavailable),
        (lambda f: f.failures.append(503), RemindersUnavailable),
    ],
    ids=["no-permission", "list-full", "throttled", "server-error", "unavailable"],
)
def test_failures_are_read_as_what_they_mean(
    api: tuple[HttpRemindersApi, ServedReminders, str], arrange: Any, error: type[Exception]
) -> None:
    client, served, url = api
    arrange(served.fake)
    with pytest.raises(error):
        client.create(url, TOKEN, body_for())
    assert not served.fake.reminders


def test_a_slow_api_times_out_quickly(api: tuple[HttpRemindersApi, ServedReminders, str]) -> None:
    client, served, url = api
    served.fake.failures.append(TIMEOUT)
    started = time.monotonic()
    with pytest.raises(RemindersUnavailable):
        client.create(url, TOKEN, body_for())
    assert time.monotonic() - started < 0.9


def test_a_redirect_is_refused_and_the_token_goes_nowhere_else() -> None:
    elsewhere = ServedReminders()
    with fake_reminders_api(elsewhere) as other_url:
        served = ServedReminders(redirect_to=other_url)
        with fake_reminders_api(served) as url:
            client = HttpRemindersApi(allow_loopback=True, timeout_seconds=0.5)
            with pytest.raises(RemindersUnavailable):
                client.create(url, TOKEN, body_for())
    assert len(served.seen) == 1 and elsewhere.seen == []


def test_a_missing_alert_token_is_a_failure() -> None:
    served = ServedReminders()
    served.fake.granted = True
    served.fake.handle = lambda *args: (200, {"status": "ON"})  # type: ignore[method-assign]
    with fake_reminders_api(served) as url, pytest.raises(RemindersUnavailable):
        HttpRemindersApi(allow_loopback=True).create(url, TOKEN, body_for())


def test_nothing_is_sent_to_a_refused_endpoint() -> None:
    served = ServedReminders()
    with fake_reminders_api(served) as url, pytest.raises(RemindersError):
        HttpRemindersApi().create(url, TOKEN, body_for())  # loopback not allowed in production
    assert served.seen == []


@pytest.mark.parametrize(
    ("endpoint", "allowed"),
    [
        ("https://api.amazonalexa.com", True),
        ("https://api.eu.amazonalexa.com", True),
        ("https://api.fe.amazonalexa.com/", True),
        ("https://API.AMAZONALEXA.COM", True),
        ("https://api.amazonalexa.com:443", True),
        ("http://api.amazonalexa.com", False),
        ("https://api.amazonalexa.com:8443", False),
        ("https://api.amazonalexa.com.example.com", False),
        ("https://example.com", False),
        ("https://user:pw@api.amazonalexa.com", False),
        ("https://api.amazonalexa.com?x=1", False),
        ("http://127.0.0.1:8080", False),
        ("not a url", False),
    ],
)
def test_the_token_goes_only_to_amazons_api_hosts(endpoint: str, allowed: bool) -> None:
    assert endpoint_allowed(endpoint) is allowed


@pytest.mark.parametrize(
    ("endpoint", "allowed"),
    [
        ("http://127.0.0.1:8080", True),
        ("https://localhost:8443", True),
        ("http://[::1]:8080", True),
        ("http://example.com", False),
        ("ftp://127.0.0.1", False),
    ],
)
def test_loopback_only_when_allowed(endpoint: str, allowed: bool) -> None:
    assert endpoint_allowed(endpoint, allow_loopback=True) is allowed


def test_the_client_over_loopback_https() -> None:
    server_tls, client_tls = loopback_tls_contexts(make_root("Test Reminders CA"))
    served = ServedReminders()
    served.fake.granted = True
    with fake_reminders_api(served, tls=server_tls) as url:
        assert url.startswith("https://127.0.0.1:")
        client = HttpRemindersApi(allow_loopback=True, timeout_seconds=2.0, tls=client_tls)
        reminder_id = client.create(url, TOKEN, body_for())
        client.delete(url, TOKEN, reminder_id)
        untrusted = HttpRemindersApi(allow_loopback=True, timeout_seconds=2.0)
        with pytest.raises(RemindersUnavailable):  # a certificate nobody vouches for
            untrusted.create(url, TOKEN, body_for())
    assert [r.method for r in served.seen] == ["POST", "DELETE"]
    assert served.seen[0].headers["Authorization"] == f"Bearer {TOKEN}"
