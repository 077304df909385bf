"""The signed web service (``create_app`` with a verifier) over real HTTP on 127.0.0.1.

Requests are signed with the test PKI of ``tests/support/alexa_signing.py``; the certificate
fetcher's transport maps https://s3.amazonaws.com/echo.api/… to a loopback chain server.

* The negative set of ``tests/integration/test_request_verification.py`` (what HTTP can carry):
  every request 400, the skill never invoked; the accepted set: every request 200.
* Certificate downloads that fail, hang, trickle or are oversized: 400 within 3 s.
* The chain cache under many URL variants: never above its bound, one download per URL.
* A bounded load of valid signed requests at a fixed rate: no 5xx, every answer well-formed,
  latency percentiles measured from each request's scheduled start.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any, Final

from reliability.alexa_format import response_problems
from reliability.figures import Section, at_most, exactly, info, zero
from reliability.fuzz import InvokeRecorder, percentile
from reliability.stack import DEVICE_ZONES, SETTINGS_TOKEN, Stack
from skill.alexa import intents
from skill.alexa.builder import HeartToHeartSkill, build_skill
from skill.alexa.context import SkillSettings
from skill.alexa.timezone import SettingsApiTimeZones
from skill.chat.envelopes import Caller, intent_request, launch_request
from skill.storage.dynamodb import DynamoDbStore
from skill.web.app import create_app
from skill.web.certificates import CertificateChainFetcher
from skill.web.verification import RequestVerifier, VerificationSettings
from tests.support.alexa_signing import (
    CERT_URL,
    NOW,
    SKILL_ID,
    ChainServer,
    LoopbackTransport,
    Route,
    encode,
)
from tests.support.signed_requests import ACCEPTED, OVER_HTTP, Kit, build_kit, url
from tests.support.signed_requests import NEGATIVE as NEGATIVE_SET

AREA: Final = "4. Web service"
DOWNLOAD_BOUND_SECONDS: Final = 3.0
#: Certificate downloads that must fail fast: (what, the chain server's path).
BAD_DOWNLOADS: Final = [
    ("download fails (HTTP 500)", "server-error.pem"),
    ("download fails (HTTP 404)", "missing.pem"),
    ("download hangs (6 s)", "hang.pem"),
    ("download trickles (1 byte / 50 ms)", "trickle.pem"),
    ("download oversized (> 64 KiB)", "oversized.pem"),
]
SPELLINGS: Final = [
    CERT_URL,
    "HTTPS://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com/echo.api/./echo-api-cert.pem",
    "https://S3.amazonaws.com/echo.api/echo-api-cert.pem",
]


@dataclass
class Service:
    """One verified web service: its address, its fetcher and transport, what reached the skill."""

    base: tuple[str, int]
    fetcher: CertificateChainFetcher
    transport: LoopbackTransport
    invocations: InvokeRecorder

    def post(
        self, body: bytes, headers: dict[str, str], timeout: float = 10.0
    ) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(*self.base, timeout=timeout)
        try:
            connection.request(
                "POST", "/", body=body, headers={"Content-Type": "application/json", **headers}
            )
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def _skill(stack: Stack) -> HeartToHeartSkill:
    """The web service's skill as ``heart-to-heart serve`` builds it, on DynamoDB Local."""
    store = DynamoDbStore(stack.dynamodb_client(), stack.table)
    return build_skill(store, SettingsApiTimeZones(), SkillSettings(skill_id=SKILL_ID))


def _rotating(kit: Kit) -> Any:
    """/echo.api/rotating-<n>.pem: even n served (the valid chain), odd n missing (404)."""

    def resolve(path: str) -> Route | None:
        name = path.rsplit("/", 1)[-1]
        if name.startswith("rotating-") and name.endswith(".pem"):
            number = name.removeprefix("rotating-").removesuffix(".pem")
            if number.isdigit() and int(number) % 2 == 0:
                return kit.routes["echo-api-cert.pem"]
        return None

    return resolve


@contextmanager
def verified_service(stack: Stack, kit: Kit) -> Iterator[Service]:
    """A chain server, a fetcher (production limits), the verified app, on loopback."""
    with ExitStack() as exits:
        chains = exits.enter_context(ChainServer(resolver=_rotating(kit)))
        for name, route in kit.routes.items():
            chains.serve(f"/echo.api/{name}", route)
        transport = LoopbackTransport(chains)
        fetcher = CertificateChainFetcher(transport)
        exits.callback(fetcher.close)
        verifier = RequestVerifier(
            VerificationSettings(skill_id=SKILL_ID, trust_roots=kit.pki.trust_roots), fetcher
        )
        skill = _skill(stack)
        recorder = InvokeRecorder()
        recorder.wrap(skill.skill)
        app = create_app(skill, verifier, clock=lambda: NOW)
        base = stack.serve(app)
        yield Service(base, fetcher, transport, recorder)


