"""WSGI entry point for production servers: `gunicorn 'skill.web.wsgi:app'`.

Configured by the environment: SKILL_ID (required: requests for any other skill are refused)
and HEART_TO_HEART_STORE (`sqlite:///PATH` or `dynamodb://TABLE`; default a local SQLite file).
"""

from __future__ import annotations

import argparse
import os

from skill.web.app import build_app_from_args

app = build_app_from_args(
    argparse.Namespace(
        store=os.environ.get("HEART_TO_HEART_STORE"),
        skill_id=os.environ.get("SKILL_ID"),
        no_verify=False,
    )
)
