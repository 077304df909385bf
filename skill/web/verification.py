"""Verify that an HTTP request to the skill's web service really comes from Alexa.

Amazon's rules for a custom skill hosted as a web service, applied by
:meth:`RequestVerifier.verify`, cheapest first so that a malformed or stale request costs no
network round trip:

1. Headers: ``SignatureCertChainUrl`` and ``Signature-256`` are present exactly once
   (names are case-insensitive). A request with only the legacy SHA-1 ``Signature`` is refused.
2. ``SignatureCertChainUrl``: https, host s3.amazonaws.com (both case-insensitive), port 443 if
   given, normalised path starting with ``/echo.api/`` (case-sensitive). See
   :func:`skill.web.certificates.normalise_cert_chain_url`.
3. ``Signature-256``: strict base64.
4. Body: UTF-8 JSON object with ``request`` (an object), ``context.System`` and an ISO 8601
   ``request.timestamp`` with a time zone, within 150 s of ``now`` (requests whose type starts
   with ``AlexaSkillEvent.`` within 3600 s); when a skill id is configured,
   ``context.System.application.applicationId`` and ``session.application.applicationId``
   (whichever are present, at least one) equal it.
5. Certificate chain (downloaded and cached by
   :class:`skill.web.certificates.CertificateChainFetcher`): leaf first, builds to a trusted root,
   every certificate valid at ``now``, ``echo-api.amazon.com`` itself (not a wildcard that
   covers it) among the leaf's DNS SANs (``cryptography.x509.verification`` plus an exact
   match). A rejected chain is evicted from the fetcher's cache.
6. Signature: RSA PKCS#1 v1.5 with SHA-256 over the raw body bytes, with the leaf's public key.

Anything that goes wrong, including an unexpected exception, raises :class:`VerificationError`,
which the web layer turns into HTTP 400.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import certifi
from cryptography import utils as crypto_utils
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import DNSName
from cryptography.x509.verification import PolicyBuilder, Store
from cryptography.x509.verification import VerificationError as ChainVerificationError

from skill.skill_id import is_for_skill
from skill.web.certificates import CertificateChain, CertificateChainFetcher
from skill.web.certificates import normalise_cert_chain_url as normalise_cert_chain_url
from skill.web.errors import Reason, VerificationError

__all__ = [
    "CERT_CHAIN_DOMAIN",
    "Reason",
    "RequestVerifier",
    "VerificationError",
    "VerificationSettings",
    "default_trust_roots",
    "normalise_cert_chain_url",
]

#: The name that must be in the signing certificate's Subject Alternative Names.
CERT_CHAIN_DOMAIN: Final = "echo-api.amazon.com"
#: Amazon's ceilings for the timestamp tolerance.
MAX_SKEW_SECONDS: Final = 150
MAX_SKILL_EVENT_SKEW_SECONDS: Final = 3600

CERT_URL_HEADER: Final = "signaturecertchainurl"
SIGNATURE_256_HEADER: Final = "signature-256"
LEGACY_SIGNATURE_HEADER: Final = "signature"
SKILL_EVENT_PREFIX: Final = "AlexaSkillEvent."

_PEM_BLOCK: Final = re.compile(
    rb"-----BEGIN CERTIFICATE-----\r?\n.+?\r?\n-----END CERTIFICATE-----", re.DOTALL
)
_HEADERS_OF_INTEREST: Final = frozenset(
    {CERT_URL_HEADER, SIGNATURE_256_HEADER, LEGACY_SIGNATURE_HEADER}
)


@functools.cache
def _certifi_roots() -> tuple[x509.Certificate, ...]:
    with open(certifi.where(), "rb") as bundle:
        data = bundle.read()
    roots: list[x509.Certificate] = []
    for block in _PEM_BLOCK.findall(data):
        # A few long-standing roots (Starfield, Go Daddy …) have serial number 0, which
        # cryptography warns about; one unreadable root must not cost us the others.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", crypto_utils.CryptographyDeprecationWarning)
            try:
                roots.append(x509.load_pem_x509_certificate(block))
            except ValueError:
                continue
    if not roots:
        raise RuntimeError("certifi's CA bundle has no readable certificate")
    return tuple(roots)


def default_trust_roots() -> list[x509.Certificate]:
    """Root certificates from certifi's bundle, read on first use and then kept."""
    return list(_certifi_roots())


