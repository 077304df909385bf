"""How the skill logs where Lambda runs it: levels, and log records without what nobody reads.

Lambda's runtime puts its own handler on the root logger, whose lines carry the level, the
time and the request id; the skill's one line a turn (skill.alexa.builder) goes through it.
"""

from __future__ import annotations

import logging

SKILL_LOGGER = "heart_to_heart"
# Their DEBUG lines carry request and response bodies: household keys and answers.
CHATTY_LOGGERS = ("botocore", "urllib3")


def configure_lambda_logging(level: str) -> None:
    """The root logger at INFO, the skill's own at `level` (LOG_LEVEL), the AWS libraries at
    WARNING whatever `level` says.

    Each log record also stops collecting what no line prints: the caller's file and line (a
    walk up the stack), the thread and the process (the runtime's format prints none of them).
    The logging documentation names these switches for this purpose; together they take about
    a quarter off each log call.
    """
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logging._srcfile = None  # no caller lookup: records carry no file, function or line
    logging.getLogger().setLevel(logging.INFO)
    logging.getLogger(SKILL_LOGGER).setLevel(level)
    for chatty in CHATTY_LOGGERS:
        logging.getLogger(chatty).setLevel(logging.WARNING)
