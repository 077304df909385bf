"""The eight pillars of emotional intimacy the skill works with, and the starter depths."""

from __future__ import annotations

from typing import Final, Literal, get_args

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
PILLARS: Final[tuple[Pillar, ...]] = get_args(Pillar)

Depth = Literal["light", "medium", "deep"]
DEPTHS: Final[tuple[Depth, ...]] = get_args(Depth)
