"""Is a request addressed to our skill? One rule for the Lambda handler and the web service."""

from __future__ import annotations

from typing import Any


def _application_id(holder: object) -> str | None:
    """``holder.application.applicationId``; None if ``holder`` has no ``application``."""
    if not isinstance(holder, dict) or "application" not in holder:
        return None
    application = holder["application"]
    if not isinstance(application, dict) or "applicationId" not in application:
        return ""  # present but malformed: never equal to a configured skill id
    value = application["applicationId"]
    return value if isinstance(value, str) else ""


def is_for_skill(envelope: Any, skill_id: str) -> bool:
    """The application id in context.System and in session, whichever are present, is ours.

    At least one must be present, and every one present must match. (ask-sdk's own check
    fails on a request that carries the id only in the session.)
    """
    if not isinstance(envelope, dict):
        return False
    context = envelope.get("context")
    system = context.get("System") if isinstance(context, dict) else None
    present = [
        value
        for value in (_application_id(system), _application_id(envelope.get("session")))
        if value is not None
    ]
    return bool(present) and all(value == skill_id for value in present)
