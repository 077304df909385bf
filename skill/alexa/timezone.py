"""The device's time zone from the Alexa Settings API, cached per device, with a quick fallback."""

from __future__ import annotations

import json
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from skill.alexa.api_hosts import alexa_api_base, no_redirect_opener

log = logging.getLogger("heart_to_heart")

# Used when the device's zone cannot be read: a sensible zone for the locale's country.
LOCALE_ZONES = {
    "en-US": "America/New_York",
    "en-GB": "Europe/London",
    "en-CA": "America/Toronto",
    "en-AU": "Australia/Sydney",
    "en-IN": "Asia/Kolkata",
}


def zone_or_none(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


class SettingsApiTimeZones:
    """Reads `/v2/devices/{deviceId}/settings/System.timeZone`.

    A zone read is cached per device for `ttl_seconds` (people travel, so not forever), in a
    bounded cache. A failed or slow call falls back to the default zone at once, and is
    remembered briefly so a down API does not cost every turn its timeout.

    The request's access token goes only to Amazon's Alexa API hosts, never through a redirect
    (`skill.alexa.api_hosts`); `allow_loopback=True` lets tests use a local fake of the API.
    """

    def __init__(
        self,
        default_zone: ZoneInfo | None = None,
        *,
        timeout_seconds: float = 0.8,
        ttl_seconds: float = 3600.0,
        failure_ttl_seconds: float = 60.0,
        max_devices: int = 4096,
        monotonic: Callable[[], float] = time.monotonic,
        opener: Callable[..., Any] | None = None,
        allow_loopback: bool = False,
    ) -> None:
        self.default_zone = default_zone
        self._timeout = timeout_seconds
        self._ttl = ttl_seconds
        self._failure_ttl = failure_ttl_seconds
        self._max = max_devices
        self._monotonic = monotonic
        self._open = opener
        self._allow_loopback = allow_loopback
        self._cache: OrderedDict[str, tuple[float, ZoneInfo]] = OrderedDict()

    def zone_for(
        self,
        device_id: str | None,
        api_endpoint: str | None,
        token: str | None,
        locale: str = "en-US",
    ) -> ZoneInfo:
        fallback = self.default_zone or default_zone_for(locale)
        if not device_id or not token:
            return fallback
        base = alexa_api_base(api_endpoint, allow_loopback=self._allow_loopback)
        if not base:
            return fallback
        now = self._monotonic()
        cached = self._cache.get(device_id)
        if cached is not None and cached[0] > now:
            self._cache.move_to_end(device_id)
            return cached[1]
        zone = self._fetch(device_id, base, token)
        ttl = self._ttl if zone is not None else self._failure_ttl
        self._remember(device_id, now + ttl, zone or fallback)
        return zone or fallback

    def _remember(self, device_id: str, expires: float, zone: ZoneInfo) -> None:
        self._cache[device_id] = (expires, zone)
        self._cache.move_to_end(device_id)
        while len(self._cache) > self._max:
            self._cache.popitem(last=False)

    def _fetch(self, device_id: str, base: str, token: str) -> ZoneInfo | None:
        import urllib.request  # on first use only: it costs a cold start ~30 ms

        if self._open is None:
            self._open = no_redirect_opener().open
        open_url = self._open
        url = f"{base}/v2/devices/{quote(device_id, safe='')}/settings/System.timeZone"
        request = urllib.request.Request(
            url, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"}
        )
        try:
            with open_url(request, timeout=self._timeout) as response:
                body = response.read(1024)
            name = json.loads(body)
        except (OSError, ValueError) as error:  # URLError is an OSError
            log.info("time zone lookup failed: %s", type(error).__name__)
            return None
        return zone_or_none(name) if isinstance(name, str) else None


def default_zone_for(locale: str) -> ZoneInfo:
    return ZoneInfo(LOCALE_ZONES.get(locale, "UTC"))


class FixedTimeZones:
    """Every device in one zone: the terminal chat and tests that do not exercise the API."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone

    def zone_for(
        self,
        device_id: str | None,
        api_endpoint: str | None,
        token: str | None,
        locale: str = "en-US",
    ) -> ZoneInfo:
        return self.zone