@dataclass
class VerificationSettings:
    """What a request must satisfy besides Amazon's fixed rules.

    ``skill_id`` is required on purpose: pass the skill's id (``amzn1.ask.skill.…``), or ``None``
    to accept any skill (tests and local tools only).
    """

    skill_id: str | None
    trust_roots: list[x509.Certificate] = field(default_factory=default_trust_roots)
    max_skew_seconds: int = MAX_SKEW_SECONDS
    skill_event_max_skew_seconds: int = MAX_SKILL_EVENT_SKEW_SECONDS

    def __post_init__(self) -> None:
        if self.skill_id is not None and not self.skill_id.strip():
            raise ValueError("skill_id must be a skill id or None, not empty")
        if not self.trust_roots:
            raise ValueError("trust_roots must not be empty")
        if not 0 < self.max_skew_seconds <= MAX_SKEW_SECONDS:
            raise ValueError(f"max_skew_seconds must be in 1..{MAX_SKEW_SECONDS}")
        if not 0 < self.skill_event_max_skew_seconds <= MAX_SKILL_EVENT_SKEW_SECONDS:
            raise ValueError(
                f"skill_event_max_skew_seconds must be in 1..{MAX_SKILL_EVENT_SKEW_SECONDS}"
            )


class RequestVerifier:
    """Checks Alexa requests against Amazon's web-service rules (see the module docstring).

    Safe to share between request threads. The trust store is built from
    ``settings.trust_roots`` on first use; later changes to that list are not seen.
    """

    def __init__(
        self,
        settings: VerificationSettings,
        fetcher: CertificateChainFetcher | None = None,
    ) -> None:
        self._settings = settings
        self._fetcher = fetcher if fetcher is not None else CertificateChainFetcher()
        self._store: Store | None = None
        self._store_lock = threading.Lock()

    @property
    def settings(self) -> VerificationSettings:
        return self._settings

    @property
    def fetcher(self) -> CertificateChainFetcher:
        return self._fetcher

    def verify(self, headers: Mapping[str, str], body: bytes, now: datetime) -> dict[str, Any]:
        """Return the parsed request envelope, or raise :class:`VerificationError`.

        ``headers`` are the HTTP request headers (any capitalisation), ``body`` the raw request
        body exactly as received, ``now`` the current time (timezone-aware).
        """
        try:
            return self._verify(headers, body, now)
        except VerificationError:
            raise
        except Exception as exc:
            raise VerificationError(Reason.INTERNAL_ERROR, type(exc).__name__) from exc

    def _verify(self, headers: Mapping[str, str], body: bytes, now: datetime) -> dict[str, Any]:
        if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
            raise VerificationError(Reason.INVALID_CLOCK, "now must be timezone-aware")
        now = now.astimezone(UTC)

        found = _headers_of_interest(headers)
        cert_url = found.get(CERT_URL_HEADER)
        if not cert_url:
            raise VerificationError(Reason.MISSING_CERT_URL)
        chain_url = normalise_cert_chain_url(cert_url)
        encoded_signature = found.get(SIGNATURE_256_HEADER)
        if encoded_signature is None:
            if LEGACY_SIGNATURE_HEADER in found:
                raise VerificationError(Reason.LEGACY_SIGNATURE_ONLY)
            raise VerificationError(Reason.MISSING_SIGNATURE)
        signature = _decode_signature(encoded_signature)

        raw_body = _raw_bytes(body)
        envelope = parse_envelope(raw_body)
        self._check_timestamp(envelope, now)
        self._check_skill_id(envelope)

        chain = self._fetcher.fetch(chain_url)
        try:
            leaf = self.verify_chain(chain, now)
        except VerificationError:
            self._fetcher.evict(chain_url)  # never trusted again without a fresh download
            raise
        _verify_signature(leaf, signature, raw_body)
        return envelope

    def _check_timestamp(self, envelope: dict[str, Any], now: datetime) -> None:
        request: dict[str, Any] = envelope["request"]
        value = request.get("timestamp")
        if not isinstance(value, str) or not value:
            raise VerificationError(Reason.INVALID_TIMESTAMP, "missing request.timestamp")
        try:
            timestamp = datetime.fromisoformat(value)
        except ValueError as exc:
            raise VerificationError(Reason.INVALID_TIMESTAMP, "not ISO 8601") from exc
        if timestamp.tzinfo is None or timestamp.utcoffset() is None:
            raise VerificationError(Reason.INVALID_TIMESTAMP, "timestamp has no time zone")
        request_type = request.get("type")
        is_skill_event = isinstance(request_type, str) and request_type.startswith(
            SKILL_EVENT_PREFIX
        )
        limit = (
            self._settings.skill_event_max_skew_seconds
            if is_skill_event
            else self._settings.max_skew_seconds
        )
        skew = abs((now - timestamp).total_seconds())
        if skew > limit:
            raise VerificationError(Reason.STALE_TIMESTAMP, f"{skew:.0f} s from now")

    def _check_skill_id(self, envelope: dict[str, Any]) -> None:
        expected = self._settings.skill_id
        if expected is None:
            return
        if not is_for_skill(envelope, expected):
            raise VerificationError(Reason.SKILL_ID_MISMATCH)

    def _trust_store(self) -> Store:
        with self._store_lock:
            if self._store is None:
                self._store = Store(list(self._settings.trust_roots))
            return self._store

    def verify_chain(self, chain: CertificateChain, now: datetime) -> x509.Certificate:
        """Check a parsed chain (signing certificate first) at ``now``; return that certificate.

        It must build to a trusted root through the other certificates, every certificate on
        the path valid at ``now``, and name ``echo-api.amazon.com`` exactly among its DNS SANs.
        Raises :class:`VerificationError` otherwise.
        """
        if not chain:
            raise VerificationError(Reason.CERT_CHAIN_UNREADABLE, "empty chain")
        leaf, intermediates = chain[0], list(chain[1:])
        verifier = (
            PolicyBuilder()
            .store(self._trust_store())
            .time(now.astimezone(UTC))
            .build_server_verifier(DNSName(CERT_CHAIN_DOMAIN))
        )
        try:
            verifier.verify(leaf, intermediates)
        except ChainVerificationError as exc:
            raise VerificationError(Reason.CERT_CHAIN_REJECTED, str(exc)) from exc
        if CERT_CHAIN_DOMAIN not in _dns_names(leaf):
            # RFC 6125 lets "*.amazon.com" match; Amazon's rule names the host itself.
            raise VerificationError(Reason.CERT_CHAIN_REJECTED, "no exact echo-api.amazon.com")
        return leaf