def _negative(section: Section, stack: Stack, kit: Kit) -> None:
    with verified_service(stack, kit) as service:
        refused = 0
        for case in OVER_HTTP:
            build, _reason = NEGATIVE_SET[case]
            attempt = build(kit)
            before = service.invocations.calls
            status, _ = service.post(attempt.body, attempt.headers)
            if status == 400:
                refused += 1
            else:
                section.example("negative set: not 400", f"{case}: HTTP {status}")
            if service.invocations.calls != before:
                section.example("negative set: skill invoked", case)
        invoked = service.invocations.calls
        accepted = 0
        for case in sorted(ACCEPTED):
            attempt = ACCEPTED[case](kit)
            status, payload = service.post(attempt.body, attempt.headers)
            if status == 200 and not response_problems(json.loads(payload)):
                accepted += 1
            else:
                section.example("accepted set: not a good 200", f"{case}: HTTP {status}")
    section.add(
        exactly(AREA, "signed negative set over HTTP: answered 400", refused, len(OVER_HTTP))
    )
    section.add(zero(AREA, "signed negative set: skill invoked", invoked))
    section.add(exactly(AREA, "signed accepted set: answered 200", accepted, len(ACCEPTED)))


def _downloads(section: Section, stack: Stack, kit: Kit) -> None:
    slowest = 0.0
    refused = 0
    with verified_service(stack, kit) as service:
        for what, path in BAD_DOWNLOADS:
            attempt = kit.signed(cert_url=url(path))
            started = time.monotonic()
            status, _ = service.post(attempt.body, attempt.headers)
            elapsed = time.monotonic() - started
            slowest = max(slowest, elapsed)
            if status == 400 and elapsed < DOWNLOAD_BOUND_SECONDS:
                refused += 1
            else:
                section.example("bad download", f"{what}: HTTP {status} after {elapsed:.2f} s")
        invoked = service.invocations.calls
    section.add(
        exactly(AREA, "bad certificate downloads: 400 within 3 s", refused, len(BAD_DOWNLOADS))
    )
    section.add(
        at_most(AREA, "bad certificate downloads: slowest answer", round(slowest, 2), 3, "s")
    )
    section.add(zero(AREA, "bad certificate downloads: skill invoked", invoked))


def _cache(section: Section, stack: Stack, kit: Kit, variants: int) -> None:
    largest = 0
    statuses: Counter[int] = Counter()
    with verified_service(stack, kit) as service:
        for number in range(variants):
            attempt = kit.signed(cert_url=url(f"rotating-{number}.pem"))
            status, _ = service.post(attempt.body, attempt.headers)
            statuses[status] += 1
            largest = max(largest, service.fetcher.cache_size)
        distinct_downloads = service.transport.call_count
        before = service.transport.call_count
        spelled_ok = 0
        for spelling in SPELLINGS:
            attempt = kit.signed(cert_url=spelling)
            status, _ = service.post(attempt.body, attempt.headers)
            spelled_ok += status == 200
            largest = max(largest, service.fetcher.cache_size)
        spelled_downloads = service.transport.call_count - before
        bound = service.fetcher.max_entries
    expected_ok = (variants + 1) // 2
    section.add(info(AREA, "cache: signed requests with distinct certificate URLs", variants))
    section.add(at_most(AREA, f"cache: largest size seen (bound {bound})", largest, bound))
    section.add(exactly(AREA, "cache: accepted (served chains)", statuses[200], expected_ok))
    section.add(
        exactly(AREA, "cache: refused 400 (missing chains)", statuses[400], variants - expected_ok)
    )
    section.add(exactly(AREA, "cache: downloads for distinct URLs", distinct_downloads, variants))
    section.add(
        exactly(AREA, "cache: equivalent spellings answered 200", spelled_ok, len(SPELLINGS))
    )
    section.add(at_most(AREA, "cache: downloads for equivalent spellings", spelled_downloads, 1))


