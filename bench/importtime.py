"""Where a cold start's import time goes: `python -X importtime`, summed by top-level package.

    python -m bench.importtime [MODULE_PATH] [--runs N] [--top N]

    python -m bench.importtime lambda/handler.py --against bench/candidates/hello_sdk.py

Runs the cold-start child (see `bench.coldstart`) with `-X importtime` on the module (default:
lambda/handler.py answering help) and sums each imported module's *self* time by its top-level
package (`botocore`, `pydantic`, `ask_sdk_model`, `skill` ...), the median over the runs. Self
times add up to the whole import, so the table says what each package costs by itself, whoever
imported it first; `--against` adds what the other module never imports (our extra cost).
`-X importtime` itself slows imports a little, so these are for comparing, not for adding to
the cold-start figures. No storage is reached: the handler only builds its client.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final

from bench.coldstart import CHILD, REPO_ROOT, child_base_environment

_LINE: Final = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$")
DEFAULT_MODULE: Final = REPO_ROOT / "lambda" / "handler.py"
#: Enough of an environment for lambda/handler.py to build its client (nothing is called).
OFFLINE_ENVIRONMENT: Final = {
    "TABLE_NAME": "HeartToHeart-bench",
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    "STANDARD_TABLE_NAME": "HelloWorld-standard-bench",
}


def parse(stderr: str) -> dict[str, int]:
    """Self time in microseconds by module, from `-X importtime` output."""
    modules: Counter[str] = Counter()
    for line in stderr.splitlines():
        match = _LINE.match(line)
        if match:
            modules[match.group(4)] += int(match.group(1))
    return dict(modules)


def profile(
    module: Path,
    event: Mapping[str, Any],
    environment: Mapping[str, str],
    *,
    runs: int,
    python: str = sys.executable,
) -> dict[str, float]:
    """Median self-import milliseconds by module over `runs` cold starts (after a warm-up)."""
    env = {**child_base_environment(), **environment}
    samples: list[dict[str, int]] = []
    with tempfile.TemporaryDirectory(prefix="bench-importtime-") as directory:
        event_path = Path(directory) / "event.json"
        event_path.write_text(json.dumps(event), "utf-8")
        command = [python, "-X", "frozen_modules=on", "-X", "importtime", "-S", str(CHILD)]
        command += [str(module), str(event_path)]
        for _ in range(runs + 1):  # the first run warms the caches
            done = subprocess.run(
                command,
                env=env,
                cwd=REPO_ROOT,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            if done.returncode != 0:
                raise RuntimeError(f"{module} failed:\n{done.stderr[-2000:]}")
            samples.append(parse(done.stderr))
    samples = samples[1:]
    names = set().union(*samples)
    return {
        name: statistics.median(sample.get(name, 0) for sample in samples) / 1000 for name in names
    }


def by_package(modules: Mapping[str, float], exclude: Collection[str] = ()) -> Counter[str]:
    """Milliseconds by top-level package, leaving out the modules in `exclude`."""
    totals: dict[str, float] = {}
    for name, milliseconds in modules.items():
        if name not in exclude:
            package = name.split(".", 1)[0]
            totals[package] = totals.get(package, 0.0) + milliseconds
    return Counter(totals)


def comparison(
    ours: Mapping[str, float], theirs: Mapping[str, float], count: int
) -> dict[str, Any]:
    """Both totals, and by package what only one side imports (whatever imported it first)."""
    only_ours = by_package(ours, exclude=theirs)
    only_theirs = by_package(theirs, exclude=ours)
    return {
        "ours_ms": round(sum(ours.values()), 1),
        "theirs_ms": round(sum(theirs.values()), 1),
        "only_ours_ms": round(sum(only_ours.values()), 1),
        "only_theirs_ms": round(sum(only_theirs.values()), 1),
        "only_ours": [[name, round(ms, 1)] for name, ms in only_ours.most_common(count)],
        "only_theirs": [[name, round(ms, 1)] for name, ms in only_theirs.most_common(count)],
    }


def top(costs: Mapping[str, float], count: int) -> list[tuple[str, float]]:
    return [(name, round(ms, 1)) for name, ms in by_package(costs).most_common(count)]


def help_event() -> dict[str, Any]:
    from bench.scenario import caller, cold_events

    return cold_events(caller("IMPORTTIME"), date.today())["help"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.importtime", description=__doc__)
    parser.add_argument("module", nargs="?", type=Path, default=DEFAULT_MODULE)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--against", type=Path, default=None, help="another module to compare")
    args = parser.parse_args(argv)
    environment = {
        **OFFLINE_ENVIRONMENT,
        **{k: v for k, v in os.environ.items() if k == "SKILL_ID"},
    }
    costs = profile(args.module, help_event(), environment, runs=args.runs)
    print(f"{args.module}: {sum(costs.values()):.1f} ms of imports (median of {args.runs} runs)")
    print("| package | self ms |\n|---|---:|")
    for name, milliseconds in top(costs, args.top):
        print(f"| {name} | {milliseconds:.1f} |")
    if args.against:
        theirs = profile(args.against, help_event(), environment, runs=args.runs)
        compared = comparison(costs, theirs, args.top)
        print(f"\n{args.against}: {compared['theirs_ms']:.1f} ms of imports")
        print(f"\nOnly {args.module.name} imports ({compared['only_ours_ms']:.1f} ms):")
        for name, milliseconds in compared["only_ours"]:
            print(f"  {name:24} {milliseconds:7.1f}")
        print(f"Only {args.against.name} imports ({compared['only_theirs_ms']:.1f} ms):")
        for name, milliseconds in compared["only_theirs"]:
            print(f"  {name:24} {milliseconds:7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
