"""The single exception type of request verification and its short, stable reason codes."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

__all__ = ["Reason", "VerificationError"]


class Reason(StrEnum):
    """Why a request was refused: short, stable, safe to log and to count."""

    MISSING_CERT_URL = "missing_cert_url"
    INVALID_CERT_URL = "invalid_cert_url"
    AMBIGUOUS_HEADER = "ambiguous_header"
    MISSING_SIGNATURE = "missing_signature"
    LEGACY_SIGNATURE_ONLY = "legacy_signature_only"
    INVALID_SIGNATURE_ENCODING = "invalid_signature_encoding"
    SIGNATURE_MISMATCH = "signature_mismatch"
    CERT_DOWNLOAD_FAILED = "cert_download_failed"
    CERT_DOWNLOAD_TIMEOUT = "cert_download_timeout"
    CERT_DOWNLOADS_BUSY = "cert_downloads_busy"
    CERT_BAD_STATUS = "cert_bad_status"
    CERT_TOO_LARGE = "cert_too_large"
    CERT_CHAIN_UNREADABLE = "cert_chain_unreadable"
    CERT_CHAIN_REJECTED = "cert_chain_rejected"
    UNSUPPORTED_KEY = "unsupported_key"
    INVALID_BODY = "invalid_body"
    INVALID_ENVELOPE = "invalid_envelope"
    INVALID_TIMESTAMP = "invalid_timestamp"
    STALE_TIMESTAMP = "stale_timestamp"
    SKILL_ID_MISMATCH = "skill_id_mismatch"
    INVALID_CLOCK = "invalid_clock"
    INTERNAL_ERROR = "internal_error"


_MAX_DETAIL: Final = 200


class VerificationError(Exception):
    """A request failed verification; answer it with HTTP 400.

    ``reason`` is a short code (a :class:`Reason` value) that is safe to put in a log line or a
    metric. ``detail`` is a longer human explanation for logs only: do not send it to the caller.
    """

    def __init__(self, reason: str, detail: str | None = None) -> None:
        self.reason: str = str(reason)
        self.detail: str | None = detail[:_MAX_DETAIL] if detail else None
        super().__init__(self.reason if not self.detail else f"{self.reason}: {self.detail}")
