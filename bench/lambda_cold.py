"""Only the Lambda-emulated cold starts, for trying a change: a few minutes instead of twelve.

    python -m bench.lambda_cold [--sizes 256,1024] [--rounds N] [--json PATH]

The same measurement as `make bench`'s (bench/emulated.py: fresh interpreters, CPU share of
each memory size, both models, DynamoDB Local, answers checked), on the hello world, the
standard way and lambda/handler.py. Prints the tables; writes JSON only if asked.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench import cpu_limit, dynamo, emulated, memory, scenario, task
from bench.coldstart import Candidate
from bench.run import EMULATED_CANDIDATES, EMULATED_EVENTS, MODULES, seed_cold_household


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lambda_cold", description=__doc__)
    parser.add_argument("--sizes", default="", help="memory sizes in MB (default: the template's)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=600.0, help="stop adding rounds after")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    cpu_limit.clean_up_on_sigterm()
    why_not = cpu_limit.unavailable()
    if why_not is not None:
        print(f"[lambda_cold] SKIPPED: {why_not}", file=sys.stderr)
        return 0
    default_mb = memory.template_memory_mb()
    sizes = [int(size) for size in args.sizes.split(",") if size] or [default_mb]
    from skill.chat.envelopes import APPLICATION_ID
    from tests.support.dynamodb_local import start

    task.build()
    local = start()
    try:
        dynamo.create_tables(local)
        dynamo.warm_up(local, 100)
        household = seed_cold_household(local, scenario.caller("LAMBDA-COLD"))
        environment = {**dynamo.child_environment(local), "SKILL_ID": APPLICATION_ID}
        candidates = [Candidate(name, MODULES[name]) for name in EMULATED_CANDIDATES]
        expected = {("heart_to_heart", e): household.answers[e] for e in EMULATED_EVENTS}
        results = emulated.measure(
            candidates,
            {name: household.events[name] for name in EMULATED_EVENTS},
            environment,
            rounds=dict.fromkeys(sizes, args.rounds),
            deadline=time.monotonic() + args.seconds,
            expected=expected,
            reset=household.reset,
            log=lambda line: print(line, file=sys.stderr),
        )
    finally:
        local.stop()
    cells = emulated.summarise(results, sizes, EMULATED_CANDIDATES, EMULATED_EVENTS)
    print(f"Lambda-emulated cold first answers, medians of {args.rounds} (ms)\n")
    print(
        "| MB | model | request | hello world | standard way "
        "| Heart to Heart (init + invoke; × standard) | CPU ms: standard, ours (×) |"
    )
    print("|---|---|---|---:|---:|---:|---:|")
    for size in sizes:
        for model in emulated.MODELS:
            for event in EMULATED_EVENTS:
                row = cells[str(size)][model][event]
                ours = row["heart_to_heart"]
                print(
                    f"| {size} | {model} | {event} | {row['baseline']['median']:.0f} "
                    f"| {row['standard']['median']:.0f} | {ours['median']:.0f} "
                    f"({ours['init_median']:.0f} + {ours['invoke_median']:.0f}; "
                    f"{ours['ratio_to_standard']:.2f}×) "
                    f"| {row['standard']['cpu_median']:.0f}, {ours['cpu_median']:.0f} "
                    f"({ours['cpu_ratio_to_standard']:.2f}×) |"
                )
    if args.json:
        args.json.write_text(json.dumps(cells, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
