"""The offline Reminders API (`FakeReminders`) served on 127.0.0.1, for the real HTTP client."""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any

from skill.chat.fake_reminders import TIMEOUT, FakeReminders
from tests.support.json_http import JsonHandler


@dataclass(frozen=True)
class SeenRequest:
    """One request as it arrived on the wire."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class ServedReminders:
    fake: FakeReminders = field(default_factory=FakeReminders)
    delay_seconds: float = 0.0  # how long a TIMEOUT answer keeps the client waiting
    redirect_to: str | None = None  # answer every request with a redirect there
    seen: list[SeenRequest] = field(default_factory=list)


@contextmanager
def fake_reminders_api(served: ServedReminders, tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """Serve the fake; yields its base URL (http://127.0.0.1:PORT, https with `tls`)."""

    class Handler(JsonHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            served.seen.append(SeenRequest(self.command, self.path, dict(self.headers), raw))
            if served.redirect_to is not None:
                self.send_response(307)
                self.send_header("Location", served.redirect_to + self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body: Any = json.loads(raw) if raw else None
            auth = self.headers.get("Authorization") or ""
            status, answer = served.fake.handle(self.command, self.path, auth, body)
            if status == TIMEOUT:
                time.sleep(served.delay_seconds)
                status, answer = 500, {"code": "LATE", "message": "too late"}
            self._reply(status, json.dumps(answer).encode())

        do_GET = do_POST = do_PUT = do_DELETE = _handle

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        scheme = "https" if tls is not None else "http"
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
