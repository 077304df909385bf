"""The one rule, shared by the Lambda handler and the web service, for "is this ours?"."""

from __future__ import annotations

from typing import Any

import pytest

from skill.skill_id import is_for_skill

OURS = "amzn1.ask.skill.ours"
THEIRS = "amzn1.ask.skill.theirs"


def _envelope(context: Any = None, session: Any = None) -> dict[str, Any]:
    envelope: dict[str, Any] = {"context": {"System": {}}}
    if context is not None:
        envelope["context"]["System"]["application"] = context
    if session is not None:
        envelope["session"] = {"application": session}
    return envelope


@pytest.mark.parametrize(
    ("envelope", "ours"),
    [
        (_envelope({"applicationId": OURS}, {"applicationId": OURS}), True),
        (_envelope({"applicationId": OURS}), True),
        (_envelope(session={"applicationId": OURS}), True),
        (_envelope(), False),  # no id anywhere
        (_envelope({"applicationId": THEIRS}), False),
        (_envelope({"applicationId": OURS}, {"applicationId": THEIRS}), False),
        (_envelope({"applicationId": 12345}), False),  # present but not a string
        (_envelope({}, {"applicationId": OURS}), False),  # present but malformed
        ([], False),
        ({"context": "nope"}, False),
    ],
)
def test_is_for_skill(envelope: Any, ours: bool) -> None:
    assert is_for_skill(envelope, OURS) is ours
