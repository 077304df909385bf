"""The benchmark's figures: what every run must produce, and the targets they are judged by.

`missing_figures` is what `--check` and the smoke test use: it checks that every figure is
there and is a number (or, for the artifact, explicitly "not built"), never what the numbers
are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

CANDIDATES: Final = ("floor", "baseline", "standard", "heart_to_heart")
TITLES: Final = {
    "floor": "Floor (plain function)",
    "baseline": "Baseline (ask-sdk hello world)",
    "standard": "Standard way (+ DynamoDbAdapter)",
    "heart_to_heart": "Heart to Heart",
}
WARM_SUBJECTS: Final = (
    "floor",
    "baseline",
    "standard",
    "heart_to_heart_memory",
    "heart_to_heart_dynamodb",
)
TURNS: Final = ("launch", "help", "tonights_question", "checkin_answer", "checkin_complete")
TURN_TITLES: Final = {
    "launch": "launch",
    "help": "help",
    "tonights_question": "tonight's question",
    "checkin_answer": "mid-check-in answer",
    "checkin_complete": "completing answer",
}
NOT_BUILT: Final = "not built"

# The targets. The cold starts at a full CPU are information: Lambda's split between a full-CPU
# init and a throttled invoke (the emulated figures) is what a couple waits for.
WARM_MEDIAN_MAX_RATIO: Final = 1.5  # × the baseline's median, storage excluded
EMULATED_MAX_RATIO: Final = 1.0  # × the standard way's median, at the template's memory size
EMULATED_CANDIDATES: Final = ("baseline", "standard", "heart_to_heart")
EMULATED_EVENTS: Final = ("launch", "tonights_question")
EMULATED_MODELS: Final = ("init_full", "throttled")
EVENT_TITLES: Final = {"launch": "launch", "tonights_question": "one-shot tonight's question"}
MAX_READS_PER_TURN: Final = 1
MAX_WRITES_PER_TURN: Final = 1  # a transaction counts as one write call
ARTIFACT_MAX_ZIPPED_BYTES: Final = 10_000_000
MEMORY_LIMIT_MIB: Final = 128


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _get(tree: Mapping[str, Any], *path: str) -> Any:
    node: Any = tree
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node


def required_numbers() -> list[tuple[str, ...]]:
    """Every (path) that must hold a number in a run's figures."""
    paths: list[tuple[str, ...]] = []
    for candidate in CANDIDATES:
        for figure in ("cold_start_help_ms", "cold_start_launch_ms", "peak_memory_mib"):
            paths += [(figure, candidate, key) for key in ("min", "median", "max")]
        paths.append(("cold_start_help_ms", candidate, "ratio_to_baseline"))
        paths.append(("cold_start_launch_ms", candidate, "ratio_to_baseline"))
    for turn in TURNS:
        for subject in WARM_SUBJECTS:
            paths += [("warm_us", turn, subject, key) for key in ("median", "p99")]
            paths += [("warm_us", turn, subject, key) for key in ("ratio_median", "ratio_p99")]
        for candidate in CANDIDATES:
            paths += [("storage_calls", turn, candidate, k) for k in ("max_reads", "max_writes")]
    for key in ("concurrency", "requests", "rps", "p50_ms", "p99_ms", "server_errors_5xx"):
        paths.append(("load", key))
    return paths


def required_emulated(figures: Mapping[str, Any]) -> list[tuple[str, ...]]:
    """The emulated cold starts at the template's memory size, unless they were skipped."""
    emulated = figures.get("emulated_cold_ms")
    if isinstance(emulated, Mapping) and isinstance(emulated.get("skipped"), str):
        return []
    default = str(_get(figures, "emulated_cold_ms", "default_mb"))
    paths: list[tuple[str, ...]] = []
    for model in EMULATED_MODELS:
        for event in EMULATED_EVENTS:
            for candidate in EMULATED_CANDIDATES:
                base = ("emulated_cold_ms", "cells", default, model, event, candidate)
                for key in ("min", "median", "max", "init_median", "invoke_median"):
                    paths.append((*base, key))
                paths.append((*base, "ratio_to_standard"))
    return paths


