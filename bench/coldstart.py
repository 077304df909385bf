"""Cold starts: a fresh interpreter per run, timed from just before it is spawned to its answer.

Every run starts `python -X frozen_modules=on -S bench/coldstart_child.py MODULE EVENT` with the
same small environment (DynamoDB Local's endpoint and dummy keys for everyone) and reads the
answer line; the child reports its own peak RSS (VmHWM). Bytecode caches are warmed first
(the Lambda artifact ships `.pyc`), and the candidates are interleaved in a shuffled order each
round so they share the machine's noise.
"""

from __future__ import annotations

import functools
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
CHILD: Final = Path(__file__).resolve().with_name("coldstart_child.py")
SITE_DIR: Final = REPO_ROOT / "bench" / "results" / "site"
RUN_TIMEOUT_SECONDS: Final = 30.0


@dataclass(frozen=True)
class Candidate:
    name: str
    module: Path


@dataclass
class Run:
    wall_ms: float
    startup_ms: float  # spawn → the child's first line of Python
    init_ms: float  # imports and module-level set-up
    first_request_ms: float  # the handler call
    max_rss_mib: float


@dataclass
class ColdStarts:
    runs: dict[tuple[str, str], list[Run]] = field(default_factory=dict)

    def add(self, candidate: str, event: str, run: Run) -> None:
        self.runs.setdefault((candidate, event), []).append(run)


def import_path() -> str:
    """The repository (handler modules, skill/) and a Lambda-like site folder, for `-S` children.

    `-S` skips `site`, which here would process the virtual environment's `.pth` files (its
    editable-install finder alone costs about 25 ms a start); the site folder holds only the
    function's runtime dependencies and boto3 (see `bench.sitepackages`), as Lambda would.
    """
    return os.pathsep.join([str(REPO_ROOT), str(lambda_site())])


@functools.cache
def lambda_site() -> Path:
    from bench.sitepackages import build

    return build(SITE_DIR)


def child_base_environment() -> dict[str, str]:
    """The environment every child starts from (the candidates' own variables come on top)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": os.environ.get("HOME", "/tmp"),
        "TZ": "UTC",
        "PYTHONPATH": import_path(),
        # Bytecode is read and written: no PYTHONDONTWRITEBYTECODE.
    }


def run_once(
    python: str,
    candidate: Candidate,
    event_path: Path,
    environment: Mapping[str, str],
    expected: Mapping[str, Any] | None = None,
) -> Run:
    """One cold start; raises if the child fails, answers late, or not with `expected`."""
    command = [python, "-X", "frozen_modules=on", "-S", str(CHILD)]
    command += [str(candidate.module), str(event_path)]
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            env=dict(environment),
            cwd=REPO_ROOT,
        )
        timer = threading.Timer(RUN_TIMEOUT_SECONDS, process.kill)
        timer.start()
        try:
            assert process.stdout is not None
            answer_line = process.stdout.readline()
            answered = time.perf_counter()
            marks_line = process.stdout.readline()
            remaining_out = process.stdout.read()
            process.wait(timeout=RUN_TIMEOUT_SECONDS)
        except BaseException:
            process.kill()
            process.wait(timeout=5)
            raise
        finally:
            timer.cancel()
            if process.stdout is not None:
                process.stdout.close()
        errors.seek(0)
        error_text = errors.read().decode("utf-8", "replace")
    if process.returncode != 0 or not answer_line:
        raise RuntimeError(
            f"{candidate.name} cold start failed (exit {process.returncode}):\n{error_text[-2000:]}"
            f"{remaining_out.decode('utf-8', 'replace')[-500:]}"
        )
    check_answer(candidate.name, answer_line, expected)
    marks = json.loads(marks_line)
    return Run(
        wall_ms=(answered - started) * 1000,
        startup_ms=(marks["started"] - started) * 1000,
        init_ms=(marks["loaded"] - marks["started"]) * 1000,
        first_request_ms=(marks["answered"] - marks["invoked"]) * 1000,
        max_rss_mib=marks["peak_rss_kib"] / 1024,
    )


def check_answer(name: str, answer_line: bytes, expected: Mapping[str, Any] | None) -> None:
    """Raise unless the child spoke, and (if given) said what the same code says in process."""
    answer = json.loads(answer_line)
    speech = ((answer.get("response") or {}).get("outputSpeech") or {}).get("ssml")
    if not speech:
        raise RuntimeError(f"{name} answered without speech: {answer_line[:300]!r}")
    if expected is not None and answer.get("response") != expected.get("response"):
        raise RuntimeError(
            f"{name} answered a cold start differently from the same code warm "
            f"(another path was timed): {speech[:300]!r}"
        )


def measure(
    candidates: Sequence[Candidate],
    events: Mapping[str, dict[str, Any]],
    environment: Mapping[str, str],
    *,
    rounds: int,
    python: str = sys.executable,
    seed: int = 20261122,
    deadline: float | None = None,
    expected: Mapping[tuple[str, str], Mapping[str, Any]] | None = None,
) -> ColdStarts:
    """`rounds` cold starts of every (candidate, event), interleaved, after one warm-up each.

    `expected` maps (candidate, event) to the answer the same code gives in process: every cold
    answer must match it, so the runs time the path they claim to (not, say, an apology).
    """
    answers = expected or {}
    env = {**child_base_environment(), **environment}
    results = ColdStarts()
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as directory:
        paths: dict[str, Path] = {}
        for name, event in events.items():
            paths[name] = Path(directory) / f"{name}.json"
            paths[name].write_text(json.dumps(event), "utf-8")
        pairs = [(candidate, name) for candidate in candidates for name in events]
        for candidate, name in pairs:  # warm the bytecode and the page cache; not timed
            run_once(python, candidate, paths[name], env, answers.get((candidate.name, name)))
        shuffler = random.Random(seed)
        for number in range(rounds):
            if number and deadline is not None and time.monotonic() > deadline:
                break  # one round always runs, so every figure exists
            order = list(pairs)
            shuffler.shuffle(order)
            for candidate, name in order:
                run = run_once(
                    python, candidate, paths[name], env, answers.get((candidate.name, name))
                )
                results.add(candidate.name, name, run)
    return results
