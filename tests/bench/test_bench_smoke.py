"""`make bench` in quick mode produces every figure (their values are never checked here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.artifact import NOT_BUILT
from bench.artifact import measure as measure_artifact
from bench.figures import (
    CANDIDATES,
    EMULATED_EVENTS,
    EMULATED_MODELS,
    TITLES,
    TURN_TITLES,
    TURNS,
    missing_figures,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
QUICK_RUN_TIMEOUT_SECONDS = 240


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    """One `python -m bench --quick --check` (DynamoDB Local, cold starts, warm turns, load)."""
    json_path = tmp_path_factory.mktemp("bench") / "quick.json"
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--check", "--json", str(json_path)],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=QUICK_RUN_TIMEOUT_SECONDS,
        check=False,
    )
    assert done.returncode == 0, f"the quick benchmark failed:\n{done.stderr[-4000:]}"
    results = json.loads(json_path.read_text("utf-8"))
    assert isinstance(results, dict)
    return results, done.stdout


def test_every_figure_is_produced(quick_run: tuple[dict[str, Any], str]) -> None:
    results, _table = quick_run
    assert missing_figures(results) == []
    assert results["meta"]["mode"] == "quick"


def test_the_table_has_the_four_columns_and_every_target(
    quick_run: tuple[dict[str, Any], str],
) -> None:
    results, table = quick_run
    header = next(line for line in table.splitlines() if line.startswith("| Figure"))
    for candidate in CANDIDATES:
        assert TITLES[candidate] in header
    assert "Target" in header and "Met" in header
    for turn in TURNS:
        assert f"Warm {TURN_TITLES[turn]}, storage excluded" in table
        assert f"Storage calls per {TURN_TITLES[turn]}" in table
    rows = ("Cold start at a full CPU, help", "Cold start at a full CPU, launch", "Peak memory")
    for row in (*rows, "Lambda artifact", "Load"):
        assert row in table, row
    assert {target["id"] for target in results["targets"]} >= {
        "artifact_zipped",
        "peak_memory",
        *(f"warm_{turn}" for turn in TURNS),
        *(f"storage_{turn}" for turn in TURNS),
        *(f"emulated_{event}_{model}" for event in EMULATED_EVENTS for model in EMULATED_MODELS),
    }


def test_the_lambda_emulated_cold_starts_are_measured_or_skipped_with_the_reason(
    quick_run: tuple[dict[str, Any], str],
) -> None:
    results, table = quick_run
    emulated = results["figures"]["emulated_cold_ms"]
    if "skipped" in emulated:  # no writable cgroup cpu controller here: said, not failed
        assert f"Lambda-emulated cold starts: SKIPPED ({emulated['skipped']})" in table
        return
    assert "Lambda-emulated cold first answer" in table
    default = str(emulated["default_mb"])
    cells = emulated["cells"][default]
    for model in EMULATED_MODELS:
        for event in EMULATED_EVENTS:
            ours = cells[model][event]["heart_to_heart"]
            assert ours["min"] <= ours["median"] <= ours["max"]
            assert ours["cpu_median"] > 0


def test_a_missing_figure_is_reported(quick_run: tuple[dict[str, Any], str]) -> None:
    results, _table = quick_run
    damaged = json.loads(json.dumps(results))
    del damaged["figures"]["warm_us"]["launch"]["baseline"]["p99"]
    damaged["figures"]["load"]["rps"] = "fast"
    assert missing_figures(damaged) == ["warm_us.launch.baseline.p99", "load.rps"]


def test_an_artifact_not_built_is_a_figure_of_its_own(tmp_path: Path) -> None:
    figure = measure_artifact(tmp_path / "HeartToHeartFunction")
    assert figure["zipped_bytes"] == figure["unzipped_bytes"] == NOT_BUILT
