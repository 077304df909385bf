"""`heart-to-heart serve --no-verify`, started as a real process, answers curl's LaunchRequest."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

EVENTS = Path(__file__).resolve().parents[1] / "events"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server() -> Iterator[tuple[int, subprocess.Popen[str]]]:
    port = _free_port()
    command = [sys.executable, "-m", "skill.cli", "serve", "--no-verify"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--store", "memory://"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_curl_launch_request_gets_a_welcome(server: tuple[int, subprocess.Popen[str]]) -> None:
    port, process = server
    curl = shutil.which("curl")
    assert curl, "curl is needed for this test (apt-get install curl)"
    post = [curl, "-s", "-X", "POST", f"http://127.0.0.1:{port}/"]
    result = subprocess.run(
        [*post, "-H", "Content-Type: application/json", "-d", f"@{EVENTS / 'launch.json'}"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    response = json.loads(result.stdout)
    assert "Welcome" in response["response"]["outputSpeech"]["ssml"]
    assert response["response"]["shouldEndSession"] is False
    process.terminate()
    _, stderr = process.communicate(timeout=10)
    assert "--no-verify" in stderr and "NOT checked" in stderr


def test_serve_refuses_to_start_without_a_skill_id_when_verifying() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "skill.cli", "serve", "--store", "memory://"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "--skill-id" in result.stderr
