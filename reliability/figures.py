"""A figure of the report: a measured value, its target, and whether the target holds."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Figure:
    area: str
    name: str
    value: int | float | str
    target: str = ""  # empty: reported, no target
    ok: bool | None = None  # None: informational
    unit: str = ""

    def shown(self) -> str:
        if isinstance(self.value, float):
            text = (
                f"{self.value:.3f}".rstrip("0").rstrip(".")
                if self.value < 10
                else f"{self.value:.1f}"
            )
        else:
            text = str(self.value)
        return f"{text} {self.unit}".strip()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def zero(area: str, name: str, count: int) -> Figure:
    return Figure(area, name, count, "0", count == 0)


def exactly(area: str, name: str, value: int, expected: int) -> Figure:
    return Figure(area, name, value, f"= {expected}", value == expected)


def at_least(area: str, name: str, value: int, minimum: int) -> Figure:
    return Figure(area, name, value, f"≥ {minimum}", value >= minimum)


def at_most(area: str, name: str, value: float, maximum: float, unit: str = "") -> Figure:
    limit = f"{maximum:g} {unit}".strip()
    return Figure(area, name, value, f"≤ {limit}", value <= maximum, unit)


def info(area: str, name: str, value: int | float | str, unit: str = "") -> Figure:
    return Figure(area, name, value, "", None, unit)


@dataclass
class Section:
    """One part of the run: its figures, how long it took, and examples of what failed."""

    name: str
    figures: list[Figure] = field(default_factory=list)
    seconds: float = 0.0
    examples: list[str] = field(default_factory=list)
    _per_kind: dict[str, int] = field(default_factory=dict, repr=False)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure

    def example(self, kind: str, text: str, per_kind: int = 2, limit: int = 40) -> None:
        """Keep a few examples of each kind of failure (``kind``), at most ``limit`` in all."""
        seen = self._per_kind.get(kind, 0)
        self._per_kind[kind] = seen + 1
        if seen < per_kind and len(self.examples) < limit:
            self.examples.append(_printable(f"{kind}: {text}"[:400]))

    @property
    def failed(self) -> list[Figure]:
        return [f for f in self.figures if f.ok is False]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "seconds": round(self.seconds, 2),
            "figures": [f.as_dict() for f in self.figures],
            "examples": self.examples,
        }


def _printable(text: str) -> str:
    """One line of plain text: control characters, lone surrogates and backticks replaced."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return "".join(
        ch if ch.isprintable() and ch != "`" else " " if ch.isspace() else "?" for ch in text
    )
