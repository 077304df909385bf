"""The device's time zone, read from a local fake of the Alexa Settings API (no mocks of ours)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from skill.alexa.api_hosts import alexa_api_base
from skill.alexa.builder import build_skill
from skill.alexa.timezone import SettingsApiTimeZones
from skill.chat.envelopes import Caller, intent_request
from skill.services.common import household_id_for
from skill.storage.memory import MemoryStore
from tests.support.fake_settings_api import SettingsApiState, fake_settings_api

NY = ZoneInfo("America/New_York")
LA = ZoneInfo("America/Los_Angeles")
DEVICE = "amzn1.ask.device.TEST"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_reads_the_zone_and_caches_it_per_device() -> None:
    state = SettingsApiState(zones={DEVICE: "America/Los_Angeles"})
    clock = Clock()
    with fake_settings_api(state) as url:
        lookup = SettingsApiTimeZones(NY, monotonic=clock, allow_loopback=True)
        assert lookup.zone_for(DEVICE, url, "good-token") == LA
        assert lookup.zone_for(DEVICE, url, "good-token") == LA
        assert len(state.requests) == 1
        assert state.requests[0] == f"/v2/devices/{DEVICE}/settings/System.timeZone"
        clock.now += 3601  # the cache entry expires: people travel
        state.zones[DEVICE] = "Europe/London"
        assert lookup.zone_for(DEVICE, url, "good-token") == ZoneInfo("Europe/London")
        assert len(state.requests) == 2


@pytest.mark.parametrize(
    "break_it",
    [
        lambda s: setattr(s, "token", "other-token"),  # 403: permission missing
        lambda s: setattr(s, "status", 500),
        lambda s: setattr(s, "body_override", b'"Mars/Olympus_Mons"'),  # not a zone
        lambda s: setattr(s, "body_override", b"not json"),
        lambda s: s.zones.clear(),  # 404
    ],
)
def test_failures_fall_back_to_the_default_zone(break_it: object) -> None:
    state = SettingsApiState(zones={DEVICE: "America/Los_Angeles"})
    break_it(state)  # type: ignore[operator]
    with fake_settings_api(state) as url:
        lookup = SettingsApiTimeZones(NY, allow_loopback=True)
        assert lookup.zone_for(DEVICE, url, "good-token") == NY


def test_a_slow_api_falls_back_quickly_and_is_not_asked_again_at_once() -> None:
    state = SettingsApiState(zones={DEVICE: "America/Los_Angeles"}, delay_seconds=2.0)
    clock = Clock()
    with fake_settings_api(state) as url:
        lookup = SettingsApiTimeZones(NY, timeout_seconds=0.2, monotonic=clock, allow_loopback=True)
        assert lookup.zone_for(DEVICE, url, "good-token") == NY
        assert lookup.zone_for(DEVICE, url, "good-token") == NY
        assert len(state.requests) == 1  # the failure is remembered briefly
        clock.now += 61
        state.delay_seconds = 0
        assert lookup.zone_for(DEVICE, url, "good-token") == LA


@pytest.mark.parametrize(
    ("device", "endpoint", "token"),
    [
        (None, "https://api.amazonalexa.com", "t"),
        (DEVICE, None, "t"),
        (DEVICE, "https://api.amazonalexa.com", None),
        (DEVICE, "http://api.amazonalexa.com", "t"),  # plain http never
        (DEVICE, "file:///etc/passwd", "t"),
        (DEVICE, "https://evil.example", "t"),
        (DEVICE, "https://api.amazonalexa.com.evil.example", "t"),
        (DEVICE, "https://api.amazonalexa.com:8443", "t"),
        (DEVICE, "https://user@api.amazonalexa.com", "t"),
        (DEVICE, "http://127.0.0.1:9", "t"),  # loopback only when a test asks for it
    ],
)
def test_no_lookup_without_device_token_or_a_safe_endpoint(
    device: str | None, endpoint: str | None, token: str | None
) -> None:
    sent: list[object] = []

    def opener(request: object, timeout: float) -> object:
        sent.append(request)
        raise OSError("must not be called")

    lookup = SettingsApiTimeZones(None, opener=opener)
    assert lookup.zone_for(device, endpoint, token, "en-GB") == ZoneInfo("Europe/London")
    assert sent == [], "the token left for a host that is not Amazon's Alexa API"


def test_the_token_never_follows_a_redirect() -> None:
    """An endpoint that redirects elsewhere: the other server never sees the token."""
    elsewhere = SettingsApiState(zones={DEVICE: "America/Los_Angeles"})
    with fake_settings_api(elsewhere) as other_url:
        state = SettingsApiState(redirect_to=other_url)
        with fake_settings_api(state) as url:
            lookup = SettingsApiTimeZones(NY, allow_loopback=True)
            assert lookup.zone_for(DEVICE, url, "good-token") == NY
    assert state.tokens == ["Bearer good-token"]
    assert elsewhere.requests == [] and elsewhere.tokens == []


def test_the_default_follows_the_locale_when_none_is_configured() -> None:
    lookup = SettingsApiTimeZones(None)
    assert lookup.zone_for(None, None, None, "en-IN") == ZoneInfo("Asia/Kolkata")
    assert lookup.zone_for(None, None, None, "en-AU") == ZoneInfo("Australia/Sydney")


def test_the_skill_uses_the_device_zone_for_tonight() -> None:
    """09:30 UTC is 4:30 a.m. in New York (a new night) but 1:30 a.m. in Los Angeles."""
    state = SettingsApiState(zones={DEVICE: "America/Los_Angeles"}, token="token")
    store = MemoryStore()
    with fake_settings_api(state) as url:
        skill = build_skill(store, SettingsApiTimeZones(NY, allow_loopback=True))
        caller = Caller(
            user_id="user-1", device_id=DEVICE, api_endpoint=url, api_access_token="token"
        )
        when = datetime.fromisoformat("2026-11-21T09:30:00+00:00")
        event = intent_request(caller, when, "TonightsQuestionIntent", new_session=True)
        response = skill.handle_event(event)
    assert response["response"]["card"]["title"] == "Tonight's question"
    household = store.load(household_id_for("user-1"))
    assert household is not None and household.tonight is not None
    assert household.tonight.night == date(2026, 11, 20)


@pytest.mark.parametrize(
    ("endpoint", "base"),
    [
        ("https://api.amazonalexa.com", "https://api.amazonalexa.com"),
        ("https://api.eu.amazonalexa.com/", "https://api.eu.amazonalexa.com"),
        ("https://API.FE.AMAZONALEXA.COM:443", "https://api.fe.amazonalexa.com"),
    ],
)
def test_amazons_alexa_api_hosts_are_the_ones_allowed(endpoint: str, base: str) -> None:
    assert alexa_api_base(endpoint) == base
    assert alexa_api_base(endpoint, allow_loopback=True) == base


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://api.amazonalexa.com/v2/devices",  # a path would be joined into the request
        "https://api.amazonalexa.com?x=1",
        "https://api.amazonalexa.com#frag",
        "https://api.amazonalexa.com:80",
        "https://api.amazonalexa.com:notaport",
        "https://api.amazonalexa.co",
        "https://api.amazonalexa.com.",
        "https://xapi.amazonalexa.com",
        "https://127.0.0.1:8443",
        "https://api.amazonalexa.com\n",
        "",
    ],
)
def test_everything_else_is_refused(endpoint: str) -> None:
    assert alexa_api_base(endpoint) is None


def test_loopback_only_with_explicit_test_configuration() -> None:
    assert alexa_api_base("http://127.0.0.1:8123") is None
    assert alexa_api_base("http://127.0.0.1:8123", allow_loopback=True) == "http://127.0.0.1:8123"
    assert alexa_api_base("http://[::1]:8123", allow_loopback=True) == "http://[::1]:8123"
    assert alexa_api_base("http://10.0.0.1:8123", allow_loopback=True) is None
