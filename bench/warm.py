"""Warm turns, in one process: every candidate answers the same envelopes, interleaved.

The real skill on an in-memory store drives the scenario (`bench.scenario`); at each timed turn
every candidate answers that very envelope in a rotating order:

* floor, baseline (ask-sdk hello world) and standard way: the envelope with its intent renamed
  to AMAZON.HelpIntent (launches stay launches), so the SDK's share is the same size;
* Heart to Heart in memory (storage excluded) and on DynamoDB Local: the envelope itself. Both
  see every turn of the scenario, so their stored state stays the same; their answers are
  compared and must match.

Each call is timed around the Lambda handler function (dict in, dict out) with
`perf_counter_ns`. DynamoDB calls are counted per turn with botocore's `before-call` event.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any, Final

from bench import scenario
from bench.dynamo import H2H_TABLE, CallCounter, reads_writes
from bench.stats import latency, ratio
from skill.alexa.builder import build_skill
from skill.alexa.context import SkillSettings
from skill.alexa.lambda_logging import configure_lambda_logging
from skill.alexa.timezone import SettingsApiTimeZones
from skill.chat.envelopes import APPLICATION_ID, Caller
from skill.storage.dynamodb import DynamoDbStore, client_config
from skill.storage.memory import MemoryStore
from tests.support.dynamodb_local import DynamoDbLocal

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
BENCH_DIR: Final = Path(__file__).resolve().parent
CANDIDATES_DIR: Final = BENCH_DIR / "candidates"
WARM_UP_CALLS: Final = 30


def load_module(path: Path, name: str) -> ModuleType:
    """Load a Lambda entry module by path (they are not packages), once."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def lambda_like_logging() -> None:
    """A root handler like the Lambda runtime's, writing formatted lines to /dev/null, and the
    levels and record switches lambda/handler.py sets (no other subject logs a turn)."""
    root = logging.getLogger()
    if not any(getattr(h, "_bench", False) for h in root.handlers):
        handler = logging.StreamHandler(open(os.devnull, "w"))  # noqa: SIM115
        handler.setFormatter(logging.Formatter("[%(levelname)s]\t%(asctime)s\t%(message)s"))
        handler._bench = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    configure_lambda_logging(os.environ.get("LOG_LEVEL", "INFO"))  # as lambda/handler.py does


@dataclass
class Subject:
    name: str
    handle: Handler
    renamed: bool  # answers the envelope as AMAZON.HelpIntent
    counter: CallCounter | None = None


@dataclass
class WarmResults:
    micros: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    calls: dict[tuple[str, str], list[Counter[str]]] = field(default_factory=dict)
    turns: int = 0

    def record(self, subject: str, kind: str, micros: float, calls: Counter[str] | None) -> None:
        self.micros.setdefault((subject, kind), []).append(micros)
        if calls is not None:
            self.calls.setdefault((subject, kind), []).append(calls)


def build_subjects(local: DynamoDbLocal, environment: Mapping[str, str]) -> list[Subject]:
    """The five subjects, wired as their Lambda entry points wire them."""
    os.environ.update(environment)  # the standard way builds its boto3 resource at import
    lambda_like_logging()
    floor = load_module(CANDIDATES_DIR / "floor.py", "bench_floor")
    hello = load_module(CANDIDATES_DIR / "hello_sdk.py", "bench_hello_sdk")
    standard = load_module(CANDIDATES_DIR / "standard_way.py", "bench_standard_way")
    standard_counter = CallCounter()
    standard_counter.attach(standard.dynamodb.meta.client)

    settings = SkillSettings(skill_id=APPLICATION_ID)
    zones = SettingsApiTimeZones(None)  # as lambda/handler.py without DEFAULT_TIME_ZONE
    in_memory = build_skill(MemoryStore(), zones, settings)
    # The client exactly as DynamoDbStore.from_environment builds it (its config), on the
    # endpoint the environment names; the counter listens on it.
    client = local.client(client_config())
    h2h_counter = CallCounter()
    h2h_counter.attach(client)
    on_dynamodb = build_skill(DynamoDbStore(client, H2H_TABLE), zones, settings)
    return [
        Subject("floor", floor.handler, renamed=True),
        Subject("baseline", hello.handler, renamed=True),
        Subject("standard", standard.handler, renamed=True, counter=standard_counter),
        Subject("heart_to_heart_memory", in_memory.handle_event, renamed=False),
        Subject(
            "heart_to_heart_dynamodb", on_dynamodb.handle_event, renamed=False, counter=h2h_counter
        ),
    ]


