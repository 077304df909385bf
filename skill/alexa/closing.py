"""Fitting the goodnight into its word budget: the question always, the rest by priority.

Each piece of the closing has alternatives, longest first. While the closing is over budget the
least important piece that can still give way takes its next, shorter alternative; an optional
piece can drop out entirely. Tonight's question and goodnight are never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from skill.alexa.ssml import Say


def words(text: str) -> int:
    return len(text.split())


@dataclass
class Piece:
    """One part of the closing, in speaking order; lower `give_way` yields first."""

    options: list[str]
    give_way: int
    optional: bool = True
    audio: str | None = None  # played before the piece's words, only when they are said
    chosen: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.options = [o for o in self.options if o] or [""]
        if self.optional:
            self.options.append("")

    @property
    def text(self) -> str:
        return self.options[self.chosen]

    def can_shorten(self) -> bool:
        return self.chosen + 1 < len(self.options)


def fit(pieces: list[Piece], budget: int) -> list[Piece]:
    """Shorten or drop pieces, least important first, until the words fit the budget."""
    while sum(words(p.text) for p in pieces) > budget:
        movable = [p for p in pieces if p.can_shorten()]
        if not movable:
            break
        min(movable, key=lambda p: p.give_way).chosen += 1
    return pieces


def render(pieces: list[Piece]) -> Say:
    say = Say()
    for piece in pieces:
        if not piece.text:
            continue
        if piece.audio:
            say.audio(piece.audio)
        say.text(piece.text)
    return say
