"""Web-service request verification, end to end against a loopback certificate server.

Requests are signed with a test PKI made at test time; the fetcher's transport routes
https://s3.amazonaws.com/echo.api/… to a threaded HTTP server on 127.0.0.1. Nothing here touches
the internet.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.web.certificates import (
    CertificateChainFetcher,
    ChainResponse,
    UrllibTransport,
    normalise_cert_chain_url,
)
from skill.web.verification import (
    Reason,
    RequestVerifier,
    VerificationError,
    VerificationSettings,
    default_trust_roots,
)
from tests.support.alexa_signing import (
    CERT_URL,
    NOW,
    OTHER_SKILL_ID,
    SKILL_ID,
    ChainServer,
    LoopbackTransport,
    Route,
    encode,
    loopback_tls_contexts,
    make_envelope,
    make_root,
)
from tests.support.signed_requests import (
    ACCEPTED,
    NEGATIVE,
    Attempt,
    Kit,
    build_kit,
    url,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
DOWNLOAD_BOUND_SECONDS = 3.0


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def kit() -> Kit:
    return build_kit()


@pytest.fixture(scope="module")
def server(kit: Kit) -> Iterator[ChainServer]:
    def rotating(path: str) -> Route | None:
        # /echo.api/rotating-<n>.pem: even n served, odd n missing (404).
        name = path.rsplit("/", 1)[-1]
        if name.startswith("rotating-") and name.endswith(".pem"):
            number = int(name.removeprefix("rotating-").removesuffix(".pem"))
            return kit.routes["echo-api-cert.pem"] if number % 2 == 0 else None
        return None

    with ChainServer(resolver=rotating) as chain_server:
        for name, route in kit.routes.items():
            chain_server.serve(f"/echo.api/{name}", route)
        yield chain_server


@pytest.fixture
def transport(server: ChainServer) -> LoopbackTransport:
    return LoopbackTransport(server)


@pytest.fixture
def fetcher(transport: LoopbackTransport) -> Iterator[CertificateChainFetcher]:
    chain_fetcher = CertificateChainFetcher(transport)  # production defaults: 16, 2 s, 64 KiB
    yield chain_fetcher
    chain_fetcher.close()


def _settings(kit: Kit, skill_id: str | None = SKILL_ID) -> VerificationSettings:
    return VerificationSettings(skill_id=skill_id, trust_roots=kit.pki.trust_roots)


@pytest.fixture
def verifier(kit: Kit, fetcher: CertificateChainFetcher) -> RequestVerifier:
    return RequestVerifier(_settings(kit), fetcher)


def _verify(verifier: RequestVerifier, attempt: Attempt, now: datetime = NOW) -> dict[str, Any]:
    return verifier.verify(attempt.headers, attempt.body, now)


# --------------------------------------------------------------------------- accepted requests


def test_valid_signed_request_passes_and_returns_the_envelope(
    kit: Kit, verifier: RequestVerifier, transport: LoopbackTransport
) -> None:
    envelope = make_envelope()
    attempt = kit.signed(encode(envelope))

    assert _verify(verifier, attempt) == envelope
    assert transport.calls == [CERT_URL]


Builder = Callable[[Kit], Attempt]


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_accepted_requests(case: str, kit: Kit, verifier: RequestVerifier) -> None:
    attempt = ACCEPTED[case](kit)
    envelope = _verify(verifier, attempt)
    assert envelope == json.loads(attempt.body)


def test_now_may_be_given_in_any_time_zone(kit: Kit, verifier: RequestVerifier) -> None:
    tokyo = NOW.astimezone(timezone(timedelta(hours=9)))
    _verify(verifier, kit.signed(), now=tokyo)


def test_without_skill_id_any_skill_is_accepted(kit: Kit, fetcher: CertificateChainFetcher) -> None:
    open_verifier = RequestVerifier(_settings(kit, skill_id=None), fetcher)
    attempt = kit.signed(
        kit.body(application_id=OTHER_SKILL_ID, session_application_id=OTHER_SKILL_ID)
    )
    _verify(open_verifier, attempt)


def test_equivalent_url_spellings_share_one_download(
    kit: Kit, verifier: RequestVerifier, transport: LoopbackTransport
) -> None:
    for spelling in (
        CERT_URL,
        "HTTPS://s3.AMAZONAWS.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/./echo-api-cert.pem",
    ):
        _verify(verifier, kit.signed(cert_url=spelling))
    assert transport.calls == [CERT_URL]


# --------------------------------------------------------------------------- the negative set


def test_the_negative_set_is_large_enough() -> None:
    assert len(NEGATIVE) >= 40


@pytest.mark.parametrize("case", sorted(NEGATIVE))
def test_negative_set_is_refused(case: str, kit: Kit, verifier: RequestVerifier) -> None:
    build, expected = NEGATIVE[case]
    attempt = build(kit)
    with pytest.raises(VerificationError) as refused:
        _verify(verifier, attempt)
    assert refused.value.reason == expected, refused.value


# --------------------------------------------------------------------------- check order


@pytest.mark.parametrize(
    "case",
    [
        "url-http",
        "url-traversal",
        "url-port-8443",
        "signature-missing",
        "signature-bad-base64",
        "timestamp-plus-151",
        "skill-id-wrong",
        "body-not-json",
        "envelope-missing-context",
    ],
)
def test_cheap_checks_come_before_any_download(
    case: str, kit: Kit, verifier: RequestVerifier, transport: LoopbackTransport
) -> None:
    build, _ = NEGATIVE[case]
    with pytest.raises(VerificationError):
        _verify(verifier, build(kit))
    assert transport.calls == []


# --------------------------------------------------------------------------- download limits


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("server-error.pem", Reason.CERT_BAD_STATUS),
        ("hang.pem", Reason.CERT_DOWNLOAD_TIMEOUT),
        ("oversized.pem", Reason.CERT_TOO_LARGE),
        ("trickle.pem", Reason.CERT_DOWNLOAD_TIMEOUT),
    ],
)
def test_download_failures_are_refused_within_three_seconds(
    name: str, expected: Reason, kit: Kit, verifier: RequestVerifier
) -> None:
    attempt = kit.signed(cert_url=url(name))
    started = time.monotonic()
    with pytest.raises(VerificationError) as refused:
        _verify(verifier, attempt)
    elapsed = time.monotonic() - started
    assert refused.value.reason == expected
    assert elapsed < DOWNLOAD_BOUND_SECONDS


def test_a_hung_download_is_not_cached_and_later_requests_still_work(
    kit: Kit, verifier: RequestVerifier
) -> None:
    with pytest.raises(VerificationError):
        _verify(verifier, kit.signed(cert_url=url("hang.pem")))
    assert verifier.fetcher.cached_urls() == []
    _verify(verifier, kit.signed())


def test_transport_errors_of_any_kind_become_verification_errors(kit: Kit) -> None:
    def exploding(_url: str, _timeout: float) -> ChainResponse:
        raise KeyError("surprise")

    class BadResponse:
        status = 200

        def read1(self, size: int = -1, /) -> bytes:
            raise OSError("connection reset")

        def close(self) -> None:
            raise OSError("and close fails too")

    for transport in (exploding, lambda _u, _t: BadResponse()):
        chain_fetcher = CertificateChainFetcher(transport)
        try:
            checker = RequestVerifier(_settings(kit), chain_fetcher)
            with pytest.raises(VerificationError) as refused:
                _verify(checker, kit.signed())
            assert refused.value.reason == Reason.CERT_DOWNLOAD_FAILED
        finally:
            chain_fetcher.close()


def test_production_transport_over_tls_with_redirects_refused(kit: Kit) -> None:
    server_context, client_context = loopback_tls_contexts(kit.pki.root)
    with ChainServer(ssl_context=server_context) as tls_server:
        tls_server.serve("/echo.api/echo-api-cert.pem", kit.routes["echo-api-cert.pem"])
        tls_server.serve("/echo.api/redirect.pem", kit.routes["redirect.pem"])
        transport = LoopbackTransport(tls_server, via=UrllibTransport(client_context))
        chain_fetcher = CertificateChainFetcher(transport)
        try:
            checker = RequestVerifier(_settings(kit), chain_fetcher)
            _verify(checker, kit.signed())
            with pytest.raises(VerificationError) as refused:
                _verify(checker, kit.signed(cert_url=url("redirect.pem")))
            assert refused.value.reason == Reason.CERT_BAD_STATUS
            assert tls_server.hits["/echo.api/echo-api-cert.pem"] == 1
        finally:
            chain_fetcher.close()


def test_production_transport_refuses_plain_http() -> None:
    with pytest.raises(ValueError, match="https"):
        UrllibTransport()("http://127.0.0.1:9/echo.api/x.pem", 0.1)


# --------------------------------------------------------------------------- the cache


def test_a_thousand_distinct_urls_never_grow_the_cache_past_its_bound(
    kit: Kit, verifier: RequestVerifier, transport: LoopbackTransport
) -> None:
    fetcher = verifier.fetcher
    accepted = refused = 0
    for number in range(1000):
        attempt = kit.signed(cert_url=url(f"rotating-{number}.pem"))
        try:
            _verify(verifier, attempt)
            accepted += 1
        except VerificationError as error:
            assert error.reason == Reason.CERT_BAD_STATUS
            refused += 1
        assert fetcher.cache_size <= fetcher.max_entries == 16

    assert (accepted, refused) == (500, 500)
    assert transport.call_count == 1000  # every distinct URL was downloaded once
    assert fetcher.cached_urls() == [url(f"rotating-{n}.pem") for n in range(968, 1000, 2)]


def test_repeated_urls_are_served_from_the_cache(
    kit: Kit, verifier: RequestVerifier, transport: LoopbackTransport
) -> None:
    for _ in range(25):
        _verify(verifier, kit.signed())
    assert transport.calls == [CERT_URL]


def test_the_cache_evicts_the_least_recently_used_chain(
    transport: LoopbackTransport,
) -> None:
    chain_fetcher = CertificateChainFetcher(transport, max_entries=2)
    a, b, c = (url(f"rotating-{n}.pem") for n in (0, 2, 4))
    try:
        for target in (a, b, a, c, a, b):
            chain_fetcher.fetch(target)
        # a (miss), b (miss), a (hit), c (miss, evicts b), a (hit), b (miss, evicts c)
        assert transport.calls == [a, b, c, b]
        assert chain_fetcher.cached_urls() == [a, b]
    finally:
        chain_fetcher.close()


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_failed_downloads_are_remembered_briefly(transport: LoopbackTransport) -> None:
    clock = Clock(NOW.timestamp())
    chain_fetcher = CertificateChainFetcher(transport, failure_ttl=10.0, clock=clock)
    try:
        for _ in range(3):
            with pytest.raises(VerificationError) as refused:
                chain_fetcher.fetch(url("server-error.pem"))
            assert refused.value.reason == Reason.CERT_BAD_STATUS  # the same answer each time
        assert transport.call_count == 1, "a flood naming a broken URL costs one download"
        clock.now += 10.0
        with pytest.raises(VerificationError):
            chain_fetcher.fetch(url("server-error.pem"))
        assert transport.call_count == 2, "and it is tried again once the failure is old"
        assert chain_fetcher.cache_size == 0
    finally:
        chain_fetcher.close()


def test_a_cached_chain_is_read_again_after_a_day(transport: LoopbackTransport) -> None:
    clock = Clock(NOW.timestamp())
    chain_fetcher = CertificateChainFetcher(transport, clock=clock)
    try:
        chain_fetcher.fetch(CERT_URL)
        clock.now += 24 * 3600 - 1
        chain_fetcher.fetch(CERT_URL)
        assert transport.call_count == 1
        clock.now += 1
        chain_fetcher.fetch(CERT_URL)
        assert transport.call_count == 2
    finally:
        chain_fetcher.close()


def test_a_cached_chain_is_dropped_when_a_certificate_expires(
    kit: Kit, transport: LoopbackTransport
) -> None:
    first_expiry = min(
        cert.not_valid_after_utc for cert in (kit.pki.leaf, kit.pki.intermediate.cert)
    )
    clock = Clock(first_expiry.timestamp() - 60)
    chain_fetcher = CertificateChainFetcher(transport, clock=clock)
    try:
        chain_fetcher.fetch(CERT_URL)
        chain_fetcher.fetch(CERT_URL)
        assert transport.call_count == 1
        clock.now += 60  # the leaf has expired: the cache must not serve it any more
        chain_fetcher.fetch(CERT_URL)
        assert transport.call_count == 2
    finally:
        chain_fetcher.close()


def test_a_rejected_chain_is_evicted_from_the_cache(
    kit: Kit, verifier: RequestVerifier, transport: LoopbackTransport
) -> None:
    with pytest.raises(VerificationError) as refused:
        _verify(verifier, kit.signed(cert_url=url("wildcard-san.pem")))
    assert refused.value.reason == Reason.CERT_CHAIN_REJECTED
    assert verifier.fetcher.cached_urls() == []
    with pytest.raises(VerificationError):
        _verify(verifier, kit.signed(cert_url=url("wildcard-san.pem")))
    assert transport.calls == [url("wildcard-san.pem")] * 2


def test_downloads_in_flight_are_bounded() -> None:
    """Past the bound a new URL is refused at once, not queued behind the slow ones."""
    release = threading.Event()
    started = threading.Semaphore(0)

    def slow(_url: str, _timeout: float) -> ChainResponse:
        started.release()
        release.wait(5)
        raise OSError("gave up")

    chain_fetcher = CertificateChainFetcher(slow, max_workers=2, timeout=5.0)
    errors: list[str] = []

    def fetch(name: str) -> None:
        try:
            chain_fetcher.fetch(url(name))
        except VerificationError as error:
            errors.append(error.reason)

    threads = [threading.Thread(target=fetch, args=(f"slow-{n}.pem",)) for n in range(2)]
    try:
        for thread in threads:
            thread.start()
        assert started.acquire(timeout=5) and started.acquire(timeout=5)
        began = time.monotonic()
        with pytest.raises(VerificationError) as refused:
            chain_fetcher.fetch(url("one-more.pem"))
        assert refused.value.reason == Reason.CERT_DOWNLOADS_BUSY
        assert time.monotonic() - began < 0.5
    finally:
        release.set()
        for thread in threads:
            thread.join(5)
        chain_fetcher.close()
    assert errors == [Reason.CERT_DOWNLOAD_FAILED] * 2


def test_an_unparseable_extra_certificate_is_dropped_and_the_chain_still_verifies(
    kit: Kit, verifier: RequestVerifier
) -> None:
    envelope = make_envelope()
    attempt = kit.signed(encode(envelope), cert_url=url("with-unparseable-extra.pem"))
    assert _verify(verifier, attempt) == envelope
    chain = verifier.fetcher.fetch(url("with-unparseable-extra.pem"))
    assert [cert.subject for cert in chain] == [
        kit.pki.leaf.subject,
        kit.pki.intermediate.cert.subject,
    ]


def test_the_fetcher_itself_only_downloads_allowed_urls(
    fetcher: CertificateChainFetcher, transport: LoopbackTransport
) -> None:
    with pytest.raises(VerificationError) as refused:
        fetcher.fetch("https://example.com/echo.api/echo-api-cert.pem")
    assert refused.value.reason == Reason.INVALID_CERT_URL
    assert transport.calls == []


# --------------------------------------------------------------------------- properties


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.text(max_size=80),
        st.builds(
            lambda scheme, host, path: f"{scheme}://{host}{path}",
            st.sampled_from(["https", "HTTPS", "http", "hTTps", "ftp", ""]),
            st.sampled_from(
                [
                    "s3.amazonaws.com",
                    "S3.AmazonAWS.com",
                    "s3.amazonaws.com:443",
                    "s3.amazonaws.com:80",
                    "s3.amazonaws.com.",
                    "x@s3.amazonaws.com",
                ]
            ),
            st.lists(
                st.sampled_from(["echo.api", "Echo.api", "..", ".", "", "a.pem", "%2e%2e"]),
                max_size=5,
            ).map(lambda segments: "/" + "/".join(segments)),
        ),
    )
)
def test_normalised_urls_always_satisfy_the_rule(candidate: str) -> None:
    try:
        normalised = normalise_cert_chain_url(candidate)
    except VerificationError:
        return
    assert normalised.startswith("https://s3.amazonaws.com/echo.api/")
    assert "/../" not in normalised and "/./" not in normalised
    assert normalise_cert_chain_url(normalised) == normalised


@settings(max_examples=150, deadline=None)
@given(
    headers=st.dictionaries(
        st.sampled_from(
            ["SignatureCertChainUrl", "Signature-256", "signature", "X-Other", "signature-256"]
        ),
        st.one_of(st.text(max_size=60), st.just(CERT_URL)),
        max_size=4,
    ),
    body=st.one_of(
        st.binary(max_size=200),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=10),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(
                    st.sampled_from(["request", "context", "System"]), inner, max_size=3
                )
            ),
            max_leaves=10,
        ).map(lambda value: json.dumps(value).encode()),
    ),
)
def test_arbitrary_input_only_ever_raises_verification_error(
    headers: dict[str, str], body: bytes
) -> None:
    def offline(_url: str, _timeout: float) -> ChainResponse:
        raise ConnectionRefusedError("offline")

    chain_fetcher = CertificateChainFetcher(offline)
    try:
        roots = [make_root_cached()]
        checker = RequestVerifier(
            VerificationSettings(skill_id=SKILL_ID, trust_roots=roots), chain_fetcher
        )
        with pytest.raises(VerificationError):
            checker.verify(headers, body, NOW)
    finally:
        chain_fetcher.close()


_ROOT_CACHE: list[x509.Certificate] = []


def make_root_cached() -> x509.Certificate:
    if not _ROOT_CACHE:
        _ROOT_CACHE.append(make_root("Property Root").cert)
    return _ROOT_CACHE[0]


# --------------------------------------------------------------------------- settings


def test_naive_now_is_refused(kit: Kit, verifier: RequestVerifier) -> None:
    with pytest.raises(VerificationError) as refused:
        _verify(verifier, kit.signed(), now=NOW.replace(tzinfo=None))
    assert refused.value.reason == Reason.INVALID_CLOCK


@pytest.mark.parametrize(
    "changes",
    [
        {"skill_id": ""},
        {"trust_roots": []},
        {"max_skew_seconds": 151},
        {"max_skew_seconds": 0},
        {"skill_event_max_skew_seconds": 3601},
    ],
)
def test_settings_refuse_values_outside_amazons_rules(kit: Kit, changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        VerificationSettings(
            **{"skill_id": SKILL_ID, "trust_roots": kit.pki.trust_roots, **changes}
        )


def test_default_trust_roots_come_from_certifi_and_include_amazon() -> None:
    roots = default_trust_roots()
    names = {
        attribute.value
        for root in roots
        for attribute in root.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    }
    assert len(roots) > 50
    assert "Amazon Root CA 1" in names
    assert VerificationSettings(skill_id=SKILL_ID).trust_roots == roots


# --------------------------------------------------------------------------- SDK import


def _python(code: str) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


_IMPORT_ADAPTER = """
import json, sys
{prelude}
from skill.web.compat import import_skill_adapter, uses_certvalidator_stand_in
adapter = import_skill_adapter()
refused = None
if uses_certvalidator_stand_in():
    import certvalidator
    try:
        certvalidator.CertificateValidator(b"leaf", [])
        refused = False
    except RuntimeError as error:
        refused = "ASK_SDK_VERIFY_SIGNATURE" in str(error)
