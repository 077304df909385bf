"""An offline stand-in for the Alexa Reminders API: the chat runs the whole reminder flow on it,
and the tests serve it over loopback HTTP to the real client.

It answers at the HTTP level (status and JSON body, as the API does), so the same status mapping
is exercised in the chat and over the wire.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from skill.alexa.reminders_api import REMINDERS_PATH, RemindersUnavailable, error_for

TIMEOUT = 0  # a queued "status" that means: no answer at all


@dataclass
class FakeReminders:
    """This skill's reminders for one account, plus the switches a test or the chat flips."""

    granted: bool = False
    limit: int = 25  # reminders this account may hold before the list is full
    reminders: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: list[int] = field(default_factory=list)  # statuses to answer next, in order
    calls: list[tuple[str, str, str, dict[str, Any] | None]] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def handle(
        self, method: str, path: str, authorization: str, body: dict[str, Any] | None
    ) -> tuple[int, dict[str, Any]]:
        """One API call: (status, JSON body). Status 0 (`TIMEOUT`) means no answer."""
        self.calls.append((method, path, authorization, body))
        if self.failures:
            status = self.failures.pop(0)
            return status, _failure_body(status)
        if (
            not self.granted
            or not authorization.startswith("Bearer ")
            or authorization == "Bearer "
        ):
            return 401, {"code": "UNAUTHORIZED", "message": "no reminders permission"}
        if path == REMINDERS_PATH and method == "POST":
            return self._create(body)
        if path == REMINDERS_PATH and method == "GET":
            alerts = [self._describe(i) for i in self.reminders]
            return 200, {"totalCount": str(len(alerts)), "alerts": alerts}
        prefix = REMINDERS_PATH + "/"
        reminder_id = path[len(prefix) :] if path.startswith(prefix) else ""
        if not reminder_id or method not in ("GET", "PUT", "DELETE"):
            return 400, {"code": "INVALID_REQUEST", "message": "unknown operation"}
        if reminder_id not in self.reminders:
            return 404, {"code": "ALERT_NOT_FOUND", "message": "no such reminder"}
        if method == "GET":
            return 200, self._describe(reminder_id)
        if method == "DELETE":
            del self.reminders[reminder_id]
            return 200, {}
        if not _looks_like_a_reminder(body):
            return 400, {"code": "INVALID_REQUEST", "message": "not a reminder"}
        assert body is not None
        self.reminders[reminder_id] = body
        return 200, {"alertToken": reminder_id, "status": "ON", "version": "2"}

    def _create(self, body: dict[str, Any] | None) -> tuple[int, dict[str, Any]]:
        if not _looks_like_a_reminder(body):
            return 400, {"code": "INVALID_REQUEST", "message": "not a reminder"}
        if len(self.reminders) >= self.limit:
            return 403, {"code": "MAX_REMINDERS_EXCEEDED", "message": "the list is full"}
        assert body is not None
        reminder_id = f"fake-alert-{next(self._ids)}"
        self.reminders[reminder_id] = body
        return 200, {"alertToken": reminder_id, "status": "ON", "version": "1"}

    def _describe(self, reminder_id: str) -> dict[str, Any]:
        body = self.reminders[reminder_id]
        return {
            "alertToken": reminder_id,
            "status": "ON",
            "trigger": body.get("trigger"),
            "alertInfo": body.get("alertInfo"),
            "pushNotification": body.get("pushNotification"),
        }

    def describe_all(self) -> list[str]:
        """One line per reminder, for the chat's `:reminders`."""
        lines = []
        for reminder_id, body in self.reminders.items():
            trigger = body.get("trigger", {})
            rules = trigger.get("recurrence", {}).get("recurrenceRules", [])
            text = body.get("alertInfo", {}).get("spokenInfo", {}).get("content", [{}])[0]
            lines.append(
                f"{reminder_id}: {' '.join(rules)} in {trigger.get('timeZoneId')}"
                f" - {text.get('text', '')!r}"
            )
        return lines


def _looks_like_a_reminder(body: dict[str, Any] | None) -> bool:
    if not isinstance(body, dict):
        return False
    trigger = body.get("trigger")
    content = body.get("alertInfo", {}).get("spokenInfo", {}).get("content")
    return isinstance(trigger, dict) and bool(trigger.get("type")) and bool(content)


def _failure_body(status: int) -> dict[str, Any]:
    codes = {401: "UNAUTHORIZED", 403: "MAX_REMINDERS_EXCEEDED", 429: "TOO_MANY_REQUESTS"}
    return {"code": codes.get(status, "INTERNAL_ERROR"), "message": "simulated"}


class InProcessRemindersApi:
    """`RemindersApi` on a `FakeReminders`, without a network: for the terminal chat."""

    def __init__(self, fake: FakeReminders) -> None:
        self.fake = fake

    def _call(
        self, method: str, path: str, token: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        status, answer = self.fake.handle(method, path, f"Bearer {token}", body)
        if status == TIMEOUT:
            raise RemindersUnavailable("timeout")
        if status >= 300:
            raise error_for(status, answer)
        return answer

    def create(self, endpoint: str, token: str, body: dict[str, Any]) -> str:
        return str(self._call("POST", REMINDERS_PATH, token, body)["alertToken"])

    def update(self, endpoint: str, token: str, reminder_id: str, body: dict[str, Any]) -> None:
        self._call("PUT", f"{REMINDERS_PATH}/{reminder_id}", token, body)

    def get(self, endpoint: str, token: str, reminder_id: str) -> dict[str, Any]:
        return self._call("GET", f"{REMINDERS_PATH}/{reminder_id}", token, None)

    def delete(self, endpoint: str, token: str, reminder_id: str) -> None:
        self._call("DELETE", f"{REMINDERS_PATH}/{reminder_id}", token, None)
