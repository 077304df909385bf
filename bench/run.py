"""`python -m bench`: every figure of the benchmark in one run, as a table and as JSON.

    python -m bench [--quick] [--check] [--json PATH] [--results-md PATH] [--readme PATH]

Starts Amazon DynamoDB Local, then measures the four candidates side by side (see
bench/README.md): cold starts, warm turns with storage calls, peak memory, the Lambda
artifact and a load run on the web service. `--quick` does a few of each (the smoke test);
`--check` fails unless every figure is present (their values are never checked).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from bench import (
    artifact,
    coldstart,
    cpu_limit,
    dynamo,
    emulated,
    importtime,
    memory,
    scenario,
    task,
)
from bench.figures import CANDIDATES, evaluate_targets, missing_figures
from bench.report import document, main_table
from bench.stats import ratio, spread
from skill.chat.envelopes import Caller

BENCH_DIR: Final = Path(__file__).resolve().parent
REPO_ROOT: Final = BENCH_DIR.parent
DEFAULT_JSON: Final = BENCH_DIR / "results" / "latest.json"
README_START: Final = "<!-- bench:latest:start -->"
README_END: Final = "<!-- bench:latest:end -->"
MODULES: Final = {
    "floor": BENCH_DIR / "candidates" / "floor.py",
    "baseline": BENCH_DIR / "candidates" / "hello_sdk.py",
    "standard": BENCH_DIR / "candidates" / "standard_way.py",
    # lambda/handler.py in a folder laid out as the build lays it out (bench/task.py)
    "heart_to_heart": REPO_ROOT / "bench" / "results" / "task" / "handler.py",
}
STORAGE_ON_LAUNCH: Final = {
    "floor": False,
    "baseline": False,
    "standard": True,
    "heart_to_heart": True,
}


@dataclass(frozen=True)
class Plan:
    mode: str
    cold_rounds: int
    cold_seconds: float  # stop adding rounds after this (at least one round always runs)
    warm_households: int
    warm_nights: int
    importtime_runs: int
    load_concurrency: int
    load_requests: int
    load_seconds: float
    load_households: int
    dynamodb_warm_up: int  # calls to DynamoDB Local before anything is timed (its JIT)
    emulated_rounds: int  # Lambda-emulated cold starts at the template's memory size
    emulated_other_rounds: int  # ... at each compared size (0: the template's size only)
    emulated_seconds: float  # stop adding emulated rounds after this


FULL: Final = Plan("full", 10, 150.0, 8, 15, 5, 8, 1000, 20.0, 64, 400, 11, 3, 420.0)
QUICK: Final = Plan("quick", 2, 40.0, 2, 2, 1, 4, 100, 5.0, 8, 50, 1, 0, 60.0)
#: A DynamoDB call from Lambda in the same region, waited for (no CPU): a modeling assumption
#: for the memory table (single-digit milliseconds; the turns average about one call).
STORAGE_WAIT_MS: Final = 5.0
EMULATED_CANDIDATES: Final = ("baseline", "standard", "heart_to_heart")
EMULATED_EVENTS: Final = ("launch", "tonights_question")


def _load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "?"


def _versions() -> dict[str, str]:
    names = ("ask-sdk-core", "ask-sdk-model", "ask-sdk-dynamodb-persistence-adapter", "boto3")
    versions = {}
    for name in (*names, "botocore", "pydantic", "flask", "werkzeug"):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


def cold_figures(
    results: coldstart.ColdStarts,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(help, launch, breakdown, peak memory) from the cold-start runs."""
    by_event: dict[str, dict[str, Any]] = {"help": {}, "launch": {}}
    breakdown: dict[str, dict[str, Any]] = {"help": {}, "launch": {}}
    memory: dict[str, Any] = {}
    for candidate in CANDIDATES:
        rss: list[float] = []
        for event in ("help", "launch"):
            runs = results.runs[(candidate, event)]
            by_event[event][candidate] = spread([run.wall_ms for run in runs])
            breakdown[event][candidate] = {
                phase: round(statistics.median(getattr(run, f"{phase}_ms") for run in runs), 1)
                for phase in ("startup", "init", "first_request")
            }
            rss += [run.max_rss_mib for run in runs]
        memory[candidate] = spread(rss)
    for event, figure in by_event.items():
        baseline = figure["baseline"]["median"]
        standard = figure["standard"]["median"]
        for candidate in CANDIDATES:
            figure[candidate]["ratio_to_baseline"] = ratio(figure[candidate]["median"], baseline)
            if event == "launch":
                figure[candidate]["ratio_to_standard"] = ratio(
                    figure[candidate]["median"], standard
                )
                figure[candidate]["storage"] = STORAGE_ON_LAUNCH[candidate]
    return by_event["help"], by_event["launch"], breakdown, memory


