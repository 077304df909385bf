"""What the proposed lambda/handler.py changes would do to the cold starts, measured.

    python -m bench.whatif [--rounds N]

The same cold-start measurement as `make bench` (fresh interpreters, DynamoDB Local, the
Lambda-like import path), on the baseline, the standard way, today's lambda/handler.py and the
drop-in replacements in bench/proposals/. Prints a table; writes nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from bench import coldstart, dynamo, scenario
from bench.run import MODULES, seed_cold_household

PROPOSALS: Final = Path(__file__).resolve().parent / "proposals"
SUBJECTS: Final = {
    "baseline (ask-sdk hello world)": MODULES["baseline"],
    "standard way": MODULES["standard"],
    "Heart to Heart today": MODULES["heart_to_heart"],
    "proposal: botocore client (bench/proposals/handler_botocore.py)": PROPOSALS
    / "handler_botocore.py",
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.whatif", description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    from skill.chat.envelopes import APPLICATION_ID
    from tests.support.dynamodb_local import start

    local = start()
    try:
        dynamo.create_tables(local)
        dynamo.warm_up(local, 100)
        events, answers = seed_cold_household(local, scenario.caller("WHATIF"))
        environment = {**dynamo.child_environment(local), "SKILL_ID": APPLICATION_ID}
        candidates = [coldstart.Candidate(name, path) for name, path in SUBJECTS.items()]
        print(
            f"[whatif] {args.rounds} rounds of {len(candidates)} × 2 cold starts", file=sys.stderr
        )
        ours = [name for name in SUBJECTS if "Heart" in name or "proposal" in name]
        expected = {(name, event): answers[event] for name in ours for event in events}
        results = coldstart.measure(
            candidates, events, environment, rounds=args.rounds, expected=expected
        )
    finally:
        local.stop()

    def median(name: str, event: str) -> float:
        return statistics.median(run.wall_ms for run in results.runs[(name, event)])

    baseline, standard = "baseline (ask-sdk hello world)", "standard way"
    print(f"Cold starts, median of {args.rounds} (ms, and × baseline or × standard way)\n")
    print("| Handler | help | × baseline | launch | × standard way |\n|---|---:|---:|---:|---:|")
    for name in SUBJECTS:
        help_ms, launch_ms = median(name, "help"), median(name, "launch")
        print(
            f"| {name} | {help_ms:.0f} | {help_ms / median(baseline, 'help'):.2f} "
            f"| {launch_ms:.0f} | {launch_ms / median(standard, 'launch'):.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
