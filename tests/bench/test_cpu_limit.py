"""Lambda's CPU share as a cgroup quota, and finding the cgroup v1 cpu controller."""

from __future__ import annotations

from pathlib import Path

from bench.cpu_limit import PERIOD_US, cpu_controller_root, quota_us


def test_the_quota_is_memory_over_1769_of_one_cpu() -> None:
    assert quota_us(1769) == PERIOD_US == 100_000
    assert quota_us(256) == 14_471  # 0.145 of a vCPU
    assert quota_us(512) == 28_942
    assert quota_us(3538) == 200_000  # two vCPUs
    assert quota_us(1) == 1000  # the kernel's smallest


def test_the_cpu_controller_is_found_among_the_mounts(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0\n"
        "cgroup /sys/fs/cgroup/cpuacct cgroup rw,relatime,cpuacct 0 0\n"
        "cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,nosuid,cpu,cpuacct 0 0\n",
        "ascii",
    )
    assert cpu_controller_root(str(mounts)) == Path("/sys/fs/cgroup/cpu,cpuacct")


def test_no_cgroup_v1_cpu_controller_is_none(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text("cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid 0 0\n", "ascii")
    assert cpu_controller_root(str(mounts)) is None
    assert cpu_controller_root(str(tmp_path / "missing")) is None
