"""A cold start, as Lambda does one: load a handler module by path, answer one event, exit.

Run by `bench.coldstart` as a fresh interpreter:

    python bench/coldstart_child.py MODULE_PATH EVENT_PATH [--wait]

With `--wait` (the Lambda-emulated runs, `bench.emulated`) it first prints `ready` once the
module is loaded (the end of Lambda's init phase) and waits for a line on stdin before it
answers, so the parent can throttle it in between. Then it prints two lines on stdout: the
response (JSON), then the time marks
(`time.perf_counter()`, which on Linux is CLOCK_MONOTONIC and so comparable with the parent's):
when this script started, when the module was loaded (imports and set-up done) and when the
answer was ready. Only the standard library is imported before the candidate's module.
"""

import time

STARTED = time.perf_counter()

import importlib  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

# The Lambda runtime puts a handler on the root logger before it loads the function; so do we
# (to /dev/null), so that a skill's log lines cost here what they cost there, give or take.
logging.getLogger().addHandler(logging.StreamHandler(open(os.devnull, "w")))  # noqa: SIM115


def _peak_rss() -> int:
    """VmHWM: this process image's peak RSS. (ru_maxrss would also count the parent's pages,
    which a vfork'd child shares until it execs.)"""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def main() -> None:
    module_path, event_path = sys.argv[1], sys.argv[2]
    with open(event_path, encoding="utf-8") as file:
        event = json.load(file)
    directory, filename = os.path.split(os.path.abspath(module_path))
    # Like the Lambda runtime: the function's folder on sys.path, the module imported by name.
    sys.path.insert(0, directory)
    module = importlib.import_module(filename.removesuffix(".py"))
    loaded = time.perf_counter()
    cpu_loaded = time.process_time()  # the process's CPU time so far: interpreter and init
    if "--wait" in sys.argv[3:]:
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        sys.stdin.readline()
    invoked = time.perf_counter()
    cpu_invoked = time.process_time()
    response = module.handler(event, None)
    answered = time.perf_counter()
    cpu_answered = time.process_time()
    sys.stdout.write(json.dumps(response) + "\n")
    marks = {
        "started": STARTED,
        "loaded": loaded,
        "invoked": invoked,
        "answered": answered,
        "cpu_init_ms": cpu_loaded * 1000,
        "cpu_invoke_ms": (cpu_answered - cpu_invoked) * 1000,
        "peak_rss_kib": _peak_rss(),
    }
    sys.stdout.write(json.dumps(marks))
    sys.stdout.write("\n")
    sys.stdout.flush()


main()
