"""Signed web-service requests for the verification tests: a test PKI, its served chains, and
the accepted and refused cases (`ACCEPTED`, `NEGATIVE`) that the unit, web-service and reliability
checks share.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa

from skill.web.verification import Reason
from tests.support.alexa_signing import (
    CERT_URL,
    NOW,
    OTHER_SKILL_ID,
    AlexaPki,
    Route,
    build_pki,
    encode,
    issue_leaf,
    make_envelope,
    make_intermediate,
    new_ec_key,
    new_rsa_key,
    pem,
    self_signed_leaf,
    sign_body,
)

S3 = "https://s3.amazonaws.com"
GARBAGE_PEM = b"-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"


def url(name: str) -> str:
    return f"{S3}/echo.api/{name}"


@dataclass(frozen=True)
class Attempt:
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Kit:
    """Everything a case needs to build a request: the PKI, keys and the served chains."""

    pki: AlexaPki
    other_key: rsa.RSAPrivateKey
    routes: dict[str, Route]

    def body(self, **envelope: Any) -> bytes:
        return encode(make_envelope(**envelope))

    def signed(
        self,
        body: bytes | None = None,
        *,
        cert_url: str = CERT_URL,
        key: rsa.RSAPrivateKey | None = None,
    ) -> Attempt:
        raw = body if body is not None else self.body()
        return Attempt(sign_body(raw, key or self.pki.leaf_key, cert_url), raw)


def build_kit() -> Kit:
    pki = build_pki()
    leaf_key = pki.leaf_key
    inter = pki.intermediate
    day = timedelta(days=1)

    untrusted = build_pki(root_name="Untrusted Root CA", leaf_key=leaf_key)
    expired_inter = make_intermediate(
        pki.root, "Expired Intermediate", not_before=NOW - 400 * day, not_after=NOW - day
    )
    valid_chain = pki.chain_pem()
    oversized = valid_chain * (64 * 1024 // len(valid_chain) + 1)
    assert len(oversized) > 64 * 1024

    routes: dict[str, Route] = {
        "echo-api-cert.pem": Route(valid_chain),
        "with-root.pem": Route(pem(pki.leaf, inter.cert, pki.root.cert)),
        "expired.pem": Route(
            pem(
                issue_leaf(inter, leaf_key, not_before=NOW - 90 * day, not_after=NOW - day),
                inter.cert,
            )
        ),
        "not-yet-valid.pem": Route(
            pem(
                issue_leaf(inter, leaf_key, not_before=NOW + day, not_after=NOW + 90 * day),
                inter.cert,
            )
        ),
        "wrong-san.pem": Route(
            pem(issue_leaf(inter, leaf_key, san="echo-api.amazon.com.evil.example"), inter.cert)
        ),
        "other-amazon-san.pem": Route(
            pem(issue_leaf(inter, leaf_key, san="s3.amazonaws.com"), inter.cert)
        ),
        # RFC 6125 would let it cover echo-api.amazon.com; Amazon's rule wants the name itself.
        "wildcard-san.pem": Route(pem(issue_leaf(inter, leaf_key, san="*.amazon.com"), inter.cert)),
        # An extra certificate nobody can parse, in the middle and at the end: dropped.
        "with-unparseable-extra.pem": Route(
            pem(pki.leaf) + GARBAGE_PEM + pem(inter.cert) + GARBAGE_PEM
        ),
        "untrusted.pem": Route(untrusted.chain_pem()),
        "untrusted-with-root.pem": Route(
            pem(untrusted.leaf, untrusted.intermediate.cert, untrusted.root.cert)
        ),
        "self-signed.pem": Route(pem(self_signed_leaf(leaf_key))),
        "leaf-only.pem": Route(pem(pki.leaf)),
        "reversed.pem": Route(pem(inter.cert, pki.leaf)),
        "expired-intermediate.pem": Route(
            pem(issue_leaf(expired_inter, leaf_key), expired_inter.cert)
        ),
        "ec-leaf.pem": Route(pem(issue_leaf(inter, new_ec_key()), inter.cert)),
        "empty.pem": Route(b""),
        "garbage.pem": Route(GARBAGE_PEM),
        "not-pem.pem": Route(b"<Error><Code>AccessDenied</Code></Error>"),
        "server-error.pem": Route(b"oops", status=500),
        "no-content.pem": Route(b"", status=204),
        "redirect.pem": Route(b"", status=302, headers={"Location": "/echo.api/echo-api-cert.pem"}),
        "oversized.pem": Route(oversized),
        "hang.pem": Route(valid_chain, delay=6.0),
        "trickle.pem": Route(valid_chain, trickle_interval=0.05),
    }
    return Kit(pki=pki, other_key=new_rsa_key(), routes=routes)


Builder = Callable[[Kit], Attempt]


def _url_case(cert_url: str) -> Builder:
    return lambda k: k.signed(cert_url=cert_url)


def _envelope_case(**envelope: Any) -> Builder:
    return lambda k: k.signed(k.body(**envelope))


def _lowercase_headers(k: Kit) -> Attempt:
    attempt = k.signed()
    return replace(attempt, headers={n.lower(): v for n, v in attempt.headers.items()})


def _with_legacy_header_too(k: Kit) -> Attempt:
    attempt = k.signed()
    legacy = sign_body(attempt.body, k.pki.leaf_key, algorithm=hashes.SHA1(), header="Signature")
    return replace(attempt, headers={**attempt.headers, **legacy})


ACCEPTED: dict[str, Builder] = {
    "plain": lambda k: k.signed(),
    "scheme-and-host-upper-case": _url_case("HTTPS://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem"),
    "explicit-port-443": _url_case("https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem"),
    "dot-dot-that-stays-inside": _url_case(
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem"
    ),
    "dot-segment": _url_case("https://s3.amazonaws.com/echo.api/./echo-api-cert.pem"),
    "chain-including-root": _url_case(url("with-root.pem")),
    "lower-case-header-names": _lowercase_headers,
    "legacy-signature-alongside": _with_legacy_header_too,
    "timestamp-plus-150": _envelope_case(timestamp=NOW + timedelta(seconds=150)),
    "timestamp-minus-150": _envelope_case(timestamp=NOW - timedelta(seconds=150)),
    "timestamp-with-millis-and-offset": _envelope_case(timestamp="2026-11-22T12:00:01.250+00:00"),
    "timestamp-other-zone": _envelope_case(timestamp="2026-11-22T13:01:00+01:00"),
    "skill-event-minus-3599": _envelope_case(
        timestamp=NOW - timedelta(seconds=3599), request_type="AlexaSkillEvent.SkillDisabled"
    ),
    "skill-event-plus-3599": _envelope_case(
        timestamp=NOW + timedelta(seconds=3599),
        request_type="AlexaSkillEvent.SkillPermissionAccepted",
    ),
    "id-in-context-only": _envelope_case(session_application_id=None),
    "id-in-session-only": _envelope_case(application_id=None),
}


# --------------------------------------------------------------------------- the negative set


def _headers_case(change: Callable[[Kit, dict[str, str], bytes], dict[str, str]]) -> Builder:
    def build(k: Kit) -> Attempt:
        attempt = k.signed()
        return replace(attempt, headers=change(k, dict(attempt.headers), attempt.body))

    return build


def _without(name: str) -> Builder:
    return _headers_case(lambda _k, h, _b: {n: v for n, v in h.items() if n != name})


def _signature(value: str) -> Builder:
    return _headers_case(lambda _k, h, _b: {**h, "Signature-256": value})


def _legacy_only(k: Kit, headers: dict[str, str], body: bytes) -> dict[str, str]:
    legacy = sign_body(body, k.pki.leaf_key, algorithm=hashes.SHA1(), header="Signature")
    return {"SignatureCertChainUrl": headers["SignatureCertChainUrl"], **legacy}


def _sha1_in_256_header(k: Kit, headers: dict[str, str], body: bytes) -> dict[str, str]:
    sha1 = sign_body(body, k.pki.leaf_key, algorithm=hashes.SHA1())
    return {**headers, "Signature-256": sha1["Signature-256"]}


def _truncated_signature(_k: Kit, headers: dict[str, str], _body: bytes) -> dict[str, str]:
    raw = base64.b64decode(headers["Signature-256"])
    return {**headers, "Signature-256": base64.b64encode(raw[:-1]).decode()}


def _broken_padding(_k: Kit, headers: dict[str, str], _body: bytes) -> dict[str, str]:
    return {**headers, "Signature-256": headers["Signature-256"].rstrip("=")}


def _line_break_in_signature(_k: Kit, headers: dict[str, str], _body: bytes) -> dict[str, str]:
    value = headers["Signature-256"]
    return {**headers, "Signature-256": value[:64] + "\n" + value[64:]}


def _duplicate_signature(_k: Kit, headers: dict[str, str], _body: bytes) -> dict[str, str]:
    return {**headers, "signature-256": headers["Signature-256"]}


def _body_changed_after_signing(k: Kit) -> Attempt:
    attempt = k.signed()
    return replace(attempt, body=attempt.body.replace(b"LaunchRequest", b"SessionEndedRequest"))


def _body_reserialised(k: Kit) -> Attempt:
    attempt = k.signed()
    pretty = json.dumps(json.loads(attempt.body), indent=2).encode()
    return replace(attempt, body=pretty)


def _raw_body_case(body: bytes) -> Builder:
    return lambda k: k.signed(body)


def _envelope_edit(edit: Callable[[dict[str, Any]], None]) -> Builder:
    def build(k: Kit) -> Attempt:
        envelope = make_envelope()
        edit(envelope)
        return k.signed(encode(envelope))

    return build


def _set_timestamp(value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(envelope: dict[str, Any]) -> None:
        envelope["request"]["timestamp"] = value

    return edit


def _bad_application_id(envelope: dict[str, Any]) -> None:
    envelope["context"]["System"]["application"]["applicationId"] = 12345


R = Reason
SECOND = timedelta(seconds=1)

NEGATIVE: dict[str, tuple[Builder, Reason]] = {
    # SignatureCertChainUrl
    "url-http": (
        _url_case("http://s3.amazonaws.com/echo.api/echo-api-cert.pem"),
        R.INVALID_CERT_URL,
    ),
    "url-ftp": (_url_case("ftp://s3.amazonaws.com/echo.api/echo-api-cert.pem"), R.INVALID_CERT_URL),
    "url-no-scheme": (_url_case("s3.amazonaws.com/echo.api/echo-api-cert.pem"), R.INVALID_CERT_URL),
    "url-relative": (_url_case("/echo.api/echo-api-cert.pem"), R.INVALID_CERT_URL),
    "url-wrong-host": (
        _url_case("https://notamazon.com/echo.api/echo-api-cert.pem"),
        R.INVALID_CERT_URL,
    ),
    "url-host-suffix": (
        _url_case("https://s3.amazonaws.com.evil.com/echo.api/echo-api-cert.pem"),
        R.INVALID_CERT_URL,
    ),
    "url-regional-host": (
        _url_case("https://s3.us-east-1.amazonaws.com/echo.api/echo-api-cert.pem"),
        R.INVALID_CERT_URL,
    ),
    "url-host-as-userinfo": (
        _url_case("https://s3.amazonaws.com@evil.com/echo.api/echo-api-cert.pem"),
        R.INVALID_CERT_URL,
    ),
    "url-with-userinfo": (
        _url_case("https://evil.com@s3.amazonaws.com/echo.api/echo-api-cert.pem"),
        R.INVALID_CERT_URL,
    ),
    "url-path-case": (_url_case(f"{S3}/Echo.api/echo-api-cert.pem"), R.INVALID_CERT_URL),
    "url-path-mixed-case": (_url_case(f"{S3}/EcHo.aPi/echo-api-cert.pem"), R.INVALID_CERT_URL),
    "url-traversal": (_url_case(f"{S3}/echo.api/../evil/echo-api-cert.pem"), R.INVALID_CERT_URL),
    "url-deep-traversal": (_url_case(f"{S3}/echo.api/../../echo-api-cert.pem"), R.INVALID_CERT_URL),
    "url-encoded-traversal": (
        _url_case(f"{S3}/echo.api/%2e%2e/evil/echo-api-cert.pem"),
        R.INVALID_CERT_URL,
    ),
    "url-backslash": (_url_case(f"{S3}/echo.api\\..\\evil.pem"), R.INVALID_CERT_URL),
    "url-wrong-path": (_url_case(f"{S3}/invalid.path/echo-api-cert.pem"), R.INVALID_CERT_URL),
    "url-path-prefix-only": (_url_case(f"{S3}/echo.apix/echo-api-cert.pem"), R.INVALID_CERT_URL),
    "url-directory-only": (_url_case(f"{S3}/echo.api/"), R.INVALID_CERT_URL),
    "url-port-8443": (
        _url_case("https://s3.amazonaws.com:8443/echo.api/echo-api-cert.pem"),
        R.INVALID_CERT_URL,
    ),
    "url-port-563": (
        _url_case("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem"),
        R.INVALID_CERT_URL,
    ),
    "url-empty-port": (
        _url_case("https://s3.amazonaws.com:/echo.api/echo-api-cert.pem"),
        R.INVALID_CERT_URL,
    ),
    "url-query": (_url_case(f"{CERT_URL}?versionId=1"), R.INVALID_CERT_URL),
    "url-fragment": (_url_case(f"{CERT_URL}#leaf"), R.INVALID_CERT_URL),
    "url-leading-space": (_url_case(f" {CERT_URL}"), R.INVALID_CERT_URL),
    "url-embedded-newline": (
        _url_case("https://s3.amazonaws.com/echo.api/\necho-api-cert.pem"),
        R.INVALID_CERT_URL,
    ),
    "url-header-missing": (_without("SignatureCertChainUrl"), R.MISSING_CERT_URL),
    "url-header-empty": (_url_case(""), R.MISSING_CERT_URL),
    # Signature-256
    "signature-missing": (_without("Signature-256"), R.MISSING_SIGNATURE),
    "signature-legacy-only": (_headers_case(_legacy_only), R.LEGACY_SIGNATURE_ONLY),
    "signature-empty": (_signature(""), R.INVALID_SIGNATURE_ENCODING),
    "signature-bad-base64": (_signature("!!not*base64!!"), R.INVALID_SIGNATURE_ENCODING),
    "signature-bad-padding": (_headers_case(_broken_padding), R.INVALID_SIGNATURE_ENCODING),
    "signature-line-break": (_headers_case(_line_break_in_signature), R.INVALID_SIGNATURE_ENCODING),
    "signature-non-ascii": (_signature("ÄÖÜ="), R.INVALID_SIGNATURE_ENCODING),
    "signature-twice": (_headers_case(_duplicate_signature), R.AMBIGUOUS_HEADER),
    "signature-other-key": (lambda k: k.signed(key=k.other_key), R.SIGNATURE_MISMATCH),
    "signature-sha1-in-256-header": (_headers_case(_sha1_in_256_header), R.SIGNATURE_MISMATCH),
    "signature-truncated": (_headers_case(_truncated_signature), R.SIGNATURE_MISMATCH),
    "body-changed-after-signing": (_body_changed_after_signing, R.SIGNATURE_MISMATCH),
    "body-reserialised": (_body_reserialised, R.SIGNATURE_MISMATCH),
    # certificate chain
    "chain-expired": (_url_case(url("expired.pem")), R.CERT_CHAIN_REJECTED),
    "chain-not-yet-valid": (_url_case(url("not-yet-valid.pem")), R.CERT_CHAIN_REJECTED),
    "chain-wrong-san": (_url_case(url("wrong-san.pem")), R.CERT_CHAIN_REJECTED),
    "chain-wildcard-san": (_url_case(url("wildcard-san.pem")), R.CERT_CHAIN_REJECTED),
    "chain-other-amazon-san": (_url_case(url("other-amazon-san.pem")), R.CERT_CHAIN_REJECTED),
    "chain-untrusted-root": (_url_case(url("untrusted.pem")), R.CERT_CHAIN_REJECTED),
    "chain-untrusted-root-included": (
        _url_case(url("untrusted-with-root.pem")),
        R.CERT_CHAIN_REJECTED,
    ),
    "chain-self-signed": (_url_case(url("self-signed.pem")), R.CERT_CHAIN_REJECTED),
    "chain-leaf-only": (_url_case(url("leaf-only.pem")), R.CERT_CHAIN_REJECTED),
    "chain-reversed": (_url_case(url("reversed.pem")), R.CERT_CHAIN_REJECTED),
    "chain-expired-intermediate": (
        _url_case(url("expired-intermediate.pem")),
        R.CERT_CHAIN_REJECTED,
    ),
    "chain-ec-leaf": (_url_case(url("ec-leaf.pem")), R.UNSUPPORTED_KEY),
    "chain-empty": (_url_case(url("empty.pem")), R.CERT_CHAIN_UNREADABLE),
    "chain-garbage-pem": (_url_case(url("garbage.pem")), R.CERT_CHAIN_UNREADABLE),
    "chain-not-pem": (_url_case(url("not-pem.pem")), R.CERT_CHAIN_UNREADABLE),
    # certificate download
    "download-404": (_url_case(url("missing.pem")), R.CERT_BAD_STATUS),
    "download-500": (_url_case(url("server-error.pem")), R.CERT_BAD_STATUS),
    "download-204": (_url_case(url("no-content.pem")), R.CERT_BAD_STATUS),
    "download-redirect": (_url_case(url("redirect.pem")), R.CERT_BAD_STATUS),
    "download-oversized": (_url_case(url("oversized.pem")), R.CERT_TOO_LARGE),
    # timestamp
    "timestamp-plus-151": (_envelope_case(timestamp=NOW + 151 * SECOND), R.STALE_TIMESTAMP),
    "timestamp-minus-151": (_envelope_case(timestamp=NOW - 151 * SECOND), R.STALE_TIMESTAMP),
    "timestamp-a-day-old": (_envelope_case(timestamp=NOW - timedelta(days=1)), R.STALE_TIMESTAMP),
    "skill-event-minus-3601": (
        _envelope_case(timestamp=NOW - 3601 * SECOND, request_type="AlexaSkillEvent.SkillDisabled"),
        R.STALE_TIMESTAMP,
    ),
    "skill-event-plus-3601": (
        _envelope_case(timestamp=NOW + 3601 * SECOND, request_type="AlexaSkillEvent.SkillEnabled"),
        R.STALE_TIMESTAMP,
    ),
    "launch-request-at-3599": (
        _envelope_case(timestamp=NOW - 3599 * SECOND, request_type="LaunchRequest"),
        R.STALE_TIMESTAMP,
    ),
    "lookalike-event-type-at-3599": (
        _envelope_case(timestamp=NOW - 3599 * SECOND, request_type="alexaskillevent.SkillEnabled"),
        R.STALE_TIMESTAMP,
    ),
    "timestamp-unparseable": (_envelope_case(timestamp="yesterday at noon"), R.INVALID_TIMESTAMP),
    "timestamp-no-time-zone": (
        _envelope_case(timestamp="2026-11-22T12:00:00"),
        R.INVALID_TIMESTAMP,
    ),
    "timestamp-missing": (
        _envelope_edit(lambda e: e["request"].pop("timestamp")),
        R.INVALID_TIMESTAMP,
    ),
    "timestamp-number": (_envelope_edit(_set_timestamp(1795348800000)), R.INVALID_TIMESTAMP),
    "timestamp-null": (_envelope_edit(_set_timestamp(None)), R.INVALID_TIMESTAMP),
    # skill id
    "skill-id-wrong": (
        _envelope_case(application_id=OTHER_SKILL_ID, session_application_id=OTHER_SKILL_ID),
        R.SKILL_ID_MISMATCH,
    ),
    "skill-id-wrong-in-session": (
        _envelope_case(session_application_id=OTHER_SKILL_ID),
        R.SKILL_ID_MISMATCH,
    ),
    "skill-id-wrong-in-context": (
        _envelope_case(application_id=OTHER_SKILL_ID),
        R.SKILL_ID_MISMATCH,
    ),
    "skill-id-absent": (
        _envelope_case(application_id=None, session_application_id=None),
        R.SKILL_ID_MISMATCH,
    ),
    "skill-id-not-text": (_envelope_edit(_bad_application_id), R.SKILL_ID_MISMATCH),
    # body and envelope
    "body-not-json": (_raw_body_case(b"request=LaunchRequest"), R.INVALID_BODY),
    "body-not-utf8": (
        _raw_body_case('{"request": {"type": "Caf\u00e9"}}'.encode("latin-1")),
        R.INVALID_BODY,
    ),
    "body-json-array": (_raw_body_case(b'[{"request": {}}]'), R.INVALID_BODY),
    "body-json-string": (_raw_body_case(b'"LaunchRequest"'), R.INVALID_BODY),
    "body-empty": (_raw_body_case(b""), R.INVALID_BODY),
    "body-deeply-nested": (_raw_body_case(b"[" * 200_000 + b"]" * 200_000), R.INVALID_BODY),
    "envelope-missing-context": (_envelope_edit(lambda e: e.pop("context")), R.INVALID_ENVELOPE),
    "envelope-context-without-system": (
        _envelope_edit(lambda e: e["context"].pop("System")),
        R.INVALID_ENVELOPE,
    ),
    "envelope-missing-request": (_envelope_edit(lambda e: e.pop("request")), R.INVALID_ENVELOPE),
    "envelope-request-not-object": (
        _envelope_edit(lambda e: e.update(request="LaunchRequest")),
        R.INVALID_ENVELOPE,
    ),
}


# Header values HTTP itself cannot carry (line breaks) or that HTTP trims (surrounding spaces);
# the verifier refuses them directly (test_request_verification.py), HTTP never delivers them.
NOT_EXPRESSIBLE_OVER_HTTP = {
    "signature-line-break",
    "url-embedded-newline",
    "url-leading-space",
    "signature-twice",
}
OVER_HTTP = sorted(set(NEGATIVE) - NOT_EXPRESSIBLE_OVER_HTTP)
