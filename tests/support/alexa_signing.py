"""Sign requests like Alexa does, with a throwaway PKI, and serve the chain on loopback.

* :func:`build_pki` makes a test CA at test time: root → intermediate → leaf whose SAN is
  ``echo-api.amazon.com``; :func:`issue_leaf`, :func:`make_root` and :func:`make_intermediate`
  make the broken variants (expired, not yet valid, wrong SAN, untrusted root …).
* :func:`sign_body` returns the ``SignatureCertChainUrl`` and ``Signature-256`` headers for a body.
* :class:`ChainServer` is a threaded ``http.server`` on 127.0.0.1 (port 0) that serves PEM chains
  and can fail (any status), hang, trickle, redirect or send an oversized body.
* :class:`LoopbackTransport` is a transport for ``CertificateChainFetcher``: it routes
  ``https://s3.amazonaws.com/echo.api/…`` to the server and refuses every other host, so no test
  ever reaches the internet.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import ssl
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from skill.web.certificates import ChainResponse

CERT_URL: Final = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"
ECHO_API_DOMAIN: Final = "echo-api.amazon.com"
SKILL_ID: Final = "amzn1.ask.skill.11111111-2222-4333-8444-555555555555"
OTHER_SKILL_ID: Final = "amzn1.ask.skill.99999999-8888-4777-8666-555555555555"
#: A fixed "now" for the requests; certificates are issued around it.
NOW: Final = datetime(2026, 11, 22, 12, 0, 0, tzinfo=UTC)

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


# --------------------------------------------------------------------------- certificates


@dataclass(frozen=True)
class Issuer:
    """A CA certificate and its private key."""

    key: PrivateKey
    cert: x509.Certificate


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def new_ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Heart to Heart Test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _ca_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def _leaf_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=True,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def make_root(
    common_name: str,
    *,
    now: datetime = NOW,
    key: PrivateKey | None = None,
    days: int = 3650,
) -> Issuer:
    """A self-signed root CA valid from a year before ``now``."""
    key = key if key is not None else new_ec_key()
    name = _name(common_name)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=365))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issuer(key, cert)


def make_intermediate(
    parent: Issuer,
    common_name: str,
    *,
    not_before: datetime,
    not_after: datetime,
    key: PrivateKey | None = None,
) -> Issuer:
    key = key if key is not None else new_ec_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(parent.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(parent.key.public_key()),
            critical=False,
        )
        .sign(parent.key, hashes.SHA256())
    )
    return Issuer(key, cert)


def issue_leaf(
    issuer: Issuer,
    key: PrivateKey,
    *,
    san: str | x509.GeneralName = ECHO_API_DOMAIN,
    not_before: datetime = NOW - timedelta(days=30),
    not_after: datetime = NOW + timedelta(days=60),
    common_name: str = ECHO_API_DOMAIN,
) -> x509.Certificate:
    """A server (TLS) certificate like Amazon's signing certificate, for ``key``."""
    general_name = x509.DNSName(san) if isinstance(san, str) else san
    return (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_leaf_usage(), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName([general_name]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
        .sign(issuer.key, hashes.SHA256())
    )


def self_signed_leaf(key: rsa.RSAPrivateKey, *, san: str = ECHO_API_DOMAIN) -> x509.Certificate:
    """A leaf that vouches for itself: right SAN, no CA behind it."""
    named_like_itself = Issuer(key, make_root("Self", key=key).cert)
    return issue_leaf(named_like_itself, key, san=san, common_name="Self")


def pem(*certs: x509.Certificate) -> bytes:
    """A PEM chain, in the given order (Amazon's order: leaf first)."""
    return b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in certs)


@dataclass(frozen=True)
class AlexaPki:
    """A trusted root, an intermediate and an ``echo-api.amazon.com`` leaf with its RSA key."""

    root: Issuer
    intermediate: Issuer
    leaf_key: rsa.RSAPrivateKey
    leaf: x509.Certificate

    @property
    def trust_roots(self) -> list[x509.Certificate]:
        return [self.root.cert]

    def chain_pem(self) -> bytes:
        return pem(self.leaf, self.intermediate.cert)


def build_pki(
    *,
    now: datetime = NOW,
    root_name: str = "H2H Test Root CA",
    leaf_key: rsa.RSAPrivateKey | None = None,
) -> AlexaPki:
    root = make_root(root_name, now=now)
    intermediate = make_intermediate(
        root,
        f"{root_name} Intermediate",
        not_before=now - timedelta(days=300),
        not_after=now + timedelta(days=1000),
    )
    key = leaf_key if leaf_key is not None else new_rsa_key()
    leaf = issue_leaf(
        intermediate, key, not_before=now - timedelta(days=30), not_after=now + timedelta(days=60)
    )
    return AlexaPki(root, intermediate, key, leaf)


# --------------------------------------------------------------------------- requests