def missing_figures(results: Mapping[str, Any]) -> list[str]:
    """What is missing or not a number; empty when every figure is there."""
    figures = results.get("figures")
    if not isinstance(figures, Mapping):
        return ["figures"]
    paths = required_numbers() + required_emulated(figures)
    missing = [".".join(path) for path in paths if not _number(_get(figures, *path))]
    for turn in TURNS:
        for candidate in CANDIDATES:
            if not isinstance(_get(figures, "storage_calls", turn, candidate, "per_turn"), Mapping):
                missing.append(f"storage_calls.{turn}.{candidate}.per_turn")
    for key in ("unzipped_bytes", "zipped_bytes"):
        value = _get(figures, "artifact", key)
        if not (_number(value) or value == NOT_BUILT):
            missing.append(f"artifact.{key}")
    targets = results.get("targets")
    if not isinstance(targets, list) or not targets:
        missing.append("targets")
    else:
        for target in targets:
            if not isinstance(target, Mapping) or target.get("met") not in (True, False, None):
                missing.append(f"targets.{target!r}")
    return missing


def _target(
    ident: str, description: str, limit: str, value: Any, met: bool | None
) -> dict[str, Any]:
    return {"id": ident, "description": description, "limit": limit, "value": value, "met": met}


def evaluate_targets(figures: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, each with the value it was judged on and whether it is met."""
    targets: list[dict[str, Any]] = []
    default = _get(figures, "emulated_cold_ms", "default_mb")
    for event in EMULATED_EVENTS:
        for model in EMULATED_MODELS:
            cell = _get(figures, "emulated_cold_ms", "cells", str(default), model, event)
            value = _get(cell or {}, "heart_to_heart", "ratio_to_standard")
            targets.append(
                _target(
                    f"emulated_{event}_{model}",
                    f"Lambda-emulated cold {EVENT_TITLES[event]} at {default} MB "
                    f"({model.replace('_', ' ')}): median vs the standard way",
                    f"≤ {EMULATED_MAX_RATIO}×",
                    value,
                    None if not _number(value) else value <= EMULATED_MAX_RATIO,
                )
            )
    for turn in TURNS:
        warm = _get(figures, "warm_us", turn, "heart_to_heart_memory") or {}
        median = warm.get("ratio_median")
        targets.append(
            _target(
                f"warm_{turn}",
                f"Warm {TURN_TITLES[turn]} (storage excluded): median vs the baseline",
                f"≤ {WARM_MEDIAN_MAX_RATIO}×",
                median,
                None if median is None else median <= WARM_MEDIAN_MAX_RATIO,
            )
        )
    for turn in TURNS:
        calls = _get(figures, "storage_calls", turn, "heart_to_heart") or {}
        reads, writes = calls.get("max_reads"), calls.get("max_writes")
        zero = turn == "checkin_answer"
        met = None
        if isinstance(reads, int) and isinstance(writes, int):
            if zero:
                met = reads == writes == 0
            else:
                met = reads <= MAX_READS_PER_TURN and writes <= MAX_WRITES_PER_TURN
        targets.append(
            _target(
                f"storage_{turn}",
                f"Storage calls on a {TURN_TITLES[turn]} (most in any turn)",
                "0" if zero else "≤ 1 read and ≤ 1 write",
                {"reads": reads, "writes": writes},
                met,
            )
        )
    artifact = figures.get("artifact") or {}
    zipped = artifact.get("zipped_bytes")
    shipped = artifact.get("runtime_provided_shipped")
    targets.append(
        _target(
            "artifact_zipped",
            "Lambda artifact zipped, without boto3 (the runtime provides it)",
            f"≤ {ARTIFACT_MAX_ZIPPED_BYTES / 1e6:.0f} MB",
            zipped,
            (zipped <= ARTIFACT_MAX_ZIPPED_BYTES and not shipped)
            if isinstance(zipped, int)
            else None,
        )
    )
    peak = _get(figures, "peak_memory_mib", "heart_to_heart", "max")
    targets.append(
        _target(
            "peak_memory",
            "Peak memory (largest RSS of any cold start) fits a 128 MB function",
            f"≤ {MEMORY_LIMIT_MIB} MiB",
            peak,
            None if peak is None else peak <= MEMORY_LIMIT_MIB,
        )
    )
    return targets
