"""``python -m reliability [--quick]``: run every section, print the table, write the report.

The full run (``make reliability``) writes ``reliability/RESULTS.md`` and
``reliability/results/latest.json``; ``--quick`` (``make reliability-quick``) runs a sample of
each section and writes ``reliability/results/quick.json`` and ``quick.md``. The exit status is
0 when every target holds, 1 otherwise. A watchdog ends the run (and DynamoDB Local) if it ever
outlives its time limit.
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from reliability import concurrency, faults, fuzz, logtap, privacy, web
from reliability.figures import Figure, Section, info, zero
from reliability.guard import blocked_attempts, loopback_only
from reliability.report import Machine, Report, print_flush
from reliability.stack import Stack, open_stack

HERE = Path(__file__).resolve().parent
#: Set by SIGTERM or Ctrl-C: no further section starts, and a section's error is not swallowed.
STOPPING = threading.Event()


@dataclass(frozen=True)
class Profile:
    name: str
    fuzz_cases: int
    fuzz_budget: float
    faults_quick: bool
    faults_budget: float
    completions: int
    households: int
    cache_variants: int
    load_rate: float
    load_seconds: float
    history_nights: int
    time_limit: float  # the watchdog's: the whole run, start-up included
    patient_clients: bool = False  # concurrency on the production DynamoDB client settings


FULL = Profile(
    name="full",
    fuzz_cases=10_000,
    fuzz_budget=540.0,
    faults_quick=False,
    faults_budget=240.0,
    completions=200,
    households=100,
    cache_variants=1000,
    load_rate=20.0,
    load_seconds=60.0,
    history_nights=40,
    time_limit=20 * 60.0,
)
QUICK = Profile(
    name="quick",
    fuzz_cases=300,
    fuzz_budget=40.0,
    faults_quick=True,
    faults_budget=30.0,
    completions=40,
    households=10,
    cache_variants=100,
    load_rate=25.0,
    load_seconds=2.0,
    history_nights=5,
    time_limit=4 * 60.0,
)


class Watchdog:
    """Ends the process if the run outlives ``limit`` seconds, after running its clean-ups."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.cleanups: list[Callable[[], None]] = []
        self._timer = threading.Timer(limit, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        print_flush(f"\nreliability: time limit of {self.limit:.0f} s reached; stopping.")
        faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
        for cleanup in self.cleanups:
            try:
                cleanup()
            except Exception:  # stopping anyway
                traceback.print_exc()
        os._exit(3)


def _section(name: str, run: Callable[[], Section]) -> Section:
    if STOPPING.is_set():
        raise SystemExit(143)
    print_flush(f"reliability: {name} …")
    started = time.perf_counter()
    try:
        section = run()
    except Exception:
        if STOPPING.is_set():  # hypothesis wraps the SystemExit raised by the signal handler
            raise SystemExit(143) from None
        section = Section(name)
        section.add(Figure("Run", f"{name}: finished without an error", "no", "yes", False))
        lines = traceback.format_exc().strip().splitlines()
        section.example("crashed", " | ".join(line.strip() for line in lines[-6:]))
        traceback.print_exc()
    section.seconds = time.perf_counter() - started
    print_flush(f"reliability: {name} done in {section.seconds:.0f} s")
    return section


def run_sections(stack: Stack, tap: logtap.LogTap, profile: Profile, seed: int) -> list[Section]:
    return [
        _section(
            "fuzz",
            lambda: fuzz.run(stack, tap, profile.fuzz_cases, seed, profile.fuzz_budget),
        ),
        _section(
            "faults",
            lambda: faults.run(
                stack, quick=profile.faults_quick, budget_seconds=profile.faults_budget
            ),
        ),
        _section(
            "concurrency",
            lambda: concurrency.run(
                stack,
                profile.completions,
                profile.households,
                budget_seconds=120.0,
                patient=profile.patient_clients,
            ),
        ),
        _section(
            "web",
            lambda: web.run(
                stack,
                cache_variants=profile.cache_variants,
                load_rate=profile.load_rate,
                load_seconds=profile.load_seconds,
                seed=seed,
            ),
        ),
        _section("privacy", lambda: privacy.run(stack, tap, profile.history_nights)),
    ]


def run(profile: Profile, seed: int, watchdog: Watchdog | None = None) -> Report:
    """Start the stack, run every section, stop the stack; nothing leaves 127.0.0.1."""
    report = Report(profile=profile.name, seed=seed, machine=Machine.here())
    started = time.perf_counter()
    installed = logtap.install()
    try:
        with loopback_only(), open_stack() as stack:
            if watchdog is not None:
                watchdog.cleanups.append(stack.dynamodb.stop)
            report.sections = run_sections(stack, installed.tap, profile, seed)
    finally:
        logtap.uninstall(installed)
    report.seconds = time.perf_counter() - started
    run_section = Section("run")
    blocked = blocked_attempts()
    run_section.add(zero("Run", "connections refused: not to this machine", sum(blocked.values())))
    for host, count in blocked.items():
        run_section.example("off-machine traffic refused", f"{host}: {count}")
    run_section.add(info("Run", "wall time", round(report.seconds / 60, 1), "min"))
    report.sections.append(run_section)
    return report


def _terminate(signum: int, frame: FrameType | None) -> None:
    STOPPING.set()
    raise SystemExit(128 + signum)  # unwinds: the stack (and DynamoDB Local) is stopped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reliability", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small sample of every section")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis and load seed")
    parser.add_argument(
        "--out", type=Path, default=HERE / "results", help="folder for the JSON (and quick.md)"
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print the table only, write no files"
    )
    args = parser.parse_args(argv)
    profile = QUICK if args.quick else FULL
    seed = args.seed if args.seed is not None else int(time.time()) % 100_000
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, _terminate)
    print_flush(
        f"reliability: {profile.name} run, seed {seed}, stops by itself within "
        f"{profile.time_limit / 60:.0f} min"
    )
    with Watchdog(profile.time_limit) as watchdog:
        report = run(profile, seed, watchdog)
    print_flush(report.console())
    if not args.no_write:
        markdown = HERE / "RESULTS.md" if profile.name == "full" else args.out / "quick.md"
        for path in report.write(args.out, markdown):
            print_flush(f"reliability: wrote {path}")
    failed = report.failed
    if failed:
        print_flush(f"\nreliability: {len(failed)} target(s) not met:")
        for figure in failed:
            print_flush(
                f"  {figure.area}: {figure.name} = {figure.shown()} (target {figure.target})"
            )
        for section in report.sections:
            for example in section.examples:
                print_flush(f"    {section.name}: {example}")
        return 1
    print_flush("\nreliability: every target holds")
    return 0
