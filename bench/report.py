"""The benchmark's Markdown: one table with the four candidates and the targets, then details."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bench.figures import (
    CANDIDATES,
    EMULATED_CANDIDATES,
    EMULATED_EVENTS,
    EMULATED_MODELS,
    EVENT_TITLES,
    NOT_BUILT,
    TITLES,
    TURN_TITLES,
    TURNS,
)

MODEL_TITLES = {"init_full": "init at full CPU", "throttled": "everything throttled"}


def _ratio(value: Any) -> str:
    return f"{value:.2f}×" if isinstance(value, int | float) else "–"


def _met(met: bool | None) -> str:
    return {True: "yes", False: "**NO**", None: "n/a"}[met]


def _spread(figure: Mapping[str, Any] | None, unit: str, ratio_key: str | None) -> str:
    if not figure:
        return "–"
    text = f"{figure['min']:.0f}–{figure['median']:.0f}–{figure['max']:.0f} {unit}"
    if ratio_key and ratio_key in figure:
        text += f" ({_ratio(figure[ratio_key])})"
    return text


def _latency(figure: Mapping[str, Any] | None) -> str:
    if not figure:
        return "–"
    return (
        f"{figure['median']:.0f} / {figure['p99']:.0f} µs "
        f"({_ratio(figure.get('ratio_median'))} / {_ratio(figure.get('ratio_p99'))})"
    )


def _calls(figure: Mapping[str, Any] | None) -> str:
    if not figure:
        return "–"
    per_turn = figure.get("per_turn") or {}
    if not per_turn:
        return "none"
    return ", ".join(f"{name} {count:g}" for name, count in sorted(per_turn.items()))


def _megabytes(value: Any) -> str:
    return f"{value / 1e6:.2f} MB" if isinstance(value, int | float) else str(value)


def main_table(results: Mapping[str, Any]) -> str:
    figures = results["figures"]
    targets = {target["id"]: target for target in results["targets"]}
    header = ["Figure", *(TITLES[c] for c in CANDIDATES), "Target", "Met"]
    rows: list[list[str]] = []

    def target_cells(ident: str, extra: str = "") -> list[str]:
        target = targets.get(ident)
        if target is None:
            return [extra or "info", "–"]
        return [f"{target['limit']}{extra}", _met(target["met"])]

    help_cold = figures["cold_start_help_ms"]
    rows.append(
        ["Cold start at a full CPU, help (no storage), min–median–max"]
        + [_spread(help_cold.get(c), "ms", "ratio_to_baseline") for c in CANDIDATES]
        + target_cells("cold_start_help", "info")
    )
    launch_cold = figures["cold_start_launch_ms"]
    cells = []
    for candidate in CANDIDATES:
        text = _spread(launch_cold.get(candidate), "ms", "ratio_to_baseline")
        if not (launch_cold.get(candidate) or {}).get("storage"):
            text += " no storage"
        cells.append(text)
    to_standard = (launch_cold.get("heart_to_heart") or {}).get("ratio_to_standard")
    rows.append(
        [
            "Cold start at a full CPU, launch reading the household (DynamoDB Local)",
            *cells,
            *target_cells("cold_start_launch", f"info (vs standard way: {_ratio(to_standard)})"),
        ]
    )
    warm = figures["warm_us"]
    for turn in TURNS:
        row = warm[turn]
        standard = "– (reads storage)" if turn == "launch" else _latency(row.get("standard"))
        rows.append(
            [
                f"Warm {TURN_TITLES[turn]}, storage excluded: median / p99",
                _latency(row.get("floor")),
                _latency(row.get("baseline")),
                standard,
                _latency(row.get("heart_to_heart_memory")),
                *target_cells(f"warm_{turn}", " baseline"),
            ]
        )
        if turn in ("launch", "tonights_question", "checkin_complete"):
            ours = row.get("heart_to_heart_dynamodb") or {}
            theirs = row.get("standard") or {}
            same = ""
            if turn == "launch" and ours and theirs:
                same = f" (vs standard way: {ours['median'] / theirs['median']:.2f}×)"
            rows.append(
                [
                    f"Warm {TURN_TITLES[turn]}, on DynamoDB Local: median / p99",
                    "–",
                    "–",
                    _latency(theirs) if turn == "launch" else "– (no storage)",
                    _latency(ours),
                    f"info{same}",
                    "–",
                ]
            )
    storage = figures["storage_calls"]
    for turn in TURNS:
        rows.append(
            [f"Storage calls per {TURN_TITLES[turn]}"]
            + [_calls(storage[turn].get(c)) for c in CANDIDATES]
            + target_cells(f"storage_{turn}")
        )
    memory = figures["peak_memory_mib"]
    rows.append(
        ["Peak memory (RSS of the cold starts), min–median–max"]
        + [_spread(memory.get(c), "MiB", None) for c in CANDIDATES]
        + target_cells("peak_memory")
    )
    artifact = figures["artifact"]
    built = artifact.get("status") != NOT_BUILT
    artifact_text = (
        f"{_megabytes(artifact['zipped_bytes'])} zipped, "
        f"{_megabytes(artifact['unzipped_bytes'])} unzipped"
        if built
        else "not built"
    )
    rows.append(
        [
            "Lambda artifact (sam build)",
            "–",
            "–",
            "–",
            artifact_text,
            *target_cells("artifact_zipped", ", no boto3"),
        ]
    )
    load = figures["load"]
    load_text = (
        f"{load['rps']:.0f} req/s, p50 {load['p50_ms']:.1f} ms, p99 {load['p99_ms']:.1f} ms, "
        f"{load['server_errors_5xx']} × 5xx ({load['requests']} requests)"
    )
    rows.append(
        [
            f"Load: `serve`, verified signed launches, {load['concurrency']} connections",
            "–",
            "–",
            "–",
            load_text,
            "info",
            "–",
        ]
    )
    return _markdown(header, rows)


def _markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def details(results: Mapping[str, Any]) -> str:
    figures = results["figures"]
    parts: list[str] = []
    breakdown = figures.get("cold_start_breakdown_ms") or {}
    if breakdown:
        header = ["Cold start, medians (ms)", *(TITLES[c] for c in CANDIDATES)]
        rows = []
        for event in ("help", "launch"):
            for phase in ("startup", "init", "first_request"):
                label = {
                    "startup": "interpreter start",
                    "init": "imports and module set-up",
                    "first_request": "first request",
                }[phase]
                rows.append(
                    [f"{event}: {label}"]
                    + [f"{(breakdown[event].get(c) or {}).get(phase, 0):.1f}" for c in CANDIDATES]
                )
        parts.append(_markdown(header, rows))
    imports = figures.get("imports_ms") or {}
    pairs = (
        ("help_vs_baseline", "help", "the baseline"),
        ("launch_vs_standard", "launch", "the standard way"),
    )
    for key, event, other in pairs:
        compared = imports.get(key)
        if not compared:
            continue
        ours = [f"{name} {ms:.0f}" for name, ms in compared["only_ours"]]
        theirs = [f"{name} {ms:.0f}" for name, ms in compared["only_theirs"]]
        parts.append(
            f"Imports in a cold {event} (`python -X importtime`, self ms, median of "
            f"{imports['runs']}; importtime adds some): Heart to Heart "
            f"{compared['ours_ms']:.0f} ms, {other} {compared['theirs_ms']:.0f} ms. "
            f"Only Heart to Heart imports {compared['only_ours_ms']:.0f} ms of it: "
            f"{', '.join(ours)}. Only {other} imports {compared['only_theirs_ms']:.0f} ms: "
            f"{', '.join(theirs) or 'nothing'}."
        )
    artifact = figures.get("artifact") or {}
    if artifact.get("largest"):
        rows = [
            [entry["entry"], _megabytes(entry["zipped_bytes"]), _megabytes(entry["unzipped_bytes"])]
            for entry in artifact["largest"]
        ]
        parts.append(
            f"Artifact: {artifact['files']} files ({artifact['pyc_files']} .pyc); "
            f"runtime-provided packages shipped: {artifact['runtime_provided_shipped'] or 'none'}"
            "\n\n" + _markdown(["Largest entries", "zipped", "unzipped"], rows)
        )
    load = figures.get("load") or {}
    if load:
        parts.append(
            f"Load: {load['requests']} requests in {load['elapsed_s']} s "
            f"(limits {load['limit_requests']} requests / {load['limit_seconds']} s), "
            f"statuses {load['status_counts']}, connection errors {load['connection_errors']}, "
            f"certificate downloads {load['certificate_downloads']}."
        )
    return "\n\n".join(parts)


def emulated_tables(results: Mapping[str, Any]) -> str:
    """The Lambda-emulated cold starts: the template's size with targets, every size, memory."""
    figure = results["figures"].get("emulated_cold_ms") or {}
    if "skipped" in figure:
        return f"Lambda-emulated cold starts: SKIPPED ({figure['skipped']})."
    if "cells" not in figure:
        return ""
    default = str(figure["default_mb"])
    targets = {target["id"]: target for target in results["targets"]}
    header = [
        f"Lambda-emulated cold first answer, {default} MB (the template's), "
        f"{figure['rounds'][default]} runs: min–median–max (init + invoke medians)",
        *(TITLES[c] for c in EMULATED_CANDIDATES),
        "Target",
        "Met",
    ]
    rows = []
    for event in EMULATED_EVENTS:
        for model in EMULATED_MODELS:
            cells = figure["cells"][default][model][event]
            row = [f"{EVENT_TITLES[event]}, {MODEL_TITLES[model]}"]
            for candidate in EMULATED_CANDIDATES:
                cell = cells.get(candidate)
                if not cell:
                    row.append("–")
                    continue
                row.append(
                    f"{cell['min']:.0f}–**{cell['median']:.0f}**–{cell['max']:.0f} ms "
                    f"({cell['init_median']:.0f} + {cell['invoke_median']:.0f}; "
                    f"{_ratio(cell.get('ratio_to_standard'))} standard; CPU "
                    f"{cell['cpu_median']:.0f} ms, {_ratio(cell.get('cpu_ratio_to_standard'))})"
                )
            target = targets.get(f"emulated_{event}_{model}") or {}
            row += [f"{target.get('limit', '')} standard way", _met(target.get("met"))]
            rows.append(row)
    parts = [_markdown(header, rows)]
    header = ["Memory (runs)", "model"] + [
        f"{EVENT_TITLES[event]}: {short}"
        for event in EMULATED_EVENTS
        for short in ("hello world", "standard way", "Heart to Heart")
    ]
    rows = []
    for size in figure["sizes"]:
        for model in EMULATED_MODELS:
            row = [f"{size} MB ({figure['rounds'][str(size)]})", MODEL_TITLES[model]]
            for event in EMULATED_EVENTS:
                cells = figure["cells"][str(size)][model][event]
                for candidate in EMULATED_CANDIDATES:
                    cell = cells.get(candidate)
                    text = "–" if not cell else f"{cell['median']:.0f}"
                    if cell and candidate == "heart_to_heart":
                        text += f" ({_ratio(cell.get('ratio_to_standard'))})"
                    row.append(text)
            rows.append(row)
    parts.append(
        "Every memory size, medians in ms (Heart to Heart × the standard way):\n\n"
        + _markdown(header, rows)
    )
    table = figure.get("memory_table") or []
    if table:
        header = [
            "Memory",
            "vCPU share",
            "cold launch, init at full CPU",
            "cold launch, everything throttled",
            "warm turn (modeled)",
            "$ / million warm turns",
            "$ / million cold first answers",
            "$ / million turns (1 cold in 6)",
        ]
        rows = [
            [
                f"{row['memory_mb']} MB",
                f"{row['vcpu']:.3f}",
                f"{row['cold_launch_init_full_ms']:.0f} ms",
                f"{row['cold_launch_throttled_ms']:.0f} ms",
                f"{row['warm_turn_ms']:.1f} ms",
                f"{row['usd_per_million_warm_turns']:.2f}",
                f"{row.get('usd_per_million_cold_answers', 0):.2f}",
                f"{row.get('usd_per_million_turns', 0):.2f}",
            ]
            for row in table
        ]
        parts.append("Memory sizes (bench/memory.py's model):\n\n" + _markdown(header, rows))
    return "\n\n".join(parts)


def document(results: Mapping[str, Any]) -> str:
    meta = results["meta"]
    heading = (
        f"Benchmark ({meta['mode']} run, {meta['finished']}; Python {meta['python']}, "
        f"{meta['cpus']} CPUs, load average {meta['load_before']} → {meta['load_after']}; "
        f"{meta['cold_rounds']} cold starts per cell, warm: {meta['warm_households']} households "
        f"× {meta['warm_nights']} nights)"
    )
    emulated = emulated_tables(results)
    return f"{heading}\n\n{emulated}\n\n{main_table(results)}\n\n{details(results)}\n"