def make_envelope(
    timestamp: datetime | str = NOW,
    *,
    request_type: str = "LaunchRequest",
    application_id: str | None = SKILL_ID,
    session_application_id: str | None = SKILL_ID,
) -> dict[str, Any]:
    """A minimal but realistic Alexa request envelope."""
    stamp = timestamp if isinstance(timestamp, str) else _iso(timestamp)
    system: dict[str, Any] = {
        "user": {"userId": "amzn1.ask.account.TESTUSER"},
        "device": {"deviceId": "amzn1.ask.device.TESTDEVICE", "supportedInterfaces": {}},
        "apiEndpoint": "https://api.amazonalexa.com",
    }
    if application_id is not None:
        system["application"] = {"applicationId": application_id}
    envelope: dict[str, Any] = {
        "version": "1.0",
        "context": {"System": system},
        "request": {
            "type": request_type,
            "requestId": "amzn1.echo-api.request.00000000-0000-4000-8000-000000000000",
            "timestamp": stamp,
            "locale": "en-GB",
        },
    }
    if session_application_id is not None:
        envelope["session"] = {
            "new": True,
            "sessionId": "amzn1.echo-api.session.0000",
            "application": {"applicationId": session_application_id},
            "user": {"userId": "amzn1.ask.account.TESTUSER"},
        }
    return envelope


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def encode(envelope: Any) -> bytes:
    """Serialise an envelope the way Alexa does (compact JSON, UTF-8)."""
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_body(
    body: bytes,
    key: rsa.RSAPrivateKey,
    cert_url: str = CERT_URL,
    *,
    algorithm: hashes.HashAlgorithm | None = None,
    header: str = "Signature-256",
) -> dict[str, str]:
    """The headers Alexa would send for ``body``: base64 RSA PKCS#1 v1.5 over the raw bytes."""
    signature = key.sign(body, padding.PKCS1v15(), algorithm or hashes.SHA256())
    return {
        "SignatureCertChainUrl": cert_url,
        header: base64.b64encode(signature).decode("ascii"),
    }


# --------------------------------------------------------------------------- loopback server


@dataclass(frozen=True)
class Route:
    """How :class:`ChainServer` answers one path."""

    body: bytes = b""
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering at all ("hang")
    trickle_interval: float | None = None  # send the body one byte per interval
    headers: Mapping[str, str] = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        owner = self.server.owner
        path = self.path
        owner.record(path)
        route = owner.lookup(path)
        try:
            if route.delay:
                time.sleep(route.delay)
            self.send_response(route.status)
            self.send_header("Content-Type", "application/x-pem-file")
            self.send_header("Content-Length", str(len(route.body)))
            self.send_header("Connection", "close")
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if route.trickle_interval is None:
                self.wfile.write(route.body)
            else:
                for index in range(len(route.body)):
                    self.wfile.write(route.body[index : index + 1])
                    self.wfile.flush()
                    time.sleep(route.trickle_interval)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass  # the client gave up first, which is the point of several routes

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: ChainServer


class ChainServer:
    """A threaded HTTP(S) server on 127.0.0.1 that serves certificate chains by path.

    Routes are looked up in ``routes`` first, then passed to ``resolver``; anything else is 404.
    ``hits`` counts requests per path.
    """

    def __init__(
        self,
        *,
        ssl_context: ssl.SSLContext | None = None,
        resolver: Callable[[str], Route | None] | None = None,
    ) -> None:
        self.routes: dict[str, Route] = {}
        self.resolver = resolver
        self.hits: Counter[str] = Counter()
        self._hits_lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        if ssl_context is not None:
            self._server.socket = ssl_context.wrap_socket(self._server.socket, server_side=True)
        self.tls = ssl_context is not None
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def serve(self, path: str, route: Route) -> str:
        """Serve ``route`` at ``path``; return the s3 URL that the transport maps to it."""
        self.routes[path] = route
        return f"https://s3.amazonaws.com{path}"

    def lookup(self, path: str) -> Route:
        route = self.routes.get(path)
        if route is None and self.resolver is not None:
            route = self.resolver(path)
        return route if route is not None else Route(b"not found", status=404)

    def record(self, path: str) -> None:
        with self._hits_lock:
            self.hits[path] += 1

    def start(self) -> ChainServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> ChainServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None


class LoopbackTransport:
    """``open_url`` for the fetcher: s3.amazonaws.com → the loopback server, nothing else.

    Plain HTTP by default; pass ``via`` to send the rewritten URL through another transport
    (for example the production ``UrllibTransport`` with a test CA, against a TLS server).
    """

    def __init__(
        self,
        server: ChainServer,
        via: Callable[[str, float], ChainResponse] | None = None,
    ) -> None:
        self._server = server
        self._via = via
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())
        self.calls: list[str] = []
        self._lock = threading.Lock()

    @property
    def call_count(self) -> int:
        with self._lock:
            return len(self.calls)

    def __call__(self, url: str, timeout: float) -> ChainResponse:
        parts = urlsplit(url)
        if parts.hostname != "s3.amazonaws.com":
            raise ValueError(f"the test transport only routes s3.amazonaws.com, not {url!r}")
        with self._lock:
            self.calls.append(url)
        scheme = "https" if self._server.tls else "http"
        target = f"{scheme}://127.0.0.1:{self._server.port}{parts.path}"
        if self._via is not None:
            return self._via(target, timeout)
        response: ChainResponse = self._opener.open(target, timeout=timeout)
        return response


def loopback_tls_contexts(issuer: Issuer) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server, client) SSL contexts: a 127.0.0.1 certificate from ``issuer``, and trust in it."""
    import tempfile
    from pathlib import Path

    key = new_rsa_key()
    now = datetime.now(UTC)
    cert = issue_leaf(
        issuer,
        key,
        san=x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        common_name="127.0.0.1",
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=1),
    )
    with tempfile.TemporaryDirectory() as directory:
        cert_file = Path(directory) / "server.pem"
        key_file = Path(directory) / "server.key"
        cert_file.write_bytes(pem(cert))
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server.load_cert_chain(cert_file, key_file)
    client = ssl.create_default_context(cadata=pem(issuer.cert).decode("ascii"))
    return server, client
