"""Small summaries of timing samples (nearest-rank percentiles, no interpolation)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least `fraction` of them at or below."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return float(ordered[rank - 1])


def spread(samples: Sequence[float], digits: int = 1) -> dict[str, Any]:
    """min, median, max and the count: for process timings, where a few runs are all there is."""
    return {
        "min": round(min(samples), digits),
        "median": round(statistics.median(samples), digits),
        "max": round(max(samples), digits),
        "runs": len(samples),
    }


def latency(samples: Sequence[float], digits: int = 1) -> dict[str, Any]:
    """median and p99 (and the count): for per-request timings, where there are many."""
    return {
        "median": round(statistics.median(samples), digits),
        "p99": round(percentile(samples, 0.99), digits),
        "n": len(samples),
    }


def ratio(value: float | None, reference: float | None) -> float | None:
    if value is None or reference is None or reference <= 0:
        return None
    return round(value / reference, 2)
