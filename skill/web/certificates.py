"""Amazon's signing-certificate URL rule and a bounded, time-limited certificate chain fetcher.

Alexa names the PEM chain it signed a request with in the ``SignatureCertChainUrl`` header.
:func:`normalise_cert_chain_url` applies Amazon's rule to that URL and returns the one URL we are
prepared to download. :class:`CertificateChainFetcher` downloads and parses chains with a hard
deadline and a size limit, and keeps the parsed chains in a small LRU cache keyed by the
normalised URL, so a flood of distinct URLs cannot grow memory.

The fetcher runs each download on a small worker pool and waits for it with a deadline, so the
total time limit holds whatever the network does (slow connect, no answer, bytes trickling in);
the worker itself also stops reading at the deadline. At most ``max_in_flight`` downloads run
at once; a request that would start one more is refused at once rather than queued.

A cached chain is dropped when its first certificate expires, after ``max_age`` (a day) at the
latest, and when the verifier rejects it (:meth:`CertificateChainFetcher.evict`). A failed
download is remembered for ``failure_ttl`` seconds, so a flood of requests naming a broken URL
costs one download, not one each.

Each certificate of a downloaded PEM chain is parsed on its own: one that cannot be parsed (a
future ``cryptography`` refuses some old cross-signed roots) is dropped, and the chain is kept
if its first (signing) certificate is readable; whether a valid path remains is then up to the
verifier.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import ssl
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeoutError
from typing import Final, Protocol
from urllib.parse import urlsplit

import certifi
from cryptography import utils as crypto_utils
from cryptography import x509

from skill.web.errors import Reason, VerificationError

__all__ = [
    "CERT_CHAIN_HOST",
    "CERT_CHAIN_PATH_PREFIX",
    "CertificateChain",
    "CertificateChainFetcher",
    "ChainResponse",
    "OpenUrl",
    "UrllibTransport",
    "normalise_cert_chain_url",
    "parse_pem_chain",
]

CERT_CHAIN_HOST: Final = "s3.amazonaws.com"
CERT_CHAIN_PATH_PREFIX: Final = "/echo.api/"
_ALLOWED_NETLOCS: Final = frozenset({CERT_CHAIN_HOST, f"{CERT_CHAIN_HOST}:443"})
# Printable ASCII without space: urlsplit silently drops tabs and newlines and strips leading
# blanks, so anything outside this set is refused before parsing.
_URL_CHARACTERS: Final = re.compile(r"[\x21-\x7e]+")
# Percent-encoded '.', '/' and '\' could hide a traversal from posixpath.normpath.
_ENCODED_PATH_TRICKS: Final = re.compile(r"%(2e|2f|5c)", re.IGNORECASE)
_MAX_URL_LENGTH: Final = 2048
_READ_CHUNK: Final = 16 * 1024
_PEM_BLOCK: Final = re.compile(
    rb"-----BEGIN CERTIFICATE-----\r?\n.*?-----END CERTIFICATE-----", re.DOTALL
)
#: Amazon rotates its signing certificate; a cached chain is re-read at least this often.
DEFAULT_MAX_AGE_SECONDS: Final = 24 * 3600.0
#: A failed download (bad URL, S3 error, timeout) is not tried again for this long.
DEFAULT_FAILURE_TTL_SECONDS: Final = 10.0

#: A parsed chain, signing (leaf) certificate first, as served.
CertificateChain = tuple[x509.Certificate, ...]


def normalise_cert_chain_url(url: str) -> str:
    """Apply Amazon's ``SignatureCertChainUrl`` rule; return the normalised URL to download.

    The scheme must be https and the host s3.amazonaws.com (both case-insensitive), the port 443
    if one is given, and the path, once normalised, must start with ``/echo.api/``
    (case-sensitive). Raises :class:`VerificationError` otherwise.
    """
    if not isinstance(url, str) or not url:
        raise VerificationError(Reason.MISSING_CERT_URL)
    if len(url) > _MAX_URL_LENGTH or not _URL_CHARACTERS.fullmatch(url):
        raise VerificationError(Reason.INVALID_CERT_URL, "unexpected characters or length")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise VerificationError(Reason.INVALID_CERT_URL, "unparseable URL") from exc
    if parts.scheme.lower() != "https":
        raise VerificationError(Reason.INVALID_CERT_URL, "scheme is not https")
    # Comparing the whole authority also refuses user info ("user@host") and an empty port.
    if parts.netloc.lower() not in _ALLOWED_NETLOCS:
        raise VerificationError(Reason.INVALID_CERT_URL, "host or port not allowed")
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise VerificationError(Reason.INVALID_CERT_URL, "query or fragment not allowed")
    raw_path = parts.path
    if not raw_path.startswith("/") or "\\" in raw_path or _ENCODED_PATH_TRICKS.search(raw_path):
        raise VerificationError(Reason.INVALID_CERT_URL, "path not allowed")
    path = posixpath.normpath(raw_path)
    if not path.startswith(CERT_CHAIN_PATH_PREFIX):
        raise VerificationError(Reason.INVALID_CERT_URL, "path outside /echo.api/")
    return f"https://{CERT_CHAIN_HOST}{path}"


class ChainResponse(Protocol):
    """What a transport returns: an HTTP response that can be read in pieces."""

    @property
    def status(self) -> int: ...

    def read1(self, size: int = -1, /) -> bytes:
        """Return up to ``size`` bytes from at most one network read; ``b""`` at the end."""
        ...

    def close(self) -> None: ...


#: A transport: ``open_url(url, timeout_seconds)`` returns the response (status and headers read).
OpenUrl = Callable[[str, float], ChainResponse]


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """Amazon serves the chain directly; a redirect is an error, never followed."""

    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None


class UrllibTransport:
    """The default transport: urllib over https only, certifi's CA bundle, no redirects."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        context = ssl_context or ssl.create_default_context(cafile=certifi.where())
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context), _RefuseRedirects()
        )

    def __call__(self, url: str, timeout: float) -> ChainResponse:
        if urlsplit(url).scheme != "https":
            raise ValueError("only https URLs are fetched")
        response: ChainResponse = self._opener.open(url, timeout=timeout)
        return response