@dataclass
class ColdHousehold:
    """The household every cold start reads, its requests, and Heart to Heart's answers."""

    events: dict[str, scenario.Event]
    answers: dict[str, scenario.Answer]
    reset: emulated.Reset


def seed_cold_household(local: Any, who: Caller) -> ColdHousehold:
    """Store a household with a check-in the night before; its cold-start requests and answers.

    Its launch tonight reads the household (one GetItem) and writes nothing; tonight's question
    reads it and writes the starter it gave (one PutItem), which `reset` undoes by putting the
    stored profile back, so every cold start answers the very same request from the very same
    stored state. The answers are Heart to Heart's own, in process, for checking the cold ones.
    """
    from skill.alexa.builder import build_skill
    from skill.alexa.context import SkillSettings
    from skill.alexa.timezone import SettingsApiTimeZones
    from skill.chat.envelopes import APPLICATION_ID
    from skill.services.common import household_id_for
    from skill.storage.dynamodb import PK_PREFIX, PROFILE_SK, DynamoDbStore, client_config

    store = DynamoDbStore(local.client(client_config()), dynamo.H2H_TABLE)
    skill = build_skill(store, SettingsApiTimeZones(None), SkillSettings(skill_id=APPLICATION_ID))
    tonight = date.today()
    scenario.play_evening(
        lambda _kind, event: skill.handle_event(event),
        who,
        tonight - timedelta(days=1),
        timed=False,
    )
    dynamo.seed_standard_way(local, [who.user_id])
    raw = local.client()
    key = {"PK": {"S": f"{PK_PREFIX}{household_id_for(who.user_id)}"}, "SK": {"S": PROFILE_SK}}
    profile = raw.get_item(TableName=dynamo.H2H_TABLE, Key=key, ConsistentRead=True)["Item"]

    def reset(candidate: str, event: str) -> None:
        if candidate == "heart_to_heart" and event == "tonights_question":
            raw.put_item(TableName=dynamo.H2H_TABLE, Item=profile)

    events = scenario.cold_events(who, tonight)
    answers = {}
    for name, event in events.items():
        answers[name] = skill.handle_event(event)
        reset("heart_to_heart", name)
    return ColdHousehold(events, answers, reset)


def measure_emulated(
    plan: Plan,
    household: ColdHousehold,
    environment: dict[str, str],
    expected: dict[tuple[str, str], Any],
    *,
    log: Any = print,
) -> dict[str, Any]:
    """Lambda-emulated cold starts (bench.emulated), or why they were skipped."""
    default_mb = memory.template_memory_mb()
    why_not = cpu_limit.unavailable()
    if why_not is not None:
        log(f"[bench] SKIPPED Lambda-emulated cold starts: {why_not}")
        return {"skipped": why_not, "default_mb": default_mb}
    sizes = memory.sizes(default_mb) if plan.emulated_other_rounds else [default_mb]
    rounds = {
        size: plan.emulated_rounds if size == default_mb else plan.emulated_other_rounds
        for size in sizes
    }
    log(
        f"[bench] Lambda-emulated cold starts: {', '.join(f'{s} MB' for s in sizes)} "
        f"({plan.emulated_rounds} rounds at {default_mb} MB, "
        f"{plan.emulated_other_rounds} at the others), 2 models × 3 candidates × 2 requests"
    )
    candidates = [coldstart.Candidate(name, MODULES[name]) for name in EMULATED_CANDIDATES]
    results = emulated.measure(
        candidates,
        {name: household.events[name] for name in EMULATED_EVENTS},
        environment,
        rounds=rounds,
        deadline=time.monotonic() + plan.emulated_seconds,
        expected=expected,
        reset=household.reset,
        log=log,
    )
    return {
        "default_mb": default_mb,
        "sizes": sizes,
        "rounds": {
            str(size): len(results.runs[(size, "throttled", "heart_to_heart", "launch")])
            for size in sizes
        },
        "cells": emulated.summarise(results, sizes, EMULATED_CANDIDATES, EMULATED_EVENTS),
    }


