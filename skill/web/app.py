"""`heart-to-heart serve`: the skill as a web service, every request verified, bad ones get 400.

flask-ask-sdk's ``SkillAdapter`` carries the HTTP side. Our :class:`RequestVerifier` runs
through its ``verifiers`` hook (the SDK's own verifiers are switched off: they need the
unmaintained certvalidator chain and answer 500 on several bad requests), and the skill slot
holds :meth:`HeartToHeartSkill.handle_event`, the same entry point as Lambda, so both answer
any request the same way (a tampered session, a request for another skill, a failed erasure).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from skill.alexa.builder import HeartToHeartSkill, SkillIdMismatch
from skill.ports import StorageError
from skill.web.compat import import_skill_adapter, import_verification_exception
from skill.web.errors import Reason, VerificationError
from skill.web.verification import RequestVerifier, parse_envelope

log = logging.getLogger("heart_to_heart.web")

MAX_BODY_BYTES = 256 * 1024  # Alexa requests are a few KB; anything this big is not from Alexa
ROUTE = "/"
_REFUSAL = "refusal"  # flask.g: why the verifier hook refused the request


class _RawBody(DefaultSerializer):
    """The adapter's serializer: the body stays text, the answer stays the entry point's dict.

    The SDK would parse the body into its model before any verifier ran (and answer 500 when it
    cannot); here the entry point parses it, after verification, as Lambda does.
    """

    def deserialize(self, payload: Any, obj_type: Any) -> Any:
        return payload

    def serialize(self, obj: Any) -> Any:
        return obj


class EntryPointSkill(CustomSkill):
    """Fills flask-ask-sdk's skill slot with `HeartToHeartSkill.handle_event`."""

    def __init__(self, skill: HeartToHeartSkill) -> None:
        # CustomSkill's own set-up (handlers, interceptors) lives in `skill.skill` already.
        self.entry_point = skill
        self.serializer = _RawBody()
        self.custom_user_agent = None  # type: ignore[assignment]  # the SDK appends to it

    def invoke(self, request_envelope: Any, context: Any) -> Any:
        return self.entry_point.handle_event(json.loads(request_envelope), context)


class _HookVerifier:
    """Our verifier in the SDK's `verifiers` hook: the raw body bytes, our clock, our reasons."""

    def __init__(self, verifier: RequestVerifier, clock: Callable[[], datetime]) -> None:
        self._verifier = verifier
        self._clock = clock
        self._refuse = import_verification_exception()

    def verify(
        self, headers: Any, serialized_request_env: Any, deserialized_request_env: Any
    ) -> None:
        try:
            self._verifier.verify(dict(headers), request.get_data(cache=True), self._clock())
        except VerificationError as error:
            g.setdefault(_REFUSAL, error.reason)
            raise self._refuse(error.reason) from error


def create_app(
    skill: HeartToHeartSkill,
    verifier: RequestVerifier | None,
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Flask:
    """A Flask app around flask-ask-sdk's SkillAdapter, our verifier in its `verifiers` hook.

    `verifier=None` skips signature checks (local simulators only).
    """
    skill_adapter_class = import_skill_adapter()
    app = Flask("heart_to_heart")
    app.config["ASK_SDK_VERIFY_SIGNATURE"] = False
    app.config["ASK_SDK_VERIFY_TIMESTAMP"] = False
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    skill_id = verifier.settings.skill_id if verifier else None
    hooks = [_HookVerifier(verifier, clock)] if verifier is not None else []
    adapter = skill_adapter_class(
        skill=EntryPointSkill(skill), skill_id=skill_id, verifiers=hooks, app=app
    )

    @app.post(ROUTE)
    def alexa() -> Any:
        body = request.get_data(cache=True)
        try:
            # Cheap shape checks first (UTF-8 JSON with request and context): the adapter would
            # answer 500 on a body it cannot decode, and nothing is downloaded for such a body.
            parse_envelope(body)
        except VerificationError as error:
            log.warning("refused a request: %s", error.reason)
            return _bad_request(str(error.reason))
        try:
            return adapter.dispatch_request()
        except SkillIdMismatch:
            log.warning("refused a request: %s", Reason.SKILL_ID_MISMATCH)
            return _bad_request(str(Reason.SKILL_ID_MISMATCH))
        except StorageError as error:
            # A skill event (an erasure) whose storage failed: a failure, so Alexa can retry.
            log.error("skill event failed: %s", type(error).__name__)
            return jsonify(error="storage_unavailable"), 500

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response, int]:
        if error.code == 405:
            return jsonify(error="method_not_allowed"), 405
        refusal = g.get(_REFUSAL)
        if refusal is not None:
            log.warning("refused a request: %s", refusal)
            return _bad_request(str(refusal))
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
