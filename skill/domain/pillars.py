"""The eight pillars of emotional intimacy the skill works with."""

from __future__ import annotations

from typing import Final, Literal

Pillar = Literal[
    "time",
    "openness",
    "listening",
    "trust",
    "respect",
    "appreciation",
    "teamwork",
    "curiosity",
]

PILLARS: Final[tuple[Pillar, ...]] = (
    "time",
    "openness",
    "listening",
    "trust",
    "respect",
    "appreciation",
    "teamwork",
    "curiosity",
)

Depth = Literal["light", "medium", "deep"]
DEPTHS: Final[tuple[Depth, ...]] = ("light", "medium", "deep")