class CertificateChainFetcher:
    """Download, parse and cache the PEM certificate chains named by ``SignatureCertChainUrl``.

    Every failure raises :class:`VerificationError`. Parsed chains are cached in an LRU of at
    most ``max_entries`` chains keyed by the normalised URL, each until its first certificate
    expires or ``max_age`` seconds pass; failures are remembered for ``failure_ttl`` seconds
    (at most ``4 * max_entries`` of them). Concurrent requests for the same URL share one
    download; at most ``max_in_flight`` distinct downloads run at once. ``timeout`` bounds the
    whole download (connect, headers and body) as seen by the caller. ``clock`` is the wall
    clock (epoch seconds) for expiry.
    """

    def __init__(
        self,
        open_url: OpenUrl | None = None,
        *,
        max_entries: int = 16,
        timeout: float = 2.0,
        max_bytes: int = 64 * 1024,
        max_workers: int = 4,
        max_in_flight: int | None = None,
        max_age: float = DEFAULT_MAX_AGE_SECONDS,
        failure_ttl: float = DEFAULT_FAILURE_TTL_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if max_entries < 1 or timeout <= 0 or max_bytes < 1 or max_workers < 1:
            raise ValueError("max_entries, timeout, max_bytes and max_workers must be positive")
        in_flight = max_workers if max_in_flight is None else max_in_flight
        if in_flight < 1 or max_age <= 0 or failure_ttl < 0:
            raise ValueError("max_in_flight and max_age must be positive, failure_ttl not negative")
        self._open_url: OpenUrl = open_url if open_url is not None else UrllibTransport()
        self._max_entries = max_entries
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._max_in_flight = in_flight
        self._max_age = max_age
        self._failure_ttl = failure_ttl
        self._clock = clock
        self._lock = threading.Lock()
        # normalised URL → (chain, expires at: epoch seconds)
        self._cache: OrderedDict[str, tuple[CertificateChain, float]] = OrderedDict()
        # normalised URL → (remembered until: epoch seconds, the error)
        self._failures: OrderedDict[str, tuple[float, VerificationError]] = OrderedDict()
        self._in_flight: dict[str, Future[CertificateChain]] = {}
        self._executor = ThreadPoolExecutor(
            max_workers=max_workers, thread_name_prefix="alexa-cert-chain"
        )

    @property
    def max_entries(self) -> int:
        return self._max_entries

    @property
    def cache_size(self) -> int:
        with self._lock:
            return len(self._cache)

    def cached_urls(self) -> list[str]:
        """The cached URLs, least recently used first."""
        with self._lock:
            return list(self._cache)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._failures.clear()

    def evict(self, url: str) -> None:
        """Forget the chain cached for ``url`` (the verifier rejected it)."""
        try:
            key = normalise_cert_chain_url(url)
        except VerificationError:
            return
        with self._lock:
            self._cache.pop(key, None)

    def close(self) -> None:
        """Stop the worker pool (running downloads finish on their own deadline)."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    def fetch(self, url: str) -> CertificateChain:
        """Return the parsed chain (leaf first) for a ``SignatureCertChainUrl``."""
        try:
            key = normalise_cert_chain_url(url)
            deadline = time.monotonic() + self._timeout
            with self._lock:
                cached = self._cached(key)
                if cached is not None:
                    return cached
                future = self._in_flight.get(key)
                if future is None:
                    if len(self._in_flight) >= self._max_in_flight:
                        raise VerificationError(
                            Reason.CERT_DOWNLOADS_BUSY, f"{len(self._in_flight)} in flight"
                        )
                    future = self._executor.submit(self._download, key, deadline)
                    self._in_flight[key] = future
            return future.result(timeout=max(0.0, deadline - time.monotonic()))
        except VerificationError:
            raise
        except FutureTimeoutError as exc:
            raise VerificationError(Reason.CERT_DOWNLOAD_TIMEOUT) from exc
        except Exception as exc:
            raise VerificationError(Reason.CERT_DOWNLOAD_FAILED, type(exc).__name__) from exc

    def _cached(self, key: str) -> CertificateChain | None:
        """Under the lock: a live cached chain, or the remembered failure raised again."""
        now = self._clock()
        entry = self._cache.get(key)
        if entry is not None:
            chain, expires_at = entry
            if now < expires_at:
                self._cache.move_to_end(key)
                return chain
            del self._cache[key]  # expired, or kept its day: read it again
        failure = self._failures.get(key)
        if failure is not None:
            until, error = failure
            if now < until:
                raise VerificationError(error.reason, error.detail)
            del self._failures[key]
        return None

    def _download(self, key: str, deadline: float) -> CertificateChain:
        """Worker: download and parse one chain; publish it (or the failure) atomically."""
        chain: CertificateChain | None = None
        failure: VerificationError | None = None
        try:
            chain = parse_pem_chain(self._read(key, deadline))
            return chain
        except VerificationError as error:
            failure = error
            raise
        except Exception as error:
            failure = VerificationError(Reason.CERT_DOWNLOAD_FAILED, type(error).__name__)
            raise
        finally:
            with self._lock:
                self._in_flight.pop(key, None)
                now = self._clock()
                if chain is not None:
                    self._failures.pop(key, None)
                    self._cache[key] = (chain, _expiry(chain, now, self._max_age))
                    self._cache.move_to_end(key)
                    while len(self._cache) > self._max_entries:
                        self._cache.popitem(last=False)
                elif failure is not None and self._failure_ttl > 0:
                    self._failures[key] = (now + self._failure_ttl, failure)
                    self._failures.move_to_end(key)
                    while len(self._failures) > 4 * self._max_entries:
                        self._failures.popitem(last=False)

    def _read(self, url: str, deadline: float) -> bytes:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise VerificationError(Reason.CERT_DOWNLOAD_TIMEOUT)
        try:
            response = self._open_url(url, remaining)
        except urllib.error.HTTPError as exc:
            exc.close()
            raise VerificationError(Reason.CERT_BAD_STATUS, f"HTTP {exc.code}") from exc
        except Exception as exc:
            raise _download_error(exc) from exc
        try:
            status = response.status
            if status != 200:
                raise VerificationError(Reason.CERT_BAD_STATUS, f"HTTP {status}")
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() >= deadline:
                    raise VerificationError(Reason.CERT_DOWNLOAD_TIMEOUT)
                chunk = response.read1(min(_READ_CHUNK, self._max_bytes + 1 - size))
                if not chunk:
                    return b"".join(chunks)
                size += len(chunk)
                if size > self._max_bytes:
                    raise VerificationError(Reason.CERT_TOO_LARGE)
                chunks.append(chunk)
        except VerificationError:
            raise
        except Exception as exc:
            raise _download_error(exc) from exc
        finally:
            with contextlib.suppress(Exception):
                response.close()


def _expiry(chain: CertificateChain, now: float, max_age: float) -> float:
    """When a cached chain must be read again: its first expiry, or after `max_age`."""
    first_expiry = min(cert.not_valid_after_utc.timestamp() for cert in chain)
    return min(now + max_age, first_expiry)


def _download_error(exc: Exception) -> VerificationError:
    reason = getattr(exc, "reason", None)
    if isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError):
        return VerificationError(Reason.CERT_DOWNLOAD_TIMEOUT)
    return VerificationError(Reason.CERT_DOWNLOAD_FAILED, type(exc).__name__)


def parse_pem_chain(data: bytes) -> CertificateChain:
    """Parse a PEM chain certificate by certificate, in order, dropping unreadable ones.

    The first certificate signs the request, so it must be readable; any other one that cannot
    be parsed is left out (the chain check then decides whether a valid path remains).
    """
    blocks = _PEM_BLOCK.findall(data)
    if not blocks:
        raise VerificationError(Reason.CERT_CHAIN_UNREADABLE, "no PEM certificate")
    chain: list[x509.Certificate] = []
    for index, block in enumerate(blocks):
        try:
            # Old cross-signed roots with a zero serial number make cryptography warn (a future
            # release refuses them): a warning must not cost us the chain.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", crypto_utils.CryptographyDeprecationWarning)
                chain.append(x509.load_pem_x509_certificate(block))
        except ValueError as exc:
            if index == 0:
                raise VerificationError(
                    Reason.CERT_CHAIN_UNREADABLE, "signing certificate unreadable"
                ) from exc
    return tuple(chain)
