"""Lambda's CPU share, emulated with the cgroup v1 `cpu` controller.

Lambda gives a function MemorySize/1769 of one vCPU while it answers. A child folder of the
`cpu` controller with `cpu.cfs_period_us` = 100000 and `cpu.cfs_quota_us` = 100000 × MB / 1769
gives the processes in it the same share; a PID written to its `cgroup.procs` moves that process
in. This needs root and a writable cgroup v1 `cpu` hierarchy; `unavailable()` says why not.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

PERIOD_US: Final = 100_000
FULL_VCPU_MB: Final = 1769  # Lambda's memory size with one whole vCPU
MIN_QUOTA_US: Final = 1000  # the kernel refuses less


def quota_us(memory_mb: int) -> int:
    """The CPU time a period allows at this memory size (a whole CPU at 1769 MB)."""
    return max(MIN_QUOTA_US, PERIOD_US * memory_mb // FULL_VCPU_MB)


def cpu_controller_root(mounts: str = "/proc/mounts") -> Path | None:
    """Where the cgroup v1 `cpu` controller is mounted, if it is."""
    try:
        lines = Path(mounts).read_text("ascii").splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if len(fields) >= 4 and fields[2] == "cgroup" and "cpu" in fields[3].split(","):
            return Path(fields[1])
    return None


def _folder(root: Path, memory_mb: int) -> Path:
    return root / f"heart-to-heart-bench-{os.getpid()}-{memory_mb}mb"


def unavailable() -> str | None:
    """None when a CPU-limited cgroup can be made here, else the reason it cannot."""
    root = cpu_controller_root()
    if root is None:
        return "no cgroup v1 cpu controller is mounted (see /proc/mounts)"
    try:
        with limited(128):
            pass
    except OSError as error:
        return f"cannot write a cgroup under {root}: {error.strerror or error} (root is needed)"
    return None


@contextmanager
def limited(memory_mb: int) -> Iterator[Path]:
    """A cgroup with Lambda's CPU share for `memory_mb`; yields its `cgroup.procs`. Removed after
    (its processes must have exited by then)."""
    root = cpu_controller_root()
    if root is None:
        raise OSError("no cgroup v1 cpu controller")
    folder = _folder(root, memory_mb)
    folder.mkdir(exist_ok=True)
    try:
        (folder / "cpu.cfs_period_us").write_text(str(PERIOD_US), "ascii")
        (folder / "cpu.cfs_quota_us").write_text(str(quota_us(memory_mb)), "ascii")
        yield folder / "cgroup.procs"
    finally:
        folder.rmdir()


def move(procs: Path, pid: int) -> None:
    """Throttle process `pid` with all its threads (threads started later inherit it)."""
    with open(procs, "w", encoding="ascii") as file:
        file.write(str(pid))


def clean_up_on_sigterm() -> None:
    """A SIGTERM (a timeout, `kill`) ends the run through its `finally` blocks, so the cgroups
    are removed and DynamoDB Local stopped, as on Ctrl-C."""
    import signal
    import sys

    signal.signal(signal.SIGTERM, lambda _number, _frame: sys.exit(143))
