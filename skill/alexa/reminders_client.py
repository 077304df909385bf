"""The Reminders API over HTTPS: our own small client (urllib, bounded, no redirects).

Imported only by the turns that call the API, so no other turn pays for urllib on a cold start.
"""

from __future__ import annotations

import json
import logging
import ssl
import urllib.error
import urllib.request
from typing import Any, Final
from urllib.parse import quote, urlsplit

from skill.alexa.reminders_api import (
    REMINDERS_PATH,
    RemindersError,
    RemindersUnavailable,
    error_for,
)

log = logging.getLogger("heart_to_heart")

ALEXA_API_HOSTS: Final = frozenset(
    {"api.amazonalexa.com", "api.eu.amazonalexa.com", "api.fe.amazonalexa.com"}
)
_LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_BODY_BYTES: Final = 64 * 1024


def endpoint_allowed(api_endpoint: str, *, allow_loopback: bool = False) -> bool:
    """The bearer token goes only to Amazon's Alexa API hosts over HTTPS (default port).

    `allow_loopback` (tests and the local chat only) also admits this machine, over HTTP(S).
    """
    try:
        parts = urlsplit(api_endpoint)
        port = parts.port
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if parts.username or parts.password or parts.query or parts.fragment:
        return False
    if allow_loopback and host in _LOOPBACK_HOSTS:
        return parts.scheme in ("http", "https")
    return parts.scheme == "https" and host in ALEXA_API_HOSTS and port in (None, 443)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would carry the bearer token elsewhere: treat it as a failure."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class HttpRemindersApi:
    """`RemindersApi` over HTTP. Every failure raises a `RemindersError` subclass."""

    def __init__(
        self,
        *,
        timeout_seconds: float = 2.0,
        allow_loopback: bool = False,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        """`tls`: certificates to trust (a loopback HTTPS fake in tests); default: the system's."""
        self._timeout = timeout_seconds
        self._allow_loopback = allow_loopback
        handlers: list[urllib.request.BaseHandler] = [_NoRedirects()]
        if tls is not None:
            handlers.append(urllib.request.HTTPSHandler(context=tls))
        self._opener = urllib.request.build_opener(*handlers)

    def create(self, endpoint: str, token: str, body: dict[str, Any]) -> str:
        answer = self._call("POST", endpoint, REMINDERS_PATH, token, body)
        reminder_id = answer.get("alertToken")
        if not isinstance(reminder_id, str) or not reminder_id:
            raise RemindersUnavailable("no alertToken in the answer")
        return reminder_id

    def update(self, endpoint: str, token: str, reminder_id: str, body: dict[str, Any]) -> None:
        self._call("PUT", endpoint, _one(reminder_id), token, body)

    def get(self, endpoint: str, token: str, reminder_id: str) -> dict[str, Any]:
        return self._call("GET", endpoint, _one(reminder_id), token, None)

    def delete(self, endpoint: str, token: str, reminder_id: str) -> None:
        self._call("DELETE", endpoint, _one(reminder_id), token, None)

    def _call(
        self, method: str, endpoint: str, path: str, token: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        if not endpoint_allowed(endpoint, allow_loopback=self._allow_loopback):
            raise RemindersUnavailable("endpoint refused")
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            endpoint.rstrip("/") + path, data=data, headers=headers, method=method
        )
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                raw = response.read(MAX_BODY_BYTES)
        except urllib.error.HTTPError as error:
            failure = error_for(error.code, _error_body(error))
            log.info("reminders api %s: %s", method, type(failure).__name__)
            raise failure from None
        except (OSError, ValueError) as error:  # timeouts, refused connections, bad URLs
            log.info("reminders api %s failed: %s", method, type(error).__name__)
            raise RemindersUnavailable(type(error).__name__) from None
        answer = _json(raw) if raw else {}
        if not isinstance(answer, dict):
            raise RemindersUnavailable("unreadable answer")
        return answer


def _error_body(error: urllib.error.HTTPError) -> Any:
    try:
        with error:
            return _json(error.read(MAX_BODY_BYTES))
    except (OSError, ValueError, AttributeError):
        return None


def _one(reminder_id: str) -> str:
    return f"{REMINDERS_PATH}/{quote(reminder_id, safe='')}"


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None


__all__ = ["ALEXA_API_HOSTS", "HttpRemindersApi", "RemindersError", "endpoint_allowed"]