from ask_sdk_webservice_support.verifier import RequestVerifier  # the SDK imports it too
print(json.dumps({{
    "adapter": f"{{adapter.__module__}}.{{adapter.__qualname__}}",
    "stand_in": uses_certvalidator_stand_in(),
    "refused": refused,
}}))
"""

_PROBE_CERTVALIDATOR = """
import json
try:
    import certvalidator
    print(json.dumps({"works": True, "error": None}))
except Exception as error:
    print(json.dumps({"works": False, "error": type(error).__name__}))
"""


def test_skill_adapter_imports_on_this_machine() -> None:
    probe = _python(_PROBE_CERTVALIDATOR)
    result = _python(_IMPORT_ADAPTER.format(prelude=""))

    assert result["adapter"] == "flask_ask_sdk.skill_adapter.SkillAdapter"
    # The stand-in is used exactly when the real certvalidator cannot be imported, and only
    # for oscrypto's libcrypto problem (OpenSSL >= 3.0.10, as on this machine).
    assert result["stand_in"] is (not probe["works"])
    if not probe["works"]:
        assert probe["error"] == "LibraryNotFoundError"
        assert result["refused"] is True


def test_stand_in_is_installed_when_certvalidator_cannot_be_imported() -> None:
    # Forces the failure path on any machine, whatever its OpenSSL.
    result = _python(_IMPORT_ADAPTER.format(prelude='sys.modules["certvalidator"] = None'))

    assert result == {
        "adapter": "flask_ask_sdk.skill_adapter.SkillAdapter",
        "stand_in": True,
        "refused": True,
    }


def test_unrelated_import_errors_are_not_hidden() -> None:
    code = """
import json, sys
sys.modules["flask"] = None
from skill.web.compat import import_skill_adapter, uses_certvalidator_stand_in
try:
    import_skill_adapter()
    print(json.dumps({"missing": None}))
except ImportError as error:
    print(json.dumps({"missing": error.name, "stand_in": uses_certvalidator_stand_in()}))
"""
    assert _python(code) == {"missing": "flask", "stand_in": False}
