"""The Lambda entry point's logging: levels that keep bodies out, records that still read well."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from skill.alexa.lambda_logging import CHATTY_LOGGERS, SKILL_LOGGER, configure_lambda_logging

RUNTIME_FORMAT = "[%(levelname)s]\t%(asctime)s\t%(message)s"  # the shape of the runtime's lines
SWITCHES = ("logThreads", "logProcesses", "logMultiprocessing", "_srcfile")
LOGGERS = ("", SKILL_LOGGER, *CHATTY_LOGGERS)


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """The switches and levels are process-wide: put them back for the other tests."""
    switches = {name: getattr(logging, name) for name in SWITCHES}
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    try:
        yield
    finally:
        for name, value in switches.items():
            setattr(logging, name, value)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


@pytest.mark.usefixtures("restored_logging")
@pytest.mark.parametrize("level", ["DEBUG", "INFO", "WARNING"])
def test_the_skill_logs_at_its_level_and_the_aws_libraries_never_below_warning(level: str) -> None:
    configure_lambda_logging(level)
    assert logging.getLogger(SKILL_LOGGER).level == logging.getLevelName(level)
    assert logging.getLogger().level == logging.INFO
    for chatty in CHATTY_LOGGERS:
        assert not logging.getLogger(chatty).isEnabledFor(logging.INFO)
        assert logging.getLogger(chatty).isEnabledFor(logging.WARNING)


@pytest.mark.usefixtures("restored_logging")
def test_records_skip_the_caller_thread_and_process_and_still_print_the_line() -> None:
    configure_lambda_logging("INFO")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(RUNTIME_FORMAT))
    records: list[logging.LogRecord] = []

    def keep(record: logging.LogRecord) -> bool:
        records.append(record)
        return True

    handler.addFilter(keep)
    logger = logging.getLogger(SKILL_LOGGER)
    logger.addHandler(handler)
    try:
        logger.info("turn type=%s outcome=%s", "LaunchRequest", "ok")
    finally:
        logger.removeHandler(handler)
    (record,) = records
    assert record.threadName is None and record.process is None
    assert record.pathname == "(unknown file)" and record.lineno == 0  # no walk up the stack
    level, stamp, message = stream.getvalue().rstrip("\n").split("\t")
    assert level == "[INFO]"
    assert stamp[:2] == "20" and len(stamp) == len("2026-12-03 18:00:00,000")
    assert message == "turn type=LaunchRequest outcome=ok"
