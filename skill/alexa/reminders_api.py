"""The Alexa Reminders API as the skill uses it: the port, its failures, and the request body.

Light on purpose (no HTTP here): the HTTP client is `skill.alexa.reminders_client`, imported
only by the turns that call the API.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, Protocol

from skill.domain.reminders import BedtimeTime

REMINDERS_SCOPE: Final = "alexa::alerts:reminders:skill:readwrite"
REMINDERS_PATH: Final = "/v1/alerts/reminders"


class RemindersError(Exception):
    """Base of every Reminders API failure; nothing was changed at the API."""


class PermissionMissing(RemindersError):
    """401/403: the couple has not granted reminders, or turned the permission off."""


class TooManyReminders(RemindersError):
    """The account's list of reminders is full."""


class Throttled(RemindersError):
    """429: too many calls; try again in a moment."""


class ReminderGone(RemindersError):
    """404: the reminder no longer exists (deleted in the Alexa app, or already rung out)."""


class RemindersUnavailable(RemindersError):
    """A server error, a timeout, an unreadable answer or a refused endpoint."""


class RemindersApi(Protocol):
    """Create, update, read and delete this skill's reminders for the requesting account."""

    def create(self, endpoint: str, token: str, body: dict[str, Any]) -> str:
        """POST a reminder; returns its id (the API's `alertToken`)."""
        ...

    def update(self, endpoint: str, token: str, reminder_id: str, body: dict[str, Any]) -> None: ...

    def get(self, endpoint: str, token: str, reminder_id: str) -> dict[str, Any]: ...

    def delete(self, endpoint: str, token: str, reminder_id: str) -> None: ...


def error_for(status: int, body: Any) -> RemindersError:
    """The failure an HTTP status and the API's error body (`{"code", "message"}`) mean."""
    code = str(body.get("code", "")) if isinstance(body, dict) else ""
    if code.startswith("MAX_"):  # e.g. MAX_REMINDERS_EXCEEDED: the list is full
        return TooManyReminders(code)
    if status in (401, 403):
        return PermissionMissing(code or str(status))
    if status == 404:
        return ReminderGone(code or "404")
    if status == 429:
        return Throttled(code or "429")
    return RemindersUnavailable(code or str(status))


def daily_reminder_body(
    at: BedtimeTime, zone_id: str, first: datetime, now: datetime, locale: str, text: str
) -> dict[str, Any]:
    """A reminder that rings every day at `at` in the device's zone, with words `text`.

    `first` (naive local time) is when the recurrence starts; `now` (naive local time) is the
    request time. Push notifications stay off: a phone buzzing at bedtime is not gentle.
    """
    rule = f"FREQ=DAILY;BYHOUR={at.hour};BYMINUTE={at.minute};BYSECOND=0;INTERVAL=1;"
    return {
        "requestTime": _local(now),
        "trigger": {
            "type": "SCHEDULED_ABSOLUTE",
            "timeZoneId": zone_id,
            "recurrence": {"startDateTime": _local(first), "recurrenceRules": [rule]},
        },
        "alertInfo": {"spokenInfo": {"content": [{"locale": locale, "text": text}]}},
        "pushNotification": {"status": "DISABLED"},
    }


def _local(moment: datetime) -> str:
    """ISO 8601 without an offset, milliseconds included, as the API's examples write it."""
    return moment.replace(tzinfo=None).isoformat(timespec="milliseconds")
