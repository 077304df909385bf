"""Lines that echo each other: three words in a row heard twice in one reply sound like a
template ("each of you" in the tip and again in the question), so replies avoid it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

PHRASE_WORDS: Final = 3
_WORD: Final = re.compile(r"[a-z']+")


@lru_cache(maxsize=4096)  # the same few hundred lines (tips, questions, voice) every night
def phrases(text: str) -> frozenset[tuple[str, ...]]:
    """Every run of three words in `text`, lower-cased, hyphens read as spaces."""
    found = _WORD.findall(text.lower().replace("-", " "))
    return frozenset(
        tuple(found[i : i + PHRASE_WORDS]) for i in range(len(found) - PHRASE_WORDS + 1)
    )


def echo(first: str, second: str) -> bool:
    """Whether the two lines share a run of three words."""
    return not phrases(first).isdisjoint(phrases(second))
