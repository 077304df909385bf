"""Turning outcomes into words: voice glue variants and the Reply a handler returns."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Final

from skill.alexa.session import SessionState
from skill.alexa.ssml import Say
from skill.content.loader import Content

STARTER_CARD_TITLE = "Tonight's question"


@dataclass(frozen=True)
class Card:
    title: str
    text: str


@dataclass(frozen=True)
class ConsentRequest:
    """Ask for a permission by voice (Connections.SendRequest, AskFor); Alexa says the prompt.

    `token` comes back unchanged in the Connections.Response: what to do once it is granted.
    """

    scope: str
    token: str


@dataclass(frozen=True)
class Reply:
    """Everything a handler decides about a response; `alexa.builder` turns it into JSON."""

    speech: Say
    reprompt: Say | None = None
    card: Card | None = None
    state: SessionState = field(default_factory=SessionState)
    directives: tuple[ConsentRequest, ...] = ()


class Voice:
    """Picks one variant of each voice-glue line, varied by household and night.

    The n-th pick comes from the seed and n alone (a counter-based generator), so a fork that
    tries a reply out, and following it afterwards, cost nothing to copy.
    """

    def __init__(self, content: Content, seed: str) -> None:
        self.content = content
        digest = hashlib.blake2b(seed.encode(), digest_size=8).digest()
        self._seed = int.from_bytes(digest, "big")
        self._picks = 0

    def line(self, key: str, **values: object) -> str:
        variants = self.content.speech.lines[key]
        return self.choice(variants).format(**values)

    def choice(self, options: list[str]) -> str:
        self._picks += 1
        return options[_mix(self._seed + self._picks * _GOLDEN) % len(options)]

    def fork(self) -> Voice:
        """A copy that picks exactly what this voice would pick next, without moving it on:
        for trying a reply out before deciding what to remember."""
        twin = Voice.__new__(Voice)
        twin.content, twin._seed, twin._picks = self.content, self._seed, self._picks
        return twin

    def follow(self, fork: Voice) -> None:
        """Move on as `fork` did: what was tried on it is now said."""
        self._picks = fork._picks


_MASK: Final = (1 << 64) - 1
_GOLDEN: Final = 0x9E3779B97F4A7C15


def _mix(value: int) -> int:
    """splitmix64's finaliser: consecutive inputs give well-spread, independent-looking outputs."""
    value &= _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)
