"""Loopback only: while armed, any attempt to resolve or reach a host off this machine fails.

The suite sends traffic only to servers it starts on 127.0.0.1. Fuzzed envelopes carry URLs
(``apiEndpoint``) that the skill follows, so besides rewriting those URLs to a loopback fake,
an audit hook refuses every DNS lookup and connection to a non-loopback address while the
suite runs, and counts the attempts (a figure in the report; the target is 0).
"""

from __future__ import annotations

import ipaddress
import sys
import threading
from collections import Counter
from typing import Any

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


class OffMachineTraffic(ConnectionRefusedError):
    """Raised inside the code that tried to leave this machine (an OSError, as a refusal is)."""


def is_loopback_host(host: object) -> bool:
    """True for 127.0.0.0/8, ::1, "localhost" and for no host at all (a local bind)."""
    if host is None or host == "" or host == b"":
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip("[]").split("%", 1)[0].lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class _Guard:
    def __init__(self) -> None:
        self.depth = 0
        self.blocked: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.installed = False

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if self.depth <= 0:
            return
        host: object
        if event == "socket.getaddrinfo" or event == "socket.gethostbyname":
            host = args[0]
        elif event == "socket.connect" or event == "socket.connect_ex":
            address = args[1]
            if not isinstance(address, tuple):  # AF_UNIX paths stay on this machine
                return
            host = address[0]
        elif event == "socket.sendto":
            address = args[1]
            if not isinstance(address, tuple):
                return
            host = address[0]
        else:
            return
        if is_loopback_host(host):
            return
        with self.lock:
            self.blocked[str(host)[:80]] += 1
        raise OffMachineTraffic(f"reliability suite: traffic to {str(host)[:80]!r} refused")


_GUARD = _Guard()


class loopback_only:
    """Arm the guard for the ``with`` block (re-entrant). The audit hook stays installed."""

    def __enter__(self) -> loopback_only:
        with _GUARD.lock:
            if not _GUARD.installed:
                sys.addaudithook(_GUARD.hook)
                _GUARD.installed = True
            _GUARD.depth += 1
        return self

    def __exit__(self, *exc_info: object) -> None:
        with _GUARD.lock:
            _GUARD.depth -= 1


def blocked_attempts() -> dict[str, int]:
    """Off-machine lookups or connections refused so far, by host."""
    with _GUARD.lock:
        return dict(_GUARD.blocked)
