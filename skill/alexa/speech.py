"""Turning outcomes into words: voice glue variants and the Reply a handler returns."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

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
    """Picks one variant of each voice-glue line, varied by household and night."""

    def __init__(self, content: Content, seed: str) -> None:
        self.content = content
        self._rng = random.Random(seed)

    def line(self, key: str, **values: object) -> str:
        variants = self.content.speech.lines[key]
        return self._rng.choice(variants).format(**values)

    def choice(self, options: list[str]) -> str:
        return self._rng.choice(options)

    def fork(self) -> Voice:
        """A copy that picks exactly what this voice would pick next, without moving it on:
        for trying a reply out before deciding what to remember."""
        twin = Voice(self.content, "")
        twin._rng.setstate(self._rng.getstate())
        return twin

    def follow(self, fork: Voice) -> None:
        """Move on as `fork` did: what was tried on it is now said."""
        self._rng.setstate(fork._rng.getstate())