def _dns_names(cert: x509.Certificate) -> set[str]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return set()
    return {name.lower().rstrip(".") for name in san.get_values_for_type(x509.DNSName)}


def _headers_of_interest(headers: Mapping[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(name, str):
            continue
        key = name.lower()
        if key not in _HEADERS_OF_INTEREST:
            continue
        if key in found:
            raise VerificationError(Reason.AMBIGUOUS_HEADER, f"{name} given more than once")
        if not isinstance(value, str):
            raise VerificationError(Reason.INVALID_ENVELOPE, f"{name} is not text")
        found[key] = value
    return found


def _decode_signature(value: str) -> bytes:
    try:
        signature = base64.b64decode(value.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError) as exc:
        raise VerificationError(Reason.INVALID_SIGNATURE_ENCODING) from exc
    if not signature:
        raise VerificationError(Reason.INVALID_SIGNATURE_ENCODING, "empty signature")
    return signature


def _raw_bytes(body: bytes) -> bytes:
    if isinstance(body, bytes):
        return body
    if isinstance(body, bytearray | memoryview):
        return bytes(body)
    raise VerificationError(Reason.INVALID_BODY, "body must be bytes")


def parse_envelope(body: bytes) -> dict[str, Any]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VerificationError(Reason.INVALID_BODY, "not UTF-8") from exc
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise VerificationError(Reason.INVALID_BODY, "not JSON") from exc
    if not isinstance(envelope, dict):
        raise VerificationError(Reason.INVALID_BODY, "not a JSON object")
    if not isinstance(envelope.get("request"), dict):
        raise VerificationError(Reason.INVALID_ENVELOPE, "missing request")
    context = envelope.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("System"), dict):
        raise VerificationError(Reason.INVALID_ENVELOPE, "missing context.System")
    return envelope


def _verify_signature(leaf: x509.Certificate, signature: bytes, body: bytes) -> None:
    try:
        key = leaf.public_key()
    except ValueError as exc:
        raise VerificationError(Reason.UNSUPPORTED_KEY) from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise VerificationError(Reason.UNSUPPORTED_KEY, "signing key is not RSA")
    try:
        key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as exc:
        raise VerificationError(Reason.SIGNATURE_MISMATCH) from exc