def measure(plan: Plan, *, log: Any = print) -> dict[str, Any]:
    from bench import load, warm
    from skill.chat.envelopes import APPLICATION_ID
    from tests.support.dynamodb_local import start

    started = time.monotonic()
    load_before = _load_average()
    task.build()
    log(f"[bench] {plan.mode} run: starting Amazon DynamoDB Local")
    local = start()
    try:
        dynamo.create_tables(local)
        dynamo.warm_up(local, plan.dynamodb_warm_up)
        environment = {**dynamo.child_environment(local), "SKILL_ID": APPLICATION_ID}
        households = [scenario.caller(f"WARM-{n:03d}") for n in range(plan.warm_households)]
        cold_caller = scenario.caller("COLD")
        dynamo.seed_standard_way(local, [who.user_id for who in [*households, cold_caller]])
        first = scenario.first_night(plan.warm_nights)

        log("[bench] warm turns (in process, interleaved)")
        subjects = warm.build_subjects(local, environment)
        warm_results = warm.measure(subjects, households, plan.warm_nights, first)
        cold_household = seed_cold_household(local, cold_caller)
        cold_events = cold_household.events
        by_name = {subject.name: subject for subject in subjects}
        in_process = {**by_name, "heart_to_heart": by_name["heart_to_heart_dynamodb"]}
        expected = {
            (name, event): cold_household.answers[event]
            if name == "heart_to_heart"
            else in_process[name].handle(request, None)
            for name in CANDIDATES
            for event, request in cold_events.items()
        }

        log(f"[bench] cold starts: {plan.cold_rounds} rounds of 4 candidates × 2 requests")
        candidates = [coldstart.Candidate(name, MODULES[name]) for name in CANDIDATES]
        cold = coldstart.measure(
            candidates,
            {name: cold_events[name] for name in ("help", "launch")},
            environment,
            rounds=plan.cold_rounds,
            deadline=time.monotonic() + plan.cold_seconds,
            expected=expected,
        )
        help_cold, launch_cold, breakdown, peak_memory = cold_figures(cold)
        emulated_figure = measure_emulated(plan, cold_household, environment, expected, log=log)

        log("[bench] import profiles (python -X importtime)")
        import_costs = {
            (name, event): importtime.profile(
                MODULES[name], cold_events[event], environment, runs=plan.importtime_runs
            )
            for name, event in (
                ("heart_to_heart", "help"),
                ("baseline", "help"),
                ("heart_to_heart", "launch"),
                ("standard", "launch"),
            )
        }

        log(
            f"[bench] load: {plan.load_concurrency} connections, at most "
            f"{plan.load_requests} requests or {plan.load_seconds:.0f} s"
        )
        load_figure = load.measure(
            local,
            concurrency=plan.load_concurrency,
            max_requests=plan.load_requests,
            max_seconds=plan.load_seconds,
            households=plan.load_households,
        )
    finally:
        local.stop()

    log("[bench] Lambda artifact")
    artifact_figure = artifact.measure()
    storage = warm.summarise_storage(warm_results, subjects)
    for row in storage.values():
        row["heart_to_heart"] = row.pop("heart_to_heart_dynamodb")
    warm_figure = warm.summarise_latency(warm_results)
    if "cells" in emulated_figure:
        emulated_figure["memory_table"] = memory.cost_table(
            emulated_figure["cells"], warm_cpu_us(warm_figure), STORAGE_WAIT_MS
        )
    figures: dict[str, Any] = {
        "emulated_cold_ms": emulated_figure,
        "cold_start_help_ms": help_cold,
        "cold_start_launch_ms": launch_cold,
        "cold_start_breakdown_ms": breakdown,
        "warm_us": warm_figure,
        "storage_calls": storage,
        "peak_memory_mib": peak_memory,
        "artifact": artifact_figure,
        "load": load_figure,
        "imports_ms": {
            "runs": plan.importtime_runs,
            "help_vs_baseline": importtime.comparison(
                import_costs[("heart_to_heart", "help")], import_costs[("baseline", "help")], 10
            ),
            "launch_vs_standard": importtime.comparison(
                import_costs[("heart_to_heart", "launch")],
                import_costs[("standard", "launch")],
                10,
            ),
        },
    }
    return {
        "schema": 1,
        "meta": {
            "mode": plan.mode,
            "finished": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "seconds": round(time.monotonic() - started, 1),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_before": load_before,
            "load_after": _load_average(),
            "cold_rounds": len(cold.runs[("floor", "help")]),
            "warm_households": plan.warm_households,
            "warm_nights": plan.warm_nights,
            "versions": _versions(),
        },
        "figures": figures,
        "targets": evaluate_targets(figures),
    }


