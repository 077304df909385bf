"""`heart-to-heart serve` over real HTTP on loopback, with requests really signed by a test CA."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from ask_sdk_core.skill import CustomSkill

from skill.alexa.builder import HeartToHeartSkill, build_skill
from skill.alexa.ssml import plain_text
from skill.alexa.timezone import FixedTimeZones
from skill.content.loader import load_content
from skill.storage.memory import MemoryStore
from skill.web.app import create_app
from skill.web.certificates import CertificateChainFetcher
from skill.web.verification import RequestVerifier, VerificationSettings
from tests.support.alexa_signing import (
    NOW,
    SKILL_ID,
    ChainServer,
    LoopbackTransport,
    encode,
    make_envelope,
)
from tests.support.signed_requests import ACCEPTED, NEGATIVE, OVER_HTTP, Kit, build_kit
from tests.support.skill_driver import NEW_YORK
from tests.support.switchable_store import SwitchableStore
from tests.support.web_server import serving


class CountingSkill:
    """Counts how often the web service hands the real skill a request."""

    invocations = 0

    @classmethod
    def wrap(cls, skill: CustomSkill) -> None:
        invoke = skill.invoke

        def counted(request_envelope: Any, context: Any) -> Any:
            cls.invocations += 1
            return invoke(request_envelope=request_envelope, context=context)

        skill.invoke = counted  # type: ignore[method-assign]


@dataclass
class Service:
    base: tuple[str, int]
    kit: Kit

    def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        connection = http.client.HTTPConnection(*self.base, timeout=10)
        try:
            connection.request("POST", "/", body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
        finally:
            connection.close()
        return response.status, json.loads(payload) if payload else {}


def _counting(skill: HeartToHeartSkill) -> HeartToHeartSkill:
    CountingSkill.wrap(skill.skill)
    return skill


@pytest.fixture(scope="module")
def kit() -> Kit:
    return build_kit()


@pytest.fixture(scope="module")
def service(kit: Kit) -> Iterator[Service]:
    with ChainServer() as chains:
        for name, route in kit.routes.items():
            chains.serve(f"/echo.api/{name}", route)
        fetcher = CertificateChainFetcher(LoopbackTransport(chains))
        verifier = RequestVerifier(
            VerificationSettings(skill_id=SKILL_ID, trust_roots=kit.pki.trust_roots), fetcher
        )
        skill = _counting(build_skill(MemoryStore(), FixedTimeZones(NEW_YORK)))
        app = create_app(skill, verifier, clock=lambda: NOW)
        with serving(app) as base:
            yield Service(base, kit)
        fetcher.close()


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_valid_signed_requests_get_200_and_a_spoken_answer(case: str, service: Service) -> None:
    attempt = ACCEPTED[case](service.kit)
    before = CountingSkill.invocations
    status, body = service.post(attempt.body, attempt.headers)
    assert status == 200, body
    assert body["version"] == "1.0"
    assert CountingSkill.invocations == before + 1
    request_type = json.loads(attempt.body)["request"]["type"]
    if request_type == "LaunchRequest":
        assert "Heart to Heart" in body["response"]["outputSpeech"]["ssml"]


def test_the_negative_set_is_at_least_forty_requests() -> None:
    assert len(NEGATIVE) >= 40


def test_the_http_negative_set_is_still_at_least_forty() -> None:
    assert len(OVER_HTTP) >= 40


@pytest.mark.parametrize("case", OVER_HTTP)
def test_every_bad_request_gets_400_and_never_reaches_the_skill(
    case: str, service: Service
) -> None:
    build, reason = NEGATIVE[case]
    attempt = build(service.kit)
    before = CountingSkill.invocations
    status, body = service.post(attempt.body, attempt.headers)
    assert status == 400, (case, body)
    assert body["error"] == "bad_request"
    assert body["reason"] in (str(reason), "request_entity_too_large"), body
    assert CountingSkill.invocations == before, "the skill was invoked for a refused request"


def test_non_post_methods_and_huge_bodies_are_refused_without_500(service: Service) -> None:
    connection = http.client.HTTPConnection(*service.base, timeout=10)
    connection.request("GET", "/")
    assert connection.getresponse().status == 405
    connection.close()
    status, body = service.post(b"{" * (300 * 1024), {"Content-Type": "application/json"})
    assert (status, body["reason"]) == (400, "request_entity_too_large")


@pytest.fixture(scope="module")
def unverified() -> Iterator[tuple[str, int]]:
    skill = build_skill(MemoryStore(), FixedTimeZones(NEW_YORK))
    with serving(create_app(skill, None)) as base:
        yield base


def plain(answer: dict[str, Any]) -> str:
    return plain_text(answer["response"]["outputSpeech"]["ssml"])


def _post(base: tuple[str, int], body: bytes) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(*base, timeout=10)
    connection.request("POST", "/", body=body, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    return response.status, response.read()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe\x00",
        b"[1, 2, 3]",
        b'{"version": "1.0"}',
        b'{"version": "1.0", "request": {"type": "LaunchRequest"}}',
        b'{"version": "1.0", "context": {"System": {}}, "request": 5}',
    ],
)
def test_without_verification_bad_bodies_still_get_400_not_500(
    unverified: tuple[str, int], body: bytes
) -> None:
    status, _ = _post(unverified, body)
    assert status == 400


def test_a_request_the_sdk_cannot_read_is_answered_as_lambda_answers_it(
    unverified: tuple[str, int],
) -> None:
    """Both go through HeartToHeartSkill.handle_event: the same spoken apology, never 400/500."""
    event = {
        "version": "1.0",
        "context": {"System": {}},
        "request": {"type": "LaunchRequest", "timestamp": "not a time", "locale": "en-US"},
        "session": "nope",
    }
    status, payload = _post(unverified, json.dumps(event).encode())
    assert status == 200
    lambda_answer = build_skill(MemoryStore(), FixedTimeZones(NEW_YORK)).handle_event(event)
    web_answer = json.loads(payload)
    assert web_answer["response"]["shouldEndSession"] is True
    apologies = {plain(lambda_answer), plain(web_answer)}
    assert all(apologies) and len(apologies) <= 2  # each picks one of the same apologies
    assert set(load_content("en-US").speech.lines["error_apology"]) >= apologies


def test_without_verification_a_launch_request_is_answered(unverified: tuple[str, int]) -> None:
    from skill.chat.envelopes import Caller, launch_request

    status, payload = _post(unverified, json.dumps(launch_request(Caller(), NOW)).encode())
    assert status == 200
    assert "Welcome" in json.loads(payload)["response"]["outputSpeech"]["ssml"]


def test_a_tampered_session_is_answered_as_lambda_answers_it(service: Service) -> None:
    """Session attributes the SDK cannot read: dropped by the shared entry point, not a 400."""
    envelope = make_envelope(NOW)
    envelope["session"]["attributes"] = "tampered"
    body = encode(envelope)
    status, answer = service.post(body, service.kit.signed(body).headers)
    assert status == 200, answer
    lambda_answer = build_skill(MemoryStore(), FixedTimeZones(NEW_YORK)).handle_event(envelope)
    assert plain(answer) == plain(lambda_answer)
    assert "Welcome" in plain(answer)


@pytest.fixture(scope="module")
def storage_down(kit: Kit) -> Iterator[Service]:
    with ChainServer() as chains:
        chains.serve("/echo.api/echo-api-cert.pem", kit.routes["echo-api-cert.pem"])
        fetcher = CertificateChainFetcher(LoopbackTransport(chains))
        verifier = RequestVerifier(
            VerificationSettings(skill_id=SKILL_ID, trust_roots=kit.pki.trust_roots), fetcher
        )
        store = SwitchableStore()
        store.down = True
        app = create_app(build_skill(store, FixedTimeZones(NEW_YORK)), verifier, clock=lambda: NOW)
        with serving(app) as base:
            yield Service(base, kit)
        fetcher.close()


def test_a_skill_event_with_storage_down_fails_and_a_launch_still_speaks(
    storage_down: Service,
) -> None:
    disabled = make_envelope(NOW, request_type="AlexaSkillEvent.SkillDisabled")
    disabled["request"]["body"] = {"userInformationPersistenceStatus": "NOT_PERSISTED"}
    body = encode(disabled)
    status, answer = storage_down.post(body, storage_down.kit.signed(body).headers)
    assert status == 500, "an erasure that did not happen is never acknowledged"
    assert answer == {"error": "storage_unavailable"}

    body = encode(make_envelope(NOW))
    status, answer = storage_down.post(body, storage_down.kit.signed(body).headers)
    assert status == 200
    assert plain(answer) in set(load_content("en-GB").speech.lines["storage_apology"])
