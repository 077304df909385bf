"""Cold starts as Lambda gives them: the CPU share of a memory size, in two models.

Lambda gives a function MemorySize/1769 of one vCPU while it answers; the init phase (loading
the handler module) has been measured running without that throttle for on-demand functions.
Each run here is a fresh `bench/coldstart_child.py MODULE EVENT --wait`:

* **init at full CPU**: the child loads the handler at full speed and prints `ready`; the
  parent then moves it into a cgroup with the memory size's CPU share (`bench.cpu_limit`) and
  lets it answer the event;
* **everything throttled**: the child is in that cgroup from its first instruction
  (`preexec_fn`), so init pays the throttle too (the pessimistic reading of Lambda).

A run's figure is init (spawn to `ready`) plus invoke (go to answer): what a couple waits for on a
cold Lambda, less the network. The child also reports its own CPU time (user + system) until it
answered: on a shared machine, other work stretches wall times but hardly CPU times, so the
CPU ratio is the steadier cross-check of the wall-time ratio. Every (memory size, model,
candidate, request) cell is interleaved in a shuffled order each round, so they share the
machine's noise; the template's memory size gets more rounds than the others. Every answer
must equal the one the same code gives in process, and `reset` puts back what a run wrote
(tonight's question writes), so every run times the same path from the same stored state.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from bench import cpu_limit
from bench.coldstart import CHILD, REPO_ROOT, Candidate, check_answer, child_base_environment
from bench.stats import ratio, spread

MODELS: Final = ("init_full", "throttled")
MODEL_TITLES: Final = {
    "init_full": "init at full CPU, then the first invoke throttled",
    "throttled": "everything throttled",
}
RUN_TIMEOUT_SECONDS: Final = 90.0
#: A pause before each timed run, so DynamoDB Local (a JVM on the same cores) has finished
#: the previous run's writes and the reset's before the next child starts.
SETTLE_SECONDS: Final = 0.1

#: Called after a timed run as reset(candidate, event): restore what that run wrote.
Reset = Callable[[str, str], None]


@dataclass
class EmulatedRun:
    init_ms: float
    invoke_ms: float
    peak_rss_mib: float
    cpu_ms: float  # the child's own CPU time (user + system) until it answered

    @property
    def total_ms(self) -> float:
        return self.init_ms + self.invoke_ms


Cell = tuple[int, str, str, str]  # memory MB, model, candidate, event


@dataclass
class EmulatedStarts:
    runs: dict[Cell, list[EmulatedRun]] = field(default_factory=dict)

    def add(self, cell: Cell, run: EmulatedRun) -> None:
        self.runs.setdefault(cell, []).append(run)


def run_once(
    python: str,
    candidate: Candidate,
    event_path: Path,
    environment: Mapping[str, str],
    procs: Path | None,
    model: str,
    expected: Mapping[str, Any] | None = None,
) -> EmulatedRun:
    """One emulated cold start; `procs` None runs it unthrottled (warm-ups)."""
    command = [python, "-X", "frozen_modules=on", "-S", str(CHILD)]
    command += [str(candidate.module), str(event_path), "--wait"]

    def throttle_from_the_start() -> None:  # runs in the child, between fork and exec
        assert procs is not None
        cpu_limit.move(procs, os.getpid())

    preexec = throttle_from_the_start if procs is not None and model == "throttled" else None
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            env=dict(environment),
            cwd=REPO_ROOT,
            preexec_fn=preexec,
        )
        timer = threading.Timer(RUN_TIMEOUT_SECONDS, process.kill)
        timer.start()
        try:
            assert process.stdout is not None and process.stdin is not None
            ready = process.stdout.readline()
            ready_at = time.perf_counter()
            answer_line = b""
            if ready.strip() == b"ready":  # else the child failed: its stderr says why, below
                if procs is not None and model == "init_full":
                    cpu_limit.move(procs, process.pid)
                go_at = time.perf_counter()
                process.stdin.write(b"go\n")
                process.stdin.flush()
                answer_line = process.stdout.readline()
            answered = time.perf_counter()
            marks_line = process.stdout.readline()
            process.stdout.read()
            process.wait(timeout=RUN_TIMEOUT_SECONDS)
        except BaseException:
            process.kill()
            process.wait(timeout=5)
            raise
        finally:
            timer.cancel()
            for stream in (process.stdout, process.stdin):
                if stream is not None:
                    with contextlib.suppress(BrokenPipeError):
                        stream.close()
        errors.seek(0)
        error_text = errors.read().decode("utf-8", "replace")
    if process.returncode != 0 or ready.strip() != b"ready" or not answer_line:
        raise RuntimeError(
            f"{candidate.name} emulated cold start failed (exit {process.returncode}):\n"
            f"{error_text[-2000:]}"
        )
    check_answer(candidate.name, answer_line, expected)
    marks = json.loads(marks_line)
    return EmulatedRun(
        init_ms=(ready_at - started) * 1000,
        invoke_ms=(answered - go_at) * 1000,
        peak_rss_mib=marks["peak_rss_kib"] / 1024,
        cpu_ms=marks["cpu_init_ms"] + marks["cpu_invoke_ms"],
    )


def _cells(
    sizes: Sequence[int], candidates: Sequence[Candidate], events: Sequence[str]
) -> Iterator[tuple[int, str, Candidate, str]]:
    for size in sizes:
        for model in MODELS:
            for candidate in candidates:
                for event in events:
                    yield size, model, candidate, event


def measure(
    candidates: Sequence[Candidate],
    events: Mapping[str, dict[str, Any]],
    environment: Mapping[str, str],
    *,
    rounds: Mapping[int, int],
    python: str = sys.executable,
    seed: int = 20261203,
    deadline: float | None = None,
    expected: Mapping[tuple[str, str], Mapping[str, Any]] | None = None,
    reset: Reset | None = None,
    log: Callable[[str], None] = lambda _line: None,
) -> EmulatedStarts:
    """`rounds[size]` runs of every cell at each memory size, interleaved (see the docstring).

    Raises OSError if the cgroups cannot be made: call `cpu_limit.unavailable()` first.
    """
    answers = expected or {}
    env = {**child_base_environment(), **environment}
    results = EmulatedStarts()
    sizes = sorted(rounds)
    with tempfile.TemporaryDirectory(prefix="bench-emulated-") as directory, ExitStack() as stack:
        paths: dict[str, Path] = {}
        for name, event in events.items():
            paths[name] = Path(directory) / f"{name}.json"
            paths[name].write_text(json.dumps(event), "utf-8")
        procs = {size: stack.enter_context(cpu_limit.limited(size)) for size in sizes}
        for candidate in candidates:  # bytecode and page cache; not timed
            for name in events:
                key = (candidate.name, name)
                run_once(python, candidate, paths[name], env, None, "init_full", answers.get(key))
                if reset is not None:
                    reset(candidate.name, name)
        shuffler = random.Random(seed)
        for number in range(max(rounds.values())):
            if number and deadline is not None and time.monotonic() > deadline:
                log(f"[bench] emulated cold starts: time is up after {number} rounds")
                break
            order = [
                cell for cell in _cells(sizes, candidates, list(events)) if number < rounds[cell[0]]
            ]
            shuffler.shuffle(order)
            for size, model, candidate, name in order:
                key = (candidate.name, name)
                time.sleep(SETTLE_SECONDS)
                run = run_once(
                    python, candidate, paths[name], env, procs[size], model, answers.get(key)
                )
                if reset is not None:
                    reset(candidate.name, name)
                results.add((size, model, candidate.name, name), run)
    return results


def summarise(
    results: EmulatedStarts, sizes: Sequence[int], candidates: Sequence[str], events: Sequence[str]
) -> dict[str, Any]:
    """{size: {model: {event: {candidate: spread + init/invoke medians + ratios}}}}."""
    figure: dict[str, Any] = {}
    for size in sizes:
        by_model: dict[str, Any] = {}
        for model in MODELS:
            by_event: dict[str, Any] = {}
            for event in events:
                cells: dict[str, Any] = {}
                for candidate in candidates:
                    runs = results.runs.get((size, model, candidate, event), [])
                    if not runs:
                        continue
                    cell = spread([run.total_ms for run in runs])
                    cell["init_median"] = round(statistics.median(r.init_ms for r in runs), 1)
                    cell["invoke_median"] = round(statistics.median(r.invoke_ms for r in runs), 1)
                    cell["peak_rss_mib"] = round(max(r.peak_rss_mib for r in runs), 1)
                    cell["cpu_median"] = round(statistics.median(r.cpu_ms for r in runs), 1)
                    cells[candidate] = cell
                for cell in cells.values():
                    for reference in ("baseline", "standard"):
                        if reference in cells:
                            cell[f"ratio_to_{reference}"] = ratio(
                                cell["median"], cells[reference]["median"]
                            )
                            cell[f"cpu_ratio_to_{reference}"] = ratio(
                                cell["cpu_median"], cells[reference]["cpu_median"]
                            )
                by_event[event] = cells
            by_model[model] = by_event
        figure[str(size)] = by_model
    return figure