def _load_requests(
    stack: Stack, kit: Kit, count: int, seed: int
) -> list[tuple[bytes, dict[str, str]]]:
    """Signed one-shot requests from 50 households on 4 devices (signed before the clock starts)."""
    chooser = random.Random(seed)
    devices = sorted(DEVICE_ZONES)
    kinds = [
        intents.TONIGHTS_QUESTION,
        intents.TONIGHTS_QUESTION,
        intents.STREAK,
        intents.ANOTHER_QUESTION,
        intents.HELP,
        intents.STOP,
        "launch",
        "launch",
    ]
    signed = []
    for n in range(count):
        caller = Caller(
            user_id=f"amzn1.ask.account.RELIABILITY-LOAD-{seed}-{chooser.randrange(50):02d}",
            device_id=chooser.choice(devices),
            application_id=SKILL_ID,
            api_endpoint=stack.settings_url,
            api_access_token=SETTINGS_TOKEN,
            session_id=f"amzn1.echo-api.session.RELIABILITY-LOAD-{n}",
        )
        kind = chooser.choice(kinds)
        if kind == "launch":
            event = launch_request(caller, NOW)
        else:
            event = intent_request(caller, NOW, kind, new_session=True)
        attempt = kit.signed(encode(event))
        signed.append((attempt.body, attempt.headers))
    return signed


@dataclass
class Sent:
    status: int | None  # None: no answer (connection broken or timed out)
    latency: float  # from the scheduled start, so queueing counts
    problems: list[str]


def _load(section: Section, stack: Stack, kit: Kit, rate: float, seconds: float, seed: int) -> None:
    count = max(1, round(rate * seconds))
    requests = _load_requests(stack, kit, count, seed)
    results: list[Sent | None] = [None] * count
    lock = threading.Lock()
    with verified_service(stack, kit) as service:
        warm_body, warm_headers = requests[0]
        service.post(warm_body, warm_headers)  # warm: the chain is downloaded and cached
        start = time.monotonic() + 0.2
        hard_stop = start + seconds + 20.0  # bounded: nothing is sent after this

        def send(index: int, scheduled: float) -> None:
            body, headers = requests[index]
            try:
                status, payload = service.post(body, headers, timeout=10.0)
            except (OSError, http.client.HTTPException):
                outcome = Sent(None, time.monotonic() - scheduled, [])
            else:
                problems = response_problems(json.loads(payload)) if status == 200 else []
                outcome = Sent(status, time.monotonic() - scheduled, problems)
            with lock:
                results[index] = outcome

        with ThreadPoolExecutor(max_workers=16, thread_name_prefix="reliability-load") as pool:
            for index in range(count):
                scheduled = start + index / rate
                delay = scheduled - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                if time.monotonic() > hard_stop:
                    break
                pool.submit(send, index, scheduled)
        finished = time.monotonic()
    done = [r for r in results if r is not None]
    statuses = Counter(r.status for r in done)
    latencies = [r.latency for r in done if r.status == 200]
    elapsed = max(finished - start, 1e-9)
    add = section.add
    add(info(AREA, "load: signed requests sent", f"{len(done)} of {count} at {rate:g}/s"))
    add(
        zero(
            AREA,
            "load: HTTP 5xx",
            sum(n for s, n in statuses.items() if s is not None and s >= 500),
        )
    )
    add(zero(AREA, "load: not answered 200", sum(n for s, n in statuses.items() if s != 200)))
    add(zero(AREA, "load: answers off the Alexa format", sum(bool(r.problems) for r in done)))
    add(info(AREA, "load: achieved rate", round(len(done) / elapsed, 1), "req/s"))
    for name, fraction in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99)):
        add(
            info(
                AREA,
                f"load: latency {name}",
                round(percentile(latencies, fraction) * 1000, 1),
                "ms",
            )
        )
    add(info(AREA, "load: latency max", round(max(latencies, default=0.0) * 1000, 1), "ms"))
    for status, n in statuses.items():
        if status != 200:
            section.example("load: not 200", f"HTTP {status}: {n}")


def run(
    stack: Stack,
    *,
    cache_variants: int,
    load_rate: float,
    load_seconds: float,
    seed: int,
) -> Section:
    section = Section("web")
    started = time.perf_counter()
    kit = build_kit()
    _negative(section, stack, kit)
    _downloads(section, stack, kit)
    _cache(section, stack, kit, cache_variants)
    _load(section, stack, kit, load_rate, load_seconds, seed)
    section.seconds = time.perf_counter() - started
    return section
