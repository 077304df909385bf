"""Memory sizes: the template's, the ones compared, and what each costs.

The cost model is Lambda's published on-demand price for arm64 (first tier), stated here so
the figures can be checked and redone: a request fee per million invocations plus the billed
duration (1 ms granularity) × memory in GB × the GB-second price. Since August 2025 the init
phase of a cold start is billed like the invoke, so a cold first answer costs its whole time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
COMPARED_MB: Final = (128, 256, 512, 1024, 1769)
ARM64_GB_SECOND_USD: Final = 0.0000133334
REQUEST_USD: Final = 0.20 / 1_000_000
#: A night's session in the model: one cold first answer, then warm turns (a check-in is a
#: launch, a yes and four answers).
TURNS_PER_COLD_START: Final = 6


def template_memory_mb(template: Path = REPO_ROOT / "template.yaml") -> int:
    """The function's memory size as deployed by default: the MemorySize parameter's default
    if the template has one, else the function's (or Globals') literal MemorySize."""
    from tests.support.cloudformation import load_template

    document = load_template(template)
    parameter = (document.get("Parameters") or {}).get("MemorySize") or {}
    if "Default" in parameter:
        return int(parameter["Default"])
    function = document["Resources"]["HeartToHeartFunction"].get("Properties") or {}
    value = function.get(
        "MemorySize", (document.get("Globals") or {}).get("Function", {}).get("MemorySize")
    )
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else 128


def sizes(default_mb: int) -> list[int]:
    """The template's size and the compared ones, ascending, each once."""
    return sorted({default_mb, *COMPARED_MB})


def invocation_usd(duration_ms: float, memory_mb: int) -> float:
    """What one invocation costs: the request fee and its billed duration (rounded up to 1 ms)."""
    billed_seconds = math.ceil(duration_ms) / 1000
    return REQUEST_USD + billed_seconds * (memory_mb / 1024) * ARM64_GB_SECOND_USD


def cost_table(
    emulated: Mapping[str, Any], warm_cpu_us: float, storage_wait_ms: float
) -> list[dict[str, Any]]:
    """Per memory size: modeled cold first answer (both models), a warm turn, and $ per million.

    `warm_cpu_us` is our median warm turn at a full CPU (storage excluded), scaled here by
    1769/MB (a turn is CPU-bound); `storage_wait_ms` is added as is (waiting costs no CPU
    share). A million turns are modeled as nights of TURNS_PER_COLD_START turns, the first
    of each cold (init at full CPU, the model Lambda's on-demand functions follow).
    """
    rows = []
    for size, by_model in sorted(emulated.items(), key=lambda item: int(item[0])):
        memory_mb = int(size)
        share = min(1.0, memory_mb / 1769)
        warm_ms = warm_cpu_us / 1000 / share + storage_wait_ms
        ours = {
            model: ((by_model.get(model) or {}).get("launch") or {}).get("heart_to_heart") or {}
            for model in ("init_full", "throttled")
        }
        cold_ms = ours["init_full"].get("median")
        row: dict[str, Any] = {
            "memory_mb": memory_mb,
            "vcpu": round(share, 3),
            "cold_launch_init_full_ms": cold_ms,
            "cold_launch_throttled_ms": ours["throttled"].get("median"),
            "warm_turn_ms": round(warm_ms, 2),
            "usd_per_million_warm_turns": round(1e6 * invocation_usd(warm_ms, memory_mb), 2),
        }
        if isinstance(cold_ms, int | float):
            cold_usd = invocation_usd(cold_ms, memory_mb)
            warm_usd = invocation_usd(warm_ms, memory_mb)
            mixed = (cold_usd + (TURNS_PER_COLD_START - 1) * warm_usd) / TURNS_PER_COLD_START
            row["usd_per_million_cold_answers"] = round(1e6 * cold_usd, 2)
            row["usd_per_million_turns"] = round(1e6 * mixed, 2)
        rows.append(row)
    return rows
