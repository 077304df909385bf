"""Log records, captured from every logger (through the root logger) while the suite runs."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

_FORMAT = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")


@dataclass(frozen=True)
class Line:
    logger: str
    level: int
    text: str  # the whole line as a log handler would write it, traceback included


class LogTap(logging.Handler):
    """Keeps every record while capturing; counts the skill's "turn failed" lines by type."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[Line] = []
        self.capturing = 0
        self.turn_failures: Counter[str] = Counter()
        self.records_seen = 0
        self._lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if record.msg == "turn failed: %s" and isinstance(record.args, tuple) and record.args:
                with self._lock:
                    self.turn_failures[str(record.args[0])] += 1
            with self._lock:
                self.records_seen += 1
                capturing = self.capturing > 0
            if capturing:
                line = Line(record.name, record.levelno, _FORMAT.format(record))
                with self._lock:
                    self.lines.append(line)
        except Exception:  # a log handler never raises into the code that logs
            self.handleError(record)

    @contextlib.contextmanager
    def capture(self) -> Iterator[list[Line]]:
        """Every line logged during the block (a fresh list)."""
        with self._lock:
            start = len(self.lines)
            self.capturing += 1
        captured: list[Line] = []
        try:
            yield captured
        finally:
            with self._lock:
                self.capturing -= 1
                captured.extend(self.lines[start:])
                if not self.capturing:
                    self.lines.clear()


@dataclass
class Installed:
    tap: LogTap
    previous_level: int
    handlers: list[logging.Handler] = field(default_factory=list)


def install(level: int = logging.INFO, *, exclusive: bool = True) -> Installed:
    """Route every log record to a tap; ``uninstall`` puts things back.

    ``exclusive`` (the runner): the tap is the root logger's only handler, so nothing is
    printed. Otherwise (under pytest) the other handlers stay.
    """
    root = logging.getLogger()
    installed = Installed(LogTap(), root.level, list(root.handlers) if exclusive else [])
    for handler in installed.handlers:
        root.removeHandler(handler)
    root.addHandler(installed.tap)
    root.setLevel(level)
    return installed


def uninstall(installed: Installed) -> None:
    root = logging.getLogger()
    root.removeHandler(installed.tap)
    for handler in installed.handlers:
        root.addHandler(handler)
    root.setLevel(installed.previous_level)
