"""Load on `heart-to-heart serve`: verification on, requests signed like Alexa signs them.

The web service is `skill.web.app.create_app` with a real `RequestVerifier`: a test CA
(tests/support/alexa_signing) as its trust roots and a `CertificateChainFetcher` whose
transport routes s3.amazonaws.com to a loopback server serving the chain. One request warms
the certificate cache before the run, so the run measures verification with the chain cached
(as in production, where Amazon's chain is fetched once per URL). The skill stores households
in DynamoDB Local. A threaded werkzeug server listens on 127.0.0.1 (port 0); the load
generator (`bench.load_client`) is its own process with `concurrency` keep-alive connections,
bounded by a request count and a time limit. Every request is a LaunchRequest from one of a
pool of households (each with last night's check-in stored), signed before the run starts.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from botocore.config import Config
from werkzeug.serving import make_server

from bench import scenario
from bench.dynamo import H2H_TABLE
from bench.stats import latency
from skill.alexa.builder import HeartToHeartSkill, build_skill
from skill.alexa.context import SkillSettings
from skill.alexa.timezone import SettingsApiTimeZones
from skill.chat.envelopes import Caller, launch_request
from skill.storage.dynamodb import DynamoDbStore, client_config
from skill.web.app import create_app
from skill.web.certificates import CertificateChainFetcher
from skill.web.verification import RequestVerifier, VerificationSettings
from tests.support.alexa_signing import (
    CERT_URL,
    SKILL_ID,
    ChainServer,
    LoopbackTransport,
    Route,
    build_pki,
    encode,
    sign_body,
)
from tests.support.dynamodb_local import DynamoDbLocal

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
HOUSEHOLDS: Final = 64


def _households(count: int) -> list[Caller]:
    run = uuid.uuid4().hex[:8]  # fresh households for every run of this function
    return [scenario.caller(f"LOAD-{run}-{n:03d}", application_id=SKILL_ID) for n in range(count)]


def _seed(skill: HeartToHeartSkill, households: list[Caller]) -> None:
    """Last night's evening for every household, so the load's launches find a household."""
    last_night = datetime.now(scenario.ZONE).date() - timedelta(days=1)
    for who in households:
        scenario.play_evening(
            lambda _kind, event: skill.handle_event(event), who, last_night, timed=False
        )


def _signed_requests(key: Any, now: datetime, households: list[Caller]) -> list[dict[str, Any]]:
    requests = []
    for who in households:
        body = encode(launch_request(who, now))
        headers = {**sign_body(body, key, CERT_URL), "Content-Type": "application/json"}
        requests.append({"body": body.decode("utf-8"), "headers": headers})
    return requests


def measure(
    local: DynamoDbLocal,
    *,
    concurrency: int,
    max_requests: int,
    max_seconds: float,
    households: int = HOUSEHOLDS,
) -> dict[str, Any]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    pki = build_pki(now=datetime.now(UTC))
    config = client_config().merge(Config(max_pool_connections=concurrency + 4))
    store = DynamoDbStore(local.client(config), H2H_TABLE)
    skill = build_skill(store, SettingsApiTimeZones(None), SkillSettings(skill_id=SKILL_ID))
    callers = _households(households)
    _seed(skill, callers)
    with ChainServer() as chains:
        chains.serve("/echo.api/echo-api-cert.pem", Route(pki.chain_pem()))
        transport = LoopbackTransport(chains)
        fetcher = CertificateChainFetcher(transport)
        verifier = RequestVerifier(
            VerificationSettings(skill_id=SKILL_ID, trust_roots=pki.trust_roots), fetcher
        )
        app = create_app(skill, verifier)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            requests = _signed_requests(pki.leaf_key, datetime.now(UTC), callers)
            _warm(server.server_port, requests[0])
            raw = _drive(server.server_port, requests, concurrency, max_requests, max_seconds)
        finally:
            server.shutdown()
            server.server_close()
            fetcher.close()
    statuses = {int(code): count for code, count in raw["statuses"].items()}
    completed = sum(statuses.values())
    figure: dict[str, Any] = {
        "concurrency": concurrency,
        "requests": completed,
        "limit_requests": max_requests,
        "limit_seconds": max_seconds,
        "elapsed_s": round(raw["elapsed_s"], 2),
        "rps": round(completed / raw["elapsed_s"], 1) if raw["elapsed_s"] > 0 else 0.0,
        "status_counts": {str(code): count for code, count in sorted(statuses.items())},
        "server_errors_5xx": sum(count for code, count in statuses.items() if code >= 500),
        "refused_4xx": sum(count for code, count in statuses.items() if 400 <= code < 500),
        "connection_errors": sum(raw["errors"].values()),
        "certificate_downloads": transport.call_count,
    }
    if raw["latencies_ms"]:
        summary = latency(raw["latencies_ms"], digits=2)
        figure["p50_ms"] = summary["median"]
        figure["p99_ms"] = summary["p99"]
    else:
        figure["p50_ms"] = figure["p99_ms"] = None
    return figure


def _warm(port: int, request: dict[str, Any]) -> None:
    """One verified request: fills the certificate cache; must be answered 200."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", "/", body=request["body"].encode(), headers=request["headers"])
        response = connection.getresponse()
        payload = response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise RuntimeError(f"the signed warm-up request got {response.status}: {payload[:300]!r}")


def _drive(
    port: int, requests: list[dict[str, Any]], concurrency: int, limit: int, seconds: float
) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(requests, file)
        path = file.name
    try:
        command = [sys.executable, "-m", "bench.load_client", str(port), path]
        command += [str(concurrency), str(limit), str(seconds)]
        done = subprocess.run(
            command,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=False,
        )
    finally:
        Path(path).unlink(missing_ok=True)
    if done.returncode != 0:
        raise RuntimeError(f"the load generator failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
