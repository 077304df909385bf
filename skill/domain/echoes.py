"""Lines that echo each other: three words in a row heard twice in one reply sound like a
template ("each of you" in the tip and again in the question), so replies avoid it. (A
question and the ending said right after it are held to two words: "take turns" twice in a
row is heard.)"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

PHRASE_WORDS: Final = 3
_WORD: Final = re.compile(r"[a-z']+")


@lru_cache(maxsize=4096)  # the same few hundred lines (tips, questions, voice) every night
def phrases(text: str, length: int = PHRASE_WORDS) -> frozenset[tuple[str, ...]]:
    """Every run of `length` words in `text`, lower-cased, hyphens read as spaces."""
    found = _WORD.findall(text.lower().replace("-", " "))
    return frozenset(tuple(found[i : i + length]) for i in range(len(found) - length + 1))


def echo(first: str, second: str, length: int = PHRASE_WORDS) -> bool:
    """Whether the two lines share a run of `length` words."""
    return not phrases(first, length).isdisjoint(phrases(second, length))
