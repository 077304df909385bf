"""A local stand-in for the Alexa Settings API, on 127.0.0.1, for time-zone tests."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer

from tests.support.json_http import JsonHandler


@dataclass
class SettingsApiState:
    zones: dict[str, str] = field(default_factory=dict)  # device id → IANA zone
    token: str = "good-token"
    status: int = 200
    delay_seconds: float = 0.0
    body_override: bytes | None = None
    redirect_to: str | None = None  # answer 302 with this Location
    requests: list[str] = field(default_factory=list)
    tokens: list[str | None] = field(default_factory=list)  # Authorization headers received


@contextmanager
def fake_settings_api(state: SettingsApiState) -> Iterator[str]:
    """Serve the API; yields its base URL (http://127.0.0.1:PORT)."""

    class Handler(JsonHandler):
        def do_GET(self) -> None:
            state.requests.append(self.path)
            state.tokens.append(self.headers.get("Authorization"))
            if state.redirect_to is not None:
                self.send_response(302)
                self.send_header("Location", state.redirect_to + self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if state.delay_seconds:
                time.sleep(state.delay_seconds)
            prefix, suffix = "/v2/devices/", "/settings/System.timeZone"
            device = self.path[len(prefix) : -len(suffix)] if self.path.endswith(suffix) else ""
            if self.headers.get("Authorization") != f"Bearer {state.token}":
                self._reply(403, b'{"message":"forbidden"}')
            elif state.status != 200:
                self._reply(state.status, b'{"message":"error"}')
            elif state.body_override is not None:
                self._reply(200, state.body_override)
            elif device in state.zones:
                self._reply(200, json.dumps(state.zones[device]).encode())
            else:
                self._reply(404, b'{"message":"no such device"}')

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
