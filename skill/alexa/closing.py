"""Fitting the goodnight into its word budget: the question always, the rest by priority.

Each piece of the closing has alternatives, longest first. While the closing is over budget the
least important piece that can still give way takes its next, shorter alternative; an optional
piece can drop out entirely. Tonight's question and goodnight are never dropped. Two pieces that
share a phrase ("each of you" in the tip and the question) are treated the same way: the less
important one gives way, so no phrase is heard twice in one reply.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from skill.alexa.ssml import Say
from skill.content.models import word_count
from skill.domain.echoes import phrases

words = lru_cache(maxsize=4096)(word_count)  # the pieces' words, counted once per line


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
    """Shorten or drop pieces, least important first, until nothing echoes and the words fit."""
    # Each piece with the words and phrases of each of its options, worked out once; least
    # important first (equals stay in speaking order).
    yielding = [
        (piece, [(words(option), phrases(option)) for option in piece.options])
        for piece in sorted(pieces, key=lambda p: p.give_way)
    ]
    # How many pieces say each phrase, the phrases more than one says, and the words in all:
    # kept up to date as pieces change, rather than worked out again at every step.
    saying: Counter[tuple[str, ...]] = Counter()
    total = 0
    for piece, options in yielding:
        count, said = options[piece.chosen]
        saying.update(said)
        total += count
    repeated = {phrase for phrase, count in saying.items() if count > 1}
    while True:
        shortened: tuple[Piece, list[tuple[int, frozenset[tuple[str, ...]]]]] | None = None
        for piece, options in yielding:
            if piece.chosen + 1 < len(options) and not repeated.isdisjoint(
                options[piece.chosen][1]
            ):
                shortened = piece, options
                break
        if shortened is None and total > budget:
            shortened = next(((p, o) for p, o in yielding if p.chosen + 1 < len(o)), None)
        if shortened is None:
            return pieces
        piece, options = shortened
        (count_before, before), (count_after, after) = options[piece.chosen : piece.chosen + 2]
        piece.chosen += 1
        total += count_after - count_before
        for phrase in before - after:
            saying[phrase] -= 1
            if saying[phrase] < 2:
                repeated.discard(phrase)
        for phrase in after - before:
            saying[phrase] += 1
            if saying[phrase] > 1:
                repeated.add(phrase)


def render(pieces: list[Piece]) -> Say:
    say = Say()
    for piece in pieces:
        if not piece.text:
            continue
        if piece.audio:
            say.audio(piece.audio)
        say.text(piece.text)
    return say
