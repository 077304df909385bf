"""Golden test: Amazon's real echo-api signing chain, as Alexa served it in 2023.

tests/fixtures/echo-api-cert-12.pem is the public chain Alexa named in SignatureCertChainUrl
(valid 2023-03-16 to 2023-12-23): the echo-api.amazon.com leaf, Amazon RSA 2048 M01, Amazon
Root CA 1 cross-signed by Starfield Services Root G2, and that root cross-signed by Starfield
Class 2. The verifier must build leaf → M01 → Amazon Root CA 1 (in certifi's bundle) at a
fixed time inside that window, with the production trust roots, and refuse it outside it.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509

from skill.web.certificates import CertificateChainFetcher, ChainResponse, parse_pem_chain
from skill.web.verification import (
    Reason,
    RequestVerifier,
    VerificationError,
    VerificationSettings,
    default_trust_roots,
)
from tests.support.alexa_signing import CERT_URL, SKILL_ID, encode, make_envelope

CHAIN_PEM = (Path(__file__).resolve().parents[1] / "fixtures" / "echo-api-cert-12.pem").read_bytes()
INSIDE = datetime(2023, 6, 1, 12, 0, tzinfo=UTC)
GARBAGE_PEM = b"-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"


class Served:
    """A transport that serves one PEM body for Amazon's URL, as S3 would."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.calls = 0

    def __call__(self, url: str, timeout: float) -> ChainResponse:
        assert url == CERT_URL
        self.calls += 1
        body = self.body

        class Response:
            status = 200
            _sent = False

            def read1(self, size: int = -1, /) -> bytes:
                if self._sent:
                    return b""
                self._sent = True
                return body

            def close(self) -> None:
                pass

        return Response()


@pytest.fixture
def production_verifier() -> Iterator[RequestVerifier]:
    fetcher = CertificateChainFetcher(Served(CHAIN_PEM))
    yield RequestVerifier(VerificationSettings(skill_id=SKILL_ID), fetcher)  # certifi's roots
    fetcher.close()


def _names(chain: tuple[x509.Certificate, ...]) -> list[str]:
    return [cert.subject.rfc4514_string() for cert in chain]


def test_the_fixture_is_amazons_four_certificate_chain() -> None:
    chain = parse_pem_chain(CHAIN_PEM)
    assert len(chain) == 4
    assert chain[0].subject.rfc4514_string() == "CN=echo-api.amazon.com"
    assert "Amazon RSA 2048 M01" in chain[1].subject.rfc4514_string()
    assert "Amazon Root CA 1" in chain[2].subject.rfc4514_string()
    assert "Starfield Services Root" in chain[3].subject.rfc4514_string()
    leaf = chain[0]
    assert leaf.not_valid_before_utc == datetime(2023, 3, 16, tzinfo=UTC)
    assert leaf.not_valid_after_utc == datetime(2023, 12, 23, 23, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2023, 3, 16, 0, 0, 1, tzinfo=UTC),
        INSIDE,
        datetime(2023, 12, 23, 23, 59, 0, tzinfo=UTC),
    ],
)
def test_the_real_chain_verifies_inside_its_validity(
    production_verifier: RequestVerifier, moment: datetime
) -> None:
    chain = parse_pem_chain(CHAIN_PEM)
    leaf = production_verifier.verify_chain(chain, moment)
    assert leaf == chain[0]


@pytest.mark.parametrize(
    "moment",
    [datetime(2023, 3, 15, 23, 59, tzinfo=UTC), datetime(2023, 12, 24, 0, 0, 1, tzinfo=UTC)],
    ids=["before", "after"],
)
def test_the_real_chain_is_refused_outside_its_validity(
    production_verifier: RequestVerifier, moment: datetime
) -> None:
    with pytest.raises(VerificationError) as refused:
        production_verifier.verify_chain(parse_pem_chain(CHAIN_PEM), moment)
    assert refused.value.reason == Reason.CERT_CHAIN_REJECTED


def test_the_real_leaf_alone_does_not_reach_a_root(production_verifier: RequestVerifier) -> None:
    (leaf,) = parse_pem_chain(CHAIN_PEM)[:1]
    with pytest.raises(VerificationError) as refused:
        production_verifier.verify_chain((leaf,), INSIDE)
    assert refused.value.reason == Reason.CERT_CHAIN_REJECTED


def test_the_real_chain_with_an_unparseable_extra_certificate_still_verifies() -> None:
    """Parsing the whole file at once would fail every request once one certificate is refused."""
    with_garbage = CHAIN_PEM + GARBAGE_PEM
    chain = parse_pem_chain(with_garbage)
    assert _names(chain) == _names(parse_pem_chain(CHAIN_PEM))
    # Only the path that matters left (leaf, M01): the cross-signs are not needed either.
    blocks = CHAIN_PEM.split(b"-----END CERTIFICATE-----\n")
    leaf_and_m01 = b"-----END CERTIFICATE-----\n".join(blocks[:2]) + b"-----END CERTIFICATE-----\n"
    shortened = leaf_and_m01 + GARBAGE_PEM + GARBAGE_PEM
    fetcher = CertificateChainFetcher(Served(shortened))
    try:
        verifier = RequestVerifier(VerificationSettings(skill_id=SKILL_ID), fetcher)
        chain = fetcher.fetch(CERT_URL)
        assert len(chain) == 2
        assert verifier.verify_chain(chain, INSIDE) == chain[0]
    finally:
        fetcher.close()


def test_a_request_naming_the_real_chain_gets_as_far_as_the_signature(
    production_verifier: RequestVerifier,
) -> None:
    """Everything before the signature passes on the real chain (we have no Amazon key, so a
    made-up signature is the one thing that must fail)."""
    envelope = make_envelope(timestamp=INSIDE)
    body = encode(envelope)
    headers = {
        "SignatureCertChainUrl": CERT_URL,
        "Signature-256": base64.b64encode(b"\x01" * 256).decode("ascii"),
    }
    with pytest.raises(VerificationError) as refused:
        production_verifier.verify(headers, body, INSIDE)
    assert refused.value.reason == Reason.SIGNATURE_MISMATCH
    assert production_verifier.fetcher.cached_urls() == [CERT_URL]
    assert json.loads(body) == envelope


def test_the_production_trust_roots_include_amazon_root_ca_1() -> None:
    subjects = {root.subject.rfc4514_string() for root in default_trust_roots()}
    assert "CN=Amazon Root CA 1,O=Amazon,C=US" in subjects
