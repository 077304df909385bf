"""What each change moved: the Lambda-emulated cold starts of several commits, side by side.

    python -m bench.steps [--rounds N] [--memory MB] LABEL=COMMIT ...

Each commit's lambda/handler.py and skill/ are exported (`git archive`) into a folder laid out as
the build lays it out (bench/task.py; its content compiled if that commit can), and measured
with the hello world and the standard way in one interleaved run (bench/emulated.py), every
answer checked against today's code in process. Prints a table; writes nothing in the tree.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Sequence
from pathlib import Path
from statistics import median
from typing import Final

from bench import cpu_limit, dynamo, emulated, memory, scenario
from bench.coldstart import Candidate
from bench.run import MODULES, seed_cold_household
from bench.task import excluded_from_artifact

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
STEPS_DIR: Final = REPO_ROOT / "bench" / "results" / "steps"


def export(commit: str, target: Path) -> Path:
    """The commit's handler.py and skill/ in `target`, as the build lays them out."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "skill", "lambda/handler.py"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    (target / "lambda" / "handler.py").rename(target / "handler.py")
    (target / "lambda").rmdir()
    for relative in excluded_from_artifact():
        path = target / relative
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    if (target / "skill" / "content" / "compiled.py").is_file():
        subprocess.run(
            [sys.executable, "-m", "skill.content.compiled", "skill/content/compiled.json"],
            cwd=target,
            check=True,
        )
    return target / "handler.py"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.steps", description=__doc__)
    parser.add_argument("steps", nargs="+", help="LABEL=COMMIT, in order")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--memory", type=int, default=0, help="MB (default: the template's)")
    args = parser.parse_args(argv)
    cpu_limit.clean_up_on_sigterm()
    why_not = cpu_limit.unavailable()
    if why_not is not None:
        print(f"[steps] SKIPPED: {why_not}", file=sys.stderr)
        return 0
    size = args.memory or memory.template_memory_mb()
    steps = dict(step.split("=", 1) for step in args.steps)
    candidates = [Candidate(name, MODULES[name]) for name in ("baseline", "standard")]
    for number, (label, commit) in enumerate(steps.items()):
        handler = export(commit, STEPS_DIR / f"{number:02d}")
        candidates.append(Candidate(label, handler))
    from skill.chat.envelopes import APPLICATION_ID
    from tests.support.dynamodb_local import start

    events = ("launch", "tonights_question")
    local = start()
    try:
        dynamo.create_tables(local)
        dynamo.warm_up(local, 100)
        household = seed_cold_household(local, scenario.caller("STEPS"))
        environment = {**dynamo.child_environment(local), "SKILL_ID": APPLICATION_ID}
        expected = {(label, e): household.answers[e] for label in steps for e in events}

        def reset(candidate: str, event: str) -> None:
            household.reset("heart_to_heart" if candidate in steps else candidate, event)

        results = emulated.measure(
            candidates,
            {name: household.events[name] for name in events},
            environment,
            rounds={size: args.rounds},
            deadline=time.monotonic() + 900,
            expected=expected,
            reset=reset,
        )
    finally:
        local.stop()
    names = [candidate.name for candidate in candidates]
    print(f"Lambda-emulated cold first answers at {size} MB, medians of {args.rounds} (ms)\n")
    header = "| | " + " | ".join(
        f"{event}, {model.replace('_', ' ')}" for event in events for model in emulated.MODELS
    )
    print(header + " | CPU, launch |")
    print("|---" * (2 + len(events) * len(emulated.MODELS)) + "|")
    for name in names:
        cells = []
        for event in events:
            for model in emulated.MODELS:
                wall = median(run.total_ms for run in results.runs[(size, model, name, event)])
                reference = median(
                    run.total_ms for run in results.runs[(size, model, "standard", event)]
                )
                cells.append(f"{wall:.0f} ({wall / reference:.2f}×)")
        cpu = median(run.cpu_ms for run in results.runs[(size, "throttled", name, "launch")])
        print(f"| {name} | " + " | ".join(cells) + f" | {cpu:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