def _same_answer(first: Mapping[str, Any], second: Mapping[str, Any]) -> bool:
    return first.get("response") == second.get("response") and first.get(
        "sessionAttributes"
    ) == second.get("sessionAttributes")


def measure(
    subjects: list[Subject], households: list[Caller], nights: int, start: date
) -> WarmResults:
    results = WarmResults()
    driver = next(s for s in subjects if s.name == "heart_to_heart_memory")
    followers = [s for s in subjects if not s.renamed and s is not driver]
    warm_up = scenario.cold_events(households[0], start)
    for subject in subjects:
        if subject.renamed:
            for _ in range(WARM_UP_CALLS):
                for event in warm_up.values():
                    subject.handle(scenario.as_help(event), None)

    def send(kind: str | None, event: scenario.Event) -> scenario.Answer:
        if kind is None:
            answer = driver.handle(event, None)
            for follower in followers:
                other = follower.handle(event, None)
                if not _same_answer(answer, other):
                    raise scenario.ScenarioError(f"{follower.name} answered differently")
            return answer
        results.turns += 1
        shift = results.turns % len(subjects)
        answers: dict[str, scenario.Answer] = {}
        for subject in subjects[shift:] + subjects[:shift]:
            payload = scenario.as_help(event) if subject.renamed else event
            if subject.counter is not None:
                subject.counter.take()
            began = time.perf_counter_ns()
            answer = subject.handle(payload, None)
            elapsed = (time.perf_counter_ns() - began) / 1000
            calls = subject.counter.take() if subject.counter is not None else None
            results.record(subject.name, kind, elapsed, calls)
            answers[subject.name] = answer
        for follower in followers:
            if not _same_answer(answers[driver.name], answers[follower.name]):
                raise scenario.ScenarioError(f"{follower.name} answered {kind} differently")
        return answers[driver.name]

    scenario.play(send, households, nights, start)
    return results


def summarise_latency(results: WarmResults) -> dict[str, dict[str, Any]]:
    """{turn: {subject: {median, p99, n, ratio_median, ratio_p99}}}, in microseconds."""
    summary: dict[str, dict[str, Any]] = {}
    for kind in scenario.TURNS:
        row: dict[str, Any] = {}
        baseline = results.micros.get(("baseline", kind))
        reference = latency(baseline) if baseline else {"median": None, "p99": None}
        for (subject, turn), samples in results.micros.items():
            if turn != kind:
                continue
            figure = latency(samples)
            figure["ratio_median"] = ratio(figure["median"], reference["median"])
            figure["ratio_p99"] = ratio(figure["p99"], reference["p99"])
            row[subject] = figure
        summary[kind] = row
    return summary


def summarise_storage(results: WarmResults, subjects: list[Subject]) -> dict[str, dict[str, Any]]:
    """{turn: {subject: {per_turn: {operation: mean}, max_reads, max_writes}}}."""
    summary: dict[str, dict[str, Any]] = {}
    for kind in scenario.TURNS:
        row: dict[str, Any] = {}
        for subject in subjects:
            if subject.name == "heart_to_heart_memory":
                continue  # no DynamoDB: its twin on DynamoDB Local is counted
            turns = results.calls.get((subject.name, kind))
            if subject.counter is None or not turns:
                row[subject.name] = {"per_turn": {}, "max_reads": 0, "max_writes": 0, "turns": 0}
                continue
            total: Counter[str] = Counter()
            for calls in turns:
                total.update(calls)
            extremes = [reads_writes(calls) for calls in turns]
            row[subject.name] = {
                "per_turn": {name: round(count / len(turns), 2) for name, count in total.items()},
                "max_reads": max(reads for reads, _ in extremes),
                "max_writes": max(writes for _, writes in extremes),
                "turns": len(turns),
            }
        summary[kind] = row
    return summary
