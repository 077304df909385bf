"""The load generator for `bench.load`, run as its own process so it has its own GIL.

    python -m bench.load_client PORT REQUESTS_FILE CONCURRENCY MAX_REQUESTS MAX_SECONDS

REQUESTS_FILE is JSON: a list of {"body": str, "headers": {...}} (signed already). Worker threads
each keep one HTTP/1.1 connection to 127.0.0.1:PORT and send the requests in turn until
MAX_REQUESTS have been sent or MAX_SECONDS have passed, whichever comes first. Prints one JSON
line: latencies in ms, status counts, errors and the elapsed time.
"""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
from collections import Counter
from typing import Any

HOST = "127.0.0.1"  # loopback only, always
REQUEST_TIMEOUT_SECONDS = 10.0


def run(
    port: int, requests: list[dict[str, Any]], concurrency: int, limit: int, seconds: float
) -> dict[str, Any]:
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    bodies = [(item["body"].encode("utf-8"), item["headers"]) for item in requests]
    start_gate = threading.Barrier(concurrency + 1)
    deadline = 0.0

    def claim() -> int | None:
        nonlocal issued
        with lock:
            if issued >= limit or time.perf_counter() >= deadline:
                return None
            issued += 1
            return issued - 1

    def worker() -> None:
        connection: http.client.HTTPConnection | None = None
        start_gate.wait()
        while (index := claim()) is not None:
            body, headers = bodies[index % len(bodies)]
            if connection is None:
                connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_SECONDS)
            began = time.perf_counter()
            try:
                connection.request("POST", "/", body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    latencies.append(elapsed)
                    statuses[str(response.status)] += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    errors[type(error).__name__] += 1
                if connection is not None:
                    connection.close()
                connection = None
        if connection is not None:
            connection.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline = began + seconds
    start_gate.wait()
    for thread in threads:
        thread.join(seconds + 2 * REQUEST_TIMEOUT_SECONDS)
    elapsed = time.perf_counter() - began
    return {
        "latencies_ms": latencies,
        "statuses": dict(statuses),
        "errors": dict(errors),
        "elapsed_s": elapsed,
    }


def main(argv: list[str]) -> int:
    port, path, concurrency, limit, seconds = argv
    with open(path, encoding="utf-8") as file:
        requests = json.load(file)
    result = run(int(port), requests, int(concurrency), int(limit), float(seconds))
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
