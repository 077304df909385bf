"""`heart-to-heart serve`: the skill as a web service, every request verified, bad ones get 400."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from skill.alexa.builder import HeartToHeartSkill
from skill.web.compat import import_skill_adapter
from skill.web.errors import VerificationError
from skill.web.verification import RequestVerifier, parse_envelope

log = logging.getLogger("heart_to_heart.web")

MAX_BODY_BYTES = 256 * 1024  # Alexa requests are a few KB; anything this big is not from Alexa
ROUTE = "/"


def create_app(
    skill: HeartToHeartSkill,
    verifier: RequestVerifier | None,
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Flask:
    """A Flask app around flask-ask-sdk's SkillAdapter, with our verification in front of it.

    `verifier=None` skips signature checks (local simulators only). The SDK's own verifiers are
    switched off: they need the unmaintained certvalidator chain and answer 500 on several bad
    requests; ours follows Amazon's rules and always answers 400.
    """
    skill_adapter_class = import_skill_adapter()
    app = Flask("heart_to_heart")
    app.config["ASK_SDK_VERIFY_SIGNATURE"] = False
    app.config["ASK_SDK_VERIFY_TIMESTAMP"] = False
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    skill_id = verifier.settings.skill_id if verifier else None
    adapter = skill_adapter_class(skill=skill.skill, skill_id=skill_id, app=app)

    @app.post(ROUTE)
    def alexa() -> Any:
        body = request.get_data(cache=True)
        try:
            if verifier is not None:
                verifier.verify(dict(request.headers), body, clock())
            else:
                parse_envelope(body)
        except VerificationError as error:
            log.warning("refused a request: %s", error.reason)
            return _bad_request(str(error.reason))
        try:
            return adapter.dispatch_request()
        except HTTPException:
            # The SDK could not read the envelope (it would say 500): the request was bad.
            log.warning("refused a request: unreadable envelope")
            return _bad_request("invalid_envelope")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response, int]:
        if error.code == 405:
            return jsonify(error="method_not_allowed"), 405
        # Amazon asks for 400 on any request we refuse (a huge body included); never a 5xx.
        return _bad_request(error.name.lower().replace(" ", "_"))

    @app.get("/health")
    def health() -> Response:
        return jsonify(status="ok")

    return app


def _bad_request(reason: str) -> tuple[Response, int]:
    return jsonify(error="bad_request", reason=reason), 400


def build_app_from_args(args: argparse.Namespace) -> Flask:
    """The web service's composition root: store, time zones, skill, verifier."""
    from skill.alexa.builder import build_skill
    from skill.alexa.context import SkillSettings
    from skill.alexa.timezone import SettingsApiTimeZones
    from skill.config import default_store_url
    from skill.storage import open_store
    from skill.web.verification import VerificationSettings

    store = open_store(args.store or default_store_url())
    skill = build_skill(store, SettingsApiTimeZones(), SkillSettings(skill_id=args.skill_id))
    if args.no_verify:
        print(
            "WARNING: --no-verify: requests are NOT checked to come from Alexa. "
            "Use it only with a local simulator, never on a public address.",
            file=sys.stderr,
        )
        return create_app(skill, None)
    if not args.skill_id:
        raise SystemExit("serve needs --skill-id (or SKILL_ID): requests are checked against it")
    return create_app(skill, RequestVerifier(VerificationSettings(skill_id=args.skill_id)))


def serve(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    app = build_app_from_args(args)
    app.run(host=args.host, port=args.port, threaded=True)
    return 0