def warm_cpu_us(warm_figure: dict[str, Any]) -> float:
    """Our median warm turn at a full CPU (storage excluded), averaged over the turn kinds."""
    medians = [
        row["heart_to_heart_memory"]["median"]
        for row in warm_figure.values()
        if isinstance((row.get("heart_to_heart_memory") or {}).get("median"), int | float)
    ]
    return statistics.mean(medians) if medians else 0.0


def update_readme(path: Path, table: str) -> bool:
    """Replace the block between the README's markers with the latest table."""
    if not path.is_file():
        return False
    text = path.read_text("utf-8")
    if README_START not in text or README_END not in text:
        return False
    head, rest = text.split(README_START, 1)
    _old, tail = rest.split(README_END, 1)
    path.write_text(f"{head}{README_START}\n{table}\n{README_END}{tail}", "utf-8")
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a few of everything (smoke test)")
    parser.add_argument("--check", action="store_true", help="fail unless every figure is there")
    parser.add_argument("--json", type=Path, default=None, help=f"default: {DEFAULT_JSON}")
    parser.add_argument("--results-md", type=Path, default=None, help="write the tables here")
    parser.add_argument("--readme", type=Path, default=None, help="refresh its quoted table")
    args = parser.parse_args(argv)
    cpu_limit.clean_up_on_sigterm()
    plan = QUICK if args.quick else FULL
    results = measure(plan, log=lambda line: print(line, file=sys.stderr, flush=True))
    json_path = args.json or (
        DEFAULT_JSON if not args.quick else DEFAULT_JSON.with_name("quick.json")
    )
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    text = document(results)
    print(text)
    if args.results_md:
        args.results_md.write_text(text, "utf-8")
    if args.readme and not update_readme(args.readme, f"{text}"):
        print(f"[bench] {args.readme}: no {README_START} block to refresh", file=sys.stderr)
    print(f"[bench] JSON: {json_path}", file=sys.stderr)
    missing = missing_figures(results)
    if missing:
        print(f"[bench] MISSING FIGURES: {', '.join(missing)}", file=sys.stderr)
        return 1 if args.check else 0
    unmet = [t["id"] for t in results["targets"] if t["met"] is False]
    if unmet:
        print(f"[bench] targets not met: {', '.join(unmet)} (see bench/README.md)", file=sys.stderr)
    return 0


__all__ = ["main", "main_table"]
